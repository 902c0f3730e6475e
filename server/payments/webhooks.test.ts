// Webhook abuse against the real test PostgreSQL: forged, stale, replayed, mismatched, duplicated and out-of-order
// events. Each test ends by checking the books: what PaymentEvent recorded, what the Payment and Order say, what the
// provider refunded, and how many times settlement ran (never twice, never for money we refused).
import { describe, expect, it } from "vitest";
import { withTestServices } from "@/tests/support/services";
import { signatureHeader } from "./signature";
import { createClock } from "@/tests/support/clock";
import {
  createPayableOrder,
  createPaymentsHarness,
  hangingPublisher,
  type PaymentsHarnessOptions,
  sandboxEvent,
  TEST_WEBHOOK_SECRET,
  throwingPublisher,
} from "@/tests/support/payments";

const services = withTestServices();

async function paidOrderSetup(options: Partial<Omit<PaymentsHarnessOptions, "db">> = {}) {
  const clock = options.clock ?? createClock();
  const harness = createPaymentsHarness({ db: services.db, clock, ...options });
  const order = await createPayableOrder(services.db, clock);
  const { paymentId } = await harness.payments.startPayment({
    orderId: order.id,
    provider: "sandbox",
    returnUrl: "https://marquee.test/checkout/return",
  });
  const payment = await services.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  return { clock, harness, order, payment };
}

async function eventsFor(providerRef: string) {
  return services.db.paymentEvent.findMany({ where: { providerRef } });
}

async function state(paymentId: string, orderId: string) {
  const [payment, order, refunds] = await Promise.all([
    services.db.payment.findUniqueOrThrow({ where: { id: paymentId } }),
    services.db.order.findUniqueOrThrow({ where: { id: orderId } }),
    services.db.refund.findMany({ where: { paymentId } }),
  ]);
  return { payment, order, refunds };
}

describe("verification", () => {
  it("refuses a bad signature and records nothing", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup();
    const body = sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" });

    const answer = await harness.post(body, { secret: "someone-elses-secret-0123456789" });
    expect(answer.status).toBe(401);

    // A body changed after signing is just as forged.
    const signedFor = JSON.stringify(body);
    const tampered = await harness.webhook({
      provider: "sandbox",
      rawBody: signedFor.replace("2400", "1"),
      headers: { "marquee-signature": signatureHeader(TEST_WEBHOOK_SECRET, signedFor, clock.now()) },
    });
    expect(tampered.status).toBe(401);

    const missing = await harness.webhook({ provider: "sandbox", rawBody: signedFor, headers: {} });
    expect(missing.status).toBe(400);
    const malformed = await harness.webhook({
      provider: "sandbox",
      rawBody: signedFor,
      headers: { "marquee-signature": "t=abc,v1=zz" },
    });
    expect(malformed.status).toBe(400);

    expect(await eventsFor(payment.providerRef)).toHaveLength(0);
    const after = await state(payment.id, order.id);
    expect(after.payment.status).toBe("PENDING");
    expect(after.order.status).toBe("PENDING");
    expect(harness.settleCalls).toHaveLength(0);
    expect(harness.published).toHaveLength(0);
  });

  it("refuses a stale or future timestamp even with a valid signature, and records nothing", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup();
    const body = sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" });

    const stale = await harness.post(body, { at: new Date(clock.now().getTime() - 5 * 60_000 - 1_000) });
    expect(stale).toMatchObject({ status: 401, body: { error: expect.stringContaining("tolerance") } });
    const future = await harness.post(body, { at: new Date(clock.now().getTime() + 6 * 60_000) });
    expect(future.status).toBe(401);

    expect(await eventsFor(payment.providerRef)).toHaveLength(0);
    expect((await state(payment.id, order.id)).payment.status).toBe("PENDING");
    expect(harness.published).toHaveLength(0);

    // Inside the tolerance the same event is accepted.
    const fresh = await harness.post(body, { at: new Date(clock.now().getTime() - 4 * 60_000) });
    expect(fresh.status).toBe(200);
    expect((await state(payment.id, order.id)).payment.status).toBe("SUCCEEDED");
  });

  it("refuses a signed body that is not a sandbox event", async () => {
    const { harness } = await paidOrderSetup();
    const answer = await harness.post(null, { rawBody: '{"hello":"world"}' });
    expect(answer.status).toBe(400);
  });

  it("answers 404 for a provider it doesn't have", async () => {
    const { harness } = await paidOrderSetup();
    const answer = await harness.webhook({ provider: "stripe", rawBody: "{}", headers: {} });
    expect(answer.status).toBe(404);
  });

  it("says what became of each webhook, and leaves the HTTP status to the route", async () => {
    const { clock, harness, payment } = await paidOrderSetup();
    const handle = (provider: string, body: unknown, sign: { secret?: string; at?: Date } = {}) => {
      const rawBody = JSON.stringify(body);
      const header = signatureHeader(sign.secret ?? TEST_WEBHOOK_SECRET, rawBody, sign.at ?? clock.now());
      return harness.payments.handleWebhook({ provider, rawBody, headers: { "marquee-signature": header } });
    };
    const paid = sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" });

    expect(await handle("stripe", paid)).toMatchObject({ outcome: "unknown-provider" });
    expect(await handle("sandbox", paid, { secret: "someone-elses-secret-0123456789" })).toMatchObject({ outcome: "unverified" });
    expect(await handle("sandbox", paid, { at: new Date(clock.now().getTime() - 10 * 60_000) })).toMatchObject({ outcome: "unverified" });
    expect(await handle("sandbox", { hello: "world" })).toMatchObject({ outcome: "malformed" });
    expect(await handle("sandbox", paid)).toMatchObject({ outcome: "recorded", body: { payment: "SUCCEEDED" } });
    expect(await handle("sandbox", paid)).toEqual({ outcome: "duplicate", body: { duplicate: true } });
    expect(await handle("sandbox", sandboxEvent("payment.succeeded", { checkout: "sbx_nobody", amount: 1, currency: "GBP" }))).toMatchObject({
      outcome: "unmatched",
    });
  });
});

