// The sandbox payment provider: a stand-in for a real one that behaves like one, so that every path Marquee has for
// real money (hosted page, signed webhooks that arrive late, twice or not at all until we answer 2xx, refunds) runs
// in development and tests with no network and no money.
//
// It keeps its own books, apart from Marquee's Payment rows: a SandboxCheckout per payment attempt and a
// SandboxWebhookDelivery per event, retried with exponential backoff until our webhook endpoint answers 2xx.
import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Database, Prisma } from "@/server/db";
import type { SandboxCheckoutStatus } from "@/server/db/generated/enums";
import { badRequest, notFound } from "@/server/errors";
import {
  type CheckoutRequest,
  type CheckoutSession,
  headerValue,
  type PaymentProvider,
  type ProviderEvent,
  type ProviderPaymentStatus,
  type RefundRequest,
  type WebhookHeaders,
  WebhookVerificationError,
} from "../provider";
import { checkSignature, SIGNATURE_HEADER, signatureHeader } from "../signature";

export const SANDBOX_PROVIDER = "sandbox";

export interface SandboxDeliveryOptions {
  /** Attempts per event before the sandbox gives up on it (a real provider would disable the endpoint). */
  maxAttempts: number;
  /** Wait after the first failure; doubled after each further one. */
  firstRetryMs: number;
  maxRetryMs: number;
  /** How long a claimed delivery stays invisible to other workers while it is being sent. */
  leaseMs: number;
  /** Longest wait for our endpoint to answer. */
  requestTimeoutMs: number;
  /** Deliveries claimed per round. */
  batchSize: number;
}

export const defaultSandboxDeliveryOptions: SandboxDeliveryOptions = {
  maxAttempts: 10,
  firstRetryMs: 1_000,
  maxRetryMs: 5 * 60_000,
  leaseMs: 60_000,
  requestTimeoutMs: 10_000,
  batchSize: 20,
};

export interface SandboxProviderDeps {
  db: Database;
  now?: () => Date;
  /** Marquee's public base URL: the hosted page is `${appUrl}/sandbox-pay/<ref>`. */
  appUrl: string;
  webhookSecret: string;
  /** Where webhooks go; default `${appUrl}/api/webhooks/payments/sandbox`. */
  webhookUrl?: string;
  /** "Approve after a delay" holds the success webhook back this long. */
  delaySeconds?: number;
  /** Replaceable for tests (an in-process endpoint). */
  fetch?: typeof fetch;
  delivery?: Partial<SandboxDeliveryOptions>;
}

export type SandboxDecision = "approve" | "decline" | "approve_delayed";

export interface SandboxCheckoutView {
  ref: string;
  orderReference: string | null;
  description: string;
  amount: number;
  currency: string;
  status: SandboxCheckoutStatus;
  refundedAmount: number;
  decidedAt: Date | null;
  createdAt: Date;
  /** Where the browser goes back to, with ?ref=&outcome= once decided. */
  returnUrl: string;
}

export interface DeliveryReport {
  attempted: number;
  delivered: number;
  failed: number;
  /** Deliveries that used their last attempt in this round. */
  gaveUp: number;
}

export interface SandboxProvider extends PaymentProvider {
  readonly name: typeof SANDBOX_PROVIDER;
  /** The hosted page's view of a checkout; null if there is none. */
  checkout(ref: string): Promise<SandboxCheckoutView | null>;
  /**
   * The customer's choice on the hosted page. Records the outcome and queues the signed webhook (due now, or after
   * the delay); deciding twice keeps the first outcome. Returns where to send the browser.
   */
  decide(input: { ref: string; decision: SandboxDecision }): Promise<{ checkout: SandboxCheckoutView; returnTo: string; alreadyDecided: boolean }>;
  /**
   * Sends the due webhooks addressed to this provider's webhook URL, once each even with several workers
   * (SKIP LOCKED claims). A failed send (any non-2xx, a timeout) is retried after 1 s, 2 s, 4 s … (capped).
   */
  deliverDue(input?: { now?: Date; limit?: number }): Promise<DeliveryReport>;
}

