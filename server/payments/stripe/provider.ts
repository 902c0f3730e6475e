// Stripe as a PaymentProvider, on the official `stripe` package: a Checkout Session per payment attempt (its id is
// Payment.providerRef), refunds through the Refunds API, and webhooks verified with Stripe's own signature scheme over
// the raw body, then mapped to Marquee's ProviderEvent types.
//
// Every mutating call carries an idempotency key Marquee already owns (the Payment id for a checkout, the Refund id
// for a refund), so a retry after a timeout never creates a second checkout or pays a refund out twice.
import Stripe from "stripe";
import { z } from "zod";
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

export const STRIPE_PROVIDER = "stripe";

/** The API version this code was written against (the only one the package's types accept). */
export const STRIPE_API_VERSION = "2026-11-18.endive";

/** Stripe's own default, and the sandbox's: a signature older (or newer) than this is a replay. */
export const STRIPE_WEBHOOK_TOLERANCE_SECONDS = 300;

/** Metadata keys Marquee writes on sessions, payment intents and refunds, and reads back from webhooks. */
export const STRIPE_METADATA = {
  paymentId: "marquee_payment_id",
  orderReference: "marquee_order_reference",
  checkoutSession: "marquee_checkout_session",
  refundId: "marquee_refund_id",
} as const;

export interface StripeProviderDeps {
  secretKey: string;
  webhookSecret: string;
  now?: () => Date;
  /** Tests point the client at a local stand-in; production leaves these unset (api.stripe.com over https). */
  api?: { host?: string; port?: number; protocol?: "http" | "https"; maxNetworkRetries?: number; timeoutMs?: number };
}

const idOf = (value: unknown): string | null =>
  typeof value === "string" ? value : value && typeof value === "object" && "id" in value && typeof value.id === "string" ? value.id : null;

const expandable = z.union([z.string(), z.object({ id: z.string() }).loose()]).nullish();
const metadata = z.record(z.string(), z.string()).nullish();

const sessionSchema = z
  .object({
    id: z.string(),
    amount_total: z.number().int().nullish(),
    currency: z.string().nullish(),
    payment_status: z.string().nullish(),
    payment_intent: expandable,
    metadata,
  })
  .loose();
const refundSchema = z
  .object({
    id: z.string(),
    amount: z.number().int().nullish(),
    currency: z.string().nullish(),
    status: z.string().nullish(),
    failure_reason: z.string().nullish(),
    payment_intent: expandable,
    charge: expandable,
    metadata,
  })
  .loose();
const chargeSchema = z
  .object({
    id: z.string(),
    payment_intent: expandable,
    refunds: z.object({ data: z.array(refundSchema) }).loose().nullish(),
  })
  .loose();
const disputeSchema = z
  .object({
    id: z.string(),
    amount: z.number().int().nullish(),
    currency: z.string().nullish(),
    reason: z.string().nullish(),
    payment_intent: expandable,
    charge: expandable,
  })
  .loose();
const eventSchema = z.object({ id: z.string().min(1), type: z.string().min(1), data: z.object({ object: z.object({ id: z.string() }).loose() }) }).loose();

type StripeRefundObject = z.infer<typeof refundSchema>;

const upper = (currency: string | null | undefined) => (currency ? currency.toUpperCase() : null);

