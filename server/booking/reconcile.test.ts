// Reconciliation finds what a crash, a lost webhook or a down workflow engine left half-done and finishes it. Each
// case breaks one thing on purpose, then runs reconcile() for that screening only (other test files share the
// database).
import { describe, expect, it, vi } from "vitest";
import { createClock } from "@/tests/support/clock";
import {
  accessTokenOf,
  approvePayment,
  type BookingScreening,
  checkedOutOrder,
  createBookingScreening,
  liveTickets,
  mailTo,
  orderRow,
  paidOrder,
  withBookingHarness,
} from "@/tests/support/booking";

const clock = createClock();
const h = withBookingHarness({ clock });

const GRACE_MS = 2 * 60_000;
const reconcile = (screening: BookingScreening) => h.booking.reconcile({ screeningIds: [screening.screeningId] });
const kinds = (items: Array<{ kind: string }>) => items.map((i) => i.kind);

/** A PENDING order on a screening of its own. */
async function checkedOut(labels: string[]) {
  const screening = await createBookingScreening(h.services.db, clock);
  return { screening, ...(await checkedOutOrder(h, screening, labels)) };
}

describe("reconcile", () => {
  it("settles a recorded payment whose saga never ran", async () => {
    const { screening, basket, payment, customer } = await checkedOut(["A1"]);
    await approvePayment(h, payment.providerRef);
    expect(kinds((await reconcile(screening)).repaired)).toEqual([]); // too recent: the workflow may still be on it
    clock.advance(GRACE_MS + 60_000);

    const report = await reconcile(screening);

    expect(report.repaired).toEqual([{ kind: "payment_not_settled", orderId: basket.orderId, paymentId: payment.id, detail: "settled: confirmed" }]);
    expect(report.flagged).toEqual([]);
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "PAID" });
    expect((await liveTickets(h.services.db, screening.screeningId)).map((t) => t.status)).toEqual(["SOLD"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
    // Nothing left to do.
    expect(await reconcile(screening)).toEqual({ repaired: [], flagged: [] });
  });

  it("records and settles a payment the provider took but whose webhook was lost", async () => {
    const { screening, basket, payment } = await checkedOut(["A2"]);
    h.fake.approve(payment.providerRef); // the provider's books say paid; the webhook never arrives
    clock.advance(GRACE_MS + 60_000);

    const report = await reconcile(screening);

    expect(kinds(report.repaired)).toEqual(["payment_succeeded_unrecorded"]);
    expect(await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "PAID" });
  });

  it("flags, and does not record, a lost webhook's payment of an order another payment already paid", async () => {
    const { screening, basket, payment } = await checkedOut(["A6"]);
    h.fake.approve(payment.providerRef); // paid at the provider; the webhook never arrives
    clock.advance(GRACE_MS + 60_000);
    // Meanwhile another payment of the same order succeeded just now (the customer paid again in a second tab): too
    // recent for reconciliation to settle, so the order is still PENDING when the lost one is found.
    const other = await h.services.db.payment.create({
      data: { orderId: basket.orderId, provider: payment.provider, providerRef: `other-${payment.providerRef}`, currency: payment.currency, amount: payment.amount, status: "SUCCEEDED", succeededAt: clock.now() },
    });

    const report = await reconcile(screening);

    expect(report.flagged).toContainEqual(expect.objectContaining({ kind: "payment_succeeded_unrecorded", orderId: basket.orderId, paymentId: payment.id }));
    expect(kinds(report.repaired)).not.toContain("payment_succeeded_unrecorded");
    expect(await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "PENDING" });
    expect(await h.services.db.payment.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ needsAttention: true });
  });

  it("sells the tickets of a paid order whose saga stopped after confirming", async () => {
    const { screening, basket, payment, customer } = await checkedOut(["A3", "A4"]);
    await approvePayment(h, payment.providerRef);
    await h.booking.confirmOrRecover({ orderId: basket.orderId, paymentId: payment.id });
    clock.advance(GRACE_MS + 60_000);

    const report = await reconcile(screening);

    expect(report.repaired).toEqual([{ kind: "paid_tickets_not_sold", orderId: basket.orderId, detail: "already_confirmed, confirmation sent" }]);
    expect((await liveTickets(h.services.db, screening.screeningId)).map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
  });

  it("sends a confirmation that failed", async () => {
    const { screening, basket, payment, customer } = await checkedOut(["A5"]);
    await approvePayment(h, payment.providerRef);
    h.mail.failing = true;
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
    } finally {
      h.mail.failing = false;
      quiet.mockRestore();
    }
    clock.advance(GRACE_MS + 60_000);

    expect(kinds((await reconcile(screening)).repaired)).toEqual(["confirmation_not_sent"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
    expect(h.events.published).toContainEqual(expect.objectContaining({ name: "order/confirmed", data: expect.objectContaining({ orderId: basket.orderId }) }));
  });

  it("expires a pending order past its deadline whose timeout never ran", async () => {
    const { screening, basket, customer } = await checkedOut(["B1"]);
    clock.advance(10 * 60_000);

    expect(kinds((await reconcile(screening)).repaired)).toEqual(["pending_past_expiry"]);
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "EXPIRED" });
    expect(await liveTickets(h.services.db, screening.screeningId)).toEqual([]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-expired"]);
  });

  it("releases the seats an ended order still holds", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    // Checked out, so PostgreSQL has its HELD tickets (a basket that never reached checkout has none: its Redis-only
    // holds end by their deadline).
    const { basket } = await checkedOutOrder(h, screening, ["B2"]);
    // The process died between the status change and the release.
    await h.services.db.order.update({ where: { id: basket.orderId }, data: { status: "CANCELLED", cancelledAt: clock.now() } });

    expect(kinds((await reconcile(screening)).repaired)).toEqual(["closed_order_holding_seats"]);
    expect(await liveTickets(h.services.db, screening.screeningId)).toEqual([]);
  });

  it("flags a paid order that the provider has refunded", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["B3"]);
    h.fake.setStatus(order.payment.providerRef, "refunded");
    clock.advance(GRACE_MS + 60_000);

    const report = await reconcile(screening);

    expect(report.flagged).toEqual([
      { kind: "refunded_at_provider", orderId: order.orderId, paymentId: order.payment.id, detail: "the provider has refunded this paid order" },
    ]);
    expect(await orderRow(h.services.db, order.orderId)).toMatchObject({ status: "PAID", needsAttention: true });
    // Flagged once: staff have it now.
    expect((await reconcile(screening)).flagged).toEqual([]);
  });

  it("finishes a refund the customer asked for when its workflow never ran", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["B4"]);
    const { refundId } = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
    clock.advance(GRACE_MS + 60_000);

    expect((await reconcile(screening)).repaired).toEqual([{ kind: "refund_stalled", orderId: order.orderId, refundId, detail: "refunded" }]);
    expect(await orderRow(h.services.db, order.orderId)).toMatchObject({ status: "REFUNDED" });
  });

  it("reloads a screening's seats when Redis disagrees with PostgreSQL", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    await paidOrder(h, screening, ["C1"]);
    const refunded = await paidOrder(h, screening, ["C2"]);
    const seats = h.services.inventory.internals.keysOf(screening.screeningId).seats;
    // Redis lost a sale, and missed a refund.
    await h.services.redis.hdel(seats, screening.seat("C1"));
    await h.services.db.ticket.updateMany({ where: { orderId: refunded.orderId }, data: { status: "REFUNDED" } });
    await h.services.db.order.update({ where: { id: refunded.orderId }, data: { status: "REFUNDED", refundedAt: clock.now() } });

    const report = await reconcile(screening);

    expect(report.repaired).toEqual([
      { kind: "seat_state_drift", screeningId: screening.screeningId, detail: expect.stringContaining("C1, C2 disagreed") },
    ]);
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.seats.filter((s) => s.label === "C1" || s.label === "C2").map((s) => s.state)).toEqual(["sold", "free"]);
    expect(kinds((await reconcile(screening)).repaired)).toEqual([]);
  });
});
