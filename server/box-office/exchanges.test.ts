// Exchanges against real PostgreSQL and Redis: the swap, the money for the difference, and a failure at each step
// leaving nothing half-done (old tickets still valid, new seats released, no money moved).
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createBookingScreening, paidOrder, seatStates, withBookingHarness } from "@/tests/support/booking";
import { boxOfficeFor, counterOrder, openShift, refundedSum, staffMember, ticketsOf } from "@/tests/support/box-office";

const clock = createClock();
const h = withBookingHarness({ clock });

/** Everything money-like written for these orders. */
async function moneyRows(orderIds: string[]) {
  const { db } = h.services;
  const [payments, refunds] = await Promise.all([
    db.payment.findMany({ where: { orderId: { in: orderIds } }, select: { id: true, orderId: true, amount: true, provider: true } }),
    db.refund.findMany({ where: { orderId: { in: orderIds } }, select: { id: true, amount: true } }),
  ]);
  return { payments, refunds };
}

async function liveOf(orderId: string) {
  return h.services.db.ticket.findMany({ where: { orderId, status: { in: ["HELD", "SOLD"] } }, select: { status: true, seatId: true } });
}

describe("exchanges", () => {
  it("moves two web tickets to a later screening at the same price: old out, new sold, seats swapped, one order each", async () => {
    const { box } = boxOfficeFor(h);
    const { actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const to = await createBookingScreening(h.services.db, clock, { startsInMinutes: 3 * 24 * 60 });
    const order = await paidOrder(h, from, ["A1", "A2"]);
    const tickets = await ticketsOf(h, order.orderId);

    const quote = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: tickets.map((t) => t.id), toScreeningId: to.screeningId, seatIds: to.seats("B3", "B4") });
    expect(quote).toMatchObject({ oldAmount: 2400, newAmount: 2400, difference: 0 });
    expect(await seatStates(h, to, "B3", "B4")).toEqual(["held", "held"]);

    const done = await box.completeExchange({ actor, exchangeId: quote.exchangeId });
    expect(done).toMatchObject({ toOrderId: quote.toOrderId, difference: 0 });
    expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["REFUNDED", "REFUNDED"]);
    const fresh = await ticketsOf(h, quote.toOrderId);
    expect(fresh.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect(new Set(fresh.map((t) => t.code)).size).toBe(2);
    expect(await seatStates(h, from, "A1", "A2")).toEqual(["free", "free"]);
    expect(await seatStates(h, to, "B3", "B4")).toEqual(["sold", "sold"]);
    const [oldOrder, newOrder] = await Promise.all([
      h.services.db.order.findUniqueOrThrow({ where: { id: order.orderId } }),
      h.services.db.order.findUniqueOrThrow({ where: { id: quote.toOrderId } }),
    ]);
    expect(oldOrder).toMatchObject({ status: "REFUNDED", statusReason: "EXCHANGED" });
    expect(newOrder).toMatchObject({ status: "PAID", email: oldOrder.email, totalAmount: 2400 });
    expect((await moneyRows([order.orderId, quote.toOrderId])).refunds).toEqual([]);

    // Reconciliation later leaves the old order's payment alone: it pays for the new tickets now.
    clock.advance(10 * 60_000);
    const report = await h.booking.reconcile({ screeningIds: [from.screeningId, to.screeningId] });
    expect(report.repaired.filter((r) => r.orderId === order.orderId)).toEqual([]);
    expect(await refundedSum(h, order.payment.id)).toBe(0);

    // Asked again (a double click): the same answer, nothing more.
    await expect(box.completeExchange({ actor, exchangeId: quote.exchangeId })).resolves.toMatchObject({ toOrderId: quote.toOrderId });
    // The new order is refundable by staff against the payment that paid for the old tickets.
    const refund = await box.refund({ actor, orderId: quote.toOrderId, reasonCode: "CUSTOMER_REQUEST" });
    expect(refund).toMatchObject({ amount: 2400, orderStatus: "REFUNDED", refunds: [{ tender: "web", amount: 2400, status: "SUCCEEDED" }] });
    expect(await refundedSum(h, order.payment.id)).toBe(2400);
  });

  it("takes a positive difference in cash on the clerk's shift, and refunds a negative one to the web payment", async () => {
    const { box } = boxOfficeFor(h);
    const { user, actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const imax = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    const shift = await openShift(h, from.cinemaId, user.id);
    const order = await paidOrder(h, from, ["A1"]);
    const [ticket] = await ticketsOf(h, order.orderId);
    const up = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: imax.screeningId });
    expect(up.difference).toBe(250);
    const paid = await box.completeExchange({ actor, exchangeId: up.exchangeId, tender: "cash", tenderedAmount: 500 });
    expect(paid).toMatchObject({ difference: 250, changeAmount: 250 });
    const cash = await h.services.db.payment.findFirstOrThrow({ where: { orderId: up.toOrderId } });
    expect(cash).toMatchObject({ provider: "counter-cash", amount: 250, tenderedAmount: 500, changeAmount: 250, shiftId: shift.id, status: "SUCCEEDED" });
    expect(await h.services.db.order.findUniqueOrThrow({ where: { id: up.toOrderId }, select: { staffId: true, shiftId: true, channel: true } })).toEqual({
      staffId: user.id,
      shiftId: shift.id,
      channel: "BOX_OFFICE",
    });

    // Back down to the 2D price: 250 goes back, to the web payment first (the cash difference stays in the drawer).
    const [newTicket] = await ticketsOf(h, up.toOrderId);
    const down = await box.prepareExchange({ actor, orderId: up.toOrderId, ticketIds: [newTicket!.id], toScreeningId: from.screeningId });
    expect(down.difference).toBe(-250);
    const back = await box.completeExchange({ actor, exchangeId: down.exchangeId });
    expect(back.refunds).toEqual([expect.objectContaining({ tender: "web", amount: 250, status: "SUCCEEDED" })]);
    expect(await refundedSum(h, order.payment.id)).toBe(250);
  });

  it("a hold that fails (the seat is taken) leaves the old order as it was", async () => {
    const { box } = boxOfficeFor(h);
    const { actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const to = await createBookingScreening(h.services.db, clock, { startsInMinutes: 3 * 24 * 60 });
    const order = await paidOrder(h, from, ["A1"]);
    await paidOrder(h, to, ["C1"]);
    const [ticket] = await ticketsOf(h, order.orderId);
    await expectAppError(box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: to.screeningId, seatIds: to.seats("C1") }), "CONFLICT");
    expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["SOLD"]);
    expect(await h.services.db.exchange.count({ where: { fromOrderId: order.orderId } })).toBe(0);

    // Seats named as the customer says them.
    await expectAppError(box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: to.screeningId, seatLabels: ["Z9"] }), "BAD_REQUEST", "NO_SUCH_SEAT");
    const named = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: to.screeningId, seatLabels: ["c2"] });
    expect(named.seats.map((s) => s.label)).toEqual(["C2"]);
  });

  it("a declined card changes nothing; giving up releases the new seats", async () => {
    const { box, terminal } = boxOfficeFor(h);
    const { user, actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const imax = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    await openShift(h, from.cinemaId, user.id);
    const order = await paidOrder(h, from, ["A1"]);
    const [ticket] = await ticketsOf(h, order.orderId);
    const quote = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: imax.screeningId, seatIds: imax.seats("A5") });
    terminal.declining = true;
    await expectAppError(box.completeExchange({ actor, exchangeId: quote.exchangeId, tender: "card" }), "CONFLICT", "CARD_DECLINED");
    expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["SOLD"]);
    expect(await seatStates(h, imax, "A5")).toEqual(["held"]);
    expect(await moneyRows([quote.toOrderId])).toEqual({ payments: [], refunds: [] });

    await box.abandonExchange({ actor, exchangeId: quote.exchangeId });
    expect(await seatStates(h, imax, "A5")).toEqual(["free"]);
    expect(await liveOf(quote.toOrderId)).toEqual([]);
    await expectAppError(box.completeExchange({ actor, exchangeId: quote.exchangeId, tender: "cash" }), "CONFLICT", "EXCHANGE_ABANDONED");
  });

  it("a swap that fails before it commits leaves nothing: old tickets valid, new seats released, card charge given back", async () => {
    const failing = { on: true };
    const { box, card } = boxOfficeFor(h, {
      hooks: {
        beforeSwapCommit: () => {
          if (failing.on) throw new Error("database went away mid-swap");
        },
      },
    });
    const { user, actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const imax = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    await openShift(h, from.cinemaId, user.id);
    const order = await paidOrder(h, from, ["A1", "A2"]);
    const tickets = await ticketsOf(h, order.orderId);
    for (const tender of ["card", "cash"] as const) {
      const quote = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: tickets.map((t) => t.id), toScreeningId: imax.screeningId, seatIds: imax.seats("B1", "B2") });
      await expect(box.completeExchange({ actor, exchangeId: quote.exchangeId, tender })).rejects.toThrow("mid-swap");
      expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
      expect(await h.services.db.order.findUniqueOrThrow({ where: { id: order.orderId }, select: { status: true } })).toEqual({ status: "PAID" });
      expect(await liveOf(quote.toOrderId)).toEqual([]);
      expect(await seatStates(h, imax, "B1", "B2")).toEqual(["free", "free"]);
      expect(await seatStates(h, from, "A1", "A2")).toEqual(["sold", "sold"]);
      expect(await moneyRows([order.orderId, quote.toOrderId])).toEqual({ payments: [expect.objectContaining({ id: order.payment.id })], refunds: [] });
      expect((await h.services.db.exchange.findUniqueOrThrow({ where: { id: quote.exchangeId } })).status).toBe("ABANDONED");
    }
    // The card was charged for the difference and given it back: net nothing.
    const charges = card.calls.filter((c) => c.kind === "charge").reduce((s, c) => s + c.amount, 0);
    const chargeBacks = card.calls.filter((c) => c.kind === "refund").reduce((s, c) => s + c.amount, 0);
    expect(charges).toBe(500);
    expect(chargeBacks).toBe(500);
  });

  it("a follow-up that fails after the commit is finished by asking again", async () => {
    const failing = { on: true };
    const { box } = boxOfficeFor(h, {
      hooks: {
        afterSwapCommitted: () => {
          if (failing.on) throw new Error("redis went away");
        },
      },
    });
    const { user, actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const to = await createBookingScreening(h.services.db, clock, { startsInMinutes: 3 * 24 * 60 });
    const shift = await openShift(h, from.cinemaId, user.id);
    const order = await counterOrder(h, from, ["A1"], { staffId: user.id, shiftId: shift.id });
    const [ticket] = await ticketsOf(h, order.orderId);
    const quote = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: to.screeningId, seatIds: to.seats("A1") });
    await expect(box.completeExchange({ actor, exchangeId: quote.exchangeId })).rejects.toThrow("redis went away");
    // Committed: the swap stands (never undone by a follow-up).
    expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["REFUNDED"]);
    expect((await ticketsOf(h, quote.toOrderId)).map((t) => t.status)).toEqual(["SOLD"]);
    failing.on = false;
    await expect(box.completeExchange({ actor, exchangeId: quote.exchangeId })).resolves.toMatchObject({ toOrderId: quote.toOrderId });
    expect(await seatStates(h, from, "A1")).toEqual(["free"]);
    expect(await seatStates(h, to, "A1")).toEqual(["sold"]);
  });

  it("many swaps of one exchange at once complete it once", async () => {
    const { box } = boxOfficeFor(h);
    const { user, actor } = await staffMember(h);
    const from = await createBookingScreening(h.services.db, clock);
    const imax = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    await openShift(h, from.cinemaId, user.id);
    const order = await paidOrder(h, from, ["A1"]);
    const [ticket] = await ticketsOf(h, order.orderId);
    const quote = await box.prepareExchange({ actor, orderId: order.orderId, ticketIds: [ticket!.id], toScreeningId: imax.screeningId });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => box.completeExchange({ actor, exchangeId: quote.exchangeId, tender: "cash", tenderedAmount: 250 })));
    expect(results.every((r) => r.status === "fulfilled")).toBe(true);
    const payments = await h.services.db.payment.findMany({ where: { orderId: quote.toOrderId } });
    expect(payments).toHaveLength(1);
  });
});
