// Refunds through the provider: one Refund row per idempotency key, never more than what is left of the payment, a
// failure counted and thrown for the caller to retry, and given up to staff after maxRefundAttempts.
import { badRequest, conflict, notFound, preconditionFailed } from "@/server/errors";
import {
  ACCEPTS_REFUNDS,
  flagOrder,
  lockOrder,
  lockPayment,
  paymentAtProviderSelect,
  type PaymentsContext,
  REFUSED_REASONS,
  type Transaction,
} from "./context";
import { RefundFailedError } from "./errors";

export interface RefundPaymentInput {
  paymentId: string;
  orderId: string;
  /** Minor units, in the payment's currency. */
  amount: number;
  reason: string;
  /**
   * Becomes the Refund row's id: the same key is the same refund, however often it is retried. To process a Refund
   * row created elsewhere (booking.requestRefund), pass its id.
   */
  idempotencyKey: string;
}

export interface RefundResult {
  refundId: string;
  status: "SUCCEEDED" | "FAILED";
}

export function createRefunds(ctx: PaymentsContext) {
  const { db, now, options, log } = ctx;

  async function refundPayment(input: RefundPaymentInput): Promise<RefundResult> {
    if (!Number.isSafeInteger(input.amount) || input.amount <= 0) {
      throw badRequest("A refund must be a positive whole amount.", { reason: "INVALID_AMOUNT" });
    }
    if (!input.idempotencyKey.trim()) throw badRequest("A refund needs an idempotency key.", { reason: "MISSING_KEY" });

    const refundId = await db.$transaction(async (tx) => {
      const payment = await lockPayment(tx, input.paymentId);
      if (!payment || payment.orderId !== input.orderId) throw notFound("That payment");
      const existing = await tx.refund.findUnique({ where: { id: input.idempotencyKey } });
      if (existing) {
        if (existing.paymentId !== payment.id || existing.orderId !== input.orderId || existing.amount !== input.amount) {
          throw conflict("That refund key was already used for a different refund.", { reason: "REFUND_KEY_REUSED" });
        }
        return existing.id;
      }
      if (!ACCEPTS_REFUNDS.includes(payment.status)) {
        throw preconditionFailed("Only a completed payment can be refunded.");
      }
      // Failed and abandoned refunds count too: the provider may have paid one out without telling us. (The database
      // checks the same sum again: the refund_within_payment trigger.)
      if (input.amount > (await refundRoom(tx, payment, payment.currency))) throw refundExceedsPayment();
      const created = await tx.refund.create({
        data: {
          id: input.idempotencyKey,
          paymentId: payment.id,
          orderId: input.orderId,
          amount: input.amount,
          currency: payment.currency,
          reason: input.reason,
          createdAt: now(),
          updatedAt: now(),
        },
      });
      return created.id;
    });
    return runRefund(refundId);
  }

  /** Calls the provider for a Refund row unless it already succeeded or was given up, and records the outcome. */
  async function runRefund(refundId: string): Promise<RefundResult> {
    const refund = await db.refund.findUnique({
      where: { id: refundId },
      include: { payment: { select: paymentAtProviderSelect } },
    });
    if (!refund) throw notFound("That refund");
    if (refund.status === "SUCCEEDED") return { refundId, status: "SUCCEEDED" };
    if (refund.needsAttention || refund.attempts >= options.maxRefundAttempts) return { refundId, status: "FAILED" };

    let refundRef: string;
    try {
      const provider = ctx.providerNamed(refund.payment.provider);
      if (!provider) throw new Error(`payment provider "${refund.payment.provider}" is not configured`);
      ({ refundRef } = await provider.refund({
        providerRef: refund.payment.providerRef,
        amount: refund.amount,
        currency: refund.currency,
        idempotencyKey: refund.id,
      }));
    } catch (error) {
      return recordRefundFailure(refund.id, refund.orderId, error);
    }

    await db.$transaction(async (tx) => {
      // Payment first, then Refund: the same lock order as the webhook, so the two never deadlock.
      await lockPayment(tx, refund.paymentId);
      await tx.refund.updateMany({
        where: { id: refund.id, status: { not: "SUCCEEDED" } },
        data: { status: "SUCCEEDED", providerRef: refundRef, attempts: { increment: 1 }, updatedAt: now() },
      });
      await syncRefundedStatus(tx, refund.paymentId);
    });
    return { refundId, status: "SUCCEEDED" };
  }

  async function recordRefundFailure(refundId: string, orderId: string, error: unknown): Promise<RefundResult> {
    const message = error instanceof Error ? error.message : String(error);
    const attempts = await db.$transaction(async (tx) => {
      // Order before Refund, as the webhook takes them, so that the two never deadlock.
      await lockOrder(tx, orderId);
      // A refund.succeeded webhook may have landed meanwhile: never turn a success back into a failure.
      await tx.refund.updateMany({
        where: { id: refundId, status: { not: "SUCCEEDED" } },
        data: { status: "FAILED", attempts: { increment: 1 }, updatedAt: now() },
      });
      const row = await tx.refund.findUniqueOrThrow({ where: { id: refundId }, select: { status: true, attempts: true } });
      if (row.status === "SUCCEEDED") return null;
      if (row.attempts >= options.maxRefundAttempts) {
        await tx.refund.update({ where: { id: refundId }, data: { needsAttention: true, updatedAt: now() } });
        await flagOrder(tx, orderId);
      }
      return row.attempts;
    });
    if (attempts === null) return { refundId, status: "SUCCEEDED" };
    if (attempts >= options.maxRefundAttempts) {
      log.error(`[payments] refund ${refundId} failed ${attempts} times; left to staff: ${message}`);
      return { refundId, status: "FAILED" };
    }
    log.warn(`[payments] refund ${refundId} failed (attempt ${attempts}), will be retried: ${message}`);
    throw new RefundFailedError(refundId, attempts, { cause: error });
  }

  /**
   * Hands a refund that was given up (needsAttention) back to the automatic retries with a fresh attempt count, on a
   * person's say-so. Answers false if there was nothing to re-arm (it succeeded, or was never given up).
   */
  async function rearmRefund(refundId: string): Promise<boolean> {
    const rearmed = await db.refund.updateMany({
      where: { id: refundId, status: { not: "SUCCEEDED" }, OR: [{ needsAttention: true }, { attempts: { gte: options.maxRefundAttempts } }] },
      data: { needsAttention: false, attempts: 0, updatedAt: now() },
    });
    return rearmed.count === 1;
  }

  /**
   * Retries this module's own refunds (of refused payments) that a failure or a crash left PENDING or FAILED. Refunds
   * booking asked for are retried by booking (its workflow and reconciliation), which has more to do after the money
   * is back. Booking's reconcile() calls this on every run, oldest first; screeningIds narrows it like reconcile's.
   */
  async function retryStalledRefunds(input: { olderThanSeconds?: number; limit?: number; screeningIds?: string[] } = {}) {
    // Compared with updatedAt, which every refund write here sets from the same clock (Prisma's own @updatedAt would
    // take the wall clock, and the two disagree under an injected one).
    const cutoff = new Date(now().getTime() - (input.olderThanSeconds ?? 60) * 1000);
    const stalled = await db.refund.findMany({
      where: {
        reason: { in: [...REFUSED_REASONS] },
        status: { in: ["PENDING", "FAILED"] },
        needsAttention: false,
        updatedAt: { lte: cutoff },
        ...(input.screeningIds ? { order: { screeningId: { in: input.screeningIds } } } : {}),
      },
      orderBy: { updatedAt: "asc" },
      take: input.limit ?? 20,
      select: { id: true, orderId: true },
    });
    const results: RefundResult[] = [];
    for (const refund of stalled) {
      try {
        results.push(await runRefund(refund.id));
      } catch {
        results.push({ refundId: refund.id, status: "FAILED" });
      }
    }
    return results;
  }

  return { refundPayment, runRefund, rearmRefund, retryStalledRefunds };
}

