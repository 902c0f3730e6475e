// Stripe, offline: the real `stripe` client pointed at a local stand-in (tests/support/stripe-stand-in.ts), webhooks
// signed with the SDK's own test-header helper, and the real booking and payments modules over the test PostgreSQL
// and Redis. Each test checks the books: PaymentEvent rows, the Payment, the Order and its tickets, the requests that
// reached "Stripe".
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { webhookResponse } from "@/app/api/webhooks/payments/[provider]/response";
import { createRecordingPublisher } from "@/server/events";
import { createClock } from "@/tests/support/clock";
import { checkedOutOrder, createBookingScreening, createPromo, holdSeats, mailTo, adults, withBookingHarness } from "@/tests/support/booking";
import { throwingPublisher } from "@/tests/support/payments";
import { startStripeStandIn } from "@/tests/support/stripe-stand-in";
import { uniqueTestEmail } from "@/tests/support/users";
import { createStripeProvider, STRIPE_METADATA } from "./provider";

const WEBHOOK_SECRET = "whsec_stand_in_0123456789abcdef";
const clock = createClock();
const standIn = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET, now: clock.now });
afterAll(() => standIn.close());

const stripe = createStripeProvider({
  secretKey: "sk_test_marquee_stand_in",
  webhookSecret: WEBHOOK_SECRET,
  now: clock.now,
  api: { host: standIn.host, port: standIn.port, protocol: "http", maxNetworkRetries: 0 },
});

// No workflow engine: a verified success settles inline, in the webhook's own request, as in production when the
// engine is down. The whole path from Stripe's event to sold tickets runs in the test.
const h = withBookingHarness({ clock, events: throwingPublisher() as ReturnType<typeof createRecordingPublisher>, providers: { stripe }, booking: { paymentProvider: "stripe" } });

const deliver = async (event: { rawBody: string; headers: Record<string, string> }) => {
  const answer = await h.payments.handleWebhook({ provider: "stripe", rawBody: event.rawBody, headers: event.headers });
  return { ...answer, status: webhookResponse(answer).status };
};

async function stripeCheckout(labels = ["A1", "A2"], extra: { promoCode?: string } = {}) {
  const screening = await createBookingScreening(h.services.db, clock);
  const checkedOut = await checkedOutOrder(h, screening, labels, extra);
  return { screening, ...checkedOut };
}

async function paidStripeOrder() {
  const order = await stripeCheckout();
  const session = standIn.pay(order.payment.providerRef);
  const answer = await deliver(standIn.event("checkout.session.completed", session));
  expect(answer.status).toBe(200);
  return { ...order, session };
}

const eventsFor = (providerRef: string) => h.services.db.paymentEvent.findMany({ where: { providerRef } });

describe("checkout", () => {
  it("creates a Checkout Session for the order's own amount and currency, keyed by the Payment id", async () => {
    const { payment, basket, result } = await stripeCheckout();
    expect(payment.provider).toBe("stripe");
    expect(payment.providerRef).toMatch(/^cs_test_/);
    expect(payment.redirectUrl).toBe(`https://checkout.stripe.test/c/pay/${payment.providerRef}`);
    expect(result.redirectUrl).toBe(payment.redirectUrl);

    const request = standIn.requests.find((r) => r.method === "POST" && r.path === "/v1/checkout/sessions" && r.body.client_reference_id === payment.id)!;
    expect(request.idempotencyKey).toBe(payment.id);
    expect(request.body).toMatchObject({
      mode: "payment",
      "line_items[0][quantity]": "1",
      "line_items[0][price_data][unit_amount]": String(payment.amount),
      "line_items[0][price_data][currency]": "gbp",
      [`metadata[${STRIPE_METADATA.paymentId}]`]: payment.id,
      [`metadata[${STRIPE_METADATA.orderReference}]`]: basket.reference,
      [`payment_intent_data[metadata][${STRIPE_METADATA.paymentId}]`]: payment.id,
    });
    expect(payment.amount).toBe(2400);
    expect(request.body.success_url).toBe(`http://marquee.test${result.orderPath}`);
    expect(request.body.cancel_url).toBe(request.body.success_url);
  });
});

