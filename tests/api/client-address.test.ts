// Per-address limits through the real context: a client that writes its own X-Forwarded-For entries is still
// counted under its socket's address (TRUSTED_PROXY_HOPS=0, the default). Behind proxies, the entry they appended
// counts instead: server/rate-limit/client-address.test.ts.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { rateLimits } from "@/server/rate-limit";
import { withTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

const services = withTestServices();

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("client address", () => {
  it("made-up X-Forwarded-For entries don't reset the sign-up limit of the socket's address", async () => {
    const socket = `198.51.100.${randomBytes(1)[0]}`;
    const { user } = await createTestUser(services);
    const signUpAs = (spoofed: string, email: string) =>
      createTestCaller(services, null, { ip: socket, headers: { "x-forwarded-for": spoofed, "x-real-ip": spoofed } }).account.signUp({
        name: "Sybil",
        email,
        password: "a long enough password",
      });

    // Attempts count whatever their outcome; an address already taken answers as a new one would.
    for (let attempt = 1; attempt <= rateLimits.signUpPerIp.limit; attempt++) {
      expect(await codeOf(signUpAs(`10.9.${attempt}.1`, user.email))).toBe("OK");
    }
    const email = uniqueTestEmail("sybil");
    expect(await codeOf(signUpAs("10.9.99.1", email))).toBe("TOO_MANY_REQUESTS");
    expect(await services.db.user.count({ where: { email } })).toBe(0);
  });
});
