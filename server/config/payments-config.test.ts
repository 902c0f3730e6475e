// The start-up check of the payment settings (instrumentation.ts runs it before the app serves anything) and the
// banner production shows when it runs the acknowledged sandbox.
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TestPaymentsBanner } from "@/components/layout/test-payments-banner";
import { assertPaymentsConfiguration, parseEnv, paymentsConfigurationProblems, paymentsProvider, paymentsSandboxEnabled, testPaymentsBannerShown } from "./env";

const production = (vars: Record<string, string> = {}) => parseEnv({ NODE_ENV: "production", ...vars });
const stripeKeys = { STRIPE_SECRET_KEY: "sk_live_0123456789", STRIPE_WEBHOOK_SECRET: "whsec_0123456789" };

describe("payments at start-up", () => {
  it("production with neither Stripe keys nor an acknowledged sandbox refuses to start, saying what to set", () => {
    const settings = production();
    expect(paymentsProvider(settings)).toBe("sandbox");
    expect(() => assertPaymentsConfiguration(settings)).toThrow(/refuses to start[\s\S]*takes no real money[\s\S]*PAYMENTS_PROVIDER=stripe[\s\S]*PAYMENTS_SANDBOX_IN_PRODUCTION=i-understand/);
    // Turning the sandbox on by the older switch is no way round it, and neither is a different word.
    expect(paymentsConfigurationProblems(production({ PAYMENTS_SANDBOX: "on", SANDBOX_WEBHOOK_SECRET: "s".repeat(32) }))).toHaveLength(1);
    expect(paymentsConfigurationProblems(production({ PAYMENTS_SANDBOX: "on", SANDBOX_WEBHOOK_SECRET: "s".repeat(32), PAYMENTS_SANDBOX_IN_PRODUCTION: "yes" }))).toHaveLength(1);
    expect(testPaymentsBannerShown(settings)).toBe(true);
  });

  it("production with the sandbox acknowledged starts (with its own webhook secret) and shows the banner", () => {
    const acknowledged = production({ PAYMENTS_SANDBOX_IN_PRODUCTION: "i-understand", SANDBOX_WEBHOOK_SECRET: "s".repeat(32) });
    expect(paymentsConfigurationProblems(acknowledged)).toEqual([]);
    expect(paymentsSandboxEnabled(acknowledged)).toBe(true);
    expect(testPaymentsBannerShown(acknowledged)).toBe(true);
    expect(paymentsConfigurationProblems(production({ PAYMENTS_SANDBOX_IN_PRODUCTION: "i-understand" }))).toEqual([
      expect.stringContaining("SANDBOX_WEBHOOK_SECRET must be set"),
    ]);
  });

  it("production with Stripe's keys starts with Stripe for checkouts, the sandbox off and no banner", () => {
    const settings = production(stripeKeys);
    expect(paymentsProvider(settings)).toBe("stripe");
    expect(paymentsSandboxEnabled(settings)).toBe(false);
    expect(paymentsConfigurationProblems(settings)).toEqual([]);
    expect(testPaymentsBannerShown(settings)).toBe(false);
    expect(paymentsConfigurationProblems(production({ PAYMENTS_PROVIDER: "stripe", ...stripeKeys }))).toEqual([]);
  });

  it("Stripe chosen without both secrets refuses, in production and out of it", () => {
    for (const settings of [production({ PAYMENTS_PROVIDER: "stripe" }), parseEnv({ PAYMENTS_PROVIDER: "stripe", STRIPE_SECRET_KEY: "sk_test_0123456789" })]) {
      expect(paymentsConfigurationProblems(settings)).toContainEqual(expect.stringMatching(/PAYMENTS_PROVIDER=stripe needs .*STRIPE_WEBHOOK_SECRET/));
    }
  });

  it("development runs the sandbox with no acknowledgement and no banner", () => {
    const settings = parseEnv({ NODE_ENV: "development" });
    expect(paymentsProvider(settings)).toBe("sandbox");
    expect(paymentsConfigurationProblems(settings)).toEqual([]);
    expect(testPaymentsBannerShown(settings)).toBe(false);
  });
});

describe("the test payments banner", () => {
  it("renders a labelled aside saying no real money is taken, only when shown", () => {
    const html = renderToStaticMarkup(createElement(TestPaymentsBanner, { show: true }));
    expect(html).toContain('<aside aria-label="Test payments"');
    expect(html).toContain("Test payments: no real money is taken.");
    expect(renderToStaticMarkup(createElement(TestPaymentsBanner, { show: false }))).toBe("");
  });
});