describe("webhooks", () => {
  it("settles a good checkout.session.completed end to end: payment SUCCEEDED, order PAID, tickets sold", async () => {
    const { payment, basket, customer } = await paidStripeOrder();
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId }, include: { tickets: true } });
    expect(order.status).toBe("PAID");
    expect(order.tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");
    expect(await eventsFor(payment.providerRef)).toHaveLength(1);
    expect((await mailTo(h.services.db, customer)).length).toBeGreaterThanOrEqual(1);
    expect(await stripe.status(payment.providerRef)).toEqual({ status: "succeeded", amount: 2400, currency: "GBP", refundedAmount: 0 });
  });

  it("refuses a bad signature (wrong secret, or a body changed after signing) with 401 and records nothing", async () => {
    const { payment } = await stripeCheckout();
    const session = standIn.pay(payment.providerRef);
    const forged = await deliver(standIn.event("checkout.session.completed", session, { secret: "whsec_someone_else_0123456789" }));
    expect(forged).toMatchObject({ outcome: "unverified", status: 401 });

    const genuine = standIn.event("checkout.session.completed", session);
    const tampered = await deliver({ ...genuine, rawBody: genuine.rawBody.replace('"amount_total": 2400', '"amount_total": 1') });
    expect(tampered).toMatchObject({ outcome: "unverified", status: 401 });

    const unsigned = await deliver({ rawBody: genuine.rawBody, headers: { "content-type": "application/json" } });
    expect(unsigned).toMatchObject({ outcome: "malformed", status: 400 });

    expect(await eventsFor(payment.providerRef)).toHaveLength(0);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PENDING");
  });

  it("refuses a stale timestamp (over 300 s old, or as far ahead) with 401 and records nothing", async () => {
    const { payment } = await stripeCheckout();
    const session = standIn.pay(payment.providerRef);
    const nowSeconds = Math.floor(clock.ms() / 1000);
    for (const timestamp of [nowSeconds - 301, nowSeconds + 301]) {
      const answer = await deliver(standIn.event("checkout.session.completed", session, { timestamp }));
      expect(answer, String(timestamp - nowSeconds)).toMatchObject({ outcome: "unverified", status: 401 });
    }
    // Inside the tolerance it counts.
    expect(await eventsFor(payment.providerRef)).toHaveLength(0);
    const fresh = await deliver(standIn.event("checkout.session.completed", session, { timestamp: nowSeconds - 250 }));
    expect(fresh).toMatchObject({ outcome: "recorded", status: 200 });
  });

  it("answers a replayed event (same event id) as a duplicate: one PaymentEvent, one settlement", async () => {
    const { payment, basket, customer } = await stripeCheckout();
    const session = standIn.pay(payment.providerRef);
    const event = standIn.event("checkout.session.completed", session);
    expect(await deliver(event)).toMatchObject({ outcome: "recorded", status: 200 });
    const mailsAfterFirst = (await mailTo(h.services.db, customer)).length;

    // The same event id, signed again at a later delivery, as Stripe retries.
    clock.advance(1_000);
    const replay = standIn.event("checkout.session.completed", session, { id: event.id });
    expect(await deliver(replay)).toMatchObject({ outcome: "duplicate", status: 200 });
    expect(await deliver(event)).toMatchObject({ outcome: "duplicate", status: 200 });

    expect(await eventsFor(payment.providerRef)).toHaveLength(1);
    expect((await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } })).status).toBe("PAID");
    expect(await mailTo(h.services.db, customer)).toHaveLength(mailsAfterFirst);
  });

  it("fails the payment on checkout.session.expired and async_payment_failed; the order stays PENDING to try again", async () => {
    const { payment, basket } = await stripeCheckout();
    const session = standIn.sessions.get(payment.providerRef)!;
    const answer = await deliver(standIn.event("checkout.session.expired", { ...session, status: "expired" }));
    expect(answer).toMatchObject({ outcome: "recorded", body: { payment: "FAILED" } });
    const failed = await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    expect(failed).toMatchObject({ status: "FAILED", failureReason: "DECLINED: checkout expired" });
    expect((await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } })).status).toBe("PENDING");

    const other = await stripeCheckout(["B1"]);
    const asyncFailed = await deliver(standIn.event("checkout.session.async_payment_failed", standIn.sessions.get(other.payment.providerRef)!));
    expect(asyncFailed).toMatchObject({ outcome: "recorded", body: { payment: "FAILED" } });
  });

  it("settles a bank payment on checkout.session.async_payment_succeeded, not on the unpaid completion before it", async () => {
    const { payment, basket } = await stripeCheckout();
    const unpaid = { ...standIn.sessions.get(payment.providerRef)!, status: "complete", payment_status: "unpaid" };
    expect(await deliver(standIn.event("checkout.session.completed", unpaid))).toMatchObject({ outcome: "recorded", body: { note: expect.stringContaining("not acted on") } });
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PENDING");

    const session = standIn.pay(payment.providerRef);
    expect(await deliver(standIn.event("checkout.session.async_payment_succeeded", session))).toMatchObject({ outcome: "recorded", body: { payment: "SUCCEEDED" } });
    expect((await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } })).status).toBe("PAID");
  });
});

