// Payments in tests, over two providers. The real sandbox (server/payments/sandbox), its webhooks carried to
// payments.handleWebhook in-process, byte for byte as they would cross HTTP, and answered with the status the webhook
// route would give (its own webhookResponse): createPaymentsHarness, for the payments module's own tests. And an
// in-memory provider whose checkouts succeed when the test says so and whose refunds can be made to fail:
// createFakeProvider, under booking's harness (booking.ts). Both read the clock of clock.ts, never another.
import { randomBytes } from "node:crypto";
import { webhookResponse } from "@/app/api/webhooks/payments/[provider]/response";
import type { Database } from "@/server/db";
import { createRecordingPublisher, type EventPublisher } from "@/server/events";
import {
  createPayments,
  type PaymentProvider,
  type PaymentsOptions,
  type ProviderEvent,
  type ProviderPaymentStatus,
  type WebhookInput,
} from "@/server/payments";
import { createSandboxProvider, type SandboxDeliveryOptions, type SandboxProvider } from "@/server/payments/sandbox/provider";
import { signatureHeader } from "@/server/payments/signature";
import type { Clock } from "./clock";
import { createTestScreening } from "./screenings";

export const TEST_WEBHOOK_SECRET = "payments-test-webhook-secret-0123456789";
export const TEST_APP_URL = "https://marquee.test";

/**
 * A PENDING order with a checkout total, on its own screening three weeks after the clock's now, payable for the
 * ten minutes a checkout gives.
 */
export async function createPayableOrder(db: Database, clock: Clock, options: { totalAmount?: number; currency?: string } = {}) {
  const screening = await createTestScreening(db, { plan: ["SSSS"], startsAt: new Date(clock.ms() + 23 * 24 * 3600_000 + 90 * 60_000) });
  const totalAmount = options.totalAmount ?? 2400;
  const order = await db.order.create({
    data: {
      reference: `T${randomBytes(4).toString("hex").toUpperCase()}`,
      screeningId: screening.screeningId,
      currency: options.currency ?? "GBP",
      subtotalAmount: totalAmount,
      totalAmount,
      email: "buyer@test.marquee.local",
      expiresAt: new Date(clock.ms() + 10 * 60_000),
    },
  });
  return order;
}

export function throwingPublisher(): EventPublisher {
  return {
    async publish() {
      throw new Error("workflow engine unreachable");
    },
  };
}

/** Never answers, like an engine that accepted the connection and hung. */
export function hangingPublisher(): EventPublisher {
  return { publish: () => new Promise<void>(() => {}) };
}

export const quietLog = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Payments with the sandbox as its provider, the sandbox's webhooks delivered straight into handleWebhook, and an
 * observable settle callback. Each harness has its own webhook URL, so its deliverDue sends only its own events.
 */
export interface PaymentsHarnessOptions {
  db: Database;
  clock: Clock;
  events?: EventPublisher;
  settle?: (orderId: string, paymentId: string) => Promise<unknown>;
  /** Wraps the sandbox as Payments sees it (e.g. a refund that fails). */
  wrapProvider?: (sandbox: SandboxProvider) => PaymentProvider;
  payments?: Partial<PaymentsOptions>;
  delivery?: Partial<SandboxDeliveryOptions>;
}

export function createPaymentsHarness(options: PaymentsHarnessOptions) {
  const recording = createRecordingPublisher();
  const events = options.events ?? recording;
  const settleCalls: Array<{ orderId: string; paymentId: string }> = [];
  const answers: Array<ReturnType<typeof webhookResponse>> = [];
  const webhookUrl = `https://in-process.test/${randomBytes(6).toString("hex")}/api/webhooks/payments/sandbox`;

  const sandbox = createSandboxProvider({
    db: options.db,
    now: options.clock.now,
    appUrl: TEST_APP_URL,
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookUrl,
    delaySeconds: 10,
    delivery: options.delivery,
    fetch: async (_url, init) => {
      const answer = await webhook({ provider: "sandbox", rawBody: String(init?.body ?? ""), headers: new Headers(init?.headers) });
      answers.push(answer);
      return Response.json(answer.body, { status: answer.status });
    },
  });

  const payments = createPayments({
    db: options.db,
    events,
    now: options.clock.now,
    providers: { sandbox: options.wrapProvider ? options.wrapProvider(sandbox) : sandbox },
    settlePaidOrder: async (orderId, paymentId) => {
      settleCalls.push({ orderId, paymentId });
      await options.settle?.(orderId, paymentId);
    },
    options: options.payments,
    log: quietLog,
  });

  /** A webhook as the route receives it, answered as the route answers it: `{ status, body }`. */
  async function webhook(input: WebhookInput) {
    return webhookResponse(await payments.handleWebhook(input));
  }

  /** Posts a body to the webhook endpoint, signed with `secret` at `at` (defaults: the real secret, now). */
  async function post(body: unknown, sign: { secret?: string; at?: Date; rawBody?: string } = {}) {
    const rawBody = sign.rawBody ?? JSON.stringify(body);
    const header = signatureHeader(sign.secret ?? TEST_WEBHOOK_SECRET, rawBody, sign.at ?? options.clock.now());
    return webhook({ provider: "sandbox", rawBody, headers: { "marquee-signature": header } });
  }

  return { payments, sandbox, events, published: recording.published, settleCalls, answers, webhookUrl, webhook, post };
}

