// A process that was given no workflow engine must not lose events silently: every publish fails, so the callers'
// engine-down paths run (webhooks settle inline, refunds run inline; see server/payments and server/booking tests).
import { describe, expect, it } from "vitest";
import { createRecordingPublisher, createUnavailablePublisher } from ".";

describe("event publishers", () => {
  it("without an engine, every publish fails and names the event", async () => {
    await expect(createUnavailablePublisher().publish("order/confirmed", { orderId: "o1", screeningStartsAt: "x" })).rejects.toThrow(
      /No workflow engine is configured; "order\/confirmed" was not published/,
    );
  });

  it("the recording publisher keeps what was published, with its id", async () => {
    const events = createRecordingPublisher();
    await events.publish("order/payment.succeeded", { orderId: "o1", paymentId: "p1" }, { id: "payment-succeeded-p1" });
    expect(events.published).toEqual([{ name: "order/payment.succeeded", data: { orderId: "o1", paymentId: "p1" }, id: "payment-succeeded-p1" }]);
  });
});
