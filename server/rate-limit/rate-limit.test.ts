// The limiter against real Redis: every named limit has numbers and a subject, concurrent attempts can't slip in
// under a limit together, and refused attempts still count.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/server/errors";
import { rateLimitRule, rateLimitSubjects, rateLimits } from "@/server/rate-limit";
import { withTestServices } from "@/tests/support/services";

const services = withTestServices();

async function outcomes(attempts: Array<Promise<void>>) {
  const settled = await Promise.allSettled(attempts);
  return {
    allowed: settled.filter((s) => s.status === "fulfilled").length,
    refused: settled.filter((s) => s.status === "rejected" && isAppError(s.reason) && s.reason.code === "TOO_MANY_REQUESTS").length,
  };
}

describe("rate limits", () => {
  it("name every limit once, with numbers and whose attempts it counts", () => {
    for (const name of Object.keys(rateLimitSubjects) as Array<keyof typeof rateLimitSubjects>) {
      const rule = rateLimitRule(name);
      expect(rule.limit, name).toBeGreaterThan(0);
      expect(rule.windowSeconds, name).toBeGreaterThan(0);
    }
    expect(Object.keys(rateLimits).every((name) => name in rateLimitSubjects)).toBe(true);
  });

  it("let exactly the limit through when attempts race, and keep counting refused ones", async () => {
    const subject = `203.0.113.${randomUUID()}`;
    const { limit } = rateLimitRule("checkoutPerIp");
    const first = await outcomes(Array.from({ length: limit + 20 }, () => services.rateLimiter.consume("checkoutPerIp", subject)));
    expect(first).toEqual({ allowed: limit, refused: 20 });
    // Refused attempts counted too: still refused, with the time left.
    const again = await services.rateLimiter.consume("checkoutPerIp", subject).catch((error: unknown) => error);
    expect(again).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfterSeconds: expect.any(Number) } });
    // Another subject has its own window; reset gives one back its attempts.
    await expect(services.rateLimiter.consume("checkoutPerIp", `${subject}-other`)).resolves.toBeUndefined();
    await services.rateLimiter.reset("checkoutPerIp", subject);
    await expect(services.rateLimiter.consume("checkoutPerIp", subject)).resolves.toBeUndefined();
  });
});