describe("the normal path", () => {
  it("a decision on the hosted page becomes a verified, recorded payment and one published event", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup();
    const decided = await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    expect(decided.returnTo).toBe(`https://marquee.test/checkout/return?ref=${payment.providerRef}&outcome=approved`);

    const report = await harness.sandbox.deliverDue({ now: clock.now() });
    expect(report).toMatchObject({ attempted: 1, delivered: 1 });
    expect(harness.answers[0]).toMatchObject({ status: 200, body: { payment: "SUCCEEDED", settlement: "published" } });

    const after = await state(payment.id, order.id);
    expect(after.payment.status).toBe("SUCCEEDED");
    expect(after.payment.succeededAt?.toISOString()).toBe(clock.now().toISOString());
    // Settling is booking's job: the order is untouched here.
    expect(after.order.status).toBe("PENDING");
    expect(harness.published).toEqual([
      { name: "order/payment.succeeded", data: { orderId: order.id, paymentId: payment.id }, id: `payment-succeeded-${payment.id}` },
    ]);
    expect(harness.settleCalls).toHaveLength(0);
    const [recorded] = await eventsFor(payment.providerRef);
    expect(recorded).toMatchObject({ paymentId: payment.id, type: "payment.succeeded", amount: 2400, currency: "GBP", signatureValid: true });
  });

  it("a decline fails the attempt but leaves the order payable", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup();
    const decided = await harness.sandbox.decide({ ref: payment.providerRef, decision: "decline" });
    expect(decided.returnTo).toContain("outcome=declined");
    await harness.sandbox.deliverDue({ now: clock.now() });

    const after = await state(payment.id, order.id);
    expect(after.payment.status).toBe("FAILED");
    expect(after.payment.failureReason).toMatch(/^DECLINED/);
    expect(after.order.status).toBe("PENDING");
    expect(harness.published).toHaveLength(0);

    const retry = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
    expect((await services.db.payment.findUniqueOrThrow({ where: { id: retry.paymentId } })).status).toBe("PENDING");
  });
});

