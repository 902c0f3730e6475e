// Orders the automatic machinery handed to people (Order.needsAttention): a refund the provider kept refusing, a
// payment for the wrong amount, a paid order the provider refunded on its own. Staff see each with what is known
// about it, retry a stalled refund, or record how they settled it by hand. Every staff action is audited.
import { formatMoney } from "@/server/format";
import type { z } from "zod";
import { badRequest, conflict, notFound } from "@/server/errors";
import { isRefundFailedError } from "@/server/payments/errors";
import { RefundReason, type BookingContext } from "./context";
import type { Refunds } from "./refunds";
import type { attentionItemSchema, attentionRefundSchema, unmatchedPaymentEventSchema } from "./schemas";
import { screeningSummarySelect, toScreeningSummary } from "./views";

export type AttentionRefund = z.infer<typeof attentionRefundSchema>;
export type AttentionItem = z.infer<typeof attentionItemSchema>;
export type UnmatchedPaymentEvent = z.infer<typeof unmatchedPaymentEventSchema>;

const reasonText: Record<string, string> = {
  [RefundReason.CUSTOMER_REQUEST]: "customer's refund",
  [RefundReason.LATE_PAYMENT_SEATS_TAKEN]: "refund of a payment whose booking couldn't be completed",
  [RefundReason.DUPLICATE_PAYMENT]: "refund of a second payment",
  [RefundReason.ORDER_CHANGED]: "refund of a payment for an earlier version of the order",
};

