// POST /api/webhooks/payments/<provider> (app/api/webhooks/payments/[provider]/route.ts), called as Next calls it,
// with validly signed sandbox events that make no sense (issue 12, item 8). Each is refused with a clear 4xx (a 500
// would make the provider retry it forever), recorded as rejected and listed for staff, and changes nothing: the
// customer's real payment that follows still settles. Everything goes through the app's own services().
import { afterAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/payments/[provider]/route";
import { sandboxWebhookSecret } from "@/server/config/env";
import { signatureHeader } from "@/server/payments/signature";
import { services } from "@/server/services";
import { adults, createBookingScreening, guestKey, requestKey } from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { sandboxEvent } from "@/tests/support/payments";
import { uniqueTestEmail } from "@/tests/support/users";

afterAll(async () => {
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

/** Posts a raw body signed with the sandbox's secret, now, as the sandbox would. */
async function post(rawBody: string) {
  const request = new Request("http://localhost/api/webhooks/payments/sandbox", {
    method: "POST",
    headers: { "content-type": "application/json", "marquee-signature": signatureHeader(sandboxWebhookSecret(), rawBody, new Date()) },
    body: rawBody,
  });
  const response = await POST(request, { params: Promise.resolve({ provider: "sandbox" }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A customer's order, checked out and waiting for its sandbox payment. */
async function checkedOut() {
  const app = services();
  const screening = await createBookingScreening(app.db, createClock());
  const holderKey = guestKey();
  const basket = await app.booking.openBasket({ screeningId: screening.screeningId, holderKey, userId: null });
  await app.inventory.hold({ screeningId: screening.screeningId, orderId: basket.id, seatIds: screening.seats("A1", "A2"), requestKey: requestKey() });
  await app.booking.checkout({
    orderId: basket.id,
    holderKey,
    userId: null,
    email: uniqueTestEmail("webhook"),
    name: "Webhook Buyer",
    ticketTypes: adults(screening, "A1", "A2"),
  });
  const payment = await app.db.payment.findFirstOrThrow({ where: { orderId: basket.id, status: "PENDING" } });
  return { orderId: basket.id, payment };
}

/** The rejected event is on record and on the staff's list, and nothing else changed. */
async function expectRejected(eventId: string, reason: string, paymentId: string) {
  const app = services();
  const events = await app.booking.unmatchedPaymentEvents({ limit: 500 });
  expect(events).toContainEqual(expect.objectContaining({ providerEventId: eventId, rejectedReason: reason }));
  expect(await app.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).toMatchObject({ status: "PENDING" });
  expect(await app.db.refund.count({ where: { paymentId } })).toBe(0);
}

/** The customer's real payment arrives afterwards: recorded, settled (inline: the app's engine is unavailable here). */
async function expectRealPaymentSettles(orderId: string, payment: { providerRef: string; amount: number; currency: string }) {
  const success = await post(JSON.stringify(sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: payment.amount, currency: payment.currency })));
  expect(success).toMatchObject({ status: 200, body: { payment: "SUCCEEDED" } });
  const order = await services().db.order.findUniqueOrThrow({ where: { id: orderId }, include: { tickets: { where: { status: "SOLD" } } } });
  expect(order.status).toBe("PAID");
  expect(order.needsAttention).toBe(false);
  expect(order.tickets).toHaveLength(2);
}

describe("signed provider events that make no sense", () => {
  it("a refund event of amount 0 for a pending payment is rejected (422), not a PARTIALLY_REFUNDED payment with no refund", async () => {
    const { orderId, payment } = await checkedOut();
    const event = sandboxEvent("refund.succeeded", { checkout: payment.providerRef, amount: 0, currency: "GBP", refund: "rf_zero" });

    const answer = await post(JSON.stringify(event));

    expect(answer).toEqual({ status: 422, body: { error: expect.stringContaining("rejected"), rejected: "REFUND_AMOUNT_MISSING" } });
    await expectRejected(event.id, "REFUND_AMOUNT_MISSING", payment.id);
    // The provider sending it again gets the same answer, not a 200 "duplicate".
    expect((await post(JSON.stringify(event))).status).toBe(422);
    await expectRealPaymentSettles(orderId, payment);
  });

  it("a refund event with no amount for a pending payment is rejected (422)", async () => {
    const { orderId, payment } = await checkedOut();
    const event = sandboxEvent("refund.succeeded", { checkout: payment.providerRef, refund: "rf_none" });

    const answer = await post(JSON.stringify(event));

    expect(answer).toMatchObject({ status: 422, body: { rejected: "REFUND_AMOUNT_MISSING" } });
    await expectRejected(event.id, "REFUND_AMOUNT_MISSING", payment.id);
    await expectRealPaymentSettles(orderId, payment);
  });

  it("a refund event larger than the payment is rejected (422), not recorded as it is", async () => {
    const { orderId, payment } = await checkedOut();
    const event = sandboxEvent("refund.succeeded", { checkout: payment.providerRef, amount: payment.amount + 1, currency: "GBP", refund: "rf_big" });

    const answer = await post(JSON.stringify(event));

    expect(answer).toMatchObject({ status: 422, body: { rejected: "REFUND_EXCEEDS_PAYMENT" } });
    await expectRejected(event.id, "REFUND_EXCEEDS_PAYMENT", payment.id);
    await expectRealPaymentSettles(orderId, payment);
  });

  it("a refund event larger than what is left of a paid order is rejected (422), and the order keeps its tickets", async () => {
    const { orderId, payment } = await checkedOut();
    await expectRealPaymentSettles(orderId, payment);
    const event = sandboxEvent("refund.succeeded", { checkout: payment.providerRef, amount: payment.amount * 10, currency: "GBP", refund: "rf_huge" });

    const answer = await post(JSON.stringify(event));

    expect(answer).toMatchObject({ status: 422, body: { rejected: "REFUND_EXCEEDS_PAYMENT" } });
    const app = services();
    expect(await app.db.refund.count({ where: { paymentId: payment.id } })).toBe(0);
    expect(await app.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).toMatchObject({ status: "SUCCEEDED" });
    expect(await app.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({ status: "PAID" });
  });

  it("an event nested 50,000 levels deep answers 422, not 500, and is kept as a digest", async () => {
    const { orderId, payment } = await checkedOut();
    const depth = 50_000;
    const id = `evt_deep_${Date.now()}_${Math.random().toString(36).slice(2)}`;
    const rawBody = `{"id":"${id}","type":"payment.succeeded","created":1,"data":{"checkout":"${payment.providerRef}","amount":${payment.amount},"currency":"GBP","extra":${"[".repeat(depth)}${"]".repeat(depth)}}}`;

    const answer = await post(rawBody);

    expect(answer).toMatchObject({ status: 422, body: { rejected: "TOO_DEEP" } });
    await expectRejected(id, "TOO_DEEP", payment.id);
    const stored = await services().db.paymentEvent.findFirstOrThrow({ where: { providerEventId: id } });
    expect(stored.payload).toMatchObject({ rejected: "TOO_DEEP", bytes: Buffer.byteLength(rawBody) });
    await expectRealPaymentSettles(orderId, payment);
  });

  it("an event with a NUL character in its id answers 422, not 500", async () => {
    const { orderId, payment } = await checkedOut();
    const event = sandboxEvent("payment.succeeded", { checkout: payment.providerRef, amount: payment.amount, currency: "GBP" }, `evt_nul_${Date.now()}\u0000x`);

    const answer = await post(JSON.stringify(event));

    expect(answer).toMatchObject({ status: 422, body: { rejected: "NUL_CHARACTER" } });
    // Stored with the NUL written out, so that staff can see where it was.
    await expectRejected(event.id.replace("\u0000", "\\u0000"), "NUL_CHARACTER", payment.id);
    await expectRealPaymentSettles(orderId, payment);
  });

  it("an event with a NUL character in a string deep in its body answers 422, not 500", async () => {
    const { orderId, payment } = await checkedOut();
    const body = sandboxEvent("refund.succeeded", { checkout: payment.providerRef, amount: 100, currency: "GBP", refund: "rf_nul" });
    const rawBody = JSON.stringify({ ...body, data: { ...body.data, note: { nested: ["fine", "not\u0000fine"] } } });

    const answer = await post(rawBody);

    expect(answer).toMatchObject({ status: 422, body: { rejected: "NUL_CHARACTER" } });
    await expectRejected(body.id, "NUL_CHARACTER", payment.id);
    await expectRealPaymentSettles(orderId, payment);
  });
});
