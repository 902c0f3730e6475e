// POST /api/webhooks/payments/stripe (app/api/webhooks/payments/[provider]/route.ts), called as Next calls it: a real
// Request with Stripe's signature header over the raw body. The app's own services() are configured for Stripe by the
// environment (PAYMENTS_PROVIDER, STRIPE_*), with the client pointed at the local stand-in.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/payments/[provider]/route";
import { services } from "@/server/services";
import { createClock } from "@/tests/support/clock";
import { createPayableOrder } from "@/tests/support/payments";
import { startStripeStandIn, type StripeStandIn } from "@/tests/support/stripe-stand-in";

const WEBHOOK_SECRET = "whsec_route_test_0123456789abcdef";
let standIn: StripeStandIn;

beforeAll(async () => {
  standIn = await startStripeStandIn({ webhookSecret: WEBHOOK_SECRET });
  // Read once, by the first services() call below.
  Object.assign(process.env, {
    PAYMENTS_PROVIDER: "stripe",
    STRIPE_SECRET_KEY: "sk_test_route_stand_in",
    STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
    STRIPE_API_HOST: standIn.host,
    STRIPE_API_PORT: String(standIn.port),
    STRIPE_API_PROTOCOL: "http",
  });
});

afterAll(async () => {
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
  await standIn.close();
});

const post = (event: { rawBody: string; headers: Record<string, string> }) =>
  POST(new Request("http://localhost/api/webhooks/payments/stripe", { method: "POST", body: event.rawBody, headers: event.headers }), {
    params: Promise.resolve({ provider: "stripe" }),
  });

describe("POST /api/webhooks/payments/stripe", () => {
  it("401 for a bad signature, 200 for a good event (recorded, then settled inline), 200 duplicate for its replay", async () => {
    const app = services();
    const order = await createPayableOrder(app.db, createClock());
    const { paymentId } = await app.payments.startPayment({ orderId: order.id, provider: "stripe", returnUrl: "http://localhost/orders/x" });
    const payment = await app.db.payment.findUniqueOrThrow({ where: { id: paymentId } });
    expect(payment.providerRef).toMatch(/^cs_test_/);
    const session = standIn.pay(payment.providerRef);

    const forged = await post(standIn.event("checkout.session.completed", session, { secret: "whsec_not_ours_0123456789" }));
    expect(forged.status).toBe(401);
    const stale = await post(standIn.event("checkout.session.completed", session, { timestamp: Math.floor(Date.now() / 1000) - 600 }));
    expect(stale.status).toBe(401);

    const event = standIn.event("checkout.session.completed", session);
    const good = await post(event);
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({ received: true, payment: "SUCCEEDED" });
    // Settled inline (no workflow engine here). This order holds no seats, so settlement can't confirm it and
    // refunds the payment in full, through the stand-in, keyed by its Refund id.
    expect((await app.db.payment.findUniqueOrThrow({ where: { id: paymentId } })).status).toBe("REFUNDED");
    const [refund] = await app.db.refund.findMany({ where: { paymentId } });
    expect(refund).toMatchObject({ amount: 2400, status: "SUCCEEDED" });
    expect(standIn.requests.filter((r) => r.method === "POST" && r.path === "/v1/refunds").map((r) => r.idempotencyKey)).toEqual([refund!.id]);

    const replay = await post(event);
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ duplicate: true });
    expect(await app.db.paymentEvent.count({ where: { providerRef: payment.providerRef } })).toBe(1);
  });
});
