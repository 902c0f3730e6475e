// Accounts against the real test PostgreSQL and Redis. Codes are read from the EmailMessage rows, exactly as a
// person would read them from the development mailbox. Time is moved through the injected clock; Redis rate-limit
// windows run on real time, so every test acts from its own client address and its own accounts.
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminUrl, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } from "@/scripts/lib/databases";
import {
  BCRYPT_COST,
  CODE_RESEND_COOLDOWN_SECONDS,
  CODE_TTL_MINUTES,
  MAX_CODE_ATTEMPTS,
  SIGN_IN_REFUSAL,
} from "@/server/accounts";
import { RESET_CODE_REFUSED_MESSAGE } from "@/server/accounts/codes";
import { passwordCost, verifyPassword } from "@/server/accounts/passwords";
import { createDatabase as openDatabase } from "@/server/db/client";
import { rateLimits } from "@/server/rate-limit";
import { createRedis } from "@/server/redis/client";
import { createServices, type Services } from "@/server/services";
import { withTestServices, testRedisKeyPrefix } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

const PASSWORD = "a perfectly long password";

let clockOffsetMs = 0;
const now = () => new Date(Date.now() + clockOffsetMs);
const advanceSeconds = (seconds: number) => {
  clockOffsetMs += seconds * 1000;
};

let ipCounter = 0;
/** A fresh documentation address (RFC 5737) per call, so rate-limit counters never leak between tests. */
const freshIp = () => {
  ipCounter += 1;
  return `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter % 250) + 1}`;
};

const services = withTestServices({ now });

