// The counter sale against real PostgreSQL and Redis: the web's booking and inventory, the sandbox card terminal.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { conflict } from "@/server/errors";
import { counterTenders } from "@/server/payments/tenders";
import { createClock } from "@/tests/support/clock";
import { clerkAt, counterFor, createTestProduct, managerWithPin } from "@/tests/support/counter";
import { expectAppError, expectRefusal } from "@/tests/support/errors";
import { approvePayment, checkedOutOrder, createBookingScreening, liveTickets, mailTo, seatStates, withBookingHarness } from "@/tests/support/booking";
import { createTestUser } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

async function saleScreening() {
  const screening = await createBookingScreening(h.services.db, clock);
  // A web booking fee, to show the counter doesn't charge it.
  await h.services.db.pricePlan.update({ where: { id: screening.pricePlanId }, data: { bookingFeeAmount: 150 } });
  return screening;
}

const key = () => randomUUID();

describe("counter sale", () => {
  it("sells best 2 as adult + child for cash with change: one cash Payment, order PAID at the counter, seats sold", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const held = await counter.holdBest({ actor: clerk.actor, screeningId: screening.screeningId, count: 2, requestKey: key() });
    expect(held.seats).toHaveLength(2);
    const [first, second] = held.seats.map((s) => s.seatId) as [string, string];
    const ticketTypes = { [first]: "ADULT", [second]: "CHILD" };

    const quote = await counter.quote({ actor: clerk.actor, screeningId: screening.screeningId, ticketTypes, concessions: [] });
    expect(quote).toMatchObject({ ticketsSubtotal: 2000, bookingFee: 0, total: 2000 });

    const sale = await counter.sell({
      actor: clerk.actor,
      screeningId: screening.screeningId,
      ticketTypes,
      concessions: [],
      tender: { kind: "cash", tendered: 5000 },
      requestKey: key(),
    });
    expect(sale).toMatchObject({ total: 2000, changeDue: 3000, printPath: `/box-office/print/${sale.reference}` });

    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: sale.orderId }, include: { payments: true, tickets: true } });
    expect(order).toMatchObject({ status: "PAID", channel: "BOX_OFFICE", staffId: clerk.user.id, shiftId: clerk.shift.id, totalAmount: 2000, bookingFeeAmount: 0 });
    expect(order.payments).toEqual([
      expect.objectContaining({ provider: counterTenders.cash, amount: 2000, tenderedAmount: 5000, changeAmount: 3000, status: "SUCCEEDED", shiftId: clerk.shift.id }),
    ]);
    expect(order.tickets.map((t) => [t.status, t.ticketType, t.priceAmount]).sort()).toEqual([
      ["SOLD", "ADULT", 1200],
      ["SOLD", "CHILD", 800],
    ]);
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.seats.filter((s) => s.id === first || s.id === second).map((s) => s.state)).toEqual(["sold", "sold"]);
    const audit = await h.services.db.auditLog.findFirst({ where: { entityId: sale.orderId, action: "counter.sale" } });
    expect(audit?.actorId).toBe(clerk.user.id);
  });

  it("records a split payment as a cash row and a card row that add up to the total", async () => {
    const screening = await saleScreening();
    const { counter, terminal } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats("B3", "B4", "B5"), requestKey: key() });
    const sale = await counter.sell({
      actor: clerk.actor,
      screeningId: screening.screeningId,
      ticketTypes: {},
      concessions: [],
      tender: { kind: "split", cashAmount: 1000, tendered: 2000, simulate: "approve" },
      requestKey: key(),
    });
    expect(sale.total).toBe(3600);
    expect(sale.changeDue).toBe(1000);
    const payments = await h.services.db.payment.findMany({ where: { orderId: sale.orderId }, orderBy: { provider: "asc" } });
    expect(payments.map((p) => [p.provider, p.amount, p.tenderedAmount, p.changeAmount, p.status, p.shiftId])).toEqual([
      [counterTenders.card, 2600, null, null, "SUCCEEDED", clerk.shift.id],
      [counterTenders.cash, 1000, 2000, 1000, "SUCCEEDED", clerk.shift.id],
    ]);
    const cardRow = payments.find((p) => p.provider === counterTenders.card)!;
    expect(terminal.charges.get(cardRow.providerRef)).toEqual({ amount: 2600, refunded: 0 });
    expect(payments.reduce((sum, p) => sum + p.amount, 0)).toBe(sale.total);
  });

  it("needs a manager for a complimentary sale: a clerk alone is refused and nothing changes; a manager's PIN approves it", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const manager = await managerWithPin(h.services, "8642");
    await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats("C1", "C2"), requestKey: key() });
    const sale = (managerPin?: string) =>
      counter.sell({
        actor: clerk.actor,
        screeningId: screening.screeningId,
        ticketTypes: {},
        concessions: [],
        tender: { kind: "comp", reason: "Projector fault last night", managerPin },
        requestKey: key(),
      });

    await expectAppError(sale(), "FORBIDDEN", "MANAGER_REQUIRED");
    await expectAppError(sale("0000"), "FORBIDDEN", "BAD_PIN");
    expect(await seatStates(h, screening, "C1", "C2")).toEqual(["held", "held"]);
    const basket = await h.booking.currentBasket({ screeningId: screening.screeningId, holderKey: `counter:${clerk.shift.id}` });
    expect(await h.services.db.payment.count({ where: { orderId: basket!.id } })).toBe(0);

    const done = await sale("8642");
    const payment = await h.services.db.payment.findFirstOrThrow({ where: { orderId: done.orderId } });
    expect(payment).toMatchObject({ provider: counterTenders.complimentary, amount: 3000, note: "Projector fault last night", approvedById: manager.user.id });
    expect(await seatStates(h, screening, "C1", "C2")).toEqual(["sold", "sold"]);
  });

  it("refuses to hold or sell without an open shift", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const { user } = await createTestUser(h.services, { role: "STAFF" });
    const actor = { id: user.id, role: user.role };
    await expectAppError(counter.holdBest({ actor, screeningId: screening.screeningId, count: 2, requestKey: key() }), "PRECONDITION_FAILED", "SHIFT_REQUIRED");
    await expectAppError(
      counter.sell({ actor, screeningId: screening.screeningId, ticketTypes: {}, concessions: [], tender: { kind: "cash", tendered: 5000 }, requestKey: key() }),
      "PRECONDITION_FAILED",
      "SHIFT_REQUIRED",
    );
    expect(await seatStates(h, screening, "A1", "A2")).toEqual(["free", "free"]);
  });

  it("leaves nothing behind when the card is declined: no payment, stock back, seats still held; a second card works", async () => {
    const screening = await saleScreening();
    const { counter, terminal } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const popcorn = await createTestProduct(h.services.db, { cinemaId: screening.cinemaId, priceAmount: 450, stock: 5 });
    await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats("A4", "A5"), requestKey: key() });
    const sale = (simulate: "approve" | "decline") =>
      counter.sell({
        actor: clerk.actor,
        screeningId: screening.screeningId,
        ticketTypes: {},
        concessions: [{ productId: popcorn.id, quantity: 2 }],
        tender: { kind: "card", simulate },
        requestKey: key(),
      });

    const declined = await expectRefusal(sale("decline"), "CARD_DECLINED");
    expect(declined.message).toMatch(/declined/i);
    const basket = await h.booking.currentBasket({ screeningId: screening.screeningId, holderKey: `counter:${clerk.shift.id}` });
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket!.id }, include: { payments: true, items: true } });
    expect(order.status).toBe("PENDING");
    expect(order.payments).toEqual([]);
    expect(order.items.map((i) => i.status)).toEqual(["RELEASED"]);
    const stock = await h.services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: popcorn.id, cinemaId: screening.cinemaId } } });
    expect(stock.quantity).toBe(5);
    expect(await seatStates(h, screening, "A4", "A5")).toEqual(["held", "held"]);
    expect(terminal.charges.size).toBe(0);

    const paid = await sale("approve");
    expect(paid.total).toBe(2 * 1200 + 2 * 450);
    const after = await h.services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: popcorn.id, cinemaId: screening.cinemaId } } });
    expect(after.quantity).toBe(3);
    expect(await h.services.db.orderItem.findMany({ where: { orderId: paid.orderId, status: "SOLD" } })).toHaveLength(1);
    // Handed over the counter with the sale: nothing waits to be collected.
    expect(await h.services.db.orderItem.count({ where: { orderId: paid.orderId, status: "SOLD", collectedAt: null } })).toBe(0);
  });

  it("refuses cash short of the total and changes nothing", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats("A7"), requestKey: key() });
    await expectRefusal(
      counter.sell({ actor: clerk.actor, screeningId: screening.screeningId, ticketTypes: {}, concessions: [], tender: { kind: "cash", tendered: 1000 }, requestKey: key() }),
      "TENDER_SHORT",
    );
    expect(await seatStates(h, screening, "A7")).toEqual(["held"]);
  });

  it("sells concessions alone: an order with no screening at the shift's cinema, stock taken once even if Pay is pressed twice", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const drink = await createTestProduct(h.services.db, { cinemaId: screening.cinemaId, priceAmount: 300, stock: 10, name: "Cola" });
    const input = { actor: clerk.actor, ticketTypes: {}, concessions: [{ productId: drink.id, quantity: 3 }], tender: { kind: "cash" as const, tendered: 1000 }, requestKey: key() };
    const [sale, again] = [await counter.sell(input), await counter.sell(input)];
    expect(again.orderId).toBe(sale.orderId);
    expect(sale).toMatchObject({ total: 900, changeDue: 100, seats: [] });
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: sale.orderId }, include: { items: true, payments: true } });
    expect(order).toMatchObject({ screeningId: null, cinemaId: screening.cinemaId, status: "PAID", channel: "BOX_OFFICE", shiftId: clerk.shift.id, totalAmount: 900 });
    expect(order.items.map((i) => [i.status, i.quantity])).toEqual([["SOLD", 3]]);
    expect(order.payments).toHaveLength(1);
    const stock = await h.services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: drink.id, cinemaId: screening.cinemaId } } });
    expect(stock.quantity).toBe(7);
  });

  it("needs a manager to override the seat rules at the counter, and records who approved it", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const manager = await managerWithPin(h.services, "1357");
    const hold = (managerPin?: string) =>
      counter.hold({
        actor: clerk.actor,
        screeningId: screening.screeningId,
        seatIds: screening.seats("B7"),
        requestKey: key(),
        override: { reason: "Customer's usual seat", managerPin },
      });
    await expectAppError(hold(), "FORBIDDEN", "MANAGER_REQUIRED");
    expect(await seatStates(h, screening, "B7")).toEqual(["free"]);
    await hold("1357");
    expect(await seatStates(h, screening, "B7")).toEqual(["held"]);
    const entry = await h.services.db.auditLog.findFirstOrThrow({ where: { action: "counter.override_approved", actorId: clerk.user.id } });
    expect(entry.details).toMatchObject({ reason: "Customer's usual seat", approvedById: manager.user.id });
  });

  it("undoes a recorded sale whose seats can't be sold: card refunded, payments void, stock back, seats free", async () => {
    const screening = await saleScreening();
    const { counter, terminal } = counterFor(h, {
      inventory: {
        sell: async () => {
          throw conflict("Your hold on A8 ran out and the seat is no longer available.", { reason: "HOLD_LOST" });
        },
      },
    });
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const popcorn = await createTestProduct(h.services.db, { cinemaId: screening.cinemaId, priceAmount: 500, stock: 4 });
    await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats("A8"), requestKey: key() });
    const refusal = await expectRefusal(
      counter.sell({
        actor: clerk.actor,
        screeningId: screening.screeningId,
        ticketTypes: {},
        concessions: [{ productId: popcorn.id, quantity: 1 }],
        tender: { kind: "card", simulate: "approve" },
        requestKey: key(),
      }),
      "HOLD_LOST",
    );
    expect(refusal.message).toMatch(/nothing was charged/);
    const order = await h.services.db.order.findFirstOrThrow({
      where: { screeningId: screening.screeningId, holderKey: `counter:${clerk.shift.id}` },
      include: { payments: true, items: true, tickets: true },
    });
    expect(order).toMatchObject({ status: "CANCELLED", statusReason: "SETTLEMENT_FAILED", needsAttention: false });
    expect(order.payments.map((p) => p.status)).toEqual(["FAILED"]);
    expect([...terminal.charges.values()]).toEqual([{ amount: 1700, refunded: 1700 }]);
    expect(order.items.map((i) => i.status)).toEqual(["REFUNDED"]);
    const stock = await h.services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: popcorn.id, cinemaId: screening.cinemaId } } });
    expect(stock.quantity).toBe(4);
    expect(await seatStates(h, screening, "A8")).toEqual(["free"]);
  });

  it("cancels a concessions-only order whose card is declined, and the same sale then goes through in cash", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    const nachos = await createTestProduct(h.services.db, { cinemaId: screening.cinemaId, priceAmount: 550, stock: 2, name: "Nachos" });
    const requestKey = key();
    const base = { actor: clerk.actor, ticketTypes: {}, concessions: [{ productId: nachos.id, quantity: 2 }], requestKey };
    await expectRefusal(counter.sell({ ...base, tender: { kind: "card", simulate: "decline" } }), "CARD_DECLINED");
    const sale = await counter.sell({ ...base, tender: { kind: "cash", tendered: 2000 } });
    expect(sale).toMatchObject({ total: 1100, changeDue: 900 });
    const orders = await h.services.db.order.findMany({ where: { holderKey: `counter:${clerk.shift.id}:${requestKey}` }, orderBy: { createdAt: "asc" } });
    expect(orders.map((o) => o.status).sort()).toEqual(["CANCELLED", "PAID"]);
    const stock = await h.services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: nachos.id, cinemaId: screening.cinemaId } } });
    expect(stock.quantity).toBe(0);
  });

  it("emails the tickets when the customer gives an address, with a guest link that opens the order", async () => {
    const screening = await saleScreening();
    const { counter } = counterFor(h);
    const clerk = await clerkAt(h.services, screening.cinemaId);
    await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats("C7", "C8"), requestKey: key() });
    const email = `Walk.In-${Date.now()}@Test.Marquee.Local`;
    const sale = await counter.sell({
      actor: clerk.actor,
      screeningId: screening.screeningId,
      ticketTypes: {},
      concessions: [],
      tender: { kind: "cash", tendered: 5000 },
      email,
      requestKey: key(),
    });
    expect(sale.emailed).toBe(true);
    const mail = await mailTo(h.services.db, email);
    expect(mail).toHaveLength(1);
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: sale.orderId } });
    expect(order.email).toBe(email.toLowerCase());
    const view = await h.booking.orderForViewer({ reference: sale.reference, accessToken: h.booking.counter.orderPath(order).split("token=")[1] });
    expect(view.reference).toBe(sale.reference);
  });

  it("races counter clerks and web buyers for the same seats: each pair is sold once, to whoever held it first, and the counts match", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { plan: ["SSSSSSSS", "SSSSSSSS", "SSSSSSSS"] });
    const { counter } = counterFor(h);
    // Every pair of seats is wanted by one clerk and one web buyer at the same moment: 24 buyers for 12 pairs.
    const pairs = ["A", "B", "C"].flatMap((row) => [1, 3, 5, 7].map((n) => [`${row}${n}`, `${row}${n + 1}`]));
    const clerks = await Promise.all(pairs.map(() => clerkAt(h.services, screening.cinemaId)));

    const counterSale = async (i: number) => {
      const clerk = clerks[i]!;
      await counter.hold({ actor: clerk.actor, screeningId: screening.screeningId, seatIds: screening.seats(...pairs[i]!), requestKey: key() });
      const sale = await counter.sell({ actor: clerk.actor, screeningId: screening.screeningId, ticketTypes: {}, concessions: [], tender: { kind: "cash", tendered: 2400 }, requestKey: key() });
      return { channel: "counter" as const, pair: i, orderId: sale.orderId, seats: sale.seats.length };
    };
    const webSale = async (i: number) => {
      const { basket, payment } = await checkedOutOrder(h, screening, pairs[i]!);
      await approvePayment(h, payment.providerRef);
      const settled = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
      return { channel: "web" as const, pair: i, orderId: basket.orderId, seats: settled.outcome === "refunded" ? 0 : 2 };
    };
    const outcomes = await Promise.allSettled(pairs.flatMap((_, i) => [counterSale(i), webSale(i)]));

    for (const o of outcomes) {
      if (o.status === "rejected") expect((o.reason as { details?: { reason?: string } }).details?.reason, String(o.reason)).toMatch(/SEAT|HELD|TAKEN|UNAVAILABLE/);
    }
    const won = outcomes.flatMap((o) => (o.status === "fulfilled" ? [o.value] : []));
    expect(won.map((w) => w.pair).sort((a, b) => a - b)).toEqual(pairs.map((_, i) => i));
    const sold = (await liveTickets(h.services.db, screening.screeningId)).filter((t) => t.status === "SOLD");
    expect(new Set(sold.map((t) => t.seatId)).size).toBe(sold.length);
    expect(sold.length).toBe(2 * pairs.length);
    expect(sold.length).toBe(won.reduce((sum, w) => sum + w.seats, 0));
    const counterWins = won.filter((w) => w.channel === "counter");
    const paidCounter = await h.services.db.order.count({ where: { screeningId: screening.screeningId, channel: "BOX_OFFICE", status: "PAID" } });
    expect(paidCounter).toBe(counterWins.length);
    const cash = await h.services.db.payment.aggregate({ where: { order: { screeningId: screening.screeningId, channel: "BOX_OFFICE" }, status: "SUCCEEDED" }, _sum: { amount: true } });
    expect(cash._sum.amount ?? 0).toBe(counterWins.length * 2400);
  });
});
