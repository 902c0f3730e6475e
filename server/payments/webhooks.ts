// Provider webhooks: verified (by the provider, see signature.ts), recorded in PaymentEvent together with the state
// change they cause, then followed up after the commit (publishing the success, refunding a refused payment).
//
// The answer says what happened, not how to say it over HTTP: the route (app/api/webhooks/payments/[provider]) maps
// the outcome to a status code, which is what tells the provider whether to retry.
import { Prisma } from "@/server/db/generated/client";
import { isDatabaseUnreachable } from "@/server/db/errors";
import {
  ACCEPTS_REFUNDS,
  flagOrder,
  type KeptForPayment,
  lockOrder,
  lockPayment,
  newId,
  PAYMENT_FAILURE,
  type PaymentRow,
  PAYMENTS_REFUND_REASON,
  type PaymentsContext,
  REFUSED_REASONS,
  type Transaction,
} from "./context";
import { applyDispute, DISPUTE_EVENT } from "./disputes";
import { type ProviderEvent, type WebhookHeaders, WebhookVerificationError } from "./provider";
import { refundedAmount, type RefundResult, type Refunds, refundRoom, syncRefundedStatus } from "./refunds";
import { REJECTED_EVENT, REJECTION_MESSAGE, type RejectedReason, screenEvent } from "./screen";

export interface WebhookInput {
  provider: string;
  rawBody: string;
  headers: WebhookHeaders;
}

/**
 * What became of a webhook. After "duplicate", "unmatched" and "recorded" the event is in PaymentEvent, so the
 * provider may stop: a retry could only be a replay. After the others nothing was recorded.
 */
export type WebhookOutcome =
  /** No provider is configured under that name. */
  | "unknown-provider"
  /** The signature doesn't match, or its timestamp is outside the tolerance: not recorded. */
  | "unverified"
  /** No signature to check, or a signed body that is not an event: not recorded. */
  | "malformed"
  /** The same provider event was recorded before: nothing changed. */
  | "duplicate"
  /** Recorded, but it names no payment we know (PaymentEvent.paymentId null). */
  | "unmatched"
  /**
   * Verified, but it makes no sense or can't be stored as it is (screen.ts): recorded as rejected
   * (PaymentEvent.rejectedReason), acted on by nothing, listed for staff. A redelivery gets the same answer.
   */
  | "rejected"
  /** Recorded and acted on (the body says how). */
  | "recorded";

export interface WebhookAnswer {
  outcome: WebhookOutcome;
  body: Record<string, unknown>;
}

/** What recording an event decided; the follow-up work (publishing, refunds) happens after the commit. */
type Recorded =
  | { kind: "duplicate" }
  | { kind: "unsettled-duplicate"; orderId: string; paymentId: string }
  | { kind: "unknown-reference" }
  | { kind: "rejected"; reason: RejectedReason }
  | { kind: "succeeded"; orderId: string; paymentId: string; kept?: KeptForPayment }
  | { kind: "refused"; reason: string; orderId: string; paymentId: string; refundId: string | null }
  | { kind: "declined"; paymentId: string }
  | { kind: "noted"; paymentId: string; note: string };