async function mailTo(email: string) {
  return services.db.emailMessage.findMany({ where: { to: email }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
}

async function latestCode(email: string, kind: "verification" | "password reset"): Promise<string> {
  const messages = await mailTo(email);
  const message = messages.find((candidate) => candidate.subject.includes(`${kind} code`));
  const code = message && /\b(\d{6})\b/.exec(message.text)?.[1];
  if (!code) throw new Error(`no ${kind} code mailed to ${email}`);
  return code;
}

function wrongCodeFor(code: string): string {
  return code === "000000" ? "111111" : "000000";
}

async function signUp(options: { email?: string; ip?: string } = {}) {
  const email = options.email ?? uniqueTestEmail("signup");
  await services.accounts.signUp({ name: "Grace Hopper", email, password: PASSWORD }, { ip: options.ip ?? freshIp() });
  return email;
}

async function signUpVerified() {
  const email = await signUp();
  await services.accounts.verifyEmail({ email, code: await latestCode(email, "verification") }, { ip: freshIp() });
  return email;
}

async function failure(promise: Promise<unknown>): Promise<{ code?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("sign-up", () => {
  it("creates an unverified account with a slow password hash and mails a verification code", async () => {
    const email = uniqueTestEmail("new");
    await services.accounts.signUp({ name: "  Grace Hopper ", email: `  ${email.toUpperCase()} `, password: PASSWORD }, { ip: freshIp() });

    const user = await services.db.user.findUniqueOrThrow({ where: { email }, include: { emailCodes: true } });
    expect(user).toMatchObject({ name: "Grace Hopper", role: "CUSTOMER", emailVerifiedAt: null, sessionVersion: 0 });
    expect(passwordCost(user.passwordHash)).toBe(BCRYPT_COST);
    expect(await verifyPassword(PASSWORD, user.passwordHash)).toBe(true);

    const code = await latestCode(email, "verification");
    expect(code).toMatch(/^\d{6}$/);
    expect(user.emailCodes).toHaveLength(1);
    const [stored] = user.emailCodes;
    expect(stored).toMatchObject({ purpose: "VERIFY_EMAIL", attempts: 0, consumedAt: null });
    // Stored hashed: the row alone doesn't give the code away.
    expect(stored?.codeHash).not.toContain(code);
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(CODE_TTL_MINUTES * 60_000);

    const [message] = await mailTo(email);
    expect(message).toMatchObject({ transport: "DEV_MAILBOX", tag: "verify-email" });
    expect(message?.html).toContain(code);
  });

  it("answers a taken address (whatever its case) exactly as a new one, and tells its owner instead, once an hour", async () => {
    const taken = await signUpVerified();
    const fresh = uniqueTestEmail("fresh");
    const caller = createTestCaller(services, null, { ip: freshIp() });
    const forFresh = await caller.account.signUp({ name: "Mallory", email: fresh, password: PASSWORD });
    const forTaken = await caller.account.signUp({ name: "Mallory", email: taken.toUpperCase(), password: PASSWORD });
    expect(forTaken).toEqual({ email: taken });
    expect(Object.keys(forTaken)).toEqual(Object.keys(forFresh));
    expect(forFresh).toEqual({ email: fresh });

    expect(await services.db.user.count({ where: { email: taken } })).toBe(1);
    expect((await services.db.user.findUniqueOrThrow({ where: { email: taken } })).name).toBe("Grace Hopper");
    const [notice, ...earlier] = await mailTo(taken);
    expect(notice).toMatchObject({ tag: "sign-up-attempt", subject: "Someone tried to sign up with your email address" });
    expect(notice?.text).toContain("already has one");
    expect(earlier.map((message) => message.tag)).toEqual(["verify-email"]);

    // Asking again within the hour answers the same and mails nothing more.
    await expect(signUp({ email: taken })).resolves.toBe(taken);
    expect((await mailTo(taken)).filter((message) => message.tag === "sign-up-attempt")).toHaveLength(1);
  });

  it("rejects bad input with field errors and creates nothing", async () => {
    const email = uniqueTestEmail("bad");
    const caller = createTestCaller(services, null, { ip: freshIp() });

    const tooShort = await failure(caller.account.signUp({ name: "Ada", email, password: "short" }));
    expect(tooShort).toBeInstanceOf(TRPCError);
    expect(tooShort.code).toBe("BAD_REQUEST");
    expect(tooShort.message).toContain("at least 10 characters");

    const badEmail = await failure(caller.account.signUp({ name: "Ada", email: "not-an-email", password: PASSWORD }));
    expect(badEmail.code).toBe("BAD_REQUEST");
    expect(badEmail.message).toContain("valid email address");

    const direct = await failure(services.accounts.signUp({ name: "", email, password: PASSWORD }, { ip: freshIp() }));
    expect(direct).toMatchObject({ code: "BAD_REQUEST", details: { fieldErrors: { name: ["Enter your name."] } } });

    expect(await services.db.user.count({ where: { email } })).toBe(0);
    expect(await mailTo(email)).toHaveLength(0);
  });

  it("signs up through the tRPC router", async () => {
    const email = uniqueTestEmail("router");
    const caller = createTestCaller(services, null, { ip: freshIp() });
    await expect(caller.account.signUp({ name: "Ada", email, password: PASSWORD })).resolves.toEqual({ email });
    await expect(caller.account.verifyEmail({ email, code: await latestCode(email, "verification") })).resolves.toEqual({ verified: true });
  });
});

describe("verification codes", () => {
  it("verifies the address with the mailed code, once", async () => {
    const email = await signUp();
    const code = await latestCode(email, "verification");

    await expect(services.accounts.verifyEmail({ email, code }, { ip: freshIp() })).resolves.toEqual({ verified: true });
    const user = await services.db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).not.toBeNull();

    // A confirmed address answers like an unknown one: sign-up sends a stranger who typed it to this page.
    const again = await failure(services.accounts.verifyEmail({ email, code }, { ip: freshIp() }));
    expect(again).toMatchObject({ code: "BAD_REQUEST", message: "That code is invalid or has expired. Request a new code." });
    expect(await services.db.emailCode.findFirst({ where: { userId: user.id } })).toMatchObject({ consumedAt: expect.any(Date) });
  });

  it("says how many attempts are left after a wrong code", async () => {
    const email = await signUp();
    const code = await latestCode(email, "verification");
    const wrong = await failure(services.accounts.verifyEmail({ email, code: wrongCodeFor(code) }, { ip: freshIp() }));
    expect(wrong).toMatchObject({ code: "BAD_REQUEST", message: `That code is incorrect. You have ${MAX_CODE_ATTEMPTS - 1} attempts left.` });
    // A wrong guess doesn't burn the right code.
    await expect(services.accounts.verifyEmail({ email, code }, { ip: freshIp() })).resolves.toEqual({ verified: true });
  });

  it(`kills a code after ${MAX_CODE_ATTEMPTS} wrong attempts, even for the right code afterwards`, async () => {
    const email = await signUp();
    const code = await latestCode(email, "verification");
    const ip = freshIp();
    for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
      const wrong = await failure(services.accounts.verifyEmail({ email, code: wrongCodeFor(code) }, { ip }));
      expect(wrong.code).toBe("BAD_REQUEST");
      if (attempt === MAX_CODE_ATTEMPTS) expect(wrong.message).toMatch(/can't be used any more/);
    }
    const dead = await failure(services.accounts.verifyEmail({ email, code }, { ip }));
    expect(dead).toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/Request a new code/) });
    expect((await services.db.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeNull();

    // A new code brings the account back.
    advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS);
    await services.accounts.resendVerificationCode({ email }, { ip: freshIp() });
    const fresh = await latestCode(email, "verification");
    await expect(services.accounts.verifyEmail({ email, code: fresh }, { ip: freshIp() })).resolves.toEqual({ verified: true });
  });

  it("counts parallel guesses atomically", async () => {
    const email = await signUp();
    const code = await latestCode(email, "verification");
    const ip = freshIp();
    const wrongCodes = Array.from({ length: 12 }, (_, index) => String(100_000 + index)).filter((guess) => guess !== code);
    const guesses = await Promise.allSettled(wrongCodes.map((guess) => services.accounts.verifyEmail({ email, code: guess }, { ip })));
    expect(guesses.every((guess) => guess.status === "rejected")).toBe(true);
    const user = await services.db.user.findUniqueOrThrow({ where: { email }, include: { emailCodes: true } });
    expect(user.emailCodes[0]?.attempts).toBe(MAX_CODE_ATTEMPTS);
    expect((await failure(services.accounts.verifyEmail({ email, code }, { ip: freshIp() }))).message).toMatch(/Request a new code/);
  });

  it(`expires a code after ${CODE_TTL_MINUTES} minutes`, async () => {
    const email = await signUp();
    const code = await latestCode(email, "verification");
    advanceSeconds(CODE_TTL_MINUTES * 60 + 1);
    const expired = await failure(services.accounts.verifyEmail({ email, code }, { ip: freshIp() }));
    expect(expired).toMatchObject({ code: "BAD_REQUEST", message: "That code is invalid or has expired. Request a new code." });
  });

  it("answers an unknown address like a stale code", async () => {
    const unknown = await failure(services.accounts.verifyEmail({ email: uniqueTestEmail("ghost"), code: "123456" }, { ip: freshIp() }));
    expect(unknown).toMatchObject({ code: "BAD_REQUEST", message: "That code is invalid or has expired. Request a new code." });
  });

  it(`lets a new code be requested only after ${CODE_RESEND_COOLDOWN_SECONDS} seconds, and keeps the one before it usable`, async () => {
    const email = await signUp();
    const first = await latestCode(email, "verification");

    advanceSeconds(20);
    const early = await failure(services.accounts.resendVerificationCode({ email }, { ip: freshIp() }));
    expect(early).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfterSeconds: CODE_RESEND_COOLDOWN_SECONDS - 20 } });
    expect(early.message).toContain(`${CODE_RESEND_COOLDOWN_SECONDS - 20} seconds`);
    expect(await mailTo(email)).toHaveLength(1);

    advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS - 20);
    await expect(services.accounts.resendVerificationCode({ email }, { ip: freshIp() })).resolves.toEqual({
      cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS,
    });
    expect(await mailTo(email)).toHaveLength(2);
    const second = await latestCode(email, "verification");

    // Whoever asked for the second, the first (perhaps being typed right now) still works; using it retires both.
    await expect(services.accounts.verifyEmail({ email, code: first }, { ip: freshIp() })).resolves.toEqual({ verified: true });
    const codes = await services.db.emailCode.findMany({ where: { user: { email } } });
    expect(codes.map((code) => code.consumedAt)).toEqual([expect.any(Date), expect.any(Date)]);
    expect(second).toMatch(/^\d{6}$/);
  });

  it("answers a resend for an unknown or verified address like a real one, and sends nothing", async () => {
    const ghost = uniqueTestEmail("ghost");
    await expect(services.accounts.resendVerificationCode({ email: ghost }, { ip: freshIp() })).resolves.toEqual({
      cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS,
    });
    expect(await mailTo(ghost)).toHaveLength(0);

    const verified = await signUpVerified();
    advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS);
    await services.accounts.resendVerificationCode({ email: verified }, { ip: freshIp() });
    expect(await mailTo(verified)).toHaveLength(1);
  });
});

