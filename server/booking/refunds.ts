// Customer refunds: asked for on the order page until the cut-off before the show, then carried out by a retried
// workflow step (processRefund) that gives the money back through payments, voids the tickets and frees the seats.
import { isRefundFailedError } from "@/server/payments/errors";
import { conflict, notFound } from "@/server/errors";
import { insertRefundOnce, logError, payerOf, RefundReason, refundIds, StatusReason, type BookingContext } from "./context";
import type { Notifications } from "./notifications";
import type { Settlement } from "./settlement";
import { mayView } from "./queries";
import { refundsOpen } from "./refund-cutoff";
import { giveBackPromo, lockOrder } from "./promos";
import { describeMinutes } from "./notifications";
import { LIVE_TICKET_STATUSES } from "@/server/inventory";

export type RefundOutcome = "PENDING" | "SUCCEEDED" | "NEEDS_ATTENTION";

export function createRefunds(ctx: BookingContext, notifications: Notifications, settlement: Settlement) {
  const { db, inventory } = ctx;

  /** PAID → REFUNDED with its tickets, then the seats go back on sale. Idempotent. */
  async function completeCustomerRefund(orderId: string, amount: number, notify = true): Promise<void> {
    const now = ctx.now();
    const order = await db.$transaction(async (tx) => {
      await tx.ticket.updateMany({ where: { orderId, status: "SOLD" }, data: { status: "REFUNDED", updatedAt: now } });
      const refunded = await tx.order.updateMany({ where: { id: orderId, status: "PAID" }, data: { status: "REFUNDED", refundedAt: now, updatedAt: now } });
      if (refunded.count === 1) await ctx.concessions.giveBack({ orderId, as: "REFUNDED", userId: null, tx });
      return tx.order.findUniqueOrThrow({ where: { id: orderId }, select: { screeningId: true } });
    });
    // Refunded tickets no longer count in PostgreSQL; the screening's Redis copy still shows the seats sold, and a
    // rebuild (the inventory's own way to reload a screening) puts them back on sale. If it fails the seats only look
    // sold until reconciliation (or the next rebuild) notices: never sold twice.
    if (order.screeningId) await inventory.rebuild(order.screeningId).catch((error) => logError(`seats of refunded order ${orderId} not yet freed in Redis`, error));
    if (notify) await notifications.sendRefundDone(orderId, amount);
  }

  /**
   * The customer asks for their money back. Only a PAID order, only before the cut-off; the Refund row is created
   * (one per order, so asking twice is the same request) and the work goes to the workflow engine, or is done here
   * if the engine can't be reached.
   */
  async function requestRefund(input: { orderId: string; userId?: string | null; accessToken?: string | null }): Promise<{
    refundId: string | null;
    status: RefundOutcome;
  }> {
    const order = await db.order.findUnique({
      where: { id: input.orderId },
      select: {
        id: true,
        status: true,
        userId: true,
        accessTokenHash: true,
        totalAmount: true,
        statusReason: true,
        screening: { select: { startsAt: true } },
        tickets: { where: { status: { in: [...LIVE_TICKET_STATUSES] } }, select: { status: true } },
      },
    });
    if (!order || !mayView(order, input) || !order.screening) throw notFound("That order");
    if (order.status === "REFUNDED") return { refundId: null, status: "SUCCEEDED" };
    const refundId = refundIds.customer(order.id);
    const asked = await db.refund.findUnique({ where: { id: refundId }, select: { status: true, updatedAt: true } });
    if (asked) {
      // Asked before (and accepted then, so the cut-off no longer applies). A refund just asked for is the workflow's
      // to carry out: the same request. One that stalled (an attempt failed, or the process died after the provider
      // paid out and before the order and tickets were updated) is carried on here: that finishes it, and is a no-op
      // at the provider when it already paid out (the Refund id is the idempotency key).
      const fresh = asked.status === "PENDING" && asked.updatedAt.getTime() > ctx.now().getTime() - ctx.options.reconcileGraceSeconds * 1000;
      return { refundId, status: fresh ? "PENDING" : await carryOn(refundId) };
    }
    if (order.status !== "PAID") throw conflict("Only a paid booking can be refunded.", { reason: "NOT_REFUNDABLE" });
    if (!refundsOpen(order.screening.startsAt, ctx.options.refundCutoffMinutes, ctx.now())) {
      throw conflict(`Refunds close ${describeMinutes(ctx.options.refundCutoffMinutes)} before the show.`, { reason: "REFUND_CUTOFF" });
    }
    if (order.tickets.length === 0 || order.tickets.some((t) => t.status !== "SOLD")) {
      throw conflict("Your booking is still being confirmed. Please try again in a minute.", { reason: "NOT_CONFIRMED_YET" });
    }

    const payment = await payerOf(ctx, order.id);
    if (!payment) {
      // A free booking (100% promo code): nothing goes back through a provider.
      await completeCustomerRefund(order.id, 0);
      return { refundId: null, status: "SUCCEEDED" };
    }
    const created = await insertRefundOnce(ctx, {
      id: refundId,
      paymentId: payment.id,
      orderId: order.id,
      amount: payment.amount,
      currency: payment.currency,
      reason: RefundReason.CUSTOMER_REQUEST,
    });
    // A second request that raced this one in: the same refund, carried on.
    if (created === "exists") return { refundId, status: await carryOn(refundId) };
    try {
      await ctx.events.publish("order/refund.requested", { orderId: order.id, refundId }, { id: `refund-requested-${refundId}` });
      return { refundId, status: "PENDING" };
    } catch (error) {
      logError(`could not publish order/refund.requested for ${refundId}; refunding inline`, error);
    }
    return { refundId, status: await carryOn(refundId) };
  }

  /** Carries out a refund here and now; a provider failure leaves it PENDING/FAILED for reconciliation to retry. */
  async function carryOn(refundId: string): Promise<RefundOutcome> {
    try {
      return (await processRefund({ refundId })).status;
    } catch (error) {
      logError(`inline refund ${refundId} failed; reconciliation will retry it`, error);
      return "PENDING";
    }
  }

  /**
   * Carries out a Refund row: the money through payments (throws while the provider fails, so the workflow step
   * retries), then what the refund is for. After payments gives up (max attempts) the refund and its order are left
   * to staff (needsAttention) and this answers NEEDS_ATTENTION instead of throwing.
   */
  async function processRefund(input: { refundId: string }): Promise<{ status: RefundOutcome }> {
    const refund = await db.refund.findUnique({
      where: { id: input.refundId },
      select: { id: true, paymentId: true, orderId: true, amount: true, reason: true, status: true },
    });
    if (!refund) throw notFound("That refund");
    if (refund.status !== "SUCCEEDED") {
      let succeeded: boolean;
      try {
        const result = await ctx.payments.refundPayment({
          paymentId: refund.paymentId,
          orderId: refund.orderId,
          amount: refund.amount,
          reason: refund.reason,
          idempotencyKey: refund.id,
        });
        succeeded = result.status === "SUCCEEDED";
      } catch (error) {
        if (!isRefundFailedError(error)) throw error;
        const row = await db.refund.findUniqueOrThrow({ where: { id: refund.id }, select: { attempts: true } });
        if (row.attempts < ctx.options.maxRefundAttempts) throw error;
        succeeded = false;
      }
      if (!succeeded) {
        await db.$transaction([
          db.refund.update({ where: { id: refund.id }, data: { needsAttention: true } }),
          db.order.update({ where: { id: refund.orderId }, data: { needsAttention: true } }),
        ]);
        return { status: "NEEDS_ATTENTION" };
      }
    }
    switch (refund.reason) {
      case RefundReason.CUSTOMER_REQUEST:
        await completeCustomerRefund(refund.orderId, refund.amount);
        break;
      case RefundReason.SCREENING_CANCELLED:
        // The cancellation's own email (server/scheduling) tells the customer about the refund.
        await completeCustomerRefund(refund.orderId, refund.amount, false);
        break;
      case RefundReason.LATE_PAYMENT_SEATS_TAKEN:
        await settlement.refundUnfulfilled(refund.orderId);
        break;
      default:
      // A stray payment given back: the money was all there was to it.
    }
    return { status: "SUCCEEDED" };
  }

  /**
   * The screening was cancelled by the cinema: ends one of its orders. A PAID order is refunded in full through the
   * same Refund row path as a customer refund (an existing customer refund is carried on instead of starting a second
   * one: nothing is refunded twice); a PENDING basket is cancelled and its seats released. Idempotent; throws while
   * the provider fails (so a retried step tries again) and answers NEEDS_ATTENTION once payments gives up.
   */
  async function endOrderOfCancelledScreening(input: { orderId: string }): Promise<{
    outcome: "REFUNDED" | "RELEASED" | "NOTHING" | "NEEDS_ATTENTION" | "PAYMENT_IN_FLIGHT";
    refundId: string | null;
    amount: number;
  }> {
    const order = await db.order.findUnique({
      where: { id: input.orderId },
      select: { id: true, status: true, screeningId: true, totalAmount: true },
    });
    if (!order) throw notFound("That order");
    const existing = await db.refund.findMany({
      where: { orderId: order.id, id: { in: [refundIds.customer(order.id), refundIds.cancelledScreening(order.id)] } },
      select: { id: true, amount: true },
    });
    if (order.status === "PENDING") {
      // A payment already taken will settle (or be refunded by the saga when it can't sell): not ours to cancel now.
      if (await db.payment.count({ where: { orderId: order.id, status: "SUCCEEDED" } })) {
        return { outcome: "PAYMENT_IN_FLIGHT", refundId: null, amount: 0 };
      }
      const now = ctx.now();
      const cancelled = await db.$transaction(async (tx) => {
        const locked = await lockOrder(tx, order.id);
        if (locked?.status !== "PENDING") return false;
        const updated = await tx.order.updateMany({
          where: { id: order.id, status: "PENDING", payments: { none: { status: "SUCCEEDED" } } },
          data: { status: "CANCELLED", cancelledAt: now, statusReason: StatusReason.SCREENING_CANCELLED, updatedAt: now },
        });
        // The code the locked row holds (lockOrder): not the one read before the transaction.
        if (updated.count === 1 && locked.promoCodeId) await giveBackPromo(tx, locked.promoCodeId);
        if (updated.count === 1) await ctx.concessions.giveBack({ orderId: order.id, as: "RELEASED", userId: null, tx });
        return updated.count === 1;
      });
      // Paid or expired meanwhile: the next run sees its new state.
      if (!cancelled) return { outcome: "PAYMENT_IN_FLIGHT", refundId: null, amount: 0 };
    }
    if (order.status === "PENDING" || order.status === "CANCELLED" || order.status === "EXPIRED") {
      if (order.screeningId) await inventory.release({ screeningId: order.screeningId, orderId: order.id });
      return { outcome: order.status === "PENDING" ? "RELEASED" : "NOTHING", refundId: null, amount: 0 };
    }
    if (order.status === "REFUNDED") {
      return { outcome: existing.length ? "REFUNDED" : "NOTHING", refundId: existing[0]?.id ?? null, amount: existing[0]?.amount ?? 0 };
    }
    const payment = await payerOf(ctx, order.id);
    if (!payment) {
      await completeCustomerRefund(order.id, 0, false);
      return { outcome: "REFUNDED", refundId: null, amount: 0 };
    }
    let refundId = existing[0]?.id;
    if (!refundId) {
      refundId = refundIds.cancelledScreening(order.id);
      await insertRefundOnce(ctx, {
        id: refundId,
        paymentId: payment.id,
        orderId: order.id,
        amount: payment.amount,
        currency: payment.currency,
        reason: RefundReason.SCREENING_CANCELLED,
      });
    }
    const { status } = await processRefund({ refundId });
    if (status === "NEEDS_ATTENTION") return { outcome: "NEEDS_ATTENTION", refundId, amount: payment.amount };
    return { outcome: "REFUNDED", refundId, amount: payment.amount };
  }

  return { requestRefund, processRefund, completeCustomerRefund, endOrderOfCancelledScreening };
}

export type Refunds = ReturnType<typeof createRefunds>;
