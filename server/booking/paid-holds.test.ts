// Issue 12, item 2: no lost settlement. Once a payment has succeeded its order's seats are kept for it, past the
// usual maximum hold, so that a settlement that fails (here: the workflow engine takes the event and never runs it)
// can't cost the customer their seats: when the clock passes the original hold, neither the expiry nor another buyer
// can take them, and a redelivery or reconciliation settles the order. Reconciliation's batches go oldest first.
import { afterAll, describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { FAKE_PROVIDER } from "@/tests/support/payments";
import { approvePayment, checkedOutOrder, createBookingScreening, createHarness, liveTickets, orderRow, withBookingHarness } from "@/tests/support/booking";

const clock = createClock();
// The default publisher records "order/payment.succeeded" and nothing consumes it: settlement never runs by itself.
const h = withBookingHarness({ clock });

/** A paid-for order whose settlement never ran, with the clock moved well past its original hold. */
async function paidButUnsettled(labels: string[]) {
  const screening = await createBookingScreening(h.services.db, clock);
  const { basket, payment } = await checkedOutOrder(h, screening, labels);
  const before = await orderRow(h.services.db, basket.orderId);
  const originalHold = Math.max(...before.tickets.filter((t) => t.status === "HELD").map((t) => t.holdExpiresAt!.getTime()));
  const rawBody = h.fake.approve(payment.providerRef);
  expect((await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody, headers: {} })).outcome).toBe("recorded");

  const kept = await orderRow(h.services.db, basket.orderId);
  expect(kept.status).toBe("PENDING");
  for (const ticket of kept.tickets.filter((t) => t.status === "HELD")) {
    expect(ticket.holdExpiresAt!.getTime()).toBe(clock.ms() + h.booking.options.paidHoldSeconds * 1000);
  }
  // Past the original hold, and past the most any hold lasts (20 minutes after the first).
  clock.set(originalHold + 30 * 60_000);
  return { screening, basket, payment, rawBody };
}

/** Neither the order timeout nor another buyer can take the seats. */
async function expectSeatsKept(screening: Awaited<ReturnType<typeof paidButUnsettled>>["screening"], orderId: string, labels: string[]) {
  expect(await h.booking.expireOrder({ orderId })).toMatchObject({ expired: false });
  const other = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: `guest:other-${orderId}` });
  await expectAppError(
    h.services.inventory.hold({ screeningId: screening.screeningId, orderId: other.id, seatIds: screening.seats(...labels), requestKey: `other-${orderId}-key` }),
    "CONFLICT",
  );
  const live = await liveTickets(h.services.db, screening.screeningId);
  expect(live.filter((t) => t.orderId === orderId)).toHaveLength(labels.length);
}

async function expectSettled(screeningId: string, orderId: string) {
  expect(await orderRow(h.services.db, orderId)).toMatchObject({ status: "PAID" });
  expect((await liveTickets(h.services.db, screeningId)).filter((t) => t.orderId === orderId).map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
}

describe("seats kept for a payment that succeeded", () => {
  it("outlive the original hold while settlement is down; reconciliation then settles", async () => {
    const { screening, basket } = await paidButUnsettled(["A1", "A2"]);

    await expectSeatsKept(screening, basket.orderId, ["A1", "A2"]);
    const report = await h.booking.reconcile({ screeningIds: [screening.screeningId] });

    expect(report.repaired).toContainEqual(expect.objectContaining({ kind: "payment_not_settled", orderId: basket.orderId }));
    await expectSettled(screening.screeningId, basket.orderId);
  });

  it("outlive the original hold while settlement is down; the provider's redelivery then settles", async () => {
    const { screening, basket, rawBody } = await paidButUnsettled(["B1", "B2"]);

    await expectSeatsKept(screening, basket.orderId, ["B1", "B2"]);
    const redelivered = await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody, headers: {} });

    expect(redelivered).toMatchObject({ outcome: "recorded", body: { duplicate: true, settlement: "settled inline" } });
    await expectSettled(screening.screeningId, basket.orderId);
  });
});

describe("a reconciliation batch", () => {
  const small = createHarness({ clock, booking: { reconcileBatchSize: 2 } });
  afterAll(() => small.dispose());

  it("settles the oldest unsettled payments first, no more than the batch size", async () => {
    const screening = await createBookingScreening(small.services.db, clock);
    const orders: string[] = [];
    for (const seat of ["C1", "C2", "C3"]) {
      const { basket, payment } = await checkedOutOrder(small, screening, [seat]);
      orders.push(basket.orderId);
      await approvePayment(small, payment.providerRef);
      clock.advance(60_000);
    }
    // Created in one order, paid in the reverse: age is when the payment succeeded.
    const [first, second, third] = orders as [string, string, string];
    await small.services.db.payment.updateMany({ where: { orderId: first }, data: { succeededAt: new Date(clock.ms() - 1 * 60_000) } });
    await small.services.db.payment.updateMany({ where: { orderId: third }, data: { succeededAt: new Date(clock.ms() - 3 * 60_000) } });
    clock.advance(10 * 60_000);

    const report = await small.booking.reconcile({ screeningIds: [screening.screeningId] });

    const settled = report.repaired.filter((item) => item.kind === "payment_not_settled").map((item) => item.orderId);
    expect(settled).toEqual([third, second]);
    expect((await orderRow(small.services.db, first)).status).toBe("PENDING");
    // The next run reaches the rest.
    const next = await small.booking.reconcile({ screeningIds: [screening.screeningId] });
    expect(next.repaired.filter((item) => item.kind === "payment_not_settled").map((item) => item.orderId)).toEqual([first]);
  });
});