describe("code request rate limits", () => {
  it("limits code requests per account and address", async () => {
    const email = await signUp();
    const ip = freshIp();
    const { limit } = rateLimits.codeRequestPerAccountAndIp;
    for (let request = 1; request <= limit; request++) {
      advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS);
      await services.accounts.resendVerificationCode({ email }, { ip });
    }
    advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS);
    const limited = await failure(services.accounts.resendVerificationCode({ email }, { ip }));
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfterSeconds: expect.any(Number) } });
    expect(await mailTo(email)).toHaveLength(1 + limit);
    // Password resets draw on the same allowance: a second door must not double the mail one address can cause.
    expect((await failure(services.accounts.requestPasswordReset({ email }, { ip }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("doesn't let a flood of reset-code requests from other addresses stop the owner getting and using a code", async () => {
    const email = await signUpVerified();
    const attackers: [string, ...string[]] = [freshIp(), freshIp(), freshIp()];
    // Every attacker address uses up its allowance for this account, a new code each time the cooldown allows.
    for (const ip of attackers) {
      for (let request = 0; request <= rateLimits.codeRequestPerAccountAndIp.limit; request++) {
        advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS / 2);
        await services.accounts.requestPasswordReset({ email }, { ip }).catch(() => {});
      }
    }
    expect((await failure(services.accounts.requestPasswordReset({ email }, { ip: attackers[0] }))).code).toBe("TOO_MANY_REQUESTS");

    // The owner asks from home and gets a code...
    const home = freshIp();
    advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS);
    await services.accounts.requestPasswordReset({ email }, { ip: home });
    const code = await latestCode(email, "password reset");
    const issued = () => services.db.emailCode.count({ where: { user: { email }, purpose: "RESET_PASSWORD" } });
    const before = await issued();
    // ...and while they type it, the attackers have two more sent (each retiring nothing).
    for (const ip of [freshIp(), freshIp()]) {
      advanceSeconds(CODE_RESEND_COOLDOWN_SECONDS);
      await services.accounts.requestPasswordReset({ email }, { ip });
    }
    expect(await issued()).toBe(before + 2);
    await expect(services.accounts.resetPassword({ email, code, newPassword: "the owner's new password" }, { ip: home })).resolves.toEqual({
      reset: true,
    });
    await services.accounts.authenticate({ email, password: "the owner's new password" }, { ip: home });
  });

  it("limits code requests per client address, across accounts", async () => {
    const ip = freshIp();
    const { limit } = rateLimits.codeRequestPerIp;
    for (let request = 1; request <= limit; request++) {
      await services.accounts.requestPasswordReset({ email: uniqueTestEmail("spray") }, { ip });
    }
    const limited = await failure(services.accounts.resendVerificationCode({ email: uniqueTestEmail("spray") }, { ip }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    // Another address is unaffected.
    await services.accounts.requestPasswordReset({ email: uniqueTestEmail("spray") }, { ip: freshIp() });
  });

  it("limits code guesses per client address", async () => {
    const ip = freshIp();
    const { limit } = rateLimits.codeAttemptPerIp;
    for (let guess = 1; guess <= limit; guess++) {
      await failure(services.accounts.verifyEmail({ email: uniqueTestEmail("guess"), code: "123456" }, { ip }));
    }
    const email = await signUp();
    const code = await latestCode(email, "verification");
    expect((await failure(services.accounts.verifyEmail({ email, code }, { ip }))).code).toBe("TOO_MANY_REQUESTS");
    await expect(services.accounts.verifyEmail({ email, code }, { ip: freshIp() })).resolves.toEqual({ verified: true });
  });

  it("limits sign-ups per client address", async () => {
    const ip = freshIp();
    const taken = await signUp();
    // Attempts count whatever their outcome, a taken address included.
    for (let attempt = 1; attempt <= rateLimits.signUpPerIp.limit; attempt++) await signUp({ email: taken, ip });
    const email = uniqueTestEmail("limited");
    expect((await failure(signUp({ email, ip }))).code).toBe("TOO_MANY_REQUESTS");
    expect(await services.db.user.count({ where: { email } })).toBe(0);
    await signUp({ email, ip: freshIp() });
  });
});

describe("authenticate", () => {
  it("signs in a verified account and returns what the session needs", async () => {
    const email = await signUpVerified();
    const user = await services.accounts.authenticate({ email: email.toUpperCase(), password: PASSWORD }, { ip: freshIp() });
    expect(user).toMatchObject({ email, name: "Grace Hopper", role: "CUSTOMER", sessionVersion: 0, id: expect.any(String) });
  });

  it("gives a wrong password and an unknown address the same answer", async () => {
    const email = await signUpVerified();
    const wrongPassword = await failure(services.accounts.authenticate({ email, password: "not the password" }, { ip: freshIp() }));
    const unknown = await failure(services.accounts.authenticate({ email: uniqueTestEmail("ghost"), password: PASSWORD }, { ip: freshIp() }));
    expect(wrongPassword).toMatchObject({ code: "UNAUTHORIZED", details: { reason: SIGN_IN_REFUSAL.invalidCredentials } });
    expect(unknown).toMatchObject({ code: wrongPassword.code, message: wrongPassword.message, details: wrongPassword.details });
  });

  it("refuses an unverified account distinguishably, but only once the password is right", async () => {
    const email = await signUp();
    const unverified = await failure(services.accounts.authenticate({ email, password: PASSWORD }, { ip: freshIp() }));
    expect(unverified).toMatchObject({ code: "FORBIDDEN", details: { reason: SIGN_IN_REFUSAL.emailNotVerified } });
    const guessing = await failure(services.accounts.authenticate({ email, password: "a wrong guess!" }, { ip: freshIp() }));
    expect(guessing).toMatchObject({ code: "UNAUTHORIZED", details: { reason: SIGN_IN_REFUSAL.invalidCredentials } });
  });

  it("limits attempts per account and address, and forgets them after a success", async () => {
    const { user, password } = await createTestUser(services);
    const ip = freshIp();
    const { limit } = rateLimits.signInPerAccountAndIp;

    for (let attempt = 1; attempt < limit; attempt++) {
      await failure(services.accounts.authenticate({ email: user.email, password: "wrong password" }, { ip }));
    }
    // The last allowed attempt succeeds and resets the counter...
    await services.accounts.authenticate({ email: user.email, password }, { ip });
    for (let attempt = 1; attempt <= limit; attempt++) {
      const wrong = await failure(services.accounts.authenticate({ email: user.email, password: "wrong password" }, { ip }));
      expect(wrong.code).toBe("UNAUTHORIZED");
    }
    // ...and once the limit is passed even the right password waits, from that address.
    const limited = await failure(services.accounts.authenticate({ email: user.email, password }, { ip }));
    expect(limited).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { retryAfterSeconds: expect.any(Number) } });
  });

  it("doesn't let nine wrong passwords from an attacker's address lock the owner out", async () => {
    const { user, password } = await createTestUser(services);
    const attacker = freshIp();
    const answers: string[] = [];
    for (let attempt = 1; attempt <= Math.max(9, rateLimits.signInPerAccountAndIp.limit + 1); attempt++) {
      answers.push((await failure(services.accounts.authenticate({ email: user.email, password: "a guess at it" }, { ip: attacker }))).code ?? "");
    }
    expect(answers.at(-1)).toBe("TOO_MANY_REQUESTS");
    // The owner, from their own address, signs in with the right password; the attacker stays stopped.
    await expect(services.accounts.authenticate({ email: user.email, password }, { ip: freshIp() })).resolves.toMatchObject({ id: user.id });
    expect((await failure(services.accounts.authenticate({ email: user.email, password }, { ip: attacker }))).code).toBe("TOO_MANY_REQUESTS");
  });

  it("stops guessing spread over many addresses at a per-account ceiling, which a password reset lifts", async () => {
    const { user, password } = await createTestUser(services);
    // As if guesses had come from a botnet: the ceiling's bucket filled, one attempt per address.
    for (let attempt = 1; attempt <= rateLimits.signInPerAccount.limit; attempt++) {
      await services.rateLimiter.consume("signInPerAccount", user.email);
    }
    const limited = await failure(services.accounts.authenticate({ email: user.email, password }, { ip: freshIp() }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");

    const home = freshIp();
    await services.accounts.requestPasswordReset({ email: user.email }, { ip: home });
    const code = await latestCode(user.email, "password reset");
    await services.accounts.resetPassword({ email: user.email, code, newPassword: `${password} again` }, { ip: home });
    await expect(services.accounts.authenticate({ email: user.email, password: `${password} again` }, { ip: freshIp() })).resolves.toMatchObject({
      id: user.id,
    });
  });

  it("limits attempts per client address, across accounts", async () => {
    const ip = freshIp();
    const { limit } = rateLimits.signInPerIp;
    // Spread over accounts so that no single account reaches its own, lower limit first.
    const accounts = await Promise.all(Array.from({ length: 4 }, () => createTestUser(services)));
    for (let attempt = 0; attempt < limit; attempt++) {
      const { user } = accounts[attempt % accounts.length]!;
      expect((await failure(services.accounts.authenticate({ email: user.email, password: "wrong password" }, { ip }))).code).toBe(
        "UNAUTHORIZED",
      );
    }
    const { user, password } = accounts[0]!;
    const limited = await failure(services.accounts.authenticate({ email: user.email, password }, { ip }));
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    await expect(services.accounts.authenticate({ email: user.email, password }, { ip: freshIp() })).resolves.toMatchObject({ id: user.id });
  });
});

describe("password reset", () => {
  it("resets the password with the mailed code and ends every session", async () => {
    const email = await signUpVerified();
    const before = await services.db.user.findUniqueOrThrow({ where: { email } });

    await expect(services.accounts.requestPasswordReset({ email }, { ip: freshIp() })).resolves.toEqual({
      cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS,
    });
    const code = await latestCode(email, "password reset");
    const [message] = await mailTo(email);
    expect(message?.tag).toBe("password-reset");

    const wrong = await failure(
      services.accounts.resetPassword({ email, code: wrongCodeFor(code), newPassword: "a brand new password" }, { ip: freshIp() }),
    );
    expect(wrong.code).toBe("BAD_REQUEST");
    const weak = await failure(services.accounts.resetPassword({ email, code, newPassword: "short" }, { ip: freshIp() }));
    expect(weak.code).toBe("BAD_REQUEST");

    await expect(
      services.accounts.resetPassword({ email, code, newPassword: "a brand new password" }, { ip: freshIp() }),
    ).resolves.toEqual({ reset: true });

    const after = await services.db.user.findUniqueOrThrow({ where: { email } });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await services.accounts.getSessionState(after.id)).toEqual({
      sessionVersion: before.sessionVersion + 1,
      role: "CUSTOMER",
      emailVerified: true,
      disabled: false,
    });
    expect((await failure(services.accounts.authenticate({ email, password: PASSWORD }, { ip: freshIp() }))).code).toBe("UNAUTHORIZED");
    await expect(services.accounts.authenticate({ email, password: "a brand new password" }, { ip: freshIp() })).resolves.toMatchObject({
      sessionVersion: before.sessionVersion + 1,
    });
    // Used once only.
    const reused = await failure(services.accounts.resetPassword({ email, code, newPassword: "yet another password" }, { ip: freshIp() }));
    expect(reused).toMatchObject({ code: "BAD_REQUEST", message: RESET_CODE_REFUSED_MESSAGE });
    await expect(services.db.auditLog.count({ where: { entityId: after.id, action: "account.password_reset" } })).resolves.toBe(1);
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const ghost = uniqueTestEmail("ghost");
    const known = await signUpVerified();
    const caller = createTestCaller(services, null, { ip: freshIp() });
    const forGhost = await caller.account.requestPasswordReset({ email: ghost });
    const forKnown = await caller.account.requestPasswordReset({ email: known });
    expect(forGhost).toEqual(forKnown);
    expect(forGhost).toEqual({ cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS });
    expect((await mailTo(known)).map((message) => message.tag)).toContain("password-reset");
    expect(await mailTo(ghost)).toHaveLength(0);
    const reset = await failure(services.accounts.resetPassword({ email: ghost, code: "123456", newPassword: "whatever it is" }, { ip: freshIp() }));
    expect(reset).toMatchObject({ code: "BAD_REQUEST", message: RESET_CODE_REFUSED_MESSAGE });
  });

  it("refuses a wrong reset code for an address with an account exactly as for one without, every time", async () => {
    const known = await signUpVerified();
    const ghost = uniqueTestEmail("ghost");
    const caller = createTestCaller(services, null, { ip: freshIp() });
    await caller.account.requestPasswordReset({ email: known });
    await caller.account.requestPasswordReset({ email: ghost });
    const wrong = wrongCodeFor(await latestCode(known, "password reset"));
    const answer = async (email: string) => {
      const refusal = await failure(caller.account.resetPassword({ email, code: wrong, newPassword: "a brand new password" }));
      return { code: refusal.code, message: refusal.message, details: refusal.details };
    };
    // Past the attempt limit too, where a real code is dead.
    for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS + 1; attempt++) expect(await answer(known)).toEqual(await answer(ghost));
    expect(await answer(known)).toMatchObject({ code: "BAD_REQUEST", message: RESET_CODE_REFUSED_MESSAGE });
  });

  it("quietly sends nothing new within the cooldown, with the same answer", async () => {
    const email = await signUpVerified();
    await services.accounts.requestPasswordReset({ email }, { ip: freshIp() });
    advanceSeconds(10);
    await expect(services.accounts.requestPasswordReset({ email }, { ip: freshIp() })).resolves.toEqual({
      cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS,
    });
    expect((await mailTo(email)).filter((message) => message.tag === "password-reset")).toHaveLength(1);
  });

  it("also confirms the address of an unverified account, since the code arrived there", async () => {
    const email = await signUp();
    advanceSeconds(1);
    await services.accounts.requestPasswordReset({ email }, { ip: freshIp() });
    const code = await latestCode(email, "password reset");
    await services.accounts.resetPassword({ email, code, newPassword: "a brand new password" }, { ip: freshIp() });
    await expect(services.accounts.authenticate({ email, password: "a brand new password" }, { ip: freshIp() })).resolves.toMatchObject({ email });
  });

  it("does not accept a verification code as a reset code", async () => {
    const email = await signUp();
    const verificationCode = await latestCode(email, "verification");
    await services.accounts.requestPasswordReset({ email }, { ip: freshIp() });
    const resetCode = await latestCode(email, "password reset");
    if (verificationCode === resetCode) return;
    const crossed = await failure(services.accounts.resetPassword({ email, code: verificationCode, newPassword: "a brand new password" }, { ip: freshIp() }));
    expect(crossed.code).toBe("BAD_REQUEST");
  });
});