/** What the sandbox's webhooks carry (the body, as JSON). */
const sandboxEventSchema = z.object({
  id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  created: z.number().int(),
  data: z.object({
    checkout: z.string().min(1).max(200),
    // Within PostgreSQL's integer, the type of every amount column.
    amount: z.number().int().min(0).max(2_147_483_647).optional(),
    currency: z.string().length(3).optional(),
    refund: z.string().max(200).optional(),
    idempotencyKey: z.string().max(500).optional(),
    reason: z.string().max(500).optional(),
  }),
});

type SandboxEvent = z.infer<typeof sandboxEventSchema>;

/**
 * Where the hosted page sends the browser once the checkout is decided: the merchant's return URL with ?ref= and
 * ?outcome=approved|declined. It confirms nothing; the merchant waits for the webhook.
 */
export function sandboxReturnTo(checkout: Pick<SandboxCheckoutView, "ref" | "returnUrl" | "status">): string {
  const url = new URL(checkout.returnUrl);
  url.searchParams.set("ref", checkout.ref);
  url.searchParams.set("outcome", checkout.status === "DECLINED" ? "declined" : "approved");
  return url.toString();
}

export function createSandboxProvider(deps: SandboxProviderDeps): SandboxProvider {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const appUrl = deps.appUrl.replace(/\/+$/, "");
  const webhookUrl = deps.webhookUrl ?? `${appUrl}/api/webhooks/payments/${SANDBOX_PROVIDER}`;
  const delaySeconds = deps.delaySeconds ?? 10;
  const send = deps.fetch ?? fetch;
  const delivery: SandboxDeliveryOptions = { ...defaultSandboxDeliveryOptions, ...deps.delivery };

  function view(row: Omit<SandboxCheckoutView, "ref"> & { id: string }): SandboxCheckoutView {
    return {
      ref: row.id,
      orderReference: row.orderReference,
      description: row.description,
      amount: row.amount,
      currency: row.currency,
      status: row.status,
      refundedAmount: row.refundedAmount,
      decidedAt: row.decidedAt,
      createdAt: row.createdAt,
      returnUrl: row.returnUrl,
    };
  }

  function event(type: string, at: Date, data: SandboxEvent["data"], id = `evt_${randomBytes(12).toString("hex")}`): SandboxEvent {
    return { id, type, created: Math.floor(at.getTime() / 1000), data };
  }

  async function createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    if (!Number.isSafeInteger(request.amount) || request.amount <= 0) throw badRequest("A checkout needs a positive amount.");
    let returnUrl: URL;
    try {
      returnUrl = new URL(request.returnUrl);
    } catch {
      throw badRequest("The return address for the payment page is not a valid URL.");
    }
    const ref = `sbx_${randomBytes(12).toString("hex")}`;
    await db.sandboxCheckout.create({
      data: {
        id: ref,
        orderReference: request.orderReference,
        description: request.description,
        amount: request.amount,
        currency: request.currency.toUpperCase(),
        returnUrl: returnUrl.toString(),
        webhookUrl,
        createdAt: now(),
      },
    });
    return { providerRef: ref, redirectUrl: `${appUrl}/sandbox-pay/${ref}` };
  }

  async function checkout(ref: string): Promise<SandboxCheckoutView | null> {
    const row = await db.sandboxCheckout.findUnique({ where: { id: ref } });
    return row ? view(row) : null;
  }

  async function decide(input: { ref: string; decision: SandboxDecision }) {
    const at = now();
    const approved = input.decision !== "decline";
    return db.$transaction(async (tx) => {
      const changed = await tx.sandboxCheckout.updateMany({
        where: { id: input.ref, status: "OPEN" },
        data: { status: approved ? "APPROVED" : "DECLINED", decidedAt: at },
      });
      const row = await tx.sandboxCheckout.findUnique({ where: { id: input.ref } });
      if (!row) throw notFound("That payment");
      const current = view(row);
      if (changed.count === 0) return { checkout: current, returnTo: sandboxReturnTo(current), alreadyDecided: true };

      const due = input.decision === "approve_delayed" ? new Date(at.getTime() + delaySeconds * 1000) : at;
      const body = approved
        ? event("payment.succeeded", at, { checkout: row.id, amount: row.amount, currency: row.currency })
        : event("payment.failed", at, { checkout: row.id, amount: row.amount, currency: row.currency, reason: "declined on the sandbox page" });
      await tx.sandboxWebhookDelivery.create({
        data: { id: body.id, checkoutId: row.id, type: body.type, payload: asJson(body), nextAttemptAt: due, createdAt: at },
      });
      return { checkout: current, returnTo: sandboxReturnTo(current), alreadyDecided: false };
    });
  }

  async function refund(request: RefundRequest): Promise<{ refundRef: string }> {
    // The key (per payment) decides the refund's identity: the same key always answers with the same refund and
    // moves no money the second time.
    const digest = createHash("sha256").update(`${request.providerRef}\n${request.idempotencyKey}`).digest("hex").slice(0, 24);
    const refundRef = `sbr_${digest}`;
    const eventId = `evt_rf_${digest}`;
    const at = now();
    await db.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<Array<{ status: SandboxCheckoutStatus; amount: number; currency: string; refundedAmount: number }>>`
        SELECT "status"::text AS "status", "amount", "currency", "refundedAmount" FROM "SandboxCheckout"
         WHERE "id" = ${request.providerRef} FOR UPDATE`;
      if (!row) throw new Error(`sandbox: no checkout ${request.providerRef}`);
      const done = await tx.sandboxWebhookDelivery.findUnique({ where: { id: eventId }, select: { id: true } });
      if (done) return;
      if (row.status !== "APPROVED") throw new Error(`sandbox: checkout ${request.providerRef} is ${row.status}, nothing to refund`);
      if (request.currency.toUpperCase() !== row.currency) {
        throw new Error(`sandbox: refund in ${request.currency} of a payment in ${row.currency}`);
      }
      if (!Number.isSafeInteger(request.amount) || request.amount <= 0 || row.refundedAmount + request.amount > row.amount) {
        throw new Error(`sandbox: refund of ${request.amount} exceeds what is left of ${row.amount - row.refundedAmount}`);
      }
      const refundedAmount = row.refundedAmount + request.amount;
      await tx.sandboxCheckout.update({
        where: { id: request.providerRef },
        data: { refundedAmount, status: refundedAmount === row.amount ? "REFUNDED" : "APPROVED" },
      });
      const body = event(
        "refund.succeeded",
        at,
        { checkout: request.providerRef, refund: refundRef, amount: request.amount, currency: row.currency, idempotencyKey: request.idempotencyKey },
        eventId,
      );
      await tx.sandboxWebhookDelivery.create({
        data: { id: eventId, checkoutId: request.providerRef, type: body.type, payload: asJson(body), nextAttemptAt: at, createdAt: at },
      });
    });
    return { refundRef };
  }

  async function status(providerRef: string): Promise<ProviderPaymentStatus> {
    const row = await db.sandboxCheckout.findUnique({ where: { id: providerRef } });
    if (!row) throw notFound("That sandbox payment");
    const state =
      row.status === "OPEN"
        ? "open"
        : row.status === "DECLINED"
          ? "declined"
          : row.status === "REFUNDED" || row.refundedAmount >= row.amount
            ? "refunded"
            : "succeeded";
    return { status: state, amount: row.amount, currency: row.currency, refundedAmount: row.refundedAmount };
  }

  async function verifyWebhook(rawBody: string, headers: WebhookHeaders): Promise<ProviderEvent> {
    const check = checkSignature({ header: headerValue(headers, SIGNATURE_HEADER), rawBody, secrets: [deps.webhookSecret], now: now() });
    if (!check.ok) throw new WebhookVerificationError(check.reason, check.message);
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new WebhookVerificationError("MALFORMED", "body is not JSON");
    }
    const parsed = sandboxEventSchema.safeParse(json);
    if (!parsed.success) throw new WebhookVerificationError("MALFORMED", "body is not a sandbox event");
    const { data } = parsed.data;
    return {
      id: parsed.data.id,
      type: parsed.data.type,
      providerRef: data.checkout,
      amount: data.amount ?? null,
      currency: data.currency?.toUpperCase() ?? null,
      refundRef: data.refund ?? null,
      refundKey: data.idempotencyKey ?? null,
      failureReason: data.reason ?? null,
      payload: json,
    };
  }

  function retryDelayMs(attempts: number): number {
    return Math.min(delivery.firstRetryMs * 2 ** Math.max(0, attempts - 1), delivery.maxRetryMs);
  }

  async function deliverDue(input: { now?: Date; limit?: number } = {}): Promise<DeliveryReport> {
    const at = input.now ?? now();
    const atMs = at.getTime();
    // Only events for this provider's endpoint: in production every process has the same one; tests and a second
    // app sharing a database each get their own deliveries.
    //
    // One statement claims the batch: SKIP LOCKED passes over rows another worker is claiming, and moving
    // nextAttemptAt past the lease hides the claimed rows from every later claim until this worker has sent them (or
    // died, in which case the lease runs out and they are sent again: at least once, as providers promise).
    const claimed = await db.$queryRaw<Array<{ id: string; payload: unknown; attempts: number; webhookUrl: string }>>`
      WITH due AS MATERIALIZED (
        SELECT d."id", c."webhookUrl"
          FROM "SandboxWebhookDelivery" d
          JOIN "SandboxCheckout" c ON c."id" = d."checkoutId"
         WHERE d."deliveredAt" IS NULL AND d."attempts" < ${delivery.maxAttempts}::int
           AND d."nextAttemptAt" <= to_timestamp(${atMs}::float8 / 1000.0) AT TIME ZONE 'UTC'
           AND c."webhookUrl" = ${webhookUrl}
         ORDER BY d."nextAttemptAt", d."id"
         LIMIT ${input.limit ?? delivery.batchSize}::int
         FOR UPDATE OF d SKIP LOCKED)
      UPDATE "SandboxWebhookDelivery" d
         SET "attempts" = d."attempts" + 1,
             "nextAttemptAt" = to_timestamp(${atMs + delivery.leaseMs}::float8 / 1000.0) AT TIME ZONE 'UTC'
        FROM due
       WHERE d."id" = due."id"
      RETURNING d."id", d."payload", d."attempts", due."webhookUrl"`;

    const report: DeliveryReport = { attempted: claimed.length, delivered: 0, failed: 0, gaveUp: 0 };
    await Promise.all(
      claimed.map(async (row) => {
        const rawBody = JSON.stringify(row.payload);
        let statusCode: number | null = null;
        let error: string | null = null;
        try {
          const response = await send(row.webhookUrl, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              "user-agent": "MarqueeSandboxPayments/1.0",
              [SIGNATURE_HEADER]: signatureHeader(deps.webhookSecret, rawBody, at),
            },
            body: rawBody,
            signal: AbortSignal.timeout(delivery.requestTimeoutMs),
          });
          statusCode = response.status;
          // Drain the body so that the connection can be reused; what it says doesn't matter.
          await response.text().catch(() => "");
          if (!response.ok) error = `endpoint answered ${response.status}`;
        } catch (cause) {
          error = cause instanceof Error ? cause.message : String(cause);
        }

        if (error === null) {
          report.delivered += 1;
          await db.sandboxWebhookDelivery.updateMany({
            where: { id: row.id, deliveredAt: null },
            data: { deliveredAt: at, lastStatus: statusCode, lastError: null },
          });
          return;
        }
        report.failed += 1;
        const exhausted = row.attempts >= delivery.maxAttempts;
        if (exhausted) report.gaveUp += 1;
        await db.sandboxWebhookDelivery.updateMany({
          where: { id: row.id, deliveredAt: null },
          data: {
            lastStatus: statusCode,
            lastError: exhausted ? `${error}; gave up after ${row.attempts} attempts` : error,
            nextAttemptAt: new Date(atMs + retryDelayMs(row.attempts)),
          },
        });
      }),
    );
    return report;
  }

  return { name: SANDBOX_PROVIDER, createCheckout, refund, status, verifyWebhook, checkout, decide, deliverDue };
}

function asJson(event: SandboxEvent): Prisma.InputJsonValue {
  // Through JSON so that optional fields left undefined are dropped, as they would be on the wire.
  return JSON.parse(JSON.stringify(event)) as Prisma.InputJsonValue;
}
