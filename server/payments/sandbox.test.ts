// The sandbox provider's webhook deliveries over real HTTP (a local server standing in for our endpoint) and the real
// test PostgreSQL: retries with backoff on any non-2xx, giving up, and several workers never sending one event twice.
// Time moves through the `now` passed to deliverDue; nothing sleeps.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@/server/db";
import { createTestServices, testDatabaseUrl, type TestServices } from "@/tests/support/services";
import { WebhookVerificationError, type WebhookHeaders } from "./provider";
import { createSandboxProvider, type SandboxDeliveryOptions, type SandboxProvider } from "./sandbox/provider";
import { signatureHeader } from "./signature";
import { createClock, type Clock } from "@/tests/support/clock";
import { TEST_WEBHOOK_SECRET } from "@/tests/support/payments";

let services: TestServices;
let secondDb: Database;
const servers: Server[] = [];

beforeAll(() => {
  services = createTestServices();
  // A second pool, as a second process would have.
  secondDb = createDatabase(testDatabaseUrl());
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

afterAll(async () => {
  await secondDb.$disconnect();
  await services.dispose();
});

interface Received {
  eventId: string;
  type: string;
  signature: string | undefined;
  rawBody: string;
}

/** A local endpoint answering with the statuses in `script` in turn (the last one repeats). */
async function endpoint(script: number[], options: { delayMs?: number } = {}) {
  const received: Received[] = [];
  const server = createServer(async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const body = JSON.parse(rawBody) as { id: string; type: string };
    const status = script[Math.min(received.length, script.length - 1)]!;
    received.push({ eventId: body.id, type: body.type, signature: request.headers["marquee-signature"] as string | undefined, rawBody });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ ok: status < 300 }));
  });
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/api/webhooks/payments/sandbox`, received };
}

function sandboxFor(
  url: string,
  clock: Clock,
  options: { db?: Database; delivery?: Partial<SandboxDeliveryOptions> } = {},
): SandboxProvider {
  return createSandboxProvider({
    db: options.db ?? services.db,
    now: clock.now,
    appUrl: "https://marquee.test",
    webhookSecret: TEST_WEBHOOK_SECRET,
    webhookUrl: url,
    delaySeconds: 10,
    delivery: options.delivery,
  });
}

async function approvedCheckout(sandbox: SandboxProvider, decision: "approve" | "approve_delayed" = "approve") {
  const { providerRef } = await sandbox.createCheckout({
    paymentId: "pay_test",
    orderReference: "TESTREF",
    amount: 1800,
    currency: "GBP",
    description: "2 tickets",
    returnUrl: "https://marquee.test/return",
  });
  await sandbox.decide({ ref: providerRef, decision });
  return providerRef;
}

async function deliveriesOf(checkoutId: string) {
  return services.db.sandboxWebhookDelivery.findMany({ where: { checkoutId } });
}

describe("webhook delivery", () => {
  it("retries on non-2xx with exponential backoff and delivers once", async () => {
    const clock = createClock();
    const server = await endpoint([500, 503, 200]);
    const sandbox = sandboxFor(server.url, clock);
    const ref = await approvedCheckout(sandbox);
    const t0 = clock.now().getTime();

    expect(await sandbox.deliverDue({ now: new Date(t0) })).toMatchObject({ attempted: 1, delivered: 0, failed: 1 });
    let [row] = await deliveriesOf(ref);
    expect(row).toMatchObject({ attempts: 1, lastStatus: 500, deliveredAt: null });
    expect(row!.nextAttemptAt.getTime()).toBe(t0 + 1_000);

    // Not due yet: nothing is sent.
    expect(await sandbox.deliverDue({ now: new Date(t0 + 999) })).toMatchObject({ attempted: 0 });

    expect(await sandbox.deliverDue({ now: new Date(t0 + 1_000) })).toMatchObject({ attempted: 1, failed: 1 });
    [row] = await deliveriesOf(ref);
    expect(row).toMatchObject({ attempts: 2, lastStatus: 503 });
    expect(row!.nextAttemptAt.getTime()).toBe(t0 + 1_000 + 2_000);

    expect(await sandbox.deliverDue({ now: new Date(t0 + 3_000) })).toMatchObject({ attempted: 1, delivered: 1 });
    [row] = await deliveriesOf(ref);
    expect(row).toMatchObject({ attempts: 3, lastStatus: 200, lastError: null });
    expect(row!.deliveredAt?.getTime()).toBe(t0 + 3_000);

    // Delivered means done.
    expect(await sandbox.deliverDue({ now: new Date(t0 + 3_600_000) })).toMatchObject({ attempted: 0 });
    expect(server.received).toHaveLength(3);
    expect(new Set(server.received.map((r) => r.eventId)).size).toBe(1);
    // Each attempt is signed afresh, and verifies.
    for (const [index, attempt] of server.received.entries()) {
      const sentAt = [t0, t0 + 1_000, t0 + 3_000][index]!;
      const verifier = createSandboxProvider({ db: services.db, now: () => new Date(sentAt), appUrl: "https://marquee.test", webhookSecret: TEST_WEBHOOK_SECRET });
      const event = await verifier.verifyWebhook(attempt.rawBody, { "marquee-signature": attempt.signature });
      expect(event).toMatchObject({ type: "payment.succeeded", providerRef: ref, amount: 1800, currency: "GBP" });
    }
  });

  it("counts a network error as a failed attempt, and gives up after the last attempt", async () => {
    const clock = createClock();
    // Nothing listens on port 9 (discard) here: connection refused.
    const sandbox = sandboxFor("http://127.0.0.1:9/api/webhooks/payments/sandbox", clock, { delivery: { maxAttempts: 3 } });
    const ref = await approvedCheckout(sandbox);

    for (let round = 0; round < 3; round++) {
      expect(await sandbox.deliverDue({ now: clock.now() })).toMatchObject({ attempted: 1, failed: 1, gaveUp: round === 2 ? 1 : 0 });
      clock.advance(60_000);
    }
    expect(await sandbox.deliverDue({ now: new Date(clock.now().getTime() + 86_400_000) })).toMatchObject({ attempted: 0 });
    const [row] = await deliveriesOf(ref);
    expect(row).toMatchObject({ attempts: 3, deliveredAt: null, lastStatus: null });
    expect(row!.lastError).toMatch(/gave up after 3 attempts/);
  });

  it("holds the success webhook back for 'approve after a delay'", async () => {
    const clock = createClock();
    const server = await endpoint([200]);
    const sandbox = sandboxFor(server.url, clock);
    await approvedCheckout(sandbox, "approve_delayed");
    expect(await sandbox.deliverDue({ now: clock.now() })).toMatchObject({ attempted: 0 });
    clock.advance(10_000);
    expect(await sandbox.deliverDue({ now: clock.now() })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(server.received.map((r) => r.type)).toEqual(["payment.succeeded"]);
  });

  it("two workers delivering at once send every event exactly once (SKIP LOCKED claims)", async () => {
    const clock = createClock();
    // A slow endpoint keeps both workers busy at the same time.
    const server = await endpoint([200], { delayMs: 15 });
    const first = sandboxFor(server.url, clock);
    const second = sandboxFor(server.url, clock, { db: secondDb });
    const refs = await Promise.all(Array.from({ length: 24 }, () => approvedCheckout(first)));

    const reports = [];
    for (let round = 0; round < 6; round++) {
      reports.push(...(await Promise.all([first.deliverDue({ now: clock.now(), limit: 5 }), second.deliverDue({ now: clock.now(), limit: 5 })])));
    }
    expect(reports.reduce((sum, r) => sum + r.delivered, 0)).toBe(24);
    expect(reports.every((r) => r.attempted <= 5)).toBe(true);
    // Both took part.
    expect(reports.filter((r, i) => i % 2 === 0).some((r) => r.delivered > 0)).toBe(true);
    expect(reports.filter((r, i) => i % 2 === 1).some((r) => r.delivered > 0)).toBe(true);

    const ids = server.received.map((r) => r.eventId);
    expect(ids).toHaveLength(24);
    expect(new Set(ids).size).toBe(24);
    const rows = await services.db.sandboxWebhookDelivery.findMany({ where: { checkoutId: { in: refs } } });
    expect(rows.every((row) => row.attempts === 1 && row.deliveredAt !== null)).toBe(true);
  });
});

describe("hosted checkout books", () => {
  it("keeps the first decision and sends the browser back with ref and outcome", async () => {
    const clock = createClock();
    const server = await endpoint([200]);
    const sandbox = sandboxFor(server.url, clock);
    const { providerRef } = await sandbox.createCheckout({
      paymentId: "pay_x",
      orderReference: "ABC123",
      amount: 950,
      currency: "gbp",
      description: "1 ticket",
      returnUrl: "https://marquee.test/orders/ABC123?token=t0k",
    });
    const first = await sandbox.decide({ ref: providerRef, decision: "decline" });
    const second = await sandbox.decide({ ref: providerRef, decision: "approve" });
    expect(first.alreadyDecided).toBe(false);
    expect(second.alreadyDecided).toBe(true);
    expect(second.checkout.status).toBe("DECLINED");
    const back = new URL(second.returnTo);
    expect(back.pathname).toBe("/orders/ABC123");
    expect(Object.fromEntries(back.searchParams)).toEqual({ token: "t0k", ref: providerRef, outcome: "declined" });
    expect(await deliveriesOf(providerRef)).toEqual([expect.objectContaining({ type: "payment.failed" })]);
    expect(await sandbox.status(providerRef)).toEqual({ status: "declined", amount: 950, currency: "GBP", refundedAmount: 0 });
    await expect(sandbox.refund({ providerRef, amount: 950, currency: "GBP", idempotencyKey: "k" })).rejects.toThrow(/nothing to refund/);
    await expect(sandbox.decide({ ref: "sbx_missing", decision: "approve" })).rejects.toThrow(/not found/);
  });

  it("refunds once per idempotency key and never more than was paid", async () => {
    const clock = createClock();
    const server = await endpoint([200]);
    const sandbox = sandboxFor(server.url, clock);
    const ref = await approvedCheckout(sandbox);
    const a = await sandbox.refund({ providerRef: ref, amount: 800, currency: "GBP", idempotencyKey: "r1" });
    const again = await sandbox.refund({ providerRef: ref, amount: 800, currency: "GBP", idempotencyKey: "r1" });
    expect(again).toEqual(a);
    expect(await sandbox.status(ref)).toMatchObject({ status: "succeeded", refundedAmount: 800 });
    await expect(sandbox.refund({ providerRef: ref, amount: 1001, currency: "GBP", idempotencyKey: "r2" })).rejects.toThrow(/exceeds/);
    await expect(sandbox.refund({ providerRef: ref, amount: 100, currency: "EUR", idempotencyKey: "r3" })).rejects.toThrow(/EUR/);
    await sandbox.refund({ providerRef: ref, amount: 1000, currency: "GBP", idempotencyKey: "r4" });
    expect(await sandbox.status(ref)).toMatchObject({ status: "refunded", refundedAmount: 1800 });
    expect((await deliveriesOf(ref)).map((d) => d.type).sort()).toEqual(["payment.succeeded", "refund.succeeded", "refund.succeeded"]);
  });
});

describe("webhook verification", () => {
  it("says why a webhook is refused: a signature that doesn't match, one too old, or nothing readable", async () => {
    const clock = createClock();
    const sandbox = sandboxFor("https://in-process.test/api/webhooks/payments/sandbox", clock);
    const rawBody = JSON.stringify({ id: "evt_v", type: "payment.succeeded", created: 1, data: { checkout: "sbx_v", amount: 100, currency: "GBP" } });
    const signed = (body: string, secret = TEST_WEBHOOK_SECRET, at = clock.now()) => ({ "marquee-signature": signatureHeader(secret, body, at) });
    const refusal = (body: string, headers: WebhookHeaders) =>
      sandbox.verifyWebhook(body, headers).then(
        () => "verified",
        (error: unknown) => (error instanceof WebhookVerificationError ? error.reason : error),
      );

    expect(await refusal(rawBody, signed(rawBody))).toBe("verified");
    expect(await refusal(rawBody, signed(rawBody, "someone-elses-secret-0123456789"))).toBe("BAD_SIGNATURE");
    expect(await refusal(rawBody.replace("100", "1"), signed(rawBody))).toBe("BAD_SIGNATURE");
    expect(await refusal(rawBody, signed(rawBody, TEST_WEBHOOK_SECRET, new Date(clock.now().getTime() - 6 * 60_000)))).toBe("STALE");
    expect(await refusal(rawBody, {})).toBe("MALFORMED");
    expect(await refusal(rawBody, { "marquee-signature": "t=abc,v1=zz" })).toBe("MALFORMED");
    expect(await refusal("not json", signed("not json"))).toBe("MALFORMED");
    expect(await refusal('{"hello":"world"}', signed('{"hello":"world"}'))).toBe("MALFORMED");
  });
});
