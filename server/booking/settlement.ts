// From a verified payment to tickets in the customer's inbox. Order expiry is in expiry.ts; refunding what can't
// be delivered is in unfulfilled.ts.
//
// settlePaidOrder is the payment saga. Its steps are exported one by one so that the workflow engine can run each as
// a retried step; every step re-reads the order and does nothing when its work is already done, so a retry, a
// duplicate event or reconciliation running the saga again changes nothing:
//   1. confirmOrRecover: PENDING → PAID. If the order had already EXPIRED or been CANCELLED (the payment arrived
//      late), its seats are taken back when every one of them is still free, and otherwise the payment is refunded in
//      full (see "Payment after expiry" below).
//   2. issueTickets: fresh unguessable door codes on the order's tickets.
//   3. sellSeats: the inventory turns the holds into a sale. If a hold ran out and someone took the seat between
//      payment and settlement, the payment is refunded in full as in step 1.
//   4. sendConfirmation: the email with the tickets, once.
//   5. publishConfirmed: "order/confirmed" (the reminder hangs off it).
//
// Payment after expiry. The order is reopened (PENDING, statusReason RETAKING), its seats are held again for it in
// one all-or-nothing hold, and it becomes PAID (statusReason PAYMENT_AFTER_EXPIRY_COMPLETED). If any seat is gone
// (or the screening no longer sells), the order goes back to EXPIRED / CANCELLED with statusReason
// PAYMENT_AFTER_EXPIRY_SEATS_TAKEN, the payment is refunded in full and the customer is emailed; once the refund
// has gone through the order is REFUNDED, so that its history says money came in and went back out. That decision
// is final: a retry only ever retries the refund. compensateFailedSettlement (a saga step that failed for good) ends
// the same way with statusReason SETTLEMENT_FAILED, so the customer is told the fault was ours.
import type { OrderStatus } from "@/server/db/generated/enums";
import { isUniqueViolation } from "@/server/db/errors";
import { conflict, isAppError, notFound } from "@/server/errors";
import { isUnfulfilled, logError, payerOf, RefundReason, refundIds, StatusReason, utcSql, type BookingContext } from "./context";
import type { Prisma } from "@/server/db/generated/client";
import { emailOrderSelect, type EmailOrder, type Notifications, type SendOutcome } from "./notifications";
import { redeemPromoIfRoom } from "./promos";
import { newTicketCode } from "./tokens";
import { type Seated, seated } from "./seated";
import { createUnfulfilled, settlementOrderSelect, type PaymentRow, type SettlementOrder } from "./unfulfilled";

export type SettleOutcome =
  /** The order is paid (now, or already) and goes on to tickets. */
  | "confirmed"
  | "already_confirmed"
  | "retaken"
  /** The payment could not buy the seats and went back to the customer (or is being refunded). */
  | "refunded"
  /** A refund gave up after its retries: staff have it (Order.needsAttention). */
  | "needs_attention"
  /** The payment isn't a succeeded payment of this order: nothing to do. */
  | "ignored";

export interface SettleResult {
  outcome: SettleOutcome;
  detail?: string;
}

/**
 * What settlement decides on (settlementOrderSelect) and what the confirmation shows (emailOrderSelect), in the one
 * read that starts settlePaidOrder: the email then goes out without reading the order again.
 */
const settleAllSelect = {
  ...settlementOrderSelect,
  ...emailOrderSelect,
  screening: { select: { ...emailOrderSelect.screening.select, startsAt: true } },
  tickets: {
    where: settlementOrderSelect.tickets.where,
    orderBy: emailOrderSelect.tickets.orderBy,
    select: { ...settlementOrderSelect.tickets.select, ...emailOrderSelect.tickets.select },
  },
  items: {
    where: settlementOrderSelect.items.where,
    orderBy: emailOrderSelect.items.orderBy,
    select: { ...settlementOrderSelect.items.select, ...emailOrderSelect.items.select },
  },
} satisfies Prisma.OrderSelect;

type SettleAllOrder = Seated<Prisma.OrderGetPayload<{ select: typeof settleAllSelect }>>;

