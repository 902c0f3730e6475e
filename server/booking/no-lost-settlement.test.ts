// Issue 12, "no lost settlement": a success that was recorded but never settled is settled by the provider's
// redelivery; reconciliation retries every stalled refund; unmatched provider events reach the attention desk.
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { FAKE_PROVIDER } from "@/tests/support/payments";
import { checkedOutOrder, createBookingScreening, liveTickets, orderRow, withBookingHarness } from "@/tests/support/booking";

const clock = createClock();
// The default publisher records the "order/payment.succeeded" event and nothing consumes it: a dead engine.
const h = withBookingHarness({ clock });

describe("a redelivered success of an unsettled order", () => {
  it("settles the order instead of answering duplicate", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { basket, payment } = await checkedOutOrder(h, screening, ["A1", "A2"]);
    const rawBody = h.fake.approve(payment.providerRef);

    const first = await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody, headers: {} });
    expect(first.outcome).toBe("recorded");
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "PENDING" });

    // The provider retries later (the success was recorded, but nothing settled it).
    clock.advance(60_000);
    const redelivered = await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody, headers: {} });

    expect(redelivered).toMatchObject({ outcome: "recorded", body: { duplicate: true, settlement: "settled inline" } });
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "PAID" });
    expect((await liveTickets(h.services.db, screening.screeningId)).map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect(await h.services.db.paymentEvent.count({ where: { providerRef: payment.providerRef } })).toBe(1);

    // Once settled, a further copy is a plain duplicate again.
    clock.advance(60_000);
    expect(await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody, headers: {} })).toEqual({ outcome: "duplicate", body: { duplicate: true } });
  });
});
