// The safety net. Every flow is built to finish on its own, but a process can die between two steps, the workflow
// engine can be down, a webhook can be lost. A periodic run of reconcile() finds what was left half-done and finishes
// it with the same idempotent steps the flows use, or flags it for staff when only a person can decide.
//
// Each check leaves rows younger than options.reconcileGraceSeconds alone, so that it never races a flow that is
// still running normally, and looks at most options.reconcileBatchSize rows per run, oldest first (what has waited
// longest is repaired first; a repaired row leaves the candidates, so the next run reaches the newer ones). It runs
// every few minutes from the recovery timer (server/recovery), and nightly from the workflow engine as well.
import type { Prisma } from "@/server/db/generated/client";
import { isUniqueViolation } from "@/server/db/errors";
import { logError, payerOf, RefundReason, type BookingContext } from "./context";
import { expireOrder } from "./expiry";
import type { Notifications } from "./notifications";
import type { PaidHolds } from "./paid-holds";
import type { Refunds } from "./refunds";
import type { Settlement } from "./settlement";
import { seated } from "./seated";
import { EXCHANGE_REASON } from "./exchanges";

export type ReconcileKind =
  | "payment_not_settled"
  | "payment_succeeded_unrecorded"
  | "provider_amount_mismatch"
  | "paid_tickets_not_sold"
  | "confirmation_not_sent"
  | "pending_past_expiry"
  | "closed_order_holding_seats"
  | "refunded_at_provider"
  | "refund_stalled"
  | "refund_not_applied"
  | "seat_state_drift";

export interface ReconcileItem {
  kind: ReconcileKind;
  orderId?: string;
  paymentId?: string;
  refundId?: string;
  screeningId?: string;
  detail: string;
}

export interface ReconcileReport {
  repaired: ReconcileItem[];
  flagged: ReconcileItem[];
}

export interface ReconcileInput {
  /** Picks the candidates as of this instant (default: the module's clock). Repairs use the module's clock. */
  now?: Date;
  /** Only these screenings' orders, payments and seats (staff looking at one show; tests). */
  screeningIds?: string[];
}

/**
 * Refund reasons booking carries out itself (processRefund), so reconciliation retries them here. DUPLICATE_PAYMENT
 * is the same value payments uses for its own refusals: payments.retryStalledRefunds (7b) retries those, not this.
 */