export function createStripeProvider(deps: StripeProviderDeps): PaymentProvider {
  const now = deps.now ?? (() => new Date());
  const stripe = new Stripe(deps.secretKey, {
    apiVersion: STRIPE_API_VERSION,
    host: deps.api?.host,
    port: deps.api?.port,
    protocol: deps.api?.protocol,
    // The SDK retries with the same idempotency key, so a retry is safe; Marquee's own retries (refunds) come on top.
    maxNetworkRetries: deps.api?.maxNetworkRetries ?? 2,
    timeout: deps.api?.timeoutMs ?? 20_000,
    appInfo: { name: "Marquee" },
  });

  async function createCheckout(request: CheckoutRequest): Promise<CheckoutSession> {
    const meta = { [STRIPE_METADATA.paymentId]: request.paymentId, [STRIPE_METADATA.orderReference]: request.orderReference };
    const session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: request.currency.toLowerCase(),
              unit_amount: request.amount,
              product_data: { name: request.description },
            },
          },
        ],
        client_reference_id: request.paymentId,
        metadata: meta,
        payment_intent_data: { metadata: meta, description: `${request.description} (${request.orderReference})` },
        // Coming back confirms nothing (only the webhook does): both lead to the order page, which says where it stands.
        success_url: request.returnUrl,
        cancel_url: request.returnUrl,
      },
      { idempotencyKey: request.paymentId },
    );
    if (!session.url) throw new Error(`Stripe returned checkout session ${session.id} without a URL`);
    return { providerRef: session.id, redirectUrl: session.url };
  }

  async function paymentIntentOf(sessionId: string): Promise<{ paymentIntent: string | null; currency: string | null }> {
    const session = sessionSchema.parse(await stripe.checkout.sessions.retrieve(sessionId));
    return { paymentIntent: idOf(session.payment_intent), currency: upper(session.currency) };
  }

  async function refund(request: RefundRequest): Promise<{ refundRef: string }> {
    const { paymentIntent, currency } = await paymentIntentOf(request.providerRef);
    if (!paymentIntent) throw new Error(`Stripe checkout ${request.providerRef} has no payment to refund`);
    if (currency && currency !== request.currency.toUpperCase()) {
      throw new Error(`Stripe checkout ${request.providerRef} was paid in ${currency}, not ${request.currency}`);
    }
    const created = refundSchema.parse(
      await stripe.refunds.create(
        {
          payment_intent: paymentIntent,
          amount: request.amount,
          metadata: { [STRIPE_METADATA.refundId]: request.idempotencyKey, [STRIPE_METADATA.checkoutSession]: request.providerRef },
        },
        { idempotencyKey: request.idempotencyKey },
      ),
    );
    if (created.status === "failed" || created.status === "canceled") {
      throw new Error(`Stripe refund ${created.id} ${created.status}${created.failure_reason ? `: ${created.failure_reason}` : ""}`);
    }
    // "pending" is accepted: the refund.updated webhook says how it ends, and a failure there flags the order.
    return { refundRef: created.id };
  }

  async function status(providerRef: string): Promise<ProviderPaymentStatus> {
    const session = sessionSchema.parse(await stripe.checkout.sessions.retrieve(providerRef));
    const amount = session.amount_total ?? 0;
    const currency = upper(session.currency) ?? "";
    const paymentIntentId = idOf(session.payment_intent);
    let refundedAmount = 0;
    let intentStatus: string | null = null;
    if (paymentIntentId) {
      const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ["latest_charge"] });
      intentStatus = intent.status;
      const charge = intent.latest_charge;
      if (charge && typeof charge === "object") refundedAmount = charge.amount_refunded ?? 0;
    }
    const sessionStatus = (session as { status?: string | null }).status;
    let state: ProviderPaymentStatus["status"];
    if (session.payment_status === "paid") state = refundedAmount > 0 && refundedAmount >= amount ? "refunded" : "succeeded";
    else if (sessionStatus === "expired" || intentStatus === "canceled" || (sessionStatus === "complete" && intentStatus === "requires_payment_method")) {
      state = "declined";
    } else state = "open";
    return { status: state, amount, currency, refundedAmount };
  }

  /** The checkout session a payment intent belongs to (refunds and disputes name the intent, not the session). */
  async function sessionOfPaymentIntent(paymentIntent: string | null): Promise<string | null> {
    if (!paymentIntent) return null;
    const found = await stripe.checkout.sessions.list({ payment_intent: paymentIntent, limit: 1 });
    return found.data[0]?.id ?? null;
  }

  async function refundEvent(event: { id: string; payload: unknown }, refund: StripeRefundObject): Promise<ProviderEvent> {
    const paymentIntent = idOf(refund.payment_intent);
    const providerRef =
      refund.metadata?.[STRIPE_METADATA.checkoutSession] ?? (await sessionOfPaymentIntent(paymentIntent)) ?? paymentIntent ?? idOf(refund.charge) ?? refund.id;
    const type =
      refund.status === "succeeded"
        ? "refund.succeeded"
        : refund.status === "failed" || refund.status === "canceled"
          ? "refund.failed"
          : // pending / requires_action: recorded, acted on when it ends.
            `stripe.refund.${refund.status ?? "unknown"}`;
    return {
      id: event.id,
      type,
      providerRef,
      amount: refund.amount ?? null,
      currency: upper(refund.currency),
      refundRef: refund.id,
      refundKey: refund.metadata?.[STRIPE_METADATA.refundId] ?? null,
      failureReason: refund.failure_reason ?? null,
      payload: event.payload,
    };
  }

  /** The Stripe event, in Marquee's terms. Events Marquee doesn't act on keep their own type (recorded, ignored). */
  async function toProviderEvent(raw: z.infer<typeof eventSchema>, payload: unknown): Promise<ProviderEvent> {
    const object = raw.data.object;
    const base = { id: raw.id, payload };
    switch (raw.type) {
      case "checkout.session.completed":
      case "checkout.session.async_payment_succeeded":
      case "checkout.session.async_payment_failed":
      case "checkout.session.expired": {
        const session = sessionSchema.parse(object);
        const paid = session.payment_status === "paid";
        const type =
          raw.type === "checkout.session.async_payment_failed" || raw.type === "checkout.session.expired"
            ? "payment.failed"
            : paid
              ? "payment.succeeded"
              : // Completed but not paid yet (a bank debit): async_payment_succeeded or _failed follows.
                `stripe.${raw.type}`;
        return {
          ...base,
          type,
          providerRef: session.id,
          amount: session.amount_total ?? null,
          currency: upper(session.currency),
          failureReason: type === "payment.failed" ? (raw.type === "checkout.session.expired" ? "checkout expired" : "payment failed") : null,
        };
      }
      case "refund.created":
      case "refund.updated":
        return refundEvent(base, refundSchema.parse(object));
      case "charge.refunded": {
        const charge = chargeSchema.parse(object);
        // The event names the charge; the refund it is about is its newest one (listed: webhooks don't expand lists).
        const listed = charge.refunds?.data.length ? charge.refunds.data : (await stripe.refunds.list({ charge: charge.id, limit: 1 })).data;
        const newest = listed.map((r) => refundSchema.parse(r)).sort((a, b) => Number(b.created ?? 0) - Number(a.created ?? 0))[0];
        if (newest) return refundEvent(base, { ...newest, payment_intent: newest.payment_intent ?? charge.payment_intent });
        return { ...base, type: `stripe.${raw.type}`, providerRef: (await sessionOfPaymentIntent(idOf(charge.payment_intent))) ?? charge.id, amount: null, currency: null };
      }
      case "charge.dispute.created": {
        const dispute = disputeSchema.parse(object);
        const paymentIntent = idOf(dispute.payment_intent);
        return {
          ...base,
          type: "payment.disputed",
          providerRef: (await sessionOfPaymentIntent(paymentIntent)) ?? paymentIntent ?? idOf(dispute.charge) ?? dispute.id,
          amount: dispute.amount ?? null,
          currency: upper(dispute.currency),
          failureReason: dispute.reason ?? null,
        };
      }
      default: {
        const meta = metadata.safeParse((object as { metadata?: unknown }).metadata);
        const ref = (meta.success && meta.data?.[STRIPE_METADATA.checkoutSession]) || object.id;
        return { ...base, type: `stripe.${raw.type}`, providerRef: ref, amount: null, currency: null };
      }
    }
  }

  async function verifyWebhook(rawBody: string, headers: WebhookHeaders): Promise<ProviderEvent> {
    const header = headerValue(headers, "stripe-signature");
    const timestamp = header ? /(?:^|,)\s*t=(\d{1,12})(?:,|$)/.exec(header)?.[1] : undefined;
    if (!header || !timestamp || !/(?:^|,)\s*v1=[0-9a-f]+/.test(header)) {
      throw new WebhookVerificationError("MALFORMED", "missing or unreadable Stripe-Signature header");
    }
    let parsed: unknown;
    try {
      parsed = await stripe.webhooks.constructEventAsync(
        rawBody,
        header,
        deps.webhookSecret,
        STRIPE_WEBHOOK_TOLERANCE_SECONDS,
        undefined,
        now().getTime(),
      );
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        if (/tolerance/i.test(error.message)) throw new WebhookVerificationError("STALE", "Stripe signature timestamp outside the tolerance");
        throw new WebhookVerificationError("BAD_SIGNATURE", "Stripe signature does not match");
      }
      // Signed, but the body is not JSON.
      throw new WebhookVerificationError("MALFORMED", "signed body is not a Stripe event");
    }
    // Stripe only refuses old signatures; one from the future is as suspect (the sandbox refuses both).
    if (Number(timestamp) * 1000 - now().getTime() > STRIPE_WEBHOOK_TOLERANCE_SECONDS * 1000) {
      throw new WebhookVerificationError("STALE", "Stripe signature timestamp is in the future");
    }
    const event = eventSchema.safeParse(parsed);
    if (!event.success) throw new WebhookVerificationError("MALFORMED", "signed body is not a Stripe event");
    try {
      return await toProviderEvent(event.data, parsed);
    } catch (error) {
      if (error instanceof z.ZodError) throw new WebhookVerificationError("MALFORMED", `Stripe ${event.data.type} event has an unexpected shape`);
      // Stripe unreachable while looking up the session: not recorded, so the route answers 500 and Stripe retries.
      throw error;
    }
  }

  return { name: STRIPE_PROVIDER, createCheckout, refund, status, verifyWebhook };
}
