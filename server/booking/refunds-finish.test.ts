// Issue 12, item 3: refunds finish. The provider paid a customer's refund out, but the process died before the order
// and its tickets were updated: asking again, or reconciliation, completes it, the money goes back once, and the
// tickets are never admitted at the door meanwhile. And no path refunds more than was paid.
import { TZDate } from "@date-fns/tz";
import { startOfDay } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import type { PaymentProvider } from "@/server/payments";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { FAKE_PROVIDER } from "@/tests/support/payments";
import { accessTokenOf, createBookingScreening, orderRow, paidOrder, withBookingHarness } from "@/tests/support/booking";
import { createTestUser } from "@/tests/support/users";

// Noon today on the cinema's clock (Europe/London), from the real date, so that a screening six hours later is
// "today" at the door whenever the tests run.
const noon = startOfDay(new TZDate(Date.now(), "Europe/London")).getTime() + 12 * 3600_000;
const clock = createClock(noon);
const h = withBookingHarness({ clock });

let doorman = "";
beforeAll(async () => {
  doorman = (await createTestUser(h.services, { role: "STAFF", name: "Dee Door" })).user.id;
});

/**
 * The provider wrapper: the next refund goes through at the provider, and then the process "dies" before anything is
 * written (the code throws where the database update would come).
 */
function dieAfterNextProviderRefund(provider: PaymentProvider) {
  const real = provider.refund.bind(provider);
  provider.refund = async (request) => {
    const answer = await real(request);
    provider.refund = real;
    void answer;
    throw new Error("the process died after the provider refunded");
  };
}

/** A paid guest order for a screening six hours from now, with the refund asked for and interrupted as above. */
async function interruptedRefund(labels: string[]) {
  const screening = await createBookingScreening(h.services.db, clock, { startsInMinutes: 6 * 60 });
  const order = await paidOrder(h, screening, labels);
  const accessToken = accessTokenOf(order.result.orderPath);
  const codes = (await orderRow(h.services.db, order.orderId)).tickets.map((t) => t.code!);

  dieAfterNextProviderRefund(h.fake.provider);
  const asked = await h.booking.requestRefund({ orderId: order.orderId, accessToken });
  expect(asked.status).toBe("PENDING");
  // The workflow's step runs it, and dies after the provider paid out.
  await expect(h.booking.processRefund({ refundId: asked.refundId! })).rejects.toThrow();

  const checkout = await h.fake.provider.status(order.payment.providerRef);
  expect(checkout).toMatchObject({ status: "refunded", refundedAmount: order.payment.amount });
  expect(await orderRow(h.services.db, order.orderId)).toMatchObject({ status: "PAID" });
  return { screening, order, accessToken, codes, refundId: asked.refundId! };
}

const checkIn = (code: string, cinemaId: string) => h.services.door.checkIn({ code, cinemaId, screeningId: null, staffId: doorman });

async function expectFinished(orderId: string, providerRef: string, amount: number) {
  const row = await orderRow(h.services.db, orderId);
  expect(row.status).toBe("REFUNDED");
  expect(row.tickets.filter((t) => t.status !== "RELEASED").map((t) => t.status)).toEqual(["REFUNDED", "REFUNDED"]);
  expect(await h.services.db.refund.findMany({ where: { orderId }, select: { status: true, amount: true } })).toEqual([{ status: "SUCCEEDED", amount }]);
  // The money went back once, however often the provider was asked.
  expect((await h.fake.provider.status(providerRef)).refundedAmount).toBe(amount);
}

describe("a refund interrupted after the provider paid it out", () => {
  it("is never admitted at the door, and asking again completes it", async () => {
    const { screening, order, accessToken, codes } = await interruptedRefund(["A1", "A2"]);

    // Still PAID with SOLD tickets in our books, but the money is gone: the door refuses it.
    expect(await checkIn(codes[0]!, screening.cinemaId)).toMatchObject({ outcome: "REFUNDED" });

    const again = await h.booking.requestRefund({ orderId: order.orderId, accessToken });

    expect(again.status).toBe("SUCCEEDED");
    await expectFinished(order.orderId, order.payment.providerRef, order.payment.amount);
    expect(await checkIn(codes[1]!, screening.cinemaId)).toMatchObject({ outcome: "REFUNDED" });
  });

  it("is completed by reconciliation", async () => {
    const { screening, order, codes } = await interruptedRefund(["B1", "B2"]);
    clock.advance(10 * 60_000);

    const report = await h.booking.reconcile({ screeningIds: [screening.screeningId] });

    expect(report.repaired).toContainEqual(expect.objectContaining({ kind: "refund_stalled", orderId: order.orderId }));
    await expectFinished(order.orderId, order.payment.providerRef, order.payment.amount);
    expect(await checkIn(codes[0]!, screening.cinemaId)).toMatchObject({ outcome: "REFUNDED" });
  });

  it("recorded as paid out (by the provider's webhook) while the order stayed PAID, is completed by reconciliation", async () => {
    const { screening, order, codes, refundId } = await interruptedRefund(["C1", "C2"]);
    // The provider's refund.succeeded webhook marks our Refund row SUCCEEDED; nothing updates the order.
    const answer = await h.payments.handleWebhook({
      provider: FAKE_PROVIDER,
      rawBody: JSON.stringify({
        id: `evt_refund_${refundId}`,
        type: "refund.succeeded",
        providerRef: order.payment.providerRef,
        amount: order.payment.amount,
        currency: order.payment.currency,
        refundKey: refundId,
        refundRef: `re_${refundId}`,
        payload: {},
      }),
      headers: {},
    });
    expect(answer.outcome).toBe("recorded");
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await checkIn(codes[0]!, screening.cinemaId)).toMatchObject({ outcome: "REFUNDED" });
    clock.advance(10 * 60_000);

    const report = await h.booking.reconcile({ screeningIds: [screening.screeningId] });

    expect(report.repaired).toContainEqual(expect.objectContaining({ kind: "refund_not_applied", orderId: order.orderId, refundId }));
    await expectFinished(order.orderId, order.payment.providerRef, order.payment.amount);
  });
});

describe("refunds never exceed the payment", () => {
  it("refuses a customer's full refund after part was refunded at the provider, with a clear error and nothing written", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { startsInMinutes: 6 * 60 });
    const order = await paidOrder(h, screening, ["A3", "A4"]);
    const partial = await h.payments.handleWebhook({
      provider: FAKE_PROVIDER,
      rawBody: JSON.stringify({
        id: `evt_partial_${order.payment.id}`,
        type: "refund.succeeded",
        providerRef: order.payment.providerRef,
        amount: 1000,
        currency: order.payment.currency,
        refundRef: `re_dashboard_${order.payment.id}`,
        payload: {},
      }),
      headers: {},
    });
    expect(partial.outcome).toBe("recorded");

    await expectAppError(h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) }), "CONFLICT", "REFUND_EXCEEDS_PAYMENT");

    expect(await h.services.db.refund.findMany({ where: { orderId: order.orderId }, select: { amount: true } })).toEqual([{ amount: 1000 }]);
  });
});
