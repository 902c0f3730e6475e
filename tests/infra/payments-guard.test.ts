// instrumentation.ts's register(), as Next calls it when a server process starts: in production with the payment
// sandbox on and unacknowledged (no Stripe keys), it stops the process with the reason before anything is served.
import { afterAll, expect, it, vi } from "vitest";

const saved = { ...process.env };
afterAll(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
  vi.restoreAllMocks();
});

it("refuses to start production with the sandbox unacknowledged, saying what to set", async () => {
  for (const key of ["PAYMENTS_PROVIDER", "PAYMENTS_SANDBOX", "PAYMENTS_SANDBOX_IN_PRODUCTION", "STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET", "NEXT_PHASE"]) {
    delete process.env[key];
  }
  Object.assign(process.env, { NODE_ENV: "production", NEXT_RUNTIME: "nodejs" });
  const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
    throw new Error(`process.exit(${code})`);
  }) as typeof process.exit);
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});

  const { register } = await import("@/instrumentation");
  await expect(register()).rejects.toThrow("process.exit(1)");
  expect(exit).toHaveBeenCalledWith(1);
  expect(logged).toHaveBeenCalledWith(expect.stringMatching(/refuses to start[\s\S]*PAYMENTS_SANDBOX_IN_PRODUCTION=i-understand/));
});