describe("replays and duplicates", () => {
  it("a replayed event (same id twice) is recorded once and settles once", async () => {
    const { harness, order, payment } = await paidOrderSetup({ events: throwingPublisher() });
    const body = sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" });

    const first = await harness.post(body);
    const replay = await harness.post(body);
    const replayAgain = await harness.post(body);

    expect(first).toMatchObject({ status: 200, body: { settlement: "settled inline" } });
    expect(replay).toEqual({ status: 200, body: { duplicate: true } });
    expect(replayAgain).toEqual({ status: 200, body: { duplicate: true } });
    expect(await eventsFor(payment.providerRef)).toHaveLength(1);
    expect(harness.settleCalls).toEqual([{ orderId: order.id, paymentId: payment.id }]);
  });

  it("the same event delivered concurrently is still recorded and settled once", async () => {
    const { harness, payment } = await paidOrderSetup({ events: throwingPublisher() });
    const body = sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" });
    const answers = await Promise.all([harness.post(body), harness.post(body), harness.post(body)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate === true)).toHaveLength(2);
    expect(await eventsFor(payment.providerRef)).toHaveLength(1);
    expect(harness.settleCalls).toHaveLength(1);
  });

  it("two different success events for one payment settle it once", async () => {
    const { harness, order, payment } = await paidOrderSetup({ events: throwingPublisher() });
    const first = await harness.post(sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" }));
    const second = await harness.post(sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" }));

    expect(first.body).toMatchObject({ payment: "SUCCEEDED" });
    expect(second).toMatchObject({ status: 200, body: { note: "payment already succeeded" } });
    expect(await eventsFor(payment.providerRef)).toHaveLength(2);
    expect(harness.settleCalls).toEqual([{ orderId: order.id, paymentId: payment.id }]);
    expect((await state(payment.id, order.id)).payment.status).toBe("SUCCEEDED");
  });

  it("a second payment of an already paid order is refused and refunded in full", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const order = await createPayableOrder(services.db, clock);
    const older = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
    const newer = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
    const [olderRow, newerRow] = await Promise.all([
      services.db.payment.findUniqueOrThrow({ where: { id: older.paymentId } }),
      services.db.payment.findUniqueOrThrow({ where: { id: newer.paymentId } }),
    ]);
    expect(olderRow).toMatchObject({ status: "FAILED", failureReason: "SUPERSEDED" });

    // The customer paid in both tabs: the newer one first, then the superseded one.
    await harness.sandbox.decide({ ref: newerRow.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });
    await harness.sandbox.decide({ ref: olderRow.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });

    const paid = await state(newer.paymentId, order.id);
    const duplicate = await state(older.paymentId, order.id);
    expect(paid.payment.status).toBe("SUCCEEDED");
    expect(duplicate.payment).toMatchObject({ status: "FAILED", failureReason: "DUPLICATE_PAYMENT" });
    expect(duplicate.refunds).toEqual([expect.objectContaining({ amount: 2400, currency: "GBP", status: "SUCCEEDED" })]);
    expect(await services.db.sandboxCheckout.findUniqueOrThrow({ where: { id: olderRow.providerRef } })).toMatchObject({
      status: "REFUNDED",
      refundedAmount: 2400,
    });
    expect(harness.published.map((p) => p.data)).toEqual([{ orderId: order.id, paymentId: newer.paymentId }]);
  });

  it("two payments of one order succeeding at once: one pays it, the other is refused and refunded in full", async () => {
    // Both successes wait at the order's lock (held here), so the second to get it has checked for other successful
    // payments in a snapshot from before the first committed: the unique index payment_one_success_per_order refuses
    // it, and the transaction path refuses it as a duplicate.
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const order = await createPayableOrder(services.db, clock);
    const attempts = [
      await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" }),
      await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" }),
    ];
    const rows = await Promise.all(attempts.map((a) => services.db.payment.findUniqueOrThrow({ where: { id: a.paymentId } })));
    for (const row of rows) await harness.sandbox.decide({ ref: row.providerRef, decision: "approve" });

    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => (locked = resolve));
    const holder = services.db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1 FROM "Order" WHERE "id" = ${order.id} FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 60_000 },
    );
    await lockTaken;
    const answers = Promise.all(
      rows.map((row) => harness.post(sandboxEvent("payment.succeeded", { checkout: row.providerRef, amount: 2400, currency: "GBP" }))),
    );
    // Wait for state: both webhooks blocked on a lock behind the holder.
    for (let i = 0; ; i++) {
      const [waiting] = await services.db.$queryRaw<Array<{ n: number }>>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      if (waiting!.n >= 2) break;
      if (i > 2000) throw new Error("the webhooks never reached the order's lock");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    release();
    await holder;
    expect((await answers).map((a) => a.status)).toEqual([200, 200]);

    const after = await Promise.all(attempts.map((a) => state(a.paymentId, order.id)));
    const succeeded = after.filter((a) => a.payment.status === "SUCCEEDED");
    const refused = after.filter((a) => a.payment.status === "FAILED");
    expect(succeeded).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect(refused[0]!.payment.failureReason).toBe("DUPLICATE_PAYMENT");
    expect(refused[0]!.refunds).toEqual([expect.objectContaining({ amount: 2400, currency: "GBP", status: "SUCCEEDED" })]);
    expect(harness.published.map((p) => p.data)).toEqual([{ orderId: order.id, paymentId: succeeded[0]!.payment.id }]);
  });
});

