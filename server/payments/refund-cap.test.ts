// The database's own check that a payment's refunds never add up to more than it (the refund_within_payment trigger,
// issue 12 item 3), against the real test PostgreSQL: raw SQL that goes around every guard in the code is refused,
// two refunds racing for the same money can't both get in, and a refused payment can be refunded what was taken.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isRefundOverPayment } from "@/server/db/errors";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createPayableOrder } from "@/tests/support/payments";
import { withTestServices } from "@/tests/support/services";
import { assertRefundFits } from "./index";

const services = withTestServices();
const clock = createClock();

async function succeededPayment(amount = 2400, currency = "GBP") {
  const order = await createPayableOrder(services.db, clock, { totalAmount: amount, currency });
  return services.db.payment.create({
    data: { orderId: order.id, provider: "sandbox", providerRef: `cap_${randomBytes(8).toString("hex")}`, amount, currency, status: "SUCCEEDED", succeededAt: clock.now() },
  });
}

const rawInsert = (payment: { id: string; orderId: string }, amount: number, status = "PENDING", currency = "GBP") =>
  services.db.$executeRawUnsafe(
    `INSERT INTO "Refund" ("id", "paymentId", "orderId", "currency", "amount", "reason", "status", "updatedAt")
     VALUES ($1, $2, $3, $4, $5, 'RAW', $6::"RefundStatus", now())`,
    `raw_${randomBytes(8).toString("hex")}`,
    payment.id,
    payment.orderId,
    currency,
    amount,
    status,
  );

describe("the refund_within_payment trigger", () => {
  it("refuses a raw SQL insert that takes the refunds past the payment, counting every status", async () => {
    const payment = await succeededPayment(2400);
    await rawInsert(payment, 1000, "SUCCEEDED");
    await rawInsert(payment, 800, "FAILED");
    await rawInsert(payment, 600, "PENDING");

    const refused = await rawInsert(payment, 1).catch((error: unknown) => error);

    expect(isRefundOverPayment(refused)).toBe(true);
    expect(await services.db.refund.count({ where: { paymentId: payment.id } })).toBe(3);
  });

  it("refuses raising an existing refund's amount past the payment, and a zero or negative refund", async () => {
    const payment = await succeededPayment(2400);
    await rawInsert(payment, 2000);
    const [row] = await services.db.refund.findMany({ where: { paymentId: payment.id } });

    const raised = await services.db.$executeRaw`UPDATE "Refund" SET "amount" = 2401 WHERE "id" = ${row!.id}`.catch((error: unknown) => error);
    expect(isRefundOverPayment(raised)).toBe(true);
    expect(isRefundOverPayment(await rawInsert(payment, 0).catch((error: unknown) => error))).toBe(true);
    await services.db.$executeRaw`UPDATE "Refund" SET "amount" = 2400 WHERE "id" = ${row!.id}`;
  });

  it("lets exactly one of two refunds racing for the same money in", async () => {
    const payment = await succeededPayment(2400);

    const results = await Promise.allSettled(
      [1500, 1500].map((amount) =>
        services.db.$transaction(async (tx) => {
          await tx.refund.create({ data: { id: `race_${randomBytes(8).toString("hex")}`, paymentId: payment.id, orderId: payment.orderId, currency: "GBP", amount, reason: "RACE" } });
        }),
      ),
    );

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected" && isRefundOverPayment(r.reason))).toHaveLength(1);
    expect((await services.db.refund.aggregate({ where: { paymentId: payment.id }, _sum: { amount: true } }))._sum.amount).toBe(1500);
  });

  it("lets a payment refused for a wrong amount be refunded what the provider said it took, and no more", async () => {
    const payment = await succeededPayment(2400);
    await services.db.payment.update({ where: { id: payment.id }, data: { status: "FAILED", failureReason: "AMOUNT_MISMATCH" } });
    await services.db.paymentEvent.create({
      data: { provider: "sandbox", providerEventId: `evt_${randomBytes(8).toString("hex")}`, providerRef: payment.providerRef, paymentId: payment.id, type: "payment.succeeded", amount: 5000, currency: "GBP", payload: {}, signatureValid: true },
    });

    await rawInsert(payment, 5000);
    expect(isRefundOverPayment(await rawInsert(payment, 1).catch((error: unknown) => error))).toBe(true);
  });

  it("is checked first, with a clear error, by assertRefundFits", async () => {
    const payment = await succeededPayment(2400);
    await rawInsert(payment, 2000);

    const error = await expectAppError(services.db.$transaction((tx) => assertRefundFits(tx, { paymentId: payment.id, amount: 401, currency: "GBP" })));

    expect(error).toMatchObject({ code: "CONFLICT", details: { reason: "REFUND_EXCEEDS_PAYMENT" } });
    await services.db.$transaction((tx) => assertRefundFits(tx, { paymentId: payment.id, amount: 400, currency: "GBP" }));
  });
});