export type Refunds = ReturnType<typeof createRefunds>;

/** SUCCEEDED → PARTIALLY_REFUNDED → REFUNDED as the successful refunds add up. */
export async function syncRefundedStatus(tx: Transaction, paymentId: string) {
  const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
  if (!ACCEPTS_REFUNDS.includes(payment.status)) return;
  const refunded = await refundedAmount(tx, payment);
  if (refunded <= 0) return;
  await tx.payment.update({
    where: { id: paymentId },
    data: { status: refunded >= payment.amount ? "REFUNDED" : "PARTIALLY_REFUNDED" },
  });
}

/** What successful refunds have given back of a payment, in its currency. */
export async function refundedAmount(tx: Transaction, payment: { id: string; currency: string }): Promise<number> {
  const sum = await tx.refund.aggregate({
    where: { paymentId: payment.id, status: "SUCCEEDED", currency: payment.currency },
    _sum: { amount: true },
  });
  return sum._sum.amount ?? 0;
}

export const refundExceedsPayment = () =>
  conflict("That refund is more than what is left of the payment.", { reason: "REFUND_EXCEEDS_PAYMENT" });

/**
 * The guard every writer of a new Refund row runs first, in the transaction that inserts it: locks the Payment row
 * (so that two refunds of one payment are checked one after the other) and refuses, with REFUND_EXCEEDS_PAYMENT, an
 * amount that doesn't fit in what is left of it (refundRoom). Answers "exists" without checking when the row
 * `refundId` names is already there (asking twice is the same refund). The database trigger checks the same again.
 */
export async function assertRefundFits(
  tx: Transaction,
  input: { paymentId: string; amount: number; currency: string; refundId?: string },
): Promise<"fits" | "exists"> {
  const payment = await lockPayment(tx, input.paymentId);
  if (!payment) throw notFound("That payment");
  if (input.refundId && (await tx.refund.findUnique({ where: { id: input.refundId }, select: { id: true } }))) return "exists";
  if (input.amount > (await refundRoom(tx, payment, input.currency))) throw refundExceedsPayment();
  return "fits";
}

/**
 * What is left to refund of a payment in a currency: the most it can give back (its own amount in its own currency,
 * or what a verified success event said the provider took in that currency, whichever is more: a payment refused for
 * a wrong amount or currency is refunded what was taken) less every Refund row in that currency, whatever its status.
 * The same rule as the database's refund_within_payment trigger (prisma/migrations/20261206105000_…), which has the
 * last word; call it with the Payment row locked.
 */
export async function refundRoom(tx: Transaction, payment: { id: string; amount: number; currency: string }, currency: string): Promise<number> {
  // One after the other: a transaction runs one statement at a time.
  const taken = await tx.paymentEvent.aggregate({
    where: { paymentId: payment.id, type: "payment.succeeded", rejectedReason: null, currency },
    _max: { amount: true },
  });
  const refunds = await tx.refund.aggregate({ where: { paymentId: payment.id, currency }, _sum: { amount: true } });
  const cap = Math.max(currency === payment.currency ? payment.amount : 0, taken._max.amount ?? 0);
  return cap - (refunds._sum.amount ?? 0);
}