export function createAttentionDesk(ctx: BookingContext, refunds: Refunds) {
  const { db } = ctx;

  async function list(input: { limit?: number } = {}): Promise<AttentionItem[]> {
    const orders = await db.order.findMany({
      where: { needsAttention: true },
      orderBy: { updatedAt: "asc" },
      take: input.limit ?? 100,
      select: {
        id: true,
        reference: true,
        status: true,
        statusReason: true,
        email: true,
        customerName: true,
        totalAmount: true,
        currency: true,
        updatedAt: true,
        screening: { select: screeningSummarySelect },
        cinema: { select: { timeZone: true } },
        refunds: { orderBy: { createdAt: "asc" }, select: { id: true, amount: true, currency: true, reason: true, status: true, attempts: true, needsAttention: true } },
        payments: {
          orderBy: { createdAt: "asc" },
          select: {
            amount: true,
            currency: true,
            status: true,
            failureReason: true,
            provider: true,
            // Disputes (payments module, disputes.ts) flag the order; the event is what says so.
            events: { where: { type: "payment.disputed" }, select: { amount: true, currency: true } },
          },
        },
      },
    });
    const history = await db.auditLog.findMany({
      where: { entityType: "Order", entityId: { in: orders.map((o) => o.id) } },
      orderBy: { createdAt: "desc" },
      select: { entityId: true, action: true, createdAt: true, details: true },
    });
    return orders.map((order) => {
      const problems: string[] = [];
      for (const refund of order.refunds) {
        if (refund.status !== "SUCCEEDED" && refund.needsAttention) {
          problems.push(
            `The ${reasonText[refund.reason] ?? "refund"} of ${formatMoney(refund.amount, refund.currency)} failed ${refund.attempts} ` +
              `time${refund.attempts === 1 ? "" : "s"} at the payment provider.`,
          );
        }
      }
      for (const payment of order.payments) {
        if (payment.failureReason?.endsWith("_MISMATCH")) {
          problems.push(`A payment of ${formatMoney(payment.amount, payment.currency)} didn't match the order (${payment.failureReason}).`);
        }
        for (const dispute of payment.events) {
          problems.push(
            `The customer disputed ${formatMoney(dispute.amount ?? payment.amount, dispute.currency ?? payment.currency)} of this order's ` +
              `payment with their bank: answer the dispute in the ${payment.provider} dashboard.`,
          );
        }
        if (order.status === "PAID" && payment.status === "REFUNDED" && !order.refunds.some((r) => r.status === "SUCCEEDED")) {
          problems.push("The payment provider refunded this paid order without us asking: decide about its tickets.");
        }
      }
      if (problems.length === 0) problems.push("Flagged by reconciliation; the history below says what it found.");
      return {
        orderId: order.id,
        reference: order.reference,
        status: order.status,
        statusReason: order.statusReason,
        email: order.email,
        customerName: order.customerName,
        totalAmount: order.totalAmount,
        currency: order.currency,
        screening: order.screening ? toScreeningSummary(order.screening) : null,
        // Every order has its cinema (the order_has_place CHECK); Prisma can't know that.
        timeZone: order.cinema!.timeZone,
        problems,
        refunds: order.refunds.map(({ currency: _currency, ...refund }) => refund),
        history: history
          .filter((entry) => entry.entityId === order.id)
          .slice(0, 5)
          .map((entry) => ({ action: entry.action, at: entry.createdAt, details: entry.details })),
        updatedAt: order.updatedAt,
      };
    });
  }

  /** Clears the flags once nothing is left to do: no refund still failing. */
  async function clearIfSettled(orderId: string): Promise<boolean> {
    const stillFailing = await db.refund.count({ where: { orderId, status: { not: "SUCCEEDED" }, needsAttention: true } });
    if (stillFailing > 0) return false;
    await db.order.update({ where: { id: orderId }, data: { needsAttention: false } });
    return true;
  }

  /**
   * A stalled refund goes back to the automatic retries, with one attempt made at once. SUCCEEDED: the money is back
   * (and whatever the refund was for is done). RETRYING: the provider refused again; retries go on by themselves and
   * the order comes back here if they give up again.
   */
  async function retryRefund(input: { refundId: string; staffId: string }): Promise<{ status: "SUCCEEDED" | "RETRYING" }> {
    const refund = await db.refund.findUnique({ where: { id: input.refundId }, select: { id: true, orderId: true, status: true } });
    if (!refund) throw notFound("That refund");
    if (refund.status === "SUCCEEDED") throw conflict("That refund has already gone through.", { reason: "ALREADY_REFUNDED" });
    if (!(await ctx.payments.rearmRefund(refund.id))) {
      throw conflict("That refund is already being retried automatically.", { reason: "ALREADY_RETRYING" });
    }
    let status: "SUCCEEDED" | "RETRYING" = "RETRYING";
    try {
      status = (await refunds.processRefund({ refundId: refund.id })).status === "SUCCEEDED" ? "SUCCEEDED" : "RETRYING";
    } catch (error) {
      if (!isRefundFailedError(error)) throw error;
    }
    await clearIfSettled(refund.orderId);
    await ctx.audit.record({
      actorId: input.staffId,
      action: "order.refund_retried",
      entityType: "Order",
      entityId: refund.orderId,
      details: { refundId: refund.id, outcome: status },
    });
    return { status };
  }

  /** Staff settled it another way (refunded from the provider's dashboard, spoke to the customer): say how. */
  async function resolve(input: { orderId: string; staffId: string; note: string }): Promise<void> {
    const note = input.note.trim();
    if (note.length < 5) throw badRequest("Say what was done (at least 5 characters).");
    const order = await db.order.findUnique({ where: { id: input.orderId }, select: { id: true, needsAttention: true } });
    if (!order) throw notFound("That order");
    if (!order.needsAttention) throw conflict("That order no longer needs attention.", { reason: "ALREADY_RESOLVED" });
    await db.$transaction(async (tx) => {
      await tx.refund.updateMany({ where: { orderId: order.id, needsAttention: true }, data: { needsAttention: false } });
      await tx.order.update({ where: { id: order.id }, data: { needsAttention: false } });
      await ctx.audit.record(
        { actorId: input.staffId, action: "order.attention_resolved", entityType: "Order", entityId: order.id, details: { note } },
        tx,
      );
    });
  }

  /**
   * Provider events that named no payment we know: money may have moved that no order shows (a checkout made
   * elsewhere, a reference mangled on the way). Recorded and answered 200 so the provider stops; listed here so a
   * person looks each one up at the provider.
   */
  async function unmatchedPaymentEvents(input: { limit?: number } = {}): Promise<UnmatchedPaymentEvent[]> {
    return ctx.payments.unmatchedEvents({ limit: input.limit ?? 50 });
  }

  return { list, retryRefund, resolve, unmatchedPaymentEvents };
}

export type AttentionDesk = ReturnType<typeof createAttentionDesk>;
