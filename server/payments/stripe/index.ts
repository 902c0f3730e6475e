// The Stripe provider (./provider.ts). services.ts builds it from STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET; its
// webhooks arrive at /api/webhooks/payments/stripe like every provider's.
export * from "./provider";
