// What Marquee needs from a payment provider. The sandbox (./sandbox) implements it; a real provider is one more
// implementation of the same interface plus its webhook secret (docs/payments.md, "Adding a real provider").
//
// A provider never decides what an order costs: Marquee creates a checkout for the order's amount, and only a
// verified webhook whose amount and currency match the Payment row counts as paid.

export interface CheckoutRequest {
  /** Marquee's Payment id, for the provider's records (metadata). */
  paymentId: string;
  /** The order reference the customer sees on the hosted page and their statement. */
  orderReference: string;
  /** Integer minor units. */
  amount: number;
  currency: string;
  description: string;
  /** Where the hosted page sends the browser back. The return confirms nothing: only the webhook does. */
  returnUrl: string;
}

export interface CheckoutSession {
  /** The provider's id for this payment attempt; webhooks name it. */
  providerRef: string;
  /** The hosted payment page. */
  redirectUrl: string;
}

export interface RefundRequest {
  providerRef: string;
  amount: number;
  currency: string;
  /** The same key always means the same refund: a retry never refunds twice. Marquee passes its Refund id. */
  idempotencyKey: string;
}

export type ProviderPaymentState = "open" | "succeeded" | "declined" | "refunded";

export interface ProviderPaymentStatus {
  status: ProviderPaymentState;
  /** What the provider holds for this payment, minor units. */
  amount: number;
  currency: string;
  /** How much of it the provider has refunded so far. */
  refundedAmount: number;
}

export type ProviderEventType =
  | "payment.succeeded"
  | "payment.failed"
  | "refund.succeeded"
  | "refund.failed"
  /** The customer disputed the payment with their bank (a chargeback): staff must answer it at the provider. */
  | "payment.disputed";

/** A verified webhook, in Marquee's terms. */
export interface ProviderEvent {
  /** The provider's event id: the same id delivered twice is the same event. */
  id: string;
  /** One of ProviderEventType, or another type the provider sends (recorded, otherwise ignored). */
  type: string;
  /** The payment attempt the event is about (Payment.providerRef). */
  providerRef: string;
  /** For payment events, what was paid; for refund events, what was refunded. Null when the event doesn't say. */
  amount: number | null;
  currency: string | null;
  /** Refund events: the provider's refund id. */
  refundRef?: string | null;
  /** Refund events: the idempotency key Marquee sent with the refund (its Refund id), when the provider echoes it. */
  refundKey?: string | null;
  /** payment.failed / refund.failed: the provider's reason; payment.disputed: the dispute's reason. */
  failureReason?: string | null;
  /** The parsed body, kept as evidence in PaymentEvent.payload. */
  payload: unknown;
}

export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export function headerValue(headers: WebhookHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return Array.isArray(value) ? value.join(",") : value;
  }
  return undefined;
}

/** Why a webhook was not accepted as the provider's. */
export type WebhookVerificationReason =
  /** The signature matches none of our secrets: forged, or the body was changed after signing. */
  | "BAD_SIGNATURE"
  /** Genuinely signed, but too long ago (or ahead): a captured message replayed later. */
  | "STALE"
  /** No signature to check, one that can't be read, or a signed body that is not an event. */
  | "MALFORMED";

/** A webhook that is not provably from the provider (or is too old): refused and not recorded. */
export class WebhookVerificationError extends Error {
  constructor(
    readonly reason: WebhookVerificationReason,
    message: string,
  ) {
    super(message);
    this.name = "WebhookVerificationError";
  }
}

export interface PaymentProvider {
  readonly name: string;
  createCheckout(request: CheckoutRequest): Promise<CheckoutSession>;
  /** Throws when the provider refuses or can't be reached; the caller records the failure and retries. */
  refund(request: RefundRequest): Promise<{ refundRef: string }>;
  status(providerRef: string): Promise<ProviderPaymentStatus>;
  /** Checks the signature and timestamp and parses the body; throws WebhookVerificationError otherwise. */
  verifyWebhook(rawBody: string, headers: WebhookHeaders): Promise<ProviderEvent>;
}
