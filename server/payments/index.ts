// Payments: a Payment row per attempt to pay an order, webhooks verified and recorded as evidence before anything
// acts on them, and refunds through the provider that can be retried without refunding twice.
//
// The rules that keep money and tickets consistent (docs/payments.md):
// - Only a webhook whose signature verifies counts; the browser coming back from the hosted page confirms nothing.
// - Every verified event is written to PaymentEvent (append-only, unique per provider event id) in the same
//   transaction as the state change it causes, so a replay changes nothing and a crash loses nothing.
// - A payment counts only for the exact amount and currency of its Payment row (which came from the order); anything
//   else is refused, refunded through the provider and flagged for staff.
// - Settlement (confirming the order, selling the seats) belongs to booking. It runs as a workflow triggered by
//   "order/payment.succeeded"; when the event can't be published it runs inline, so no payment waits on the engine.
import { randomBytes } from "node:crypto";
import type { Database, Prisma } from "@/server/db";
import type { PaymentStatus } from "@/server/db/generated/enums";
import { badRequest, conflict, notFound, preconditionFailed } from "@/server/errors";
import type { EventPublisher } from "@/server/events";
import { formatDay, formatTime } from "@/server/format";
import { RefundFailedError } from "./errors";
import {
  type PaymentProvider,
  type ProviderEvent,
  type ProviderPaymentStatus,
  type WebhookHeaders,
  WebhookVerificationError,
} from "./provider";

export { isRefundFailedError, RefundFailedError } from "./errors";
export type {
  CheckoutRequest,
  CheckoutSession,
  PaymentProvider,
  ProviderEvent,
  ProviderEventType,
  ProviderPaymentState,
  ProviderPaymentStatus,
  RefundRequest,
  WebhookHeaders,
} from "./provider";
export { WebhookVerificationError } from "./provider";

/** Payment.failureReason values this module writes. */
export const PAYMENT_FAILURE = {
  /** A newer attempt for the same order replaced this one (it may still succeed: the customer paid in an old tab). */
  superseded: "SUPERSEDED",
  declined: "DECLINED",
  /** The provider took a different amount than the order's: refused and refunded. */
  amountMismatch: "AMOUNT_MISMATCH",
  /** The provider took a different currency than the order's: refused and refunded. */
  currencyMismatch: "CURRENCY_MISMATCH",
  /** Another payment had already paid this order: refused and refunded. */
  duplicatePayment: "DUPLICATE_PAYMENT",
} as const;

/** Payments refused for the order: they never settle, whatever events arrive later. */
const REFUSED_REASONS: readonly string[] = [
  PAYMENT_FAILURE.amountMismatch,
  PAYMENT_FAILURE.currencyMismatch,
  PAYMENT_FAILURE.duplicatePayment,
];

/** Refund.reason values this module writes (its own refunds, which retryStalledRefunds may retry). */
export const PAYMENTS_REFUND_REASON = {
  amountMismatch: PAYMENT_FAILURE.amountMismatch,
  currencyMismatch: PAYMENT_FAILURE.currencyMismatch,
  duplicatePayment: PAYMENT_FAILURE.duplicatePayment,
  /** Refunded at the provider (its dashboard), learnt from its webhook. */
  providerInitiated: "PROVIDER_INITIATED",
} as const;

export interface PaymentsOptions {
  /** A refund that failed this many times is left to staff (Refund and Order needsAttention). */
  maxRefundAttempts: number;
  /** Longest wait for the workflow engine to accept an event before settling inline. */
  publishTimeoutMs: number;
}

export const defaultPaymentsOptions: PaymentsOptions = { maxRefundAttempts: 5, publishTimeoutMs: 5_000 };

export interface PaymentsDeps {
  db: Database;
  events: EventPublisher;
  now?: () => Date;
  /** By the name used in URLs and Payment.provider ("sandbox"). */
  providers: Record<string, PaymentProvider>;
  /** booking.settlePaidOrder, called inline when the "order/payment.succeeded" event can't be published. */
  settlePaidOrder: (orderId: string, paymentId: string) => Promise<unknown>;
  options?: Partial<PaymentsOptions>;
  log?: Pick<Console, "info" | "warn" | "error">;
}

export interface StartPaymentInput {
  orderId: string;
  provider: string;
  returnUrl: string;
}

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