export function createWebhooks(ctx: PaymentsContext, refunds: Pick<Refunds, "runRefund">) {
  const { db, now, log } = ctx;

  async function handleWebhook(input: WebhookInput): Promise<WebhookAnswer> {
    const provider = ctx.providerNamed(input.provider);
    if (!provider) return { outcome: "unknown-provider", body: { error: "unknown payment provider" } };

    let verified: ProviderEvent;
    try {
      verified = await provider.verifyWebhook(input.rawBody, input.headers);
    } catch (error) {
      if (error instanceof WebhookVerificationError) {
        // Nothing is recorded: an unverified body is not evidence of anything.
        log.warn(`[payments] ${input.provider} webhook refused (${error.reason}): ${error.message}`);
        return { outcome: error.reason === "MALFORMED" ? "malformed" : "unverified", body: { error: error.message } };
      }
      throw error;
    }

    const { event, rejection } = screenEvent(verified, input.rawBody);
    const recorded =
      (!rejection && event.type === "payment.succeeded" ? await recordSuccessAtOnce(input.provider, event) : null) ??
      (await db.$transaction((tx) => recordEvent(tx, input.provider, event, rejection)));

    switch (recorded.kind) {
      case "rejected":
        log.warn(`[payments] ${input.provider} event ${event.id} (${event.type}) rejected: ${recorded.reason}`);
        return { outcome: "rejected", body: { error: REJECTION_MESSAGE[recorded.reason], rejected: recorded.reason } };
      case "duplicate":
        return { outcome: "duplicate", body: { duplicate: true } };
      case "unsettled-duplicate": {
        // The provider redelivered a success we recorded, but the order never settled (the engine lost the event and
        // the inline settlement failed, or the process died in between). Settlement is idempotent, so run it again
        // now rather than leave the customer's seats to lapse until reconciliation.
        await keepSeats(recorded.orderId, recorded.paymentId);
        const settlement = await settleInline(recorded.orderId, recorded.paymentId);
        return { outcome: "recorded", body: { received: true, duplicate: true, payment: "SUCCEEDED", settlement } };
      }
      case "unknown-reference":
        // Recorded, so the provider may stop retrying: the PaymentEvent row (paymentId null) is the trace, and
        // unmatchedEvents lists such rows for staff (booking's attention desk shows them).
        log.warn(`[payments] ${input.provider} event ${event.id} (${event.type}) names unknown reference ${event.providerRef}`);
        return { outcome: "unmatched", body: { ignored: "unknown reference" } };
      case "succeeded": {
        await keepSeats(recorded.orderId, recorded.paymentId, recorded.kept);
        const settlement = await publishOrSettle(recorded.orderId, recorded.paymentId);
        return { outcome: "recorded", body: { received: true, payment: "SUCCEEDED", settlement } };
      }
      case "refused": {
        const refund = recorded.refundId ? await refundRefusedPayment(recorded.refundId, recorded.orderId) : "NOT_ATTEMPTED";
        return { outcome: "recorded", body: { received: true, payment: "FAILED", reason: recorded.reason, refund } };
      }
      case "declined":
        return { outcome: "recorded", body: { received: true, payment: "FAILED" } };
      case "noted":
        return { outcome: "recorded", body: { received: true, note: recorded.note } };
    }
  }

  /**
   * The usual success in one statement, so in one round trip and without BEGIN/COMMIT: a payment.succeeded event for a
   * PENDING (or superseded) payment of a PENDING order, for its amount and currency, with no other payment of the order
   * paid, recorded for the first time. The statement locks the order, then the payment (the order every writer here
   * takes), marks the payment SUCCEEDED, records the event, and moves the order's deadline to where booking keeps its
   * seats while it settles (`paidOrderDeadline`). It is all or nothing: anything else (a refusal, a duplicate, a
   * concurrent change, an error) writes nothing and answers null, and the event goes through recordEvent's transaction.
   *
   * Its checks of other rows read the snapshot the statement started with, which may predate a concurrent success it
   * then waited for at the order lock; the locked order row itself is read as committed (READ COMMITTED re-reads a row
   * it waited for), so an order paid meanwhile is seen, and the partial unique index `payment_one_success_per_order`
   * refuses a second web payment of one order becoming SUCCEEDED (the error sends it down recordEvent's path, which
   * refuses it as DUPLICATE_PAYMENT).
   */
  async function recordSuccessAtOnce(providerName: string, event: ProviderEvent): Promise<Recorded | null> {
    const at = now();
    const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
    const deadline = ctx.paidOrderDeadline?.() ?? null;
    const currency = event.currency?.toUpperCase() ?? null;
    if (event.amount === null || currency === null) return null;
    try {
      const [row] = await db.$queryRaw<Array<{ paymentId: string; orderId: string; screeningId: string | null; events: number; deadlineKept: boolean }>>`
        WITH found AS (
          SELECT "id", "orderId" FROM "Payment" WHERE "provider" = ${providerName} AND "providerRef" = ${event.providerRef}
        ), locked AS (
          SELECT o."id", o."status", o."screeningId" FROM "Order" o JOIN found ON o."id" = found."orderId" FOR UPDATE OF o
        ), succeeded AS (
          UPDATE "Payment" p SET "status" = 'SUCCEEDED', "succeededAt" = ${utc(at)}, "failureReason" = NULL, "updatedAt" = ${utc(at)}
          FROM locked
          WHERE p."id" = (SELECT "id" FROM found) AND p."orderId" = locked."id" AND locked."status" = 'PENDING'
            AND (p."status" = 'PENDING' OR (p."status" = 'FAILED' AND p."failureReason" <> ALL(${[...REFUSED_REASONS]}::text[])))
            AND p."amount" = ${event.amount} AND p."currency" = ${currency}
            AND NOT EXISTS (SELECT 1 FROM "Payment" other WHERE other."orderId" = p."orderId" AND other."id" <> p."id"
                              AND other."status"::text = ANY(${[...ACCEPTS_REFUNDS]}::text[]))
            AND NOT EXISTS (SELECT 1 FROM "PaymentEvent" e WHERE e."provider" = ${providerName} AND e."providerEventId" = ${event.id})
          RETURNING p."id", p."orderId"
        ), recorded AS (
          INSERT INTO "PaymentEvent" ("id", "provider", "providerEventId", "providerRef", "paymentId", "type", "amount", "currency", "payload", "signatureValid", "receivedAt")
          SELECT ${newId("pev")}, ${providerName}, ${event.id}, ${event.providerRef}, succeeded."id", ${event.type}, ${event.amount},
                 ${event.currency && /^[A-Z]{3}$/.test(event.currency) ? event.currency : null}, ${JSON.stringify(event.payload ?? {})}::jsonb, true, ${utc(at)}
          FROM succeeded
          RETURNING "id"
        )${
          deadline
            ? Prisma.sql`, kept AS (
          UPDATE "Order" o SET "expiresAt" = ${utc(deadline)}
          FROM succeeded WHERE o."id" = succeeded."orderId" AND o."status" = 'PENDING' AND o."expiresAt" < ${utc(deadline)}
        )`
            : Prisma.empty
        }
        SELECT succeeded."id" AS "paymentId", succeeded."orderId", locked."screeningId",
               (SELECT count(*) FROM recorded)::int AS "events", ${deadline !== null} AS "deadlineKept"
        FROM succeeded JOIN locked ON locked."id" = succeeded."orderId"`;
      if (!row || row.events !== 1) return null;
      const kept = row.screeningId ? { screeningId: row.screeningId, orderDeadlineKept: row.deadlineKept } : undefined;
      return { kind: "succeeded", orderId: row.orderId, paymentId: row.paymentId, kept };
    } catch (error) {
      // Nothing was written (one statement). A second success racing this one (the unique index), a duplicate event,
      // a deadlock: the transaction below decides it with its locks and a fresh look.
      if (isDatabaseUnreachable(error)) throw error;
      log.warn(`[payments] ${providerName} event ${event.id}: recording at once failed, recording in a transaction`, error);
      return null;
    }
  }

  /**
   * Records the event and applies its state change in one transaction. An event screen.ts rejected (`rejection`), or
   * one that makes no sense for its payment (judge), is recorded as rejected and changes nothing else.
   */
  async function recordEvent(tx: Transaction, providerName: string, event: ProviderEvent, screened: RejectedReason | null): Promise<Recorded> {
    const found = await tx.payment.findUnique({
      where: { provider_providerRef: { provider: providerName, providerRef: event.providerRef } },
      select: { id: true, orderId: true },
    });
    // Order, then Payment: every writer here takes them in this order. The order lock also serialises two payments
    // of the same order succeeding at once.
    if (found) await lockOrder(tx, found.orderId);
    const payment = found ? await lockPayment(tx, found.id) : null;
    const rejection = screened ?? (payment ? await judge(tx, payment, event) : null);

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
          rejectedReason: rejection,
          receivedAt: now(),
        },
      ],
      skipDuplicates: true,
    });
    if (inserted.count === 0) {
      const earlier = await tx.paymentEvent.findUnique({
        where: { provider_providerEventId: { provider: providerName, providerEventId: event.id } },
        select: { rejectedReason: true },
      });
      if (earlier?.rejectedReason) return { kind: "rejected", reason: earlier.rejectedReason as RejectedReason };
      if (payment && event.type === "payment.succeeded" && payment.status === "SUCCEEDED" && (await unsettled(tx, payment.id))) {
        return { kind: "unsettled-duplicate", orderId: payment.orderId, paymentId: payment.id };
      }
      return { kind: "duplicate" };
    }
    if (rejection) return { kind: "rejected", reason: rejection };
    if (!payment) return { kind: "unknown-reference" };

    switch (event.type) {
      case "payment.succeeded":
        return applySuccess(tx, payment, event);
      case "payment.failed":
        return applyFailure(tx, payment, event);
      case "refund.succeeded":
      case "refund.failed":
        return applyRefundEvent(tx, providerName, payment, event);
      case DISPUTE_EVENT:
        return applyDispute(tx, payment, event);
      default:
        return { kind: "noted", paymentId: payment.id, note: `event type ${event.type} is not acted on` };
    }
  }

  /** Our Refund row that a refund event is about: by the idempotency key we sent, else by the provider's refund id. */
  async function refundOfEvent(tx: Transaction, payment: PaymentRow, event: ProviderEvent) {
    return (
      (event.refundKey ? await tx.refund.findFirst({ where: { id: event.refundKey, paymentId: payment.id } }) : null) ??
      (event.refundRef ? await tx.refund.findFirst({ where: { paymentId: payment.id, providerRef: event.refundRef } }) : null)
    );
  }

  /**
   * Whether a storable event makes sense for its (locked) payment. A refund we asked for is ours to account (its row
   * has the amount); a refund we didn't ask for must say a positive amount that fits in what is left of the payment,
   * or our books would show a refund of nothing (and a pending payment "partially refunded", so that its real
   * success never settles) or more money back than was ever taken.
   */
  async function judge(tx: Transaction, payment: PaymentRow, event: ProviderEvent): Promise<RejectedReason | null> {
    if (event.type !== "refund.succeeded") return null;
    if (await refundOfEvent(tx, payment, event)) return null;
    if (event.amount === null || event.amount <= 0) return REJECTED_EVENT.refundAmountMissing;
    const currency = event.currency?.toUpperCase() ?? payment.currency;
    if (event.amount > (await refundRoom(tx, payment, currency))) return REJECTED_EVENT.refundExceedsPayment;
    return null;
  }

  /**
   * A SUCCEEDED payment whose order is not settled: the order isn't PAID yet (or is PAID with tickets still HELD),
   * nothing was refunded, and the payment succeeded long enough ago that its first settlement should have finished.
   * Orders that ended (expired, cancelled, exchanged) or are flagged for staff are left to reconciliation.
   */
  async function unsettled(tx: Transaction, paymentId: string): Promise<boolean> {
    const before = new Date(now().getTime() - ctx.options.resettleAfterSeconds * 1000);
    const found = await tx.payment.findFirst({
      where: {
        id: paymentId,
        status: "SUCCEEDED",
        succeededAt: { lte: before },
        refunds: { none: { status: "SUCCEEDED" } },
        order: {
          needsAttention: false,
          OR: [
            { status: "PENDING" },
            { status: "PAID", tickets: { some: { status: "HELD" } } },
          ],
        },
      },
      select: { id: true },
    });
    return found !== null;
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
      const result = await refunds.runRefund(refundId);
      return result.status;
    } catch (error) {
      // The webhook is already recorded, so the provider retrying it would change nothing: the Refund row stays FAILED
      // for retryStalledRefunds (booking's reconciliation runs it), and the flag puts the order in front of staff.
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
    const refund = await refundOfEvent(tx, payment, event);

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
      // arriving later finds it refunded and does not confirm the order. Only money actually recorded as given back
      // does that (judge() rejected a refund event of nothing, and a refund.failed gives nothing back).
      const refunded = await refundedAmount(tx, payment);
      if (refunded <= 0) return { kind: "noted", paymentId: payment.id, note: "no refund recorded" };
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

  /** The order's seats are kept for its payment first (booking's keepSeatsForPayment); a failure here settles nothing less. */
  async function keepSeats(orderId: string, paymentId: string, known?: KeptForPayment) {
    try {
      await ctx.keepSeatsForPayment(orderId, paymentId, known);
    } catch (error) {
      log.error(`[payments] could not keep the seats of ${orderId} for payment ${paymentId}`, error);
    }
  }

  async function publishOrSettle(orderId: string, paymentId: string): Promise<"published" | "settled inline" | "pending"> {
    try {
      await withTimeout(
        ctx.events.publish("order/payment.succeeded", { orderId, paymentId }, { id: `payment-succeeded-${paymentId}` }),
        ctx.options.publishTimeoutMs,
        "the workflow engine",
      );
      return "published";
    } catch (error) {
      log.warn(`[payments] could not publish order/payment.succeeded for ${paymentId}; settling inline`, error);
    }
    return settleInline(orderId, paymentId);
  }

  async function settleInline(orderId: string, paymentId: string): Promise<"settled inline" | "pending"> {
    try {
      await ctx.settlePaidOrder(orderId, paymentId);
      return "settled inline";
    } catch (error) {
      // The payment is recorded SUCCEEDED, so reconciliation settles it later; failing the webhook would not help,
      // because the provider's retry only settles again once resettleAfterSeconds have passed (see unsettled).
      log.error(`[payments] inline settlement of ${paymentId} failed; left for reconciliation`, error);
      return "pending";
    }
  }

  return { handleWebhook };
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
