// Paid orders that can't be delivered, and payments an order doesn't need: the refunds that undo a payment. Used by
// the saga's steps (a late payment whose seats are gone, a seat lost between payment and sale), its compensation
// (a step failed for good) and refunds of stray payments (paid twice, or for an amount the order no longer has).
// Each decision is recorded on the order first (statusReason), so a retry only ever retries the refund.
import type { Prisma } from "@/server/db/generated/client";
import { notFound } from "@/server/errors";
import { insertRefundOnce, isUnfulfilled, logError, RefundReason, refundIds, StatusReason, unfulfilledReasons, type BookingContext } from "./context";
import type { Notifications } from "./notifications";
import type { SettleResult } from "./settlement";
import { type Seated, seated } from "./seated";
import { LIVE_TICKET_STATUSES } from "@/server/inventory";

export type PaymentRow = { id: string; amount: number; currency: string };

export const settlementOrderSelect = {
  id: true,
  status: true,
  statusReason: true,
  screeningId: true,
  currency: true,
  subtotalAmount: true,
  totalAmount: true,
  promoCodeId: true,
  checkoutStartedAt: true,
  cancelledAt: true,
  screening: { select: { startsAt: true } },
  // What the saga's steps decide on (codes to issue, seats to sell, what was paid for), in the same statement.
  tickets: { where: { status: { in: [...LIVE_TICKET_STATUSES] } }, select: { seatId: true, status: true, priceAmount: true } },
  items: { where: { status: { in: ["RESERVED", "SOLD"] } }, select: { quantity: true, unitPriceAmount: true } },
} satisfies Prisma.OrderSelect;

export type SettlementOrder = Seated<Prisma.OrderGetPayload<{ select: typeof settlementOrderSelect }>>;

export function createUnfulfilled(ctx: BookingContext, notifications: Pick<Notifications, "sendUnfulfilledRefund">) {
  const { db, inventory, payments } = ctx;

  const orderForSettlement = (orderId: string) => db.order.findUnique({ where: { id: orderId }, select: settlementOrderSelect });

  async function mustLoad(orderId: string): Promise<SettlementOrder> {
    const order = await orderForSettlement(orderId);
    if (!order) throw notFound("That order");
    return seated(order);
  }

  async function ensureRefundRow(refundId: string, orderId: string, payment: PaymentRow, reason: string) {
    await insertRefundOnce(ctx, { id: refundId, paymentId: payment.id, orderId, amount: payment.amount, currency: payment.currency, reason });
  }

  /**
   * Refunds a payment in full. Throws when the provider failed and the refund will be retried (the caller's retry
   * comes back here with the same refund id); "needs_attention" once payments has given up on it.
   */
  async function refundInFull(refundId: string, orderId: string, payment: PaymentRow, reason: string): Promise<"refunded" | "needs_attention"> {
    await ensureRefundRow(refundId, orderId, payment, reason);
    const result = await payments.refundPayment({ paymentId: payment.id, orderId, amount: payment.amount, reason, idempotencyKey: refundId });
    if (result.status === "SUCCEEDED") return "refunded";
    await db.order.update({ where: { id: orderId }, data: { needsAttention: true } });
    return "needs_attention";
  }

  /** A payment this order doesn't need (it was already paid and refunded, or the order changed since): give it back. */
  async function refundStrayPayment(orderId: string, payment: PaymentRow, reason: string, refundId: string): Promise<SettleResult> {
    const outcome = await refundInFull(refundId, orderId, payment, reason);
    await ctx.audit.record({
      actorId: null,
      action: "order.stray_payment_refunded",
      entityType: "Order",
      entityId: orderId,
      details: { paymentId: payment.id, amount: payment.amount, currency: payment.currency, reason, outcome },
    });
    return { outcome, detail: reason };
  }

  /**
   * Reconciliation settling the same order can sell its seats after refundUnfulfilled decided and before it let them
   * go (release only frees holds). An order being refunded keeps no seats, so such a sale is undone, and the
   * screening's Redis copy, which still shows them sold, is rebuilt from PostgreSQL. Seats that only look sold until
   * the next rebuild are never sold twice, so a failed rebuild is logged, not retried.
   */
  async function undoRacingSale(order: SettlementOrder) {
    const undone = await db.ticket.updateMany({
      where: { orderId: order.id, status: "SOLD", order: { statusReason: { in: unfulfilledReasons } } },
      data: { status: "REFUNDED", updatedAt: ctx.now() },
    });
    if (undone.count === 0) return;
    await ctx.audit.record({ actorId: null, action: "order.racing_sale_undone", entityType: "Order", entityId: order.id, details: { tickets: undone.count } });
    await inventory.rebuild(order.screeningId).catch((error) => logError(`seats of unfulfilled order ${order.id} not yet freed in Redis`, error));
  }

  /**
   * The compensation when a paid order can't have its seats: decided once (statusReason), then the seats still held
   * are let go, the payment is refunded in full, the order becomes REFUNDED and the customer is told.
   */
  async function refundUnfulfilled(
    order: SettlementOrder,
    payment: PaymentRow | null,
    why: string = StatusReason.LATE_PAYMENT_SEATS_TAKEN,
  ): Promise<SettleResult> {
    const now = ctx.now();
    if (!isUnfulfilled(order.statusReason)) {
      await db.order.updateMany({
        where: { id: order.id, status: { in: ["PAID", "EXPIRED", "CANCELLED"] } },
        data: { statusReason: why, updatedAt: now },
      });
    }
    await inventory.release({ screeningId: order.screeningId, orderId: order.id });
    await undoRacingSale(order);
    // Concessions go back to the shelf: never sold (RESERVED) or sold and now refunded with the rest.
    await ctx.concessions.giveBack({ orderId: order.id, as: "RELEASED", userId: null });
    await ctx.concessions.giveBack({ orderId: order.id, as: "REFUNDED", userId: null });
    if (!payment) {
      // A free order (nothing was paid): it simply ends.
      await db.order.updateMany({
        where: { id: order.id, status: "PAID" },
        data: { status: "CANCELLED", cancelledAt: now, updatedAt: now },
      });
      return { outcome: "refunded", detail: "free order; nothing to refund" };
    }
    const refunded = await refundInFull(refundIds.late(payment.id), order.id, payment, RefundReason.LATE_PAYMENT_SEATS_TAKEN);
    if (refunded === "needs_attention") return { outcome: "needs_attention", detail: "the refund could not be completed" };
    const finished = await db.order.updateMany({
      where: { id: order.id, status: { in: ["PAID", "EXPIRED", "CANCELLED"] } },
      data: { status: "REFUNDED", refundedAt: ctx.now(), updatedAt: ctx.now() },
    });
    if (finished.count === 1) {
      await ctx.audit.record({
        actorId: null,
        action: "order.unfulfilled_refunded",
        entityType: "Order",
        entityId: order.id,
        details: { paymentId: payment.id, amount: payment.amount, currency: payment.currency },
      });
    }
    await notifications.sendUnfulfilledRefund(order.id, payment.amount);
    return { outcome: "refunded", detail: isUnfulfilled(order.statusReason) ? order.statusReason! : why };
  }

  return { orderForSettlement, mustLoad, refundStrayPayment, refundUnfulfilled };
}