describe("refunds", () => {
  it("go through the Refunds API with the Refund id as idempotency key; a retry never refunds twice", async () => {
    const { payment, basket, session } = await paidStripeOrder();
    const key = `refund-test-${randomBytes(6).toString("hex")}`;
    const result = await h.payments.refundPayment({ paymentId: payment.id, orderId: basket.orderId, amount: 1200, reason: "CUSTOMER_REQUEST", idempotencyKey: key });
    expect(result).toMatchObject({ refundId: key, status: "SUCCEEDED" });

    const calls = standIn.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds" && r.idempotencyKey === key);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({
      payment_intent: session.payment_intent,
      amount: "1200",
      [`metadata[${STRIPE_METADATA.refundId}]`]: key,
      [`metadata[${STRIPE_METADATA.checkoutSession}]`]: payment.providerRef,
    });
    const refund = await h.services.db.refund.findUniqueOrThrow({ where: { id: key } });
    expect(refund.providerRef).toMatch(/^re_test_/);

    // Stripe's own retry of the same key answers the same refund: the charge is refunded once.
    await stripe.refund({ providerRef: payment.providerRef, amount: 1200, currency: "GBP", idempotencyKey: key });
    expect(await stripe.status(payment.providerRef)).toMatchObject({ status: "succeeded", refundedAmount: 1200 });

    // Its webhooks (refund.created, charge.refunded) match the Refund row by the key in its metadata: no second row.
    const refundObject = { id: refund.providerRef, object: "refund", amount: 1200, currency: "gbp", status: "succeeded", payment_intent: session.payment_intent, metadata: { [STRIPE_METADATA.refundId]: key, [STRIPE_METADATA.checkoutSession]: payment.providerRef } };
    expect(await deliver(standIn.event("refund.created", refundObject))).toMatchObject({ status: 200, body: { note: "refund recorded" } });
    const charge = { id: standIn.chargeOf(payment.providerRef), object: "charge", payment_intent: session.payment_intent, amount_refunded: 1200 };
    expect(await deliver(standIn.event("charge.refunded", charge))).toMatchObject({ status: 200, body: { note: "refund recorded" } });
    expect(await h.services.db.refund.findMany({ where: { paymentId: payment.id } })).toHaveLength(1);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("PARTIALLY_REFUNDED");
  });

  it("a provider failure (Stripe answers 500) leaves the Refund FAILED to retry with the same key", async () => {
    const { payment, basket } = await paidStripeOrder();
    const key = `refund-test-${randomBytes(6).toString("hex")}`;
    standIn.failNext("/v1/refunds");
    await expect(h.payments.refundPayment({ paymentId: payment.id, orderId: basket.orderId, amount: 2400, reason: "CUSTOMER_REQUEST", idempotencyKey: key })).rejects.toThrow();
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: key } })).toMatchObject({ status: "FAILED", attempts: 1 });

    const retried = await h.payments.refundPayment({ paymentId: payment.id, orderId: basket.orderId, amount: 2400, reason: "CUSTOMER_REQUEST", idempotencyKey: key });
    expect(retried.status).toBe("SUCCEEDED");
    expect(standIn.requests.filter((r) => r.path === "/v1/refunds" && r.idempotencyKey === key).map((r) => r.idempotencyKey)).toEqual([key, key]);
    expect(await stripe.status(payment.providerRef)).toMatchObject({ status: "refunded", refundedAmount: 2400 });
  });

  it("a refund made on Stripe's dashboard (charge.refunded, no metadata) is recorded and the paid order flagged", async () => {
    const { payment, basket, session } = await paidStripeOrder();
    const refund = standIn.dashboardRefund(payment.providerRef, 2400);
    const charge = { id: refund.charge, object: "charge", payment_intent: session.payment_intent, amount_refunded: 2400 };
    expect(await deliver(standIn.event("charge.refunded", charge))).toMatchObject({ outcome: "recorded" });

    const rows = await h.services.db.refund.findMany({ where: { paymentId: payment.id } });
    expect(rows).toEqual([expect.objectContaining({ id: `provider-refund:stripe:${refund.id}`, amount: 2400, status: "SUCCEEDED", reason: "PROVIDER_INITIATED" })]);
    expect(await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } })).toMatchObject({ needsAttention: true });
  });
});