/** An order confirmed by settlePaidOrder's own statement, codes included (as read, with what that statement wrote). */
interface Confirmed {
  order: SettlementOrder;
  /** Set when the confirming statement also issued the codes: the order as the confirmation email shows it. */
  coded?: EmailOrder;
}

const CONFIRMED: readonly SettleOutcome[] = ["confirmed", "already_confirmed", "retaken"];

/** Whether the saga goes on to tickets after this confirmation (otherwise the payment was refunded or ignored). */
export const isConfirmed = (result: SettleResult) => CONFIRMED.includes(result.outcome);

export function createSettlement(ctx: BookingContext, notifications: Notifications) {
  const { db, inventory } = ctx;

  const { orderForSettlement, mustLoad, refundStrayPayment, refundUnfulfilled } = createUnfulfilled(ctx, notifications);

  // ── Step 1: confirm ──

  /** The seats the customer checked out: what they hold now, plus what the clock (or a cancel) took back since. */
  async function seatsCheckedOut(order: SettlementOrder): Promise<string[]> {
    if (!order.checkoutStartedAt) return [];
    const tickets = await db.ticket.findMany({
      where: { orderId: order.id, OR: [{ status: "HELD" }, { status: "RELEASED", updatedAt: { gte: order.checkoutStartedAt } }] },
      select: { seatId: true },
    });
    return [...new Set(tickets.map((t) => t.seatId))];
  }

  async function retake(order: SettlementOrder, payment: PaymentRow): Promise<SettleResult> {
    const seatIds = await seatsCheckedOut(order);
    const giveUp = async () => {
      await db.order.updateMany({
        where: { id: order.id, status: "PENDING", statusReason: StatusReason.RETAKING },
        data: {
          status: order.cancelledAt ? "CANCELLED" : "EXPIRED",
          statusReason: StatusReason.LATE_PAYMENT_SEATS_TAKEN,
          updatedAt: ctx.now(),
        },
      });
      return refundUnfulfilled(await mustLoad(order.id), payment);
    };
    if (seatIds.length === 0) return giveUp();
    try {
      await inventory.hold({
        screeningId: order.screeningId,
        orderId: order.id,
        seatIds,
        requestKey: `retake:${payment.id}`,
        holdSeconds: ctx.options.retakeHoldSeconds,
      });
    } catch (error) {
      // Seats taken, rules refused, sales closed: the seats can't be had. Infrastructure trouble: retry later.
      if (!isAppError(error) || error.details?.reason === "INVENTORY_UNAVAILABLE") throw error;
      return giveUp();
    }
    const now = ctx.now();
    const paid = await db.$transaction(async (tx) => {
      // The new holds are priced like the tickets the customer checked out (and paid for).
      await tx.$executeRaw`
        UPDATE "Ticket" t SET "ticketType" = p."ticketType", "priceAmount" = p."priceAmount"
        FROM (SELECT DISTINCT ON ("seatId") "seatId", "ticketType", "priceAmount" FROM "Ticket"
              WHERE "orderId" = ${order.id} AND "status" = 'RELEASED'
              ORDER BY "seatId", "updatedAt" DESC) p
        WHERE t."orderId" = ${order.id} AND t."status" = 'HELD' AND t."seatId" = p."seatId"`;
      const updated = await tx.order.updateMany({
        where: { id: order.id, status: "PENDING", statusReason: StatusReason.RETAKING },
        data: { status: "PAID", paidAt: now, statusReason: StatusReason.PAID_AFTER_EXPIRY, updatedAt: now },
      });
      // Expiry gave the concessions back to the shelf: none are RESERVED now, so sellSeats finds less than was paid
      // for and the order is refunded in full (snacks are not re-taken behind the customer's back).
      if (updated.count === 1) await ctx.concessions.markSold(tx, order.id);
      // Expiry gave the promo redemption back; the customer paid the discounted price, so it counts again.
      if (updated.count === 1 && order.promoCodeId) await redeemPromoIfRoom(tx, order.promoCodeId);
      return updated.count === 1;
    });
    if (!paid) return confirmOrRecover({ orderId: order.id, paymentId: payment.id }, 1);
    return { outcome: "retaken" };
  }

  async function confirmOrRecover(input: { orderId: string; paymentId: string }, depth = 0): Promise<SettleResult> {
    return (await confirm(input, depth)).result;
  }

  /**
   * confirmOrRecover, also handing back the order when it is PAID as a result (as read, with its new status), so that
   * settlePaidOrder's next steps need not read it again.
   */
  async function confirm(input: { orderId: string; paymentId: string }, depth = 0): Promise<{ result: SettleResult; paid?: Confirmed }> {
    // The payment and its order in one statement.
    const payment = await db.payment.findUnique({
      where: { id: input.paymentId },
      select: { id: true, orderId: true, status: true, amount: true, currency: true, order: { select: settleAllSelect } },
    });
    if (!payment || payment.orderId !== input.orderId) throw notFound("That payment");
    // Only a verified, recorded success counts (a refund recorded first means the money already went back).
    if (payment.status !== "SUCCEEDED") return { result: { outcome: "ignored", detail: `payment is ${payment.status}` } };
    const order = seated(payment.order);
    return decide(order, payment, input, depth);
  }

  async function decide(
    order: SettleAllOrder,
    payment: PaymentRow,
    input: { orderId: string; paymentId: string },
    depth: number,
  ): Promise<{ result: SettleResult; paid?: Confirmed }> {
    const only = async (result: Promise<SettleResult>) => ({ result: await result });
    if (isUnfulfilled(order.statusReason)) return only(refundUnfulfilled(order, payment));
    const sameAmount = payment.amount === order.totalAmount && payment.currency === order.currency;
    const again = async () => {
      // The order changed under us (a concurrent expiry, cancel or settlement): decide again on what it is now.
      if (depth >= 2) throw conflict("The order kept changing while its payment was being confirmed.", { reason: "ORDER_BUSY" });
      return confirm(input, depth + 1);
    };

    switch (order.status as OrderStatus) {
      case "PAID":
        return { result: { outcome: "already_confirmed" }, paid: { order } };
      case "REFUNDED":
        // Paid, refunded, and now a payment succeeds again (the customer paid in an old tab): it goes back.
        return only(refundStrayPayment(order.id, payment, RefundReason.DUPLICATE_PAYMENT, refundIds.duplicate(payment.id)));
      case "PENDING": {
        if (!sameAmount) return only(refundStrayPayment(order.id, payment, RefundReason.ORDER_CHANGED, refundIds.changed(payment.id)));
        if (order.statusReason === StatusReason.RETAKING) return only(retake(order, payment));
        const paid = await markPaid(order);
        return paid ? { result: { outcome: "confirmed" }, paid } : again();
      }
      case "EXPIRED":
      case "CANCELLED": {
        if (!sameAmount) return only(refundStrayPayment(order.id, payment, RefundReason.ORDER_CHANGED, refundIds.changed(payment.id)));
        const reopened = await db.order.updateMany({
          where: { id: order.id, status: order.status, statusReason: null },
          data: {
            status: "PENDING",
            statusReason: StatusReason.RETAKING,
            // Long enough for the retake; if this process dies, the order then times out and reconciliation settles
            // the payment again from here.
            expiresAt: new Date(ctx.now().getTime() + (ctx.options.retakeHoldSeconds + 60) * 1000),
            updatedAt: ctx.now(),
          },
        });
        return reopened.count === 1 ? only(retake(order, payment)) : again();
      }
    }
  }

  /**
   * PENDING → PAID in one statement: the order (conditionally, as before), its concessions sold with it, and fresh
   * door codes on its held tickets (step 2's work, done here because the statement knows the order is now paid).
   * Null if the order was no longer PENDING. The codes come back with the order, so the confirmation needs no read;
   * if the order holds other tickets than were read, they get codes from issueTickets and the email reads afresh.
   */
  async function markPaid(order: SettleAllOrder): Promise<Confirmed | null> {
    const now = ctx.now();
    const heldRead = order.tickets.filter((t) => t.status === "HELD");
    for (let attempt = 0; ; attempt++) {
      const codes = Array.from({ length: Math.max(heldRead.length, 1) }, newTicketCode);
      try {
        const [row] = await db.$queryRaw<Array<{ paid: number; held: number; issued: Array<{ seatId: string; code: string }> | null }>>`
          WITH paid AS (
            UPDATE "Order" SET "status" = 'PAID', "paidAt" = ${utcSql(now)}, "updatedAt" = ${utcSql(now)}
            WHERE "id" = ${order.id} AND "status" = 'PENDING' AND "statusReason" IS NULL
            RETURNING "id"
          ), items AS (
            ${ctx.concessions.markSoldSql("paid", now)}
          ), held AS (
            SELECT t."id", row_number() OVER (ORDER BY t."id") AS n FROM "Ticket" t JOIN paid ON t."orderId" = paid."id" WHERE t."status" = 'HELD'
          ), issued AS (
            UPDATE "Ticket" t SET "code" = (${codes}::text[])[held.n], "updatedAt" = ${utcSql(now)}
            FROM held WHERE t."id" = held."id" AND t."status" = 'HELD' AND held.n <= cardinality(${codes}::text[])
            RETURNING t."seatId", t."code"
          )
          SELECT (SELECT count(*) FROM paid)::int AS "paid", (SELECT count(*) FROM held)::int AS "held",
                 (SELECT count(*) FROM items)::int AS "items", (SELECT json_agg(issued) FROM issued) AS "issued"`;
        if (!row || row.paid !== 1) return null;
        const paidOrder = { ...order, status: "PAID" as const, paidAt: now };
        const issued = new Map((row.issued ?? []).map((t) => [t.seatId, t.code]));
        if (row.held !== heldRead.length || issued.size !== heldRead.length || heldRead.some((t) => !issued.has(t.seatId))) {
          // The order holds other tickets than were read: codes for all of them, and a fresh read for the email.
          await issueCodes(order.id, row.held);
          return { order: paidOrder };
        }
        const coded = { ...paidOrder, tickets: order.tickets.map((t) => (t.status === "HELD" ? { ...t, code: issued.get(t.seatId)! } : t)) };
        return { order: coded, coded };
      } catch (error) {
        // 100 random bits colliding is not going to happen; if it ever does, draw again (the statement changed nothing).
        if (attempt >= 2 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  // ── Steps 2 to 5 ──

  /**
   * New door codes on the order's held tickets (the codes written when seats are held are never shown), in one
   * statement: `count` codes are drawn for the tickets the caller saw HELD; if the order has more (it read them
   * before a concurrent change), it draws again for all of them.
   */
  async function issueCodes(orderId: string, count: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const codes = Array.from({ length: Math.max(count, 1) }, newTicketCode);
      try {
        const [row] = await db.$queryRaw<Array<{ held: number; issued: number }>>`
          WITH held AS (
            SELECT "id", row_number() OVER (ORDER BY "id") AS n FROM "Ticket" WHERE "orderId" = ${orderId} AND "status" = 'HELD'
          ), issued AS (
            UPDATE "Ticket" t SET "code" = (${codes}::text[])[held.n], "updatedAt" = ${utcSql(ctx.now())}
            FROM held WHERE t."id" = held."id" AND t."status" = 'HELD' AND held.n <= cardinality(${codes}::text[])
            RETURNING t."id"
          )
          SELECT (SELECT count(*) FROM held)::int AS "held", (SELECT count(*) FROM issued)::int AS "issued"`;
        if (!row || row.issued >= row.held || attempt >= 2) return row?.issued ?? 0;
        count = row.held;
      } catch (error) {
        // 100 random bits colliding is not going to happen; if it ever does, draw again.
        if (attempt >= 2 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  async function issueTickets(input: { orderId: string }, known?: SettlementOrder): Promise<{ issued: number }> {
    const order = known ?? (await mustLoad(input.orderId));
    if (order.status !== "PAID") return { issued: 0 };
    const held = order.tickets.filter((t) => t.status === "HELD").length;
    if (held === 0) return { issued: 0 };
    // Once sold, codes never change: they may already be in the customer's inbox.
    return { issued: await issueCodes(order.id, held) };
  }

  /** `known`: the order as settlePaidOrder has just read or confirmed it; each step alone reads it afresh. */
  async function sellSeats(input: { orderId: string }, known?: SettlementOrder): Promise<{ sold: boolean } & SettleResult> {
    const order = known ?? (await mustLoad(input.orderId));
    if (isUnfulfilled(order.statusReason)) {
      return { sold: false, ...(await refundUnfulfilled(order, await payerOf(ctx, order.id))) };
    }
    if (order.status !== "PAID") return { sold: false, outcome: "ignored", detail: `order is ${order.status}` };
    const { tickets, items } = order;
    if (tickets.length > 0 && tickets.every((t) => t.status === "SOLD")) return { sold: true, outcome: "already_confirmed" };
    // Only what was paid for is sold: a seat released or added after checkout, or concessions given back, shows up
    // as a different sum.
    const paidFor = tickets.reduce((sum, t) => sum + t.priceAmount, 0) + items.reduce((sum, i) => sum + i.quantity * i.unitPriceAmount, 0);
    if (tickets.length === 0 || paidFor !== order.subtotalAmount) {
      return { sold: false, ...(await refundUnfulfilled(order, await payerOf(ctx, order.id))) };
    }
    try {
      await inventory.sell({ screeningId: order.screeningId, orderId: order.id, seatIds: tickets.map((t) => t.seatId) });
    } catch (error) {
      if (!isAppError(error) || error.details?.reason !== "HOLD_LOST") throw error;
      return { sold: false, ...(await refundUnfulfilled(order, await payerOf(ctx, order.id))) };
    }
    return { sold: true, outcome: "confirmed" };
  }

  async function sendConfirmation(input: { orderId: string }, known?: EmailOrder): Promise<SendOutcome> {
    return notifications.sendConfirmation(input.orderId, known);
  }

  async function publishConfirmed(input: { orderId: string }, known?: SettlementOrder): Promise<void> {
    const order = known ?? (await mustLoad(input.orderId));
    if (order.status !== "PAID") return;
    await ctx.events.publish(
      "order/confirmed",
      { orderId: order.id, screeningStartsAt: order.screening.startsAt.toISOString() },
      { id: `order-confirmed-${order.id}` },
    );
  }

  /**
   * The saga's compensation when one of its steps failed for good (after its retries): whatever was paid for and not
   * delivered goes back. An order already sold has nothing to undo (a failed email is resent by reconciliation); any
   * other order with this successful payment is ended, its seats let go, and the payment refunded in full with the
   * customer told, as when a late payment finds its seats taken. Idempotent, like every step.
   */
  async function compensateFailedSettlement(input: { orderId: string; paymentId: string }): Promise<SettleResult> {
    const payment = await db.payment.findUnique({
      where: { id: input.paymentId },
      select: { id: true, orderId: true, status: true, amount: true, currency: true },
    });
    if (!payment || payment.orderId !== input.orderId) return { outcome: "ignored", detail: "no such payment for this order" };
    if (payment.status !== "SUCCEEDED") return { outcome: "ignored", detail: `payment is ${payment.status}` };
    const order = await orderForSettlement(input.orderId);
    if (!order) return { outcome: "ignored", detail: "no such order" };
    if (order.status === "REFUNDED") return { outcome: "refunded" };
    if (order.status === "PAID" && !isUnfulfilled(order.statusReason)) {
      if (order.tickets.length > 0 && order.tickets.every((t) => t.status === "SOLD")) return { outcome: "already_confirmed", detail: "sold; only follow-ups failed" };
    }
    if (order.status === "PENDING") {
      // Never confirmed (or stuck retaking after a late payment): end it so that the refund below can finish it.
      await db.order.updateMany({
        where: { id: order.id, status: "PENDING" },
        data: { status: "CANCELLED", cancelledAt: ctx.now(), statusReason: StatusReason.SETTLEMENT_FAILED, updatedAt: ctx.now() },
      });
    }
    return refundUnfulfilled(await mustLoad(order.id), payment, StatusReason.SETTLEMENT_FAILED);
  }

  /**
   * The whole saga in one call: the inline fallback when the workflow engine is unavailable, and what
   * reconciliation runs. The confirmation email is best effort here (reconciliation sends it if it failed).
   */
  async function settlePaidOrder(input: { orderId: string; paymentId: string }): Promise<SettleResult & { confirmationSent: boolean }> {
    const { result: confirmation, paid } = await confirm(input);
    if (!isConfirmed(confirmation)) return { ...confirmation, confirmationSent: false };
    return { ...(await completePaidOrder(input.orderId, confirmation, paid?.order, paid?.coded)) };
  }

  /**
   * Steps 2 to 5 for an order that is PAID. `known`: the order as just read or confirmed, which steps 2, 3 and 5 use
   * instead of reading it again (each of their writes is conditional on the rows it changes, as when run alone).
   * `coded`: the confirming statement issued the codes too (markPaid), so step 2 is done and, once every ticket is
   * sold, this is the order the email shows.
   */
  async function completePaidOrder(
    orderId: string,
    confirmation: SettleResult = { outcome: "already_confirmed" },
    known?: SettlementOrder,
    coded?: EmailOrder,
  ) {
    const order = known ?? (await mustLoad(orderId));
    if (!coded) await issueTickets({ orderId }, order);
    const sale = await sellSeats({ orderId }, order);
    if (!sale.sold) return { outcome: sale.outcome, detail: sale.detail, confirmationSent: false };
    let confirmationSent = false;
    try {
      const sold = coded && { ...coded, tickets: coded.tickets.map((t) => ({ ...t, status: "SOLD" as const })) };
      confirmationSent = (await sendConfirmation({ orderId }, sold)).sent;
    } catch (error) {
      logError(`confirmation email for order ${orderId} failed; reconciliation will resend it`, error);
    }
    if (confirmationSent) {
      await publishConfirmed({ orderId }, order).catch((error) => logError(`could not publish order/confirmed for ${orderId}`, error));
    }
    return { ...confirmation, confirmationSent };
  }

  /**
   * A checkout with nothing to pay (a 100% promo code): the seats are sold at once, then the order is PAID without
   * a payment. If the sale fails the order stays PENDING and the error goes to the customer.
   */
  async function completeFreeOrder(orderId: string): Promise<void> {
    const order = await mustLoad(orderId);
    const held = order.tickets.filter((t) => t.status === "HELD");
    await issueCodes(orderId, held.length);
    await inventory.sell({ screeningId: order.screeningId, orderId, seatIds: held.map((t) => t.seatId) });
    const now = ctx.now();
    const paid = await db.$transaction(async (tx) => {
      const updated = await tx.order.updateMany({
        where: { id: orderId, status: "PENDING", totalAmount: 0 },
        data: { status: "PAID", paidAt: now, updatedAt: now },
      });
      if (updated.count === 1) await ctx.concessions.markSold(tx, orderId);
      return updated;
    });
    if (paid.count === 0) throw conflict("This booking changed while it was being confirmed. Please check your order.");
    await completePaidOrder(orderId, { outcome: "confirmed" });
  }

  return {
    confirmOrRecover: (input: { orderId: string; paymentId: string }) => confirmOrRecover(input),
    issueTickets: (input: { orderId: string }) => issueTickets(input),
    sellSeats: (input: { orderId: string }) => sellSeats(input),
    sendConfirmation,
    publishConfirmed: (input: { orderId: string }) => publishConfirmed(input),
    settlePaidOrder,
    compensateFailedSettlement,
    completePaidOrder,
    completeFreeOrder,
    refundUnfulfilled: async (orderId: string) => refundUnfulfilled(await mustLoad(orderId), await payerOf(ctx, orderId)),
  };
}

export type Settlement = ReturnType<typeof createSettlement>;
