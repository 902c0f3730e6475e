// Starting payments, refunds and provider status against the real test PostgreSQL and the real sandbox provider.
import { describe, expect, it } from "vitest";
import { withTestServices } from "@/tests/support/services";
import { isRefundFailedError, RefundFailedError } from "./index";
import { createClock, type Clock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createPayableOrder, createPaymentsHarness, TEST_APP_URL } from "@/tests/support/payments";

const services = withTestServices();

describe("startPayment", () => {
  it("takes the amount, currency and reference from the order, never from the caller", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const order = await createPayableOrder(services.db, clock, { totalAmount: 3150, currency: "EUR" });

    const started = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/back?x=1" });

    const payment = await services.db.payment.findUniqueOrThrow({ where: { id: started.paymentId } });
    expect(payment).toMatchObject({ orderId: order.id, provider: "sandbox", amount: 3150, currency: "EUR", status: "PENDING" });
    expect(started.redirectUrl).toBe(`${TEST_APP_URL}/sandbox-pay/${payment.providerRef}`);
    expect(payment.redirectUrl).toBe(started.redirectUrl);
    const checkout = await harness.sandbox.checkout(payment.providerRef);
    expect(checkout).toMatchObject({ amount: 3150, currency: "EUR", orderReference: order.reference, status: "OPEN" });
    expect(checkout?.description).toMatch(/Seat Wars/);
  });

  it("supersedes the order's older pending attempt", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const order = await createPayableOrder(services.db, clock);
    const first = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
    const second = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });

    const payments = await services.db.payment.findMany({ where: { orderId: order.id } });
    expect(payments.find((p) => p.id === first.paymentId)).toMatchObject({ status: "FAILED", failureReason: "SUPERSEDED" });
    expect(payments.find((p) => p.id === second.paymentId)).toMatchObject({ status: "PENDING" });
    expect(payments.filter((p) => p.status === "PENDING")).toHaveLength(1);
  });

  it("refuses orders that are not payable and providers it doesn't have", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const expired = await createPayableOrder(services.db, clock);
    await services.db.order.update({ where: { id: expired.id }, data: { status: "EXPIRED", expiredAt: new Date() } });
    const free = await createPayableOrder(services.db, clock, { totalAmount: 0 });
    const open = await createPayableOrder(services.db, clock);

    expect((await expectAppError(harness.payments.startPayment({ orderId: expired.id, provider: "sandbox", returnUrl: "https://m.test/r" }))).code).toBe(
      "CONFLICT",
    );
    expect((await expectAppError(harness.payments.startPayment({ orderId: free.id, provider: "sandbox", returnUrl: "https://m.test/r" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await expectAppError(harness.payments.startPayment({ orderId: open.id, provider: "paypal", returnUrl: "https://m.test/r" }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await expectAppError(harness.payments.startPayment({ orderId: "ord_missing", provider: "sandbox", returnUrl: "https://m.test/r" }))).code).toBe(
      "NOT_FOUND",
    );
    expect(await services.db.payment.count({ where: { orderId: { in: [expired.id, free.id, open.id] } } })).toBe(0);
  });
});

async function succeededPayment(harness: ReturnType<typeof createPaymentsHarness>, clock: Clock, totalAmount = 2400) {
  const order = await createPayableOrder(services.db, clock, { totalAmount });
  const { paymentId } = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
  const payment = await services.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
  await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve" });
  await harness.sandbox.deliverDue({ now: clock.now() });
  return { order, payment: await services.db.payment.findUniqueOrThrow({ where: { id: paymentId } }) };
}

describe("refundPayment", () => {
  it("is idempotent on its key: one Refund row, money back once", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const { order, payment } = await succeededPayment(harness, clock);
    expect(payment.status).toBe("SUCCEEDED");

    const input = { paymentId: payment.id, orderId: order.id, amount: 1000, reason: "customer asked", idempotencyKey: `refund-${payment.id}-1` };
    const [a, b] = await Promise.all([harness.payments.refundPayment(input), harness.payments.refundPayment(input)]);
    const c = await harness.payments.refundPayment(input);
    expect([a, b, c]).toEqual([
      { refundId: input.idempotencyKey, status: "SUCCEEDED" },
      { refundId: input.idempotencyKey, status: "SUCCEEDED" },
      { refundId: input.idempotencyKey, status: "SUCCEEDED" },
    ]);
    expect(await services.db.refund.findMany({ where: { paymentId: payment.id } })).toEqual([
      expect.objectContaining({ id: input.idempotencyKey, amount: 1000, currency: "GBP", status: "SUCCEEDED" }),
    ]);
    expect(await harness.sandbox.status(payment.providerRef)).toMatchObject({ status: "succeeded", refundedAmount: 1000 });
    expect((await services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PARTIALLY_REFUNDED");

    // The rest, then nothing more.
    await harness.payments.refundPayment({ ...input, amount: 1400, idempotencyKey: `refund-${payment.id}-2` });
    expect((await services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
    expect(await harness.payments.providerStatus({ paymentId: payment.id })).toMatchObject({ status: "refunded", refundedAmount: 2400 });
    const tooMuch = await expectAppError(harness.payments.refundPayment({ ...input, amount: 1, idempotencyKey: `refund-${payment.id}-3` }));
    expect(tooMuch.code).toBe("PRECONDITION_FAILED");
    const reused = await expectAppError(harness.payments.refundPayment({ ...input, amount: 999 }));
    expect(reused.details?.reason).toBe("REFUND_KEY_REUSED");

    // The refund webhooks that follow change nothing.
    await harness.sandbox.deliverDue({ now: clock.now() });
    expect(await services.db.refund.count({ where: { paymentId: payment.id } })).toBe(2);
  });

  it("processes a Refund row created elsewhere when given its id", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const { order, payment } = await succeededPayment(harness, clock);
    const row = await services.db.refund.create({
      data: { paymentId: payment.id, orderId: order.id, amount: 2400, currency: "GBP", reason: "REQUESTED_BY_CUSTOMER" },
    });
    const result = await harness.payments.refundPayment({
      paymentId: payment.id,
      orderId: order.id,
      amount: 2400,
      reason: "REQUESTED_BY_CUSTOMER",
      idempotencyKey: row.id,
    });
    expect(result).toEqual({ refundId: row.id, status: "SUCCEEDED" });
    expect(await services.db.refund.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ status: "SUCCEEDED", attempts: 1 });
  });

  it("refuses more than was paid, and payments that never succeeded", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const { order, payment } = await succeededPayment(harness, clock);
    const tooMuch = await expectAppError(
      harness.payments.refundPayment({ paymentId: payment.id, orderId: order.id, amount: 2401, reason: "x", idempotencyKey: `big-${payment.id}` }),
    );
    expect(tooMuch.details?.reason).toBe("REFUND_EXCEEDS_PAYMENT");

    const pendingOrder = await createPayableOrder(services.db, clock);
    const pending = await harness.payments.startPayment({ orderId: pendingOrder.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
    const notPaid = await expectAppError(
      harness.payments.refundPayment({ paymentId: pending.paymentId, orderId: pendingOrder.id, amount: 100, reason: "x", idempotencyKey: `p-${pending.paymentId}` }),
    );
    expect(notPaid.code).toBe("PRECONDITION_FAILED");
    // Another order's payment is not found.
    const wrongOrder = await expectAppError(
      harness.payments.refundPayment({ paymentId: payment.id, orderId: pendingOrder.id, amount: 100, reason: "x", idempotencyKey: `w-${payment.id}` }),
    );
    expect(wrongOrder.code).toBe("NOT_FOUND");
    expect(await services.db.refund.count({ where: { paymentId: { in: [payment.id, pending.paymentId] } } })).toBe(0);
  });

  it("a provider failure throws RefundFailedError and counts the attempt; after 5 it is left to staff", async () => {
    const clock = createClock();
    let providerRefundCalls = 0;
    let refundsWork = true;
    const harness = createPaymentsHarness({
      db: services.db,
      clock,
      wrapProvider: (sandbox) => ({
        ...sandbox,
        refund: async (request) => {
          providerRefundCalls += 1;
          if (!refundsWork) throw new Error("provider timed out");
          return sandbox.refund(request);
        },
      }),
    });
    const { order, payment } = await succeededPayment(harness, clock);
    refundsWork = false;
    const input = { paymentId: payment.id, orderId: order.id, amount: 2400, reason: "customer asked", idempotencyKey: `fail-${payment.id}` };

    for (let attempt = 1; attempt <= 4; attempt++) {
      const error = await harness.payments.refundPayment(input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RefundFailedError);
      expect(isRefundFailedError(error) && error.attempts).toBe(attempt);
      expect(await services.db.refund.findUniqueOrThrow({ where: { id: input.idempotencyKey } })).toMatchObject({
        status: "FAILED",
        attempts: attempt,
        needsAttention: false,
      });
    }
    expect(await harness.payments.refundPayment(input)).toEqual({ refundId: input.idempotencyKey, status: "FAILED" });
    expect(await services.db.refund.findUniqueOrThrow({ where: { id: input.idempotencyKey } })).toMatchObject({
      status: "FAILED",
      attempts: 5,
      needsAttention: true,
    });
    expect((await services.db.order.findUniqueOrThrow({ where: { id: order.id } })).needsAttention).toBe(true);

    // Given up: further calls don't reach the provider, even once it works again.
    refundsWork = true;
    expect(await harness.payments.refundPayment(input)).toEqual({ refundId: input.idempotencyKey, status: "FAILED" });
    expect(providerRefundCalls).toBe(5);
    expect(await harness.sandbox.status(payment.providerRef)).toMatchObject({ refundedAmount: 0 });
    expect((await services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");
  });

  it("a retry after a failure succeeds with the same key and refunds once", async () => {
    const clock = createClock();
    let failNext = false;
    const harness = createPaymentsHarness({
      db: services.db,
      clock,
      wrapProvider: (sandbox) => ({
        ...sandbox,
        refund: async (request) => {
          if (failNext) {
            failNext = false;
            throw new Error("connection reset");
          }
          return sandbox.refund(request);
        },
      }),
    });
    const { order, payment } = await succeededPayment(harness, clock);
    failNext = true;
    const input = { paymentId: payment.id, orderId: order.id, amount: 2400, reason: "x", idempotencyKey: `retry-${payment.id}` };
    await expect(harness.payments.refundPayment(input)).rejects.toBeInstanceOf(RefundFailedError);
    expect(await harness.payments.refundPayment(input)).toEqual({ refundId: input.idempotencyKey, status: "SUCCEEDED" });
    expect(await services.db.refund.findUniqueOrThrow({ where: { id: input.idempotencyKey } })).toMatchObject({ status: "SUCCEEDED", attempts: 2 });
    expect(await harness.sandbox.status(payment.providerRef)).toMatchObject({ status: "refunded", refundedAmount: 2400 });
  });
});

describe("providerStatus", () => {
  it("reports what the provider says, open → succeeded", async () => {
    const clock = createClock();
    const harness = createPaymentsHarness({ db: services.db, clock });
    const order = await createPayableOrder(services.db, clock, { totalAmount: 1250 });
    const { paymentId } = await harness.payments.startPayment({ orderId: order.id, provider: "sandbox", returnUrl: "https://marquee.test/r" });
    expect(await harness.payments.providerStatus({ paymentId })).toEqual({ status: "open", amount: 1250, currency: "GBP", refundedAmount: 0 });

    const payment = await services.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    // Approved with the webhook still held back: reconciliation can see the success before the webhook arrives.
    await harness.sandbox.decide({ ref: payment.providerRef, decision: "approve_delayed" });
    expect(await harness.payments.providerStatus({ paymentId })).toMatchObject({ status: "succeeded" });
    expect((await expectAppError(harness.payments.providerStatus({ paymentId: "pay_missing" }))).code).toBe("NOT_FOUND");
  });
});