describe("disputes", () => {
  it("charge.dispute.created flags the order and puts it on the Needs attention list", async () => {
    const { payment, basket, session } = await paidStripeOrder();
    const dispute = { id: `dp_${randomBytes(6).toString("hex")}`, object: "dispute", amount: 2400, currency: "gbp", reason: "fraudulent", status: "needs_response", payment_intent: session.payment_intent, charge: "ch_x" };
    const answer = await deliver(standIn.event("charge.dispute.created", dispute));
    expect(answer).toMatchObject({ outcome: "recorded", status: 200, body: { note: expect.stringContaining("dispute recorded (fraudulent)") } });
    expect(await eventsFor(payment.providerRef)).toContainEqual(expect.objectContaining({ type: "payment.disputed", amount: 2400, currency: "GBP", paymentId: payment.id }));

    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } });
    expect(order).toMatchObject({ status: "PAID", needsAttention: true });
    const item = (await h.booking.needingAttention({ limit: 1000 })).find((i) => i.orderId === basket.orderId);
    expect(item?.problems).toContain("The customer disputed £24.00 of this order's payment with their bank: answer the dispute in the stripe dashboard.");
  });
});

describe("Stripe unreachable while an event is looked up", () => {
  it("records nothing and fails the request (the route answers 500), so Stripe's retry records it", async () => {
    const { payment, basket, session } = await paidStripeOrder();
    const dispute = { id: `dp_${randomBytes(6).toString("hex")}`, object: "dispute", amount: 2400, currency: "gbp", reason: "general", payment_intent: session.payment_intent, charge: "ch_x" };
    const event = standIn.event("charge.dispute.created", dispute);
    standIn.failNext("/v1/checkout/sessions");
    await expect(deliver(event)).rejects.toThrow();
    expect((await eventsFor(payment.providerRef)).map((e) => e.type)).toEqual(["payment.succeeded"]);

    expect(await deliver(event)).toMatchObject({ outcome: "recorded", status: 200 });
    expect(await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } })).toMatchObject({ needsAttention: true });
  });
});

describe("a checkout whose payment can't start", () => {
  it("gives the promo redemption back at once and keeps the seats held for the customer", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock, { percentOff: 50, maxRedemptions: 1 });
    const basket = await holdSeats(h, screening, ["C1", "C2"]);
    const email = uniqueTestEmail("buyer");
    const attempt = () =>
      h.booking.checkout({ orderId: basket.orderId, holderKey: basket.holderKey, userId: null, email, name: "Buyer", ticketTypes: adults(screening, "C1", "C2"), promoCode: promo.code });

    standIn.failNext("/v1/checkout/sessions");
    await expect(attempt()).rejects.toThrow();

    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(0);
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId }, include: { tickets: true } });
    expect(order).toMatchObject({ status: "PENDING", promoCodeId: null, discountAmount: 0, totalAmount: 3000 });
    expect(order.tickets.map((t) => t.status)).toEqual(["HELD", "HELD"]);
    expect(order.tickets.every((t) => t.holdExpiresAt! > clock.now())).toBe(true);
    expect(await h.services.db.payment.count({ where: { orderId: basket.orderId } })).toBe(0);

    // The code (one use only) is there for the retry, which pays half.
    const retry = await attempt();
    expect(retry.total).toBe(1500);
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(1);
  });
});
