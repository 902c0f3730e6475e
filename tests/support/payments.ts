// Shared pieces of the payments tests: real PostgreSQL (the harness' per-run database), the real sandbox provider,
// and its webhooks carried to payments.handleWebhook in-process, byte for byte as they would cross HTTP, and answered
// with the status the webhook route would give (its own webhookResponse).
import { randomBytes } from "node:crypto";
import { webhookResponse } from "@/app/api/webhooks/payments/[provider]/response";
import type { Database } from "@/server/db";
import { createRecordingPublisher, type EventPublisher } from "@/server/events";
import { createTestScreening } from "@/tests/support/screenings";
import { createPayments, type PaymentProvider, type PaymentsOptions, type WebhookInput } from "@/server/payments";
import { createSandboxProvider, type SandboxDeliveryOptions, type SandboxProvider } from "@/server/payments/sandbox/provider";
import { signatureHeader } from "@/server/payments/signature";

export const TEST_WEBHOOK_SECRET = "payments-test-webhook-secret-0123456789";
export const TEST_APP_URL = "https://marquee.test";

/** A clock the tests move by hand; payments and the sandbox read no other. */
export function createClock(start = Date.parse("2026-12-01T18:00:00.000Z")) {
  let nowMs = start;
  return {
    now: () => new Date(nowMs),
    advance: (ms: number) => {
      nowMs += ms;
    },
  };
}

/** A PENDING order with a checkout total, on its own screening. */
export async function createPayableOrder(db: Database, options: { totalAmount?: number; currency?: string } = {}) {
  const screening = await createTestScreening(db, { plan: ["SSSS"], startsAt: new Date("2026-12-24T19:30:00.000Z") });
  const totalAmount = options.totalAmount ?? 2400;
  const order = await db.order.create({
    data: {
      reference: `T${randomBytes(4).toString("hex").toUpperCase()}`,
      screeningId: screening.screeningId,
      currency: options.currency ?? "GBP",
      subtotalAmount: totalAmount,
      totalAmount,
      email: "buyer@test.marquee.local",
      expiresAt: new Date("2026-12-01T18:10:00.000Z"),
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
  clock: ReturnType<typeof createClock>;
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
  return { id, type, created: 1_796_000_000, data };
}