/** A sandbox event body, as the sandbox would send it. */
export function sandboxEvent(
  type: string,
  data: { checkout: string; amount?: number; currency?: string; refund?: string; idempotencyKey?: string },
  id = `evt_${randomBytes(8).toString("hex")}`,
) {
  return { id, type, created: Math.floor(Date.now() / 1000), data };
}

export const FAKE_PROVIDER = "fake";

/** A payment provider in memory: checkouts succeed when the test says so; refunds can be made to fail. */
export function createFakeProvider() {
  const checkouts = new Map<string, { amount: number; currency: string; status: ProviderPaymentStatus["status"]; refunded: number }>();
  const controls = { failRefunds: 0, refundCalls: 0 };
  const refundsByKey = new Map<string, string>();
  let events = 0;
  const provider: PaymentProvider = {
    name: FAKE_PROVIDER,
    async createCheckout(request) {
      const providerRef = `fake_${randomBytes(8).toString("hex")}`;
      checkouts.set(providerRef, { amount: request.amount, currency: request.currency, status: "open", refunded: 0 });
      return { providerRef, redirectUrl: `https://pay.example.test/${providerRef}?return=${encodeURIComponent(request.returnUrl)}` };
    },
    async refund(request) {
      controls.refundCalls += 1;
      if (controls.failRefunds > 0) {
        controls.failRefunds -= 1;
        throw new Error("the provider is down");
      }
      // Idempotent per key, as real providers are: the same key never pays out twice.
      const done = refundsByKey.get(request.idempotencyKey);
      if (done) return { refundRef: done };
      refundsByKey.set(request.idempotencyKey, `re_${request.idempotencyKey}`);
      const checkout = checkouts.get(request.providerRef);
      if (checkout) {
        checkout.refunded += request.amount;
        if (checkout.refunded >= checkout.amount) checkout.status = "refunded";
      }
      return { refundRef: `re_${request.idempotencyKey}` };
    },
    async status(providerRef) {
      const checkout = checkouts.get(providerRef);
      if (!checkout) throw new Error(`unknown checkout ${providerRef}`);
      return { status: checkout.status, amount: checkout.amount, currency: checkout.currency, refundedAmount: checkout.refunded };
    },
    async verifyWebhook(rawBody) {
      return JSON.parse(rawBody) as ProviderEvent;
    },
  };
  return {
    provider,
    controls,
    /** The customer pays at the provider: its books say so, and this is the webhook it sends. */
    approve(providerRef: string): string {
      const checkout = checkouts.get(providerRef)!;
      checkout.status = "succeeded";
      const event: ProviderEvent = {
        id: `evt_${++events}_${providerRef}`,
        type: "payment.succeeded",
        providerRef,
        amount: checkout.amount,
        currency: checkout.currency,
        payload: { providerRef },
      };
      return JSON.stringify(event);
    },
    decline(providerRef: string): string {
      checkouts.get(providerRef)!.status = "declined";
      const event: ProviderEvent = { id: `evt_${++events}_${providerRef}`, type: "payment.failed", providerRef, amount: null, currency: null, payload: {} };
      return JSON.stringify(event);
    },
    setStatus(providerRef: string, status: ProviderPaymentStatus["status"]) {
      checkouts.get(providerRef)!.status = status;
    },
  };
}