const BOOKING_RETRIED_REASONS: string[] = [
  RefundReason.CUSTOMER_REQUEST,
  RefundReason.LATE_PAYMENT_SEATS_TAKEN,
  RefundReason.ORDER_CHANGED,
  RefundReason.SCREENING_CANCELLED,
];

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createReconciler(
  ctx: BookingContext,
  settlement: Settlement,
  refunds: Refunds,
  notifications: Notifications,
  paidHolds: Pick<PaidHolds, "keepSeatsForPayment">,
) {
  const { db, inventory, payments } = ctx;

  return async function reconcile(input: ReconcileInput = {}): Promise<ReconcileReport> {
    const now = input.now ?? ctx.now();
    const settled = new Date(now.getTime() - ctx.options.reconcileGraceSeconds * 1000);
    const take = ctx.options.reconcileBatchSize;
    const inScope: Prisma.OrderWhereInput = input.screeningIds ? { screeningId: { in: input.screeningIds } } : {};
    const report: ReconcileReport = { repaired: [], flagged: [] };
    const flag = async (item: ReconcileItem) => {
      if (item.orderId) await db.order.updateMany({ where: { id: item.orderId, needsAttention: false }, data: { needsAttention: true } });
      report.flagged.push(item);
    };

    const settle = async (kind: ReconcileKind, orderId: string, paymentId: string) => {
      // The seats first, so that they can't lapse to another buyer if this attempt fails too.
      await paidHolds.keepSeatsForPayment({ orderId, paymentId });
      try {
        const result = await settlement.settlePaidOrder({ orderId, paymentId });
        if (result.outcome === "needs_attention") await flag({ kind, orderId, paymentId, detail: result.detail ?? "refund gave up" });
        else report.repaired.push({ kind, orderId, paymentId, detail: `settled: ${result.outcome}` });
      } catch (error) {
        logError(`reconcile: settling payment ${paymentId} failed`, error);
        report.flagged.push({ kind, orderId, paymentId, detail: `settlement failed, will retry: ${message(error)}` });
      }
    };

    // 1. A recorded success whose order isn't paid: the saga never ran (engine down, crash) or stopped half-way.
    const unsettled = await db.payment.findMany({
      where: {
        status: "SUCCEEDED",
        OR: [{ succeededAt: { lte: settled } }, { succeededAt: null, updatedAt: { lte: settled } }],
        order: {
          ...inScope,
          needsAttention: false,
          status: { in: ["PENDING", "EXPIRED", "CANCELLED", "REFUNDED"] },
          // An order exchanged away is REFUNDED with its payment kept: the payment now pays for the new order's tickets.
          OR: [{ statusReason: null }, { statusReason: { not: EXCHANGE_REASON } }],
        },
        refunds: { none: { status: "SUCCEEDED" } },
      },
      orderBy: [{ succeededAt: { sort: "asc", nulls: "first" } }, { updatedAt: "asc" }],
      take,
      select: { id: true, orderId: true },
    });
    for (const payment of unsettled) await settle("payment_not_settled", payment.orderId, payment.id);

    // 2. A payment still PENDING here that the provider says went through: its webhook was lost.
    const waiting = await db.payment.findMany({
      where: {
        status: "PENDING",
        createdAt: { lte: settled },
        order: { ...inScope, needsAttention: false, status: { in: ["PENDING", "EXPIRED", "CANCELLED"] } },
      },
      orderBy: { createdAt: "asc" },
      take,
      select: { id: true, orderId: true, amount: true, currency: true },
    });
    for (const payment of waiting) {
      let status;
      try {
        status = await payments.providerStatus({ paymentId: payment.id });
      } catch (error) {
        report.flagged.push({ kind: "payment_succeeded_unrecorded", orderId: payment.orderId, paymentId: payment.id, detail: `provider unreachable: ${message(error)}` });
        continue;
      }
      if (status.status !== "succeeded") continue;
      if (status.amount !== payment.amount || status.currency.toUpperCase() !== payment.currency) {
        await flag({
          kind: "provider_amount_mismatch",
          orderId: payment.orderId,
          paymentId: payment.id,
          detail: `provider took ${status.amount} ${status.currency}, expected ${payment.amount} ${payment.currency}`,
        });
        continue;
      }
      let recorded;
      try {
        recorded = await db.payment.updateMany({
          where: { id: payment.id, status: "PENDING" },
          data: { status: "SUCCEEDED", succeededAt: ctx.now(), failureReason: null },
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // Another payment already paid the order (payment_one_success_per_order): this one must go back, which is a
        // refund of money we never recorded taking; staff decide.
        await flag({ kind: "payment_succeeded_unrecorded", orderId: payment.orderId, paymentId: payment.id, detail: "the provider took a second payment of an order already paid" });
        continue;
      }
      if (recorded.count === 1) await settle("payment_succeeded_unrecorded", payment.orderId, payment.id);
    }

    // 3. Paid orders whose tickets weren't sold or whose confirmation didn't go out.
    const unfinished = await db.order.findMany({
      where: {
        ...inScope,
        status: "PAID",
        needsAttention: false,
        paidAt: { lte: settled },
        OR: [{ tickets: { some: { status: "HELD" } } }, { confirmationSentAt: null, email: { not: null } }],
      },
      orderBy: { paidAt: "asc" },
      take,
      select: { id: true, confirmationSentAt: true, tickets: { where: { status: "HELD" }, select: { id: true }, take: 1 } },
    });
    for (const order of unfinished) {
      const kind: ReconcileKind = order.tickets.length ? "paid_tickets_not_sold" : "confirmation_not_sent";
      try {
        const result = await settlement.completePaidOrder(order.id);
        if (result.outcome === "needs_attention") await flag({ kind, orderId: order.id, detail: result.detail ?? "refund gave up" });
        else report.repaired.push({ kind, orderId: order.id, detail: `${result.outcome}${result.confirmationSent ? ", confirmation sent" : ""}` });
      } catch (error) {
        logError(`reconcile: completing order ${order.id} failed`, error);
        report.flagged.push({ kind, orderId: order.id, detail: `failed, will retry: ${message(error)}` });
      }
    }

    // 4. Pending orders past their deadline whose timeout never ran.
    const overdue = await db.order.findMany({
      where: { ...inScope, status: "PENDING", expiresAt: { lte: now }, payments: { none: { status: "SUCCEEDED" } } },
      orderBy: { expiresAt: "asc" },
      take,
      select: { id: true },
    });
    for (const order of overdue) {
      try {
        const result = await expireOrder(ctx, notifications, { orderId: order.id });
        if (result.expired) report.repaired.push({ kind: "pending_past_expiry", orderId: order.id, detail: "expired, seats released" });
      } catch (error) {
        report.flagged.push({ kind: "pending_past_expiry", orderId: order.id, detail: `failed, will retry: ${message(error)}` });
      }
    }

    // 5. Ended orders still holding seats (their release failed half-way).
    const lingering = await db.order.findMany({
      where: { ...inScope, status: { in: ["EXPIRED", "CANCELLED"] }, tickets: { some: { status: "HELD", holdExpiresAt: { gt: now } } } },
      orderBy: { updatedAt: "asc" },
      take,
      select: { id: true, screeningId: true },
    });
    for (const order of lingering.map(seated)) {
      try {
        const { released } = await inventory.release({ screeningId: order.screeningId, orderId: order.id });
        report.repaired.push({ kind: "closed_order_holding_seats", orderId: order.id, detail: `released ${released.length} seats` });
      } catch (error) {
        report.flagged.push({ kind: "closed_order_holding_seats", orderId: order.id, detail: `failed, will retry: ${message(error)}` });
      }
    }

    // 6. Paid orders the provider has refunded (from its dashboard, or a refund we never heard back about): a person
    //    decides whether the customer keeps the tickets. Newest first, unlike the rest: a paid order stays a
    //    candidate until its show ends whatever the answer, so oldest first would ask about the same orders forever.
    const paidOrders = await db.order.findMany({
      where: { ...inScope, status: "PAID", needsAttention: false, paidAt: { lte: settled }, screening: { endsAt: { gt: now } } },
      orderBy: { paidAt: "desc" },
      take,
      select: { id: true },
    });
    for (const order of paidOrders) {
      const payment = await payerOf(ctx, order.id);
      if (!payment) continue;
      try {
        const status = await payments.providerStatus({ paymentId: payment.id });
        if (status.status === "refunded") {
          await flag({ kind: "refunded_at_provider", orderId: order.id, paymentId: payment.id, detail: "the provider has refunded this paid order" });
        }
      } catch (error) {
        logError(`reconcile: provider status of ${payment.id} unavailable`, error);
      }
    }

    // 7. Refunds booking asked for that stopped half-way (engine down, process died): customer refunds, refunds of
    //    payments whose booking couldn't be completed, of an outdated payment, and of cancelled screenings.
    const stalled = await db.refund.findMany({
      where: {
        reason: { in: BOOKING_RETRIED_REASONS },
        status: { in: ["PENDING", "FAILED"] },
        needsAttention: false,
        updatedAt: { lte: settled },
        order: inScope,
      },
      orderBy: { updatedAt: "asc" },
      take,
      select: { id: true, orderId: true },
    });
    for (const refund of stalled) {
      try {
        const result = await refunds.processRefund({ refundId: refund.id });
        if (result.status === "NEEDS_ATTENTION") report.flagged.push({ kind: "refund_stalled", orderId: refund.orderId, refundId: refund.id, detail: "refund gave up" });
        else report.repaired.push({ kind: "refund_stalled", orderId: refund.orderId, refundId: refund.id, detail: "refunded" });
      } catch (error) {
        report.flagged.push({ kind: "refund_stalled", orderId: refund.orderId, refundId: refund.id, detail: `failed, will retry: ${message(error)}` });
      }
    }

    // 7a. Whole-order refunds the provider paid out whose order was never updated (the process died between the
    //     provider's answer and the order's update, or the refund.succeeded webhook recorded it): the order is still
    //     PAID with live tickets. Carrying the refund on finishes it (tickets REFUNDED, seats back on sale).
    const unapplied = await db.refund.findMany({
      where: {
        reason: { in: [RefundReason.CUSTOMER_REQUEST, RefundReason.SCREENING_CANCELLED] },
        status: "SUCCEEDED",
        needsAttention: false,
        updatedAt: { lte: settled },
        order: { ...inScope, status: "PAID" },
      },
      orderBy: { updatedAt: "asc" },
      take,
      select: { id: true, orderId: true },
    });
    for (const refund of unapplied) {
      try {
        await refunds.processRefund({ refundId: refund.id });
        report.repaired.push({ kind: "refund_not_applied", orderId: refund.orderId, refundId: refund.id, detail: "order and tickets refunded" });
      } catch (error) {
        report.flagged.push({ kind: "refund_not_applied", orderId: refund.orderId, refundId: refund.id, detail: `failed, will retry: ${message(error)}` });
      }
    }

    // 7b. Payments' own refunds (of payments it refused: wrong amount or currency, a second payment) that failed or
    //     stopped: payments retries them itself, oldest first. A refund that keeps failing is handed to staff by
    //     payments after its maximum attempts (Refund and Order needsAttention).
    try {
      const retried = await payments.retryStalledRefunds({
        olderThanSeconds: ctx.options.reconcileGraceSeconds,
        limit: take,
        ...(input.screeningIds ? { screeningIds: input.screeningIds } : {}),
      });
      for (const result of retried) {
        const refund = await db.refund.findUnique({ where: { id: result.refundId }, select: { orderId: true } });
        const item = { kind: "refund_stalled" as const, orderId: refund?.orderId, refundId: result.refundId };
        if (result.status === "SUCCEEDED") report.repaired.push({ ...item, detail: "refunded" });
        else report.flagged.push({ ...item, detail: "refund failed, will retry" });
      }
    } catch (error) {
      logError("reconcile: retrying payments' stalled refunds failed", error);
      report.flagged.push({ kind: "refund_stalled", detail: `retrying payments' refunds failed: ${message(error)}` });
    }

    // 8. Redis disagreeing with PostgreSQL about a seat in the unsafe direction: a live ticket that Redis shows free
    //    (it would let a buyer through to a certain refusal), or a sale Redis shows that PostgreSQL no longer has (a
    //    refunded seat that would never come back on sale). Redis showing a hold PostgreSQL doesn't have is left
    //    alone: it is a hold in flight, or one that ends at its deadline by itself.
    const screenings = await db.screening.findMany({
      where: {
        ...(input.screeningIds ? { id: { in: input.screeningIds } } : {}),
        status: "SCHEDULED",
        endsAt: { gt: now },
        tickets: { some: { status: { in: ["HELD", "SOLD", "REFUNDED"] } } },
      },
      orderBy: { startsAt: "asc" },
      take,
      select: { id: true },
    });
    for (const screening of screenings) {
      try {
        const at = ctx.now();
        const map = await inventory.seatMap({ screeningId: screening.id });
        if (map.source !== "redis") continue;
        const live = await db.ticket.findMany({
          where: { screeningId: screening.id, OR: [{ status: "SOLD" }, { status: "HELD", holdExpiresAt: { gt: at } }] },
          select: { seatId: true, status: true },
        });
        const liveBySeat = new Map(live.map((t) => [t.seatId, t.status]));
        const drifted = map.seats.filter(
          (seat) => (liveBySeat.has(seat.id) && seat.state === "free") || (seat.state === "sold" && liveBySeat.get(seat.id) !== "SOLD"),
        );
        if (drifted.length === 0) continue;
        await inventory.rebuild(screening.id);
        report.repaired.push({
          kind: "seat_state_drift",
          screeningId: screening.id,
          detail: `reloaded the seat states from PostgreSQL (${drifted.map((s) => s.label).join(", ")} disagreed)`,
        });
      } catch (error) {
        report.flagged.push({ kind: "seat_state_drift", screeningId: screening.id, detail: `check failed: ${message(error)}` });
      }
    }

    return report;
  };
}
