// Staff refunds against real PostgreSQL and Redis: partial refund math, the cap, cash out of the refunding clerk's
// drawer, card through the terminal, web through the provider, and the manager rule.
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createBookingScreening, createPromo, paidOrder, seatStates, withBookingHarness } from "@/tests/support/booking";
import { boxOfficeFor, counterOrder, managerWithPin, openShift, refundedSum, staffMember, ticketsOf } from "@/tests/support/box-office";

const clock = createClock();
const h = withBookingHarness({ clock });

describe("staff refunds", () => {
  it("refunds one ticket of a web order, then the rest: the parts add up to the payment and the seats go back on sale", async () => {
    const { box } = boxOfficeFor(h);
    const { actor } = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    await h.services.db.pricePlan.update({ where: { id: screening.pricePlanId }, data: { bookingFeeAmount: 75, bookingFeeMode: "PER_ORDER" } });
    const order = await paidOrder(h, screening, ["A1", "A2"]);
    const [first, second] = await ticketsOf(h, order.orderId);
    expect(order.payment.amount).toBe(1200 * 2 + 75);

    const one = await box.refund({ actor, orderId: order.orderId, ticketIds: [first!.id], reasonCode: "CUSTOMER_REQUEST" });
    expect(one).toMatchObject({ amount: 1200, orderStatus: "PAID", refunds: [{ tender: "web", amount: 1200, status: "SUCCEEDED" }] });
    expect(await seatStates(h, screening, "A1", "A2")).toEqual(["free", "sold"]);
    expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["REFUNDED", "SOLD"]);

    const rest = await box.refund({ actor, orderId: order.orderId, ticketIds: [second!.id], reasonCode: "WRONG_BOOKING" });
    // The last ticket takes what is left, booking fee included.
    expect(rest).toMatchObject({ amount: 1200 + 75, orderStatus: "REFUNDED" });
    expect(await refundedSum(h, order.payment.id)).toBe(order.payment.amount);
    const payment = await h.services.db.payment.findUniqueOrThrow({ where: { id: order.payment.id } });
    expect(payment.status).toBe("REFUNDED");
    const audit = await h.services.db.auditLog.findMany({ where: { entityType: "Order", entityId: order.orderId, action: "order.staff_refund" } });
    expect(audit).toHaveLength(2);
    await expectAppError(box.refund({ actor, orderId: order.orderId, reasonCode: "OTHER", note: "again" }), "CONFLICT", "NOT_REFUNDABLE");
  });

  it("never gives back more than the payment, with a discount and many refunds racing", async () => {
    const { box } = boxOfficeFor(h);
    const { actor } = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock, { percentOff: 50 });
    const order = await paidOrder(h, screening, ["B1", "B2", "B3", "B4"], { promoCode: promo.code });
    expect(order.payment.amount).toBe(2400);
    const tickets = await ticketsOf(h, order.orderId);

    // Each ticket on its own and the whole order, all at once, twice over: whichever win, the sum stays within 2400.
    const attempts = [...tickets.map((t) => ({ ticketIds: [t.id] })), {}, ...tickets.map((t) => ({ ticketIds: [t.id] })), {}];
    const results = await Promise.allSettled(attempts.map((a) => box.refund({ actor, orderId: order.orderId, reasonCode: "DUPLICATE", ...a })));
    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect(await refundedSum(h, order.payment.id)).toBeLessThanOrEqual(2400);
    const left = await h.services.db.ticket.count({ where: { orderId: order.orderId, status: "SOLD" } });
    if (left === 0) expect(await refundedSum(h, order.payment.id)).toBe(2400);
    const rows = await h.services.db.refund.findMany({ where: { orderId: order.orderId } });
    expect(rows.every((r) => r.amount > 0)).toBe(true);
  });

  it("pays a cash refund out of the refunding clerk's open shift, and refuses without one", async () => {
    const { box } = boxOfficeFor(h);
    const seller = await staffMember(h);
    const refunder = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const sellingShift = await openShift(h, screening.cinemaId, seller.user.id);
    const order = await counterOrder(h, screening, ["C1", "C2"], { staffId: seller.user.id, shiftId: sellingShift.id });
    const [first] = await ticketsOf(h, order.orderId);

    await expectAppError(box.refund({ actor: refunder.actor, orderId: order.orderId, ticketIds: [first!.id], reasonCode: "CUSTOMER_REQUEST" }), "PRECONDITION_FAILED", "SHIFT_REQUIRED");
    // Refused before anything was written.
    expect((await ticketsOf(h, order.orderId)).map((t) => t.status)).toEqual(["SOLD", "SOLD"]);

    const refundingShift = await openShift(h, screening.cinemaId, refunder.user.id);
    const done = await box.refund({ actor: refunder.actor, orderId: order.orderId, ticketIds: [first!.id], reasonCode: "CUSTOMER_REQUEST" });
    expect(done).toMatchObject({ amount: 1200, refunds: [{ tender: "cash", amount: 1200, status: "SUCCEEDED" }] });
    const refund = await h.services.db.refund.findUniqueOrThrow({ where: { id: done.refunds[0]!.refundId } });
    expect(refund).toMatchObject({ shiftId: refundingShift.id, staffId: refunder.user.id, reasonCode: "CUSTOMER_REQUEST", status: "SUCCEEDED" });
    // The sale stays on the seller's shift; the counter payment keeps its SUCCEEDED status for the shift totals.
    const payment = await h.services.db.payment.findUniqueOrThrow({ where: { id: order.payment.id } });
    expect(payment).toMatchObject({ status: "SUCCEEDED", shiftId: sellingShift.id });
    const fromRefundingDrawer = await h.services.db.refund.aggregate({ where: { shiftId: refundingShift.id, status: "SUCCEEDED", payment: { provider: "counter-cash" } }, _sum: { amount: true } });
    const fromSellingDrawer = await h.services.db.refund.aggregate({ where: { shiftId: sellingShift.id }, _sum: { amount: true } });
    expect(fromRefundingDrawer._sum.amount).toBe(1200);
    expect(fromSellingDrawer._sum.amount).toBeNull();
  });

  it("refunds a counter card sale through the terminal; a declined terminal refund goes to the attention desk", async () => {
    const { box, card, terminal } = boxOfficeFor(h);
    const { user, actor } = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const shift = await openShift(h, screening.cinemaId, user.id);
    const order = await counterOrder(h, screening, ["A1", "A2", "A3"], { staffId: user.id, shiftId: shift.id, tender: "card" });
    const [a, b] = await ticketsOf(h, order.orderId);

    const ok = await box.refund({ actor, orderId: order.orderId, ticketIds: [a!.id], reasonCode: "SCREENING_PROBLEM" });
    expect(ok.refunds).toEqual([expect.objectContaining({ tender: "card", amount: 1200, status: "SUCCEEDED" })]);
    expect(card.calls).toContainEqual({ kind: "refund", amount: 1200, key: ok.refunds[0]!.refundId });
    const row = await h.services.db.refund.findUniqueOrThrow({ where: { id: ok.refunds[0]!.refundId } });
    expect(row.shiftId).toBeNull();

    terminal.declining = true;
    const declined = await box.refund({ actor, orderId: order.orderId, ticketIds: [b!.id], reasonCode: "SCREENING_PROBLEM" });
    expect(declined.refunds[0]).toMatchObject({ status: "FAILED" });
    const flagged = await h.services.db.order.findUniqueOrThrow({ where: { id: order.orderId } });
    expect(flagged.needsAttention).toBe(true);
  });

  it("needs a manager after the cut-off and above the limit; a PIN approves and is recorded", async () => {
    const { box } = boxOfficeFor(h, { box: { managerRefundAbove: 2000 } });
    const { actor } = await staffMember(h);
    const manager = await managerWithPin(h, "864201");
    const soon = await createBookingScreening(h.services.db, clock, { startsInMinutes: 30 });
    const late = await paidOrder(h, soon, ["A1"]);
    await expectAppError(box.refund({ actor, orderId: late.orderId, reasonCode: "CUSTOMER_REQUEST" }), "FORBIDDEN", "MANAGER_REQUIRED");
    await expectAppError(box.refund({ actor, orderId: late.orderId, reasonCode: "CUSTOMER_REQUEST", managerPin: "1111" }), "FORBIDDEN", "BAD_PIN");
    const approved = await box.refund({ actor, orderId: late.orderId, reasonCode: "CUSTOMER_REQUEST", managerPin: "864201" });
    expect(approved.approvedById).toBe(manager.id);
    const row = await h.services.db.refund.findFirstOrThrow({ where: { orderId: late.orderId } });
    expect(row.approvedById).toBe(manager.id);

    const later = await createBookingScreening(h.services.db, clock);
    const big = await paidOrder(h, later, ["A1", "A2"]);
    const [one] = await ticketsOf(h, big.orderId);
    // One ticket (1200) is within the limit; the whole order (2400) is not.
    await expect(box.refund({ actor, orderId: big.orderId, ticketIds: [one!.id], reasonCode: "CUSTOMER_REQUEST" })).resolves.toMatchObject({ approvedById: null });
    const other = await paidOrder(h, later, ["B1", "B2"]);
    await expectAppError(box.refund({ actor, orderId: other.orderId, reasonCode: "CUSTOMER_REQUEST" }), "FORBIDDEN", "MANAGER_REQUIRED");
    // A manager signed in needs no PIN.
    const boss = await staffMember(h, "MANAGER");
    await expect(box.refund({ actor: boss.actor, orderId: other.orderId, reasonCode: "CUSTOMER_REQUEST" })).resolves.toMatchObject({ approvedById: boss.user.id });
  });

  it("refunds a concession item: back in stock, REFUNDED, its price back in cash; the order stays paid", async () => {
    const { box } = boxOfficeFor(h);
    const { user, actor } = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const shift = await openShift(h, screening.cinemaId, user.id);
    const order = await counterOrder(h, screening, ["B1"], { staffId: user.id, shiftId: shift.id });
    const { db } = h.services;
    const product = await db.product.create({ data: { name: "Popcorn", category: "Snacks", currency: "GBP", priceAmount: 450 } });
    await db.productStock.create({ data: { productId: product.id, cinemaId: screening.cinemaId, quantity: 10 } });
    const item = await db.orderItem.create({ data: { orderId: order.orderId, productId: product.id, quantity: 2, currency: "GBP", unitPriceAmount: 450, status: "SOLD" } });
    // The sale took the item's price too.
    await db.payment.update({ where: { id: order.payment.id }, data: { amount: 1200 + 900, tenderedAmount: 1200 + 900 } });

    const done = await box.refund({ actor, orderId: order.orderId, itemIds: [item.id], reasonCode: "CUSTOMER_REQUEST" });
    expect(done).toMatchObject({ amount: 900, orderStatus: "PAID", refunds: [{ tender: "cash", amount: 900 }] });
    expect((await db.orderItem.findUniqueOrThrow({ where: { id: item.id } })).status).toBe("REFUNDED");
    expect((await db.productStock.findFirstOrThrow({ where: { productId: product.id } })).quantity).toBe(12);
    await expectAppError(box.refund({ actor, orderId: order.orderId, itemIds: [item.id], reasonCode: "CUSTOMER_REQUEST" }), "CONFLICT", "ALREADY_REFUNDED");
    // The ticket is all that is left: refunding it ends the order.
    await expect(box.refund({ actor, orderId: order.orderId, reasonCode: "CUSTOMER_REQUEST" })).resolves.toMatchObject({ amount: 1200, orderStatus: "REFUNDED" });
  });

  it("asks for a note with OTHER", async () => {
    const { box } = boxOfficeFor(h);
    const { actor } = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["A1"]);
    await expectAppError(box.refund({ actor, orderId: order.orderId, reasonCode: "OTHER" }), "BAD_REQUEST", "NOTE_REQUIRED");
  });
});