export interface WebhookInput {
  provider: string;
  rawBody: string;
  headers: WebhookHeaders;
}

export interface WebhookAnswer {
  status: number;
  body: Record<string, unknown>;
}

type Transaction = Prisma.TransactionClient;

type PaymentRow = {
  id: string;
  orderId: string;
  provider: string;
  providerRef: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  failureReason: string | null;
};

/** What recording an event decided; the follow-up work (publishing, refunds) happens after the commit. */
type Recorded =
  | { kind: "duplicate" }
  | { kind: "unknown-reference" }
  | { kind: "succeeded"; orderId: string; paymentId: string }
  | { kind: "refused"; reason: string; orderId: string; paymentId: string; refundId: string | null }
  | { kind: "declined"; paymentId: string }
  | { kind: "noted"; paymentId: string; note: string };

const ACCEPTS_REFUNDS: readonly PaymentStatus[] = ["SUCCEEDED", "PARTIALLY_REFUNDED"];

export function createPayments(deps: PaymentsDeps) {
  const { db, events } = deps;
  const now = deps.now ?? (() => new Date());
  const options: PaymentsOptions = { ...defaultPaymentsOptions, ...deps.options };
  const log = deps.log ?? console;

  function providerNamed(name: string): PaymentProvider | undefined {
    return Object.hasOwn(deps.providers, name) ? deps.providers[name] : undefined;
  }

  // ─── Starting a payment ──────────────────────────────────────────────────

  async function startPayment(input: StartPaymentInput): Promise<{ paymentId: string; redirectUrl: string }> {
    const provider = providerNamed(input.provider);
    if (!provider) throw badRequest("That payment method is not available.", { reason: "UNKNOWN_PROVIDER" });
    const order = await db.order.findUnique({
      where: { id: input.orderId },
      select: {
        id: true,
        reference: true,
        status: true,
        currency: true,
        totalAmount: true,
        screening: {
          select: { startsAt: true, film: { select: { title: true } }, hall: { select: { cinema: { select: { timeZone: true } } } } },
        },
        _count: { select: { tickets: { where: { status: { in: ["HELD", "SOLD"] } } } } },
      },
    });
    if (!order) throw notFound("That order");
    if (order.status !== "PENDING") {
      throw conflict("This order can no longer be paid for.", { reason: "ORDER_NOT_PENDING", status: order.status });
    }
    if (order.totalAmount <= 0) throw badRequest("This order has nothing to pay.", { reason: "NOTHING_TO_PAY" });

    const { screening } = order;
    const zone = screening.hall.cinema.timeZone;
    const tickets = order._count.tickets;
    const what = tickets > 0 ? `${tickets} ${tickets === 1 ? "ticket" : "tickets"}` : "Tickets";
    const description = `${what} for ${screening.film.title}, ${formatDay(screening.startsAt, zone)} ${formatTime(screening.startsAt, zone)}`;

    // The checkout comes first so that a Payment row always names a real providerRef. If we crash before inserting
    // the row, the provider keeps an open checkout nobody was sent to: harmless.
    const paymentId = newId("pay");
    const checkout = await provider.createCheckout({
      paymentId,
      orderReference: order.reference,
      amount: order.totalAmount,
      currency: order.currency,
      description,
      returnUrl: input.returnUrl,
    });

    await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ status: string; totalAmount: number; currency: string }>>`
        SELECT "status"::text AS "status", "totalAmount", "currency" FROM "Order" WHERE "id" = ${order.id} FOR UPDATE`;
      if (!locked || locked.status !== "PENDING") {
        throw conflict("This order can no longer be paid for.", { reason: "ORDER_NOT_PENDING" });
      }
      if (locked.totalAmount !== order.totalAmount || locked.currency !== order.currency) {
        throw conflict("The order changed while the payment was being set up. Please try again.", { reason: "ORDER_CHANGED" });
      }
      await tx.payment.updateMany({
        where: { orderId: order.id, status: "PENDING" },
        data: { status: "FAILED", failureReason: PAYMENT_FAILURE.superseded },
      });
      await tx.payment.create({
        data: {
          id: paymentId,
          orderId: order.id,
          provider: input.provider,
          providerRef: checkout.providerRef,
          amount: order.totalAmount,
          currency: order.currency,
          redirectUrl: checkout.redirectUrl,
        },
      });
    });
    return { paymentId, redirectUrl: checkout.redirectUrl };
  }

  // ─── Refunds ─────────────────────────────────────────────────────────────

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
      const committed = await tx.refund.aggregate({ where: { paymentId: payment.id }, _sum: { amount: true } });
      // Failed and abandoned refunds count too: the provider may have paid one out without telling us.
      if ((committed._sum.amount ?? 0) + input.amount > payment.amount) {
        throw conflict("That refund is more than what is left of the payment.", { reason: "REFUND_EXCEEDS_PAYMENT" });
      }
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
      include: { payment: { select: { provider: true, providerRef: true } } },
    });
    if (!refund) throw notFound("That refund");
    if (refund.status === "SUCCEEDED") return { refundId, status: "SUCCEEDED" };
    if (refund.needsAttention || refund.attempts >= options.maxRefundAttempts) return { refundId, status: "FAILED" };

    let refundRef: string;
    try {
      const provider = providerNamed(refund.payment.provider);
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
      await tx.$queryRaw`SELECT 1 FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
      // A refund.succeeded webhook may have landed meanwhile: never turn a success back into a failure.
      await tx.refund.updateMany({
        where: { id: refundId, status: { not: "SUCCEEDED" } },
        data: { status: "FAILED", attempts: { increment: 1 }, updatedAt: now() },
      });
      const row = await tx.refund.findUniqueOrThrow({ where: { id: refundId }, select: { status: true, attempts: true } });
      if (row.status === "SUCCEEDED") return null;
      if (row.attempts >= options.maxRefundAttempts) {
        await tx.refund.update({ where: { id: refundId }, data: { needsAttention: true, updatedAt: now() } });
        await tx.order.update({ where: { id: orderId }, data: { needsAttention: true } });
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

  /** SUCCEEDED → PARTIALLY_REFUNDED → REFUNDED as the successful refunds add up. */
  async function syncRefundedStatus(tx: Transaction, paymentId: string) {
    const payment = await tx.payment.findUniqueOrThrow({ where: { id: paymentId } });
    if (!ACCEPTS_REFUNDS.includes(payment.status)) return;
    const refunded = await refundedAmount(tx, payment);
    if (refunded <= 0) return;
    await tx.payment.update({
      where: { id: paymentId },
      data: { status: refunded >= payment.amount ? "REFUNDED" : "PARTIALLY_REFUNDED" },
    });
  }

  async function refundedAmount(tx: Transaction, payment: { id: string; currency: string }): Promise<number> {
    const sum = await tx.refund.aggregate({
      where: { paymentId: payment.id, status: "SUCCEEDED", currency: payment.currency },
      _sum: { amount: true },
    });
    return sum._sum.amount ?? 0;
  }

  // ─── Webhooks ────────────────────────────────────────────────────────────

  async function handleWebhook(input: WebhookInput): Promise<WebhookAnswer> {
    const provider = providerNamed(input.provider);
    if (!provider) return { status: 404, body: { error: "unknown payment provider" } };

    let event: ProviderEvent;
    try {
      event = await provider.verifyWebhook(input.rawBody, input.headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        // Nothing is recorded: an unverified body is not evidence of anything.
        log.warn(`[payments] ${input.provider} webhook refused (${error.status}): ${error.message}`);
        return { status: error.status, body: { error: error.message } };
      }
      throw error;
    }

    const recorded = await db.$transaction((tx) => recordEvent(tx, input.provider, event));

    switch (recorded.kind) {
      case "duplicate":
        return { status: 200, body: { duplicate: true } };
      case "unknown-reference":
        // Answered 200 so that the provider stops retrying; the PaymentEvent row (paymentId null) is the flag that
        // reconciliation and staff look at (unmatchedEvents).
        log.warn(`[payments] ${input.provider} event ${event.id} (${event.type}) names unknown reference ${event.providerRef}`);
        return { status: 200, body: { ignored: "unknown reference" } };
      case "succeeded": {
        const settlement = await publishOrSettle(recorded.orderId, recorded.paymentId);
        return { status: 200, body: { received: true, payment: "SUCCEEDED", settlement } };
      }
      case "refused": {
        const refund = recorded.refundId ? await refundRefusedPayment(recorded.refundId, recorded.orderId) : "NOT_ATTEMPTED";
        return { status: 200, body: { received: true, payment: "FAILED", reason: recorded.reason, refund } };
      }
      case "declined":
        return { status: 200, body: { received: true, payment: "FAILED" } };
      case "noted":
        return { status: 200, body: { received: true, note: recorded.note } };
    }
  }

  /** Records the event and applies its state change in one transaction. */
  async function recordEvent(tx: Transaction, providerName: string, event: ProviderEvent): Promise<Recorded> {
    const found = await tx.payment.findUnique({
      where: { provider_providerRef: { provider: providerName, providerRef: event.providerRef } },
      select: { id: true, orderId: true },
    });
    // Order, then Payment: every writer here takes them in this order. The order lock also serialises two payments
    // of the same order succeeding at once.
    if (found) await tx.$queryRaw`SELECT 1 FROM "Order" WHERE "id" = ${found.orderId} FOR UPDATE`;
    const payment = found ? await lockPayment(tx, found.id) : null;

    const inserted = await tx.paymentEvent.createMany({
      data: [
        {
          id: newId("pev"),
          provider: providerName,
          providerEventId: event.id,
          providerRef: event.providerRef,
          paymentId: payment?.id ?? null,
          type: event.type,
          amount: event.amount,
          // The column is CHAR(3): anything else is kept only in the payload (and can't match a payment).
          currency: event.currency && /^[A-Z]{3}$/.test(event.currency) ? event.currency : null,
          payload: (event.payload ?? {}) as Prisma.InputJsonValue,
          signatureValid: true,
          receivedAt: now(),
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 0) return { kind: "duplicate" };
    if (!payment) return { kind: "unknown-reference" };

    switch (event.type) {
      case "payment.succeeded":
        return applySuccess(tx, payment, event);
      case "payment.failed":
        return applyFailure(tx, payment, event);
      case "refund.succeeded":
      case "refund.failed":
        return applyRefundEvent(tx, providerName, payment, event);
      default:
        return { kind: "noted", paymentId: payment.id, note: `event type ${event.type} is not acted on` };
    }
  }

  async function applySuccess(tx: Transaction, payment: PaymentRow, event: ProviderEvent): Promise<Recorded> {
    if (payment.status === "SUCCEEDED") return { kind: "noted", paymentId: payment.id, note: "payment already succeeded" };
    if (payment.status === "REFUNDED" || payment.status === "PARTIALLY_REFUNDED") {
      // Either a late copy of the success of a payment refunded since, or the refund was recorded first (events out of
      // order, and the order was flagged then): money went back, so this success must not confirm the order.
      return { kind: "noted", paymentId: payment.id, note: "payment was already refunded; not settled" };
    }
    if (payment.status === "FAILED" && payment.failureReason && REFUSED_REASONS.includes(payment.failureReason)) {
      return { kind: "noted", paymentId: payment.id, note: "payment was refused; not settled" };
    }

    const currency = event.currency?.toUpperCase() ?? null;
    const mismatch =
      currency !== payment.currency
        ? PAYMENT_FAILURE.currencyMismatch
        : event.amount !== payment.amount
          ? PAYMENT_FAILURE.amountMismatch
          : null;
    if (mismatch) {
      return refuse(tx, payment, mismatch, { amount: event.amount, currency });
    }

    const alreadyPaid = await tx.payment.findFirst({
      where: { orderId: payment.orderId, id: { not: payment.id }, status: { in: [...ACCEPTS_REFUNDS] } },
      select: { id: true },
    });
    if (alreadyPaid) {
      // The customer paid twice (two tabs, two attempts): one payment pays the order, this one goes back.
      return refuse(tx, payment, PAYMENT_FAILURE.duplicatePayment, { amount: payment.amount, currency: payment.currency });
    }

    await tx.payment.update({
      where: { id: payment.id },
      data: { status: "SUCCEEDED", succeededAt: now(), failureReason: null },
    });
    return { kind: "succeeded", orderId: payment.orderId, paymentId: payment.id };
  }

  /** Refuses a payment the provider took: FAILED with the reason, a Refund row for what was taken, order flagged. */
  async function refuse(
    tx: Transaction,
    payment: PaymentRow,
    reason: string,
    taken: { amount: number | null; currency: string | null },
  ): Promise<Recorded> {
    await tx.payment.update({ where: { id: payment.id }, data: { status: "FAILED", failureReason: reason } });
    // A duplicate payment is refunded automatically and needs no one; a mismatch means something is wrong with how
    // the checkout was made, which staff must look at whatever happens to the refund.
    if (reason !== PAYMENT_FAILURE.duplicatePayment) await flagOrder(tx, payment.orderId);
    if (taken.amount === null || taken.amount <= 0 || taken.currency === null) {
      // The event doesn't say what was taken, so nothing can be refunded automatically.
      await flagOrder(tx, payment.orderId);
      return { kind: "refused", reason, orderId: payment.orderId, paymentId: payment.id, refundId: null };
    }
    const refund = await tx.refund.upsert({
      where: { id: `${reason.toLowerCase()}:${payment.id}` },
      create: {
        id: `${reason.toLowerCase()}:${payment.id}`,
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: taken.amount,
        currency: taken.currency,
        reason,
        createdAt: now(),
        updatedAt: now(),
      },
      update: {},
    });
    return { kind: "refused", reason, orderId: payment.orderId, paymentId: payment.id, refundId: refund.id };
  }

  async function refundRefusedPayment(refundId: string, orderId: string): Promise<RefundResult["status"]> {
    try {
      const result = await runRefund(refundId);
      return result.status;
    } catch (error) {
      // The webhook is already recorded, so the provider retrying it would change nothing: the refund is retried by
      // retryStalledRefunds (reconciliation) instead, and staff can see the order.
      log.error(`[payments] refund ${refundId} of a refused payment failed; left for reconciliation`, error);
      await db.order.update({ where: { id: orderId }, data: { needsAttention: true } });
      return "FAILED";
    }
  }

  async function applyFailure(tx: Transaction, payment: PaymentRow, event: ProviderEvent): Promise<Recorded> {
    // Only a pending attempt fails: a decline arriving after a success (out of order) changes nothing. The order stays
    // PENDING so that the customer can try again until it expires.
    const updated = await tx.payment.updateMany({
      where: { id: payment.id, status: "PENDING" },
      data: { status: "FAILED", failureReason: event.failureReason ? `${PAYMENT_FAILURE.declined}: ${event.failureReason}` : PAYMENT_FAILURE.declined },
    });
    if (updated.count === 0) return { kind: "noted", paymentId: payment.id, note: `payment is ${payment.status}; decline ignored` };
    return { kind: "declined", paymentId: payment.id };
  }

  async function applyRefundEvent(tx: Transaction, providerName: string, payment: PaymentRow, event: ProviderEvent): Promise<Recorded> {
    const refund =
      (event.refundKey ? await tx.refund.findFirst({ where: { id: event.refundKey, paymentId: payment.id } }) : null) ??
      (event.refundRef ? await tx.refund.findFirst({ where: { paymentId: payment.id, providerRef: event.refundRef } }) : null);

    if (event.type === "refund.failed") {
      if (refund && refund.status !== "SUCCEEDED") {
        await tx.refund.update({ where: { id: refund.id }, data: { status: "FAILED", needsAttention: true, updatedAt: now() } });
      }
      await flagOrder(tx, payment.orderId);
      return { kind: "noted", paymentId: payment.id, note: "refund failure recorded" };
    }

    if (refund) {
      if (refund.status !== "SUCCEEDED") {
        await tx.refund.update({
          where: { id: refund.id },
          data: { status: "SUCCEEDED", providerRef: event.refundRef ?? refund.providerRef, updatedAt: now() },
        });
      }
    } else {
      // Refunded at the provider without us asking (its dashboard): keep our books equal to the provider's, and tell
      // staff, because the order may still be PAID with tickets issued.
      const currency = event.currency?.toUpperCase() ?? payment.currency;
      if (event.amount !== null && event.amount > 0) {
        const id = `provider-refund:${providerName}:${event.refundRef ?? event.id}`;
        await tx.refund.upsert({
          where: { id },
          create: {
            id,
            paymentId: payment.id,
            orderId: payment.orderId,
            amount: event.amount,
            currency,
            reason: PAYMENTS_REFUND_REASON.providerInitiated,
            status: "SUCCEEDED",
            providerRef: event.refundRef ?? null,
            createdAt: now(),
            updatedAt: now(),
          },
          update: {},
        });
      }
      await flagOrder(tx, payment.orderId);
    }

    const refusedEarlier = payment.status === "FAILED" && payment.failureReason && REFUSED_REASONS.includes(payment.failureReason);
    if (payment.status === "PENDING" || (payment.status === "FAILED" && !refusedEarlier)) {
      // Out of order: a refund for a payment whose success we haven't seen. Mark it refunded now, so the success
      // arriving later finds it refunded and does not confirm the order.
      const refunded = await refundedAmount(tx, payment);
      await tx.payment.update({
        where: { id: payment.id },
        data: { status: refunded >= payment.amount ? "REFUNDED" : "PARTIALLY_REFUNDED" },
      });
      await flagOrder(tx, payment.orderId);
      return { kind: "noted", paymentId: payment.id, note: "refund recorded before the payment's success" };
    }
    await syncRefundedStatus(tx, payment.id);
    return { kind: "noted", paymentId: payment.id, note: "refund recorded" };
  }

  async function publishOrSettle(orderId: string, paymentId: string): Promise<"published" | "settled inline" | "pending"> {
    try {
      await withTimeout(
        events.publish("order/payment.succeeded", { orderId, paymentId }, { id: `payment-succeeded-${paymentId}` }),
        options.publishTimeoutMs,
        "the workflow engine",
      );
      return "published";
    } catch (error) {
      log.warn(`[payments] could not publish order/payment.succeeded for ${paymentId}; settling inline`, error);
    }
    try {
      await deps.settlePaidOrder(orderId, paymentId);
      return "settled inline";
    } catch (error) {
      // The payment is recorded SUCCEEDED, so reconciliation settles it later; failing the webhook would not help,
      // because the provider's retry is a replay and replays change nothing.
      log.error(`[payments] inline settlement of ${paymentId} failed; left for reconciliation`, error);
      return "pending";
    }
  }

  // ─── Queries and repairs ─────────────────────────────────────────────────

  async function providerStatus(input: { paymentId: string }): Promise<ProviderPaymentStatus> {
    const payment = await db.payment.findUnique({ where: { id: input.paymentId }, select: { provider: true, providerRef: true } });
    if (!payment) throw notFound("That payment");
    const provider = providerNamed(payment.provider);
    if (!provider) throw preconditionFailed(`The payment provider "${payment.provider}" is not configured here.`);
    return provider.status(payment.providerRef);
  }

  /**
   * Retries this module's own refunds (of refused payments) that a failure or a crash left PENDING or FAILED. Refunds
   * booking asked for are retried by booking's workflow, which has more to do after the money is back.
   */
  async function retryStalledRefunds(input: { olderThanSeconds?: number; limit?: number } = {}) {
    // Compared with updatedAt, which every refund write here sets from the same clock (Prisma's own @updatedAt would
    // take the wall clock, and the two disagree under an injected one).
    const cutoff = new Date(now().getTime() - (input.olderThanSeconds ?? 60) * 1000);
    const stalled = await db.refund.findMany({
      where: {
        reason: { in: [PAYMENT_FAILURE.amountMismatch, PAYMENT_FAILURE.currencyMismatch, PAYMENT_FAILURE.duplicatePayment] },
        status: { in: ["PENDING", "FAILED"] },
        needsAttention: false,
        updatedAt: { lte: cutoff },
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

  /** Verified events that named no payment we know: for reconciliation and staff. */
  async function unmatchedEvents(input: { limit?: number } = {}) {
    return db.paymentEvent.findMany({
      where: { paymentId: null },
      orderBy: { receivedAt: "desc" },
      take: input.limit ?? 50,
      select: { id: true, provider: true, providerEventId: true, providerRef: true, type: true, amount: true, currency: true, receivedAt: true },
    });
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

  return {
    startPayment,
    refundPayment,
    rearmRefund,
    providerStatus,
    handleWebhook,
    retryStalledRefunds,
    unmatchedEvents,
  };
}

export type Payments = ReturnType<typeof createPayments>;

async function lockPayment(tx: Transaction, paymentId: string): Promise<PaymentRow | null> {
  const [row] = await tx.$queryRaw<PaymentRow[]>`
    SELECT "id", "orderId", "provider", "providerRef", "amount", "currency", "status"::text AS "status", "failureReason"
      FROM "Payment" WHERE "id" = ${paymentId} FOR UPDATE`;
  return row ?? null;
}

async function flagOrder(tx: Transaction, orderId: string) {
  await tx.order.update({ where: { id: orderId }, data: { needsAttention: true } });
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