describe("mismatches", () => {
  it("a payment of the wrong amount is not settled, is refunded what was taken, and flags the order", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup({ events: throwingPublisher() });
    // The provider ends up charging something else than Marquee asked for (a bug, a tampered checkout).
    await services.db.sandboxCheckout.update({ where: { id: payment.providerRef }, data: { amount: 1999 } });
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });

    expect(harness.answers[0]).toMatchObject({ status: 200, body: { payment: "FAILED", reason: "AMOUNT_MISMATCH", refund: "SUCCEEDED" } });
    const after = await state(payment.id, order.id);
    expect(after.payment).toMatchObject({ status: "FAILED", failureReason: "AMOUNT_MISMATCH" });
    expect(after.order).toMatchObject({ status: "PENDING", needsAttention: true });
    expect(after.refunds).toEqual([
      expect.objectContaining({ amount: 1999, currency: "GBP", status: "SUCCEEDED", reason: "AMOUNT_MISMATCH", attempts: 1 }),
    ]);
    expect(await harness.sandbox.status(payment.providerRef)).toMatchObject({ status: "refunded", refundedAmount: 1999 });
    expect(harness.settleCalls).toHaveLength(0);

    // The provider's own refund.succeeded webhook changes nothing more; a late retry of the success neither.
    await harness.sandbox.deliverDue({ now: clock.now() });
    await harness.post(sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" }));
    const later = await state(payment.id, order.id);
    expect(later.payment.status).toBe("FAILED");
    expect(later.refunds).toHaveLength(1);
    expect(await eventsFor(payment.providerRef)).toHaveLength(3);
    expect(harness.settleCalls).toHaveLength(0);
  });

  it("a payment in the wrong currency is not settled, is refunded in that currency, and flags the order", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup();
    await services.db.sandboxCheckout.update({ where: { id: payment.providerRef }, data: { currency: "EUR" } });
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });

    const after = await state(payment.id, order.id);
    expect(after.payment).toMatchObject({ status: "FAILED", failureReason: "CURRENCY_MISMATCH" });
    expect(after.order.needsAttention).toBe(true);
    expect(after.refunds).toEqual([expect.objectContaining({ amount: 2400, currency: "EUR", status: "SUCCEEDED" })]);
    expect(await harness.sandbox.status(payment.providerRef)).toMatchObject({ status: "refunded", currency: "EUR" });
    expect(harness.published).toHaveLength(0);
    expect(harness.settleCalls).toHaveLength(0);
  });

  it("a mismatch whose refund fails is still refused and flagged, and the refund is retried later", async () => {
    let refundsWork = false;
    const { clock, harness, order, payment } = await paidOrderSetup({
      wrapProvider: (sandbox) => ({
        ...sandbox,
        refund: async (request) => {
          if (!refundsWork) throw new Error("provider unavailable");
          return sandbox.refund(request);
        },
      }),
    });
    await services.db.sandboxCheckout.update({ where: { id: payment.providerRef }, data: { amount: 500 } });
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });

    expect(harness.answers[0]).toMatchObject({ status: 200, body: { reason: "AMOUNT_MISMATCH", refund: "FAILED" } });
    let after = await state(payment.id, order.id);
    expect(after.order.needsAttention).toBe(true);
    expect(after.refunds).toEqual([expect.objectContaining({ status: "FAILED", attempts: 1, needsAttention: false })]);

    refundsWork = true;
    expect(await harness.payments.retryStalledRefunds({ olderThanSeconds: 0 })).toContainEqual({
      refundId: after.refunds[0]!.id,
      status: "SUCCEEDED",
    });
    after = await state(payment.id, order.id);
    expect(after.refunds).toEqual([expect.objectContaining({ status: "SUCCEEDED", attempts: 2 })]);
    expect(await harness.sandbox.status(payment.providerRef)).toMatchObject({ refundedAmount: 500 });
    expect(harness.settleCalls).toHaveLength(0);
  });
});

