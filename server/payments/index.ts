// Payments: a Payment row per attempt to pay an order, webhooks verified and recorded as evidence before anything
// acts on them, and refunds through the provider that can be retried without refunding twice. README.md beside this
// file says which file does what.
//
// The rules that keep money and tickets consistent (docs/payments.md):
// - Only a webhook whose signature verifies counts; the browser coming back from the hosted page confirms nothing.
// - Every verified event is written to PaymentEvent (append-only, unique per provider event id) in the same
//   transaction as the state change it causes, so a replay changes nothing and a crash loses nothing.
// - A payment counts only for the exact amount and currency of its Payment row (which came from the order); anything
//   else is refused, refunded through the provider and flagged for staff.
// - Settlement (confirming the order, selling the seats) belongs to booking. It runs as a workflow triggered by
//   "order/payment.succeeded"; when the event can't be published it runs inline, so no payment waits on the engine.
import { createPaymentsContext, type PaymentsDeps } from "./context";
import { createQueries } from "./queries";
import { createRefunds } from "./refunds";
import { createStart } from "./start";
import { createWebhooks } from "./webhooks";

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
  WebhookVerificationReason,
} from "./provider";
export { WebhookVerificationError } from "./provider";
export { defaultPaymentsOptions, PAYMENT_FAILURE, PAYMENTS_REFUND_REASON } from "./context";
export type { PaymentsDeps, PaymentsOptions } from "./context";
export type { StartPaymentInput } from "./start";
export type { RefundPaymentInput, RefundResult } from "./refunds";
export { assertRefundFits, refundExceedsPayment } from "./refunds";
export { REJECTED_EVENT } from "./screen";
export type { WebhookAnswer, WebhookInput, WebhookOutcome } from "./webhooks";

export function createPayments(deps: PaymentsDeps) {
  const ctx = createPaymentsContext(deps);
  const start = createStart(ctx);
  const refunds = createRefunds(ctx);
  const webhooks = createWebhooks(ctx, refunds);
  const queries = createQueries(ctx);

  return {
    startPayment: start.startPayment,
    refundPayment: refunds.refundPayment,
    rearmRefund: refunds.rearmRefund,
    providerStatus: queries.providerStatus,
    handleWebhook: webhooks.handleWebhook,
    retryStalledRefunds: refunds.retryStalledRefunds,
    unmatchedEvents: queries.unmatchedEvents,
  };
}

export type Payments = ReturnType<typeof createPayments>;
