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

describe("reconciliation", () => {
  it("retries a stalled refund of a payment that payments refused (nothing else calls retryStalledRefunds)", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { basket, payment } = await checkedOutOrder(h, screening, ["B1"]);
    h.fake.approve(payment.providerRef);
    // As webhooks leaves a refused payment whose refund failed once: FAILED, a FAILED refund row, order flagged.
    await h.services.db.payment.update({ where: { id: payment.id }, data: { status: "FAILED", failureReason: "AMOUNT_MISMATCH" } });
    const refundId = `amount_mismatch:${payment.id}`;
    await h.services.db.refund.create({
      data: {
        id: refundId,
        paymentId: payment.id,
        orderId: basket.orderId,
        amount: payment.amount,
        currency: payment.currency,
        reason: "AMOUNT_MISMATCH",
        status: "FAILED",
        attempts: 1,
        createdAt: clock.now(),
        updatedAt: clock.now(),
      },
    });
    clock.advance(10 * 60_000);

    const report = await h.booking.reconcile({ screeningIds: [screening.screeningId] });

    expect(report.repaired).toContainEqual({ kind: "refund_stalled", orderId: basket.orderId, refundId, detail: "refunded" });
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
  });
});

describe("the attention desk", () => {
  it("lists payment events that named no payment we know", async () => {
    const providerRef = `unknown-${clock.now().getTime()}-${Math.random().toString(36).slice(2)}`;
    const answer = await h.payments.handleWebhook({
      provider: FAKE_PROVIDER,
      rawBody: JSON.stringify({ id: `evt_${providerRef}`, type: "payment.succeeded", providerRef, amount: 1234, currency: "GBP", payload: {} }),
      headers: {},
    });
    expect(answer.outcome).toBe("unmatched");

    const events = await h.booking.unmatchedPaymentEvents();
    expect(events).toContainEqual({
      id: expect.any(String),
      provider: FAKE_PROVIDER,
      providerEventId: `evt_${providerRef}`,
      providerRef,
      type: "payment.succeeded",
      amount: 1234,
      currency: "GBP",
      rejectedReason: null,
      receivedAt: expect.any(Date),
    });
  });
});