describe("out of order and unknown", () => {
  it("a refund event before the success event: recorded, and the late success does not confirm the order", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup({ events: throwingPublisher() });
    // Approved with the success webhook held back; meanwhile the provider refunds (its dashboard) and that webhook
    // goes first.
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve_delayed" });
    await harness.sandbox.refund({ providerRef: payment.providerRef, amount: 2400, currency: "GBP", idempotencyKey: "dashboard-1" });
    expect(await harness.sandbox.deliverDue({ now: clock.now() })).toMatchObject({ attempted: 1, delivered: 1 });

    let after = await state(payment.id, order.id);
    expect(after.payment.status).toBe("REFUNDED");
    expect(after.order).toMatchObject({ status: "PENDING", needsAttention: true });
    expect(after.refunds).toEqual([expect.objectContaining({ reason: "PROVIDER_INITIATED", status: "SUCCEEDED", amount: 2400 })]);

    clock.advance(10_000);
    expect(await harness.sandbox.deliverDue({ now: clock.now() })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(harness.answers[1]).toMatchObject({ status: 200, body: { note: expect.stringContaining("refunded") } });
    after = await state(payment.id, order.id);
    expect(after.payment.status).toBe("REFUNDED");
    expect(after.refunds).toHaveLength(1);
    expect(harness.settleCalls).toHaveLength(0);
    expect(await eventsFor(payment.providerRef)).toHaveLength(2);
  });

  it("a decline arriving after the success changes nothing", async () => {
    const { harness, order, payment } = await paidOrderSetup();
    await harness.post(sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" }));
    await harness.post(sandboxEvent("payment.failed", { checkout: payment.providerRef, amount: 2400, currency: "GBP" }));
    expect((await state(payment.id, order.id)).payment.status).toBe("SUCCEEDED");
    expect(harness.published).toHaveLength(1);
  });

  it("an event for an unknown reference is recorded unmatched, answered 200, and changes nothing", async () => {
    const { harness } = await paidOrderSetup();
    const body = sandboxEvent("payment.succeeded", { checkout: "sbx_nobody_knows_this", amount: 2400, currency: "GBP" });
    const answer = await harness.post(body);
    expect(answer).toEqual({ status: 200, body: { ignored: "unknown reference" } });
    expect(await harness.post(body)).toEqual({ status: 200, body: { duplicate: true } });

    const recorded = await eventsFor("sbx_nobody_knows_this");
    expect(recorded).toEqual([expect.objectContaining({ paymentId: null, providerEventId: body.id })]);
    expect(await harness.payments.unmatchedEvents()).toContainEqual(expect.objectContaining({ providerEventId: body.id }));
    expect(harness.settleCalls).toHaveLength(0);
    expect(harness.published).toHaveLength(0);
  });
});

describe("without the workflow engine", () => {
  it("settles inline when publishing throws", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup({ events: throwingPublisher() });
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });
    expect(harness.answers[0]).toMatchObject({ status: 200, body: { settlement: "settled inline" } });
    expect(harness.settleCalls).toEqual([{ orderId: order.id, paymentId: payment.id }]);
  });

  it("settles inline when publishing hangs", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup({ events: hangingPublisher(), payments: { publishTimeoutMs: 50 } });
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });
    expect(harness.settleCalls).toEqual([{ orderId: order.id, paymentId: payment.id }]);
  });

  it("keeps the payment SUCCEEDED for reconciliation when inline settlement fails too", async () => {
    const { clock, harness, order, payment } = await paidOrderSetup({
      events: throwingPublisher(),
      settle: async () => {
        throw new Error("database hiccup");
      },
    });
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
    await harness.sandbox.deliverDue({ now: clock.now() });
    expect(harness.answers[0]).toMatchObject({ status: 200, body: { settlement: "pending" } });
    expect((await state(payment.id, order.id)).payment.status).toBe("SUCCEEDED");
    // Delivered (2xx): the provider's retry would be a replay anyway.
    expect(await services.db.sandboxWebhookDelivery.count({ where: { checkoutId: payment.providerRef, deliveredAt: null } })).toBe(0);
  });
});

describe("the event log", () => {
  it("refuses updates and deletes (append-only trigger)", async () => {
    const { harness, payment } = await paidOrderSetup();
    await harness.post(sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: 2400, currency: "GBP" }));
    const [recorded] = await eventsFor(payment.providerRef);

    await expect(services.db.paymentEvent.update({ where: { id: recorded!.id }, data: { amount: 1 } })).rejects.toThrow(/append-only/);
    await expect(
      services.db.$executeRaw`UPDATE "PaymentEvent" SET "signatureValid" = false WHERE "id" = ${recorded!.id}`,
    ).rejects.toThrow(/append-only/);
    await expect(services.db.paymentEvent.delete({ where: { id: recorded!.id } })).rejects.toThrow(/append-only/);
    expect(await eventsFor(payment.providerRef)).toEqual([expect.objectContaining({ amount: 2400, signatureValid: true })]);
  });
});