describe("sessions", () => {
  it("signs out everywhere by bumping the session version", async () => {
    const { user, session } = await createTestUser(services);
    expect(await services.accounts.getSessionState(user.id)).toEqual({ sessionVersion: 0, role: "CUSTOMER", emailVerified: true, disabled: false });

    await expect(services.accounts.signOutEverywhere(user.id)).resolves.toEqual({ sessionVersion: 1 });
    const caller = createTestCaller(services, session, { ip: freshIp() });
    await expect(caller.account.signOutEverywhere()).resolves.toEqual({ sessionVersion: 2 });
    expect(await services.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 2 });
  });

  it("reports no session state for a user that doesn't exist", async () => {
    expect(await services.accounts.getSessionState("no-such-user")).toBeNull();
  });

  it("shows the signed-in account and refuses signed-out callers", async () => {
    const { user, session } = await createTestUser(services, { name: "Ada Lovelace" });
    await expect(createTestCaller(services, session).account.me()).resolves.toMatchObject({
      id: user.id,
      name: "Ada Lovelace",
      email: user.email,
      role: "CUSTOMER",
    });
    await expect(createTestCaller(services, null).account.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(createTestCaller(services, null).account.signOutEverywhere()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

// "The last admin" is a fact about the whole user table, and other test files add admins to the shared run database
// at any moment; these tests get a database of their own.
describe("role changes", () => {
  let isolatedUrl: string;
  let isolated: Services;
  let disposeIsolated: () => Promise<void>;

  beforeAll(async () => {
    isolatedUrl = withDatabase(adminUrl(), `marquee_test_${runId()}`);
    await createDatabase(isolatedUrl);
    await migrateDatabase(isolatedUrl);
    const db = openDatabase(isolatedUrl);
    const redis = createRedis({ keyPrefix: `${testRedisKeyPrefix()}roles:` });
    isolated = createServices({ db, redis, now });
    disposeIsolated = async () => {
      redis.disconnect();
      await db.$disconnect();
    };
  });

  afterAll(async () => {
    await disposeIsolated?.();
    if (isolatedUrl) await dropDatabase(isolatedUrl);
  });

  it("changes a role, ends the user's sessions and writes the audit log", async () => {
    const { user: admin } = await createTestUser(isolated, { role: "ADMIN" });
    const { user } = await createTestUser(isolated);

    await expect(isolated.accounts.changeRole({ actorId: admin.id, userId: user.id, role: "STAFF" })).resolves.toEqual({ changed: true });
    expect(await isolated.accounts.getSessionState(user.id)).toEqual({ sessionVersion: 1, role: "STAFF", emailVerified: true, disabled: false });
    const [entry] = await isolated.db.auditLog.findMany({ where: { entityType: "User", entityId: user.id } });
    expect(entry).toMatchObject({ actorId: admin.id, action: "user.role_changed", details: { before: { role: "CUSTOMER" }, after: { role: "STAFF" } } });

    // Setting the role someone already has changes nothing and ends no session.
    await expect(isolated.accounts.changeRole({ actorId: admin.id, userId: user.id, role: "STAFF" })).resolves.toEqual({ changed: false });
    expect(await isolated.accounts.getSessionState(user.id)).toMatchObject({ sessionVersion: 1 });
  });

  it("refuses to demote the last admin, and allows it once there is another", async () => {
    await isolated.db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "CUSTOMER" } });
    const { user: admin } = await createTestUser(isolated, { role: "ADMIN" });

    const refused = await failure(isolated.accounts.changeRole({ actorId: admin.id, userId: admin.id, role: "CUSTOMER" }));
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("at least one admin") });
    expect(await isolated.accounts.getSessionState(admin.id)).toMatchObject({ role: "ADMIN", sessionVersion: 0 });
    expect(await isolated.db.auditLog.count({ where: { entityId: admin.id } })).toBe(0);

    const { user: second } = await createTestUser(isolated);
    await isolated.accounts.changeRole({ actorId: admin.id, userId: second.id, role: "ADMIN" });
    await expect(isolated.accounts.changeRole({ actorId: second.id, userId: admin.id, role: "STAFF" })).resolves.toEqual({ changed: true });
  });

  it("doesn't count a disabled admin as the other admin", async () => {
    await isolated.db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "CUSTOMER" } });
    const { user: admin } = await createTestUser(isolated, { role: "ADMIN" });
    const { user: other } = await createTestUser(isolated, { role: "ADMIN" });
    await isolated.accounts.disableAccount({ actorId: admin.id, userId: other.id });

    const refused = await failure(isolated.accounts.changeRole({ actorId: admin.id, userId: admin.id, role: "STAFF" }));
    expect(refused).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("at least one admin") });
    // Nor can the disabled admin act, even with a session that somehow survived.
    const disabledActor = await failure(isolated.accounts.changeRole({ actorId: other.id, userId: admin.id, role: "STAFF" }));
    expect(disabledActor.code).toBe("FORBIDDEN");
  });

  it("lets only one of two admins demoting each other at the same moment succeed", async () => {
    await isolated.db.user.updateMany({ where: { role: "ADMIN" }, data: { role: "CUSTOMER" } });
    const { user: first } = await createTestUser(isolated, { role: "ADMIN" });
    const { user: second } = await createTestUser(isolated, { role: "ADMIN" });

    const results = await Promise.allSettled([
      isolated.accounts.changeRole({ actorId: first.id, userId: second.id, role: "CUSTOMER" }),
      isolated.accounts.changeRole({ actorId: second.id, userId: first.id, role: "CUSTOMER" }),
    ]);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await isolated.db.user.count({ where: { role: "ADMIN" } })).toBe(1);
  });

  it("refuses role changes by someone who isn't an admin, and for users that don't exist", async () => {
    const { user: staff } = await createTestUser(isolated, { role: "STAFF" });
    const { user: admin } = await createTestUser(isolated, { role: "ADMIN" });
    const { user } = await createTestUser(isolated);
    expect((await failure(isolated.accounts.changeRole({ actorId: staff.id, userId: user.id, role: "ADMIN" }))).code).toBe("FORBIDDEN");
    expect((await failure(isolated.accounts.changeRole({ actorId: admin.id, userId: "no-such-user", role: "STAFF" }))).code).toBe("NOT_FOUND");
  });
});
