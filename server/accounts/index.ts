// Accounts: sign-up with an emailed code, sign-in checks for Auth.js, password reset, session invalidation, and the
// admins' calls on people (staff.ts). Sessions are JWTs that carry the user's sessionVersion; bumping it ends every
// session issued before (see lib/auth/next-auth.ts).
import type { AuditLog } from "@/server/audit";
import { authSecret } from "@/server/config/secret";
import type { Role } from "@/server/accounts/roles";
import type { Database } from "@/server/db";
import { isRecordNotFound, isUniqueViolation } from "@/server/db/errors";
import { AppError, badRequest, notFound } from "@/server/errors";
import type { Mailer } from "@/server/mail";
import type { RedisClient } from "@/server/redis/client";
import { SignUpAttemptEmail, signUpAttemptSubject } from "@/server/mail/templates/sign-up-attempt-email";
import { env } from "@/server/config/env";
import { accountAndIpSubject, type RateLimiter } from "@/server/rate-limit";
import {
  CODE_INVALID_MESSAGE,
  CODE_RESEND_COOLDOWN_SECONDS,
  cooldownError,
  createCodes,
  RESET_CODE_REFUSED_MESSAGE,
  type RequestContext,
} from "./codes";
import { isMailDeliveryError, parseInput } from "./input";
import { hashPassword, verifyPassword } from "./passwords";
import { createSessionStateCache } from "./session-cache";
import { createStaffManagement } from "./staff";
import {
  requestPasswordResetInput,
  resendVerificationCodeInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
  verifyEmailInput,
} from "./schemas";

export { BCRYPT_COST } from "./passwords";
export { CODE_RESEND_COOLDOWN_SECONDS, CODE_TTL_MINUTES, LIVE_CODES, MAX_CODE_ATTEMPTS } from "./codes";
export type { RequestContext };

/** `details.reason` on the errors the sign-in form tells apart. */
export const SIGN_IN_REFUSAL = {
  invalidCredentials: "INVALID_CREDENTIALS",
  emailNotVerified: "EMAIL_NOT_VERIFIED",
  accountDisabled: "ACCOUNT_DISABLED",
} as const;


// A real cost-12 hash of a random string nobody knows. Comparing against it when the email is unknown makes a
// missing account cost as much time as a wrong password, so response times don't reveal which emails exist.
const DUMMY_PASSWORD_HASH = "$2b$12$Wh/seGPlW..NOzLUv4QtMu8X3v4PReRjp9ykaxfjJxWy.jtNaqlEe";

/** How often the owner of a taken address is told about sign-up attempts with it, at most. */
export const SIGN_UP_ATTEMPT_NOTICE_HOURS = 1;

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  sessionVersion: number;
}

export interface SessionState {
  sessionVersion: number;
  role: Role;
  emailVerified: boolean;
  disabled: boolean;
}

export interface AccountsDeps {
  db: Database;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  audit: AuditLog;
  now: () => Date;
  /** Key for the code hashes; defaults to AUTH_SECRET. */
  codePepper?: string;
  /** Where links in emails point; defaults to APP_URL. */
  appUrl?: string;
  /** Caches the session state each signed-in request checks (session-cache.ts). */
  redis: RedisClient;
}




export function createAccounts({ db, mailer, rateLimiter, audit, now, codePepper, appUrl, redis }: AccountsDeps) {
  const sessions = createSessionStateCache(redis);
  const codes = createCodes({ db, mailer, rateLimiter, now, pepper: () => codePepper ?? authSecret() });
  const { issueCode, mailCode, checkCode, consumeCode, limitCodeRequests } = codes;
  const staff = createStaffManagement({ db, audit, now, codes, appUrl, sessions });

  /** At most once per SIGN_UP_ATTEMPT_NOTICE_HOURS per address, so sign-up can't be used to flood someone's inbox. */
  async function tellOwnerAboutSignUpAttempt(email: string) {
    const owner = await db.user.findUnique({ where: { email }, select: { email: true, name: true, disabledAt: true } });
    if (!owner || owner.disabledAt) return;
    const since = new Date(now().getTime() - SIGN_UP_ATTEMPT_NOTICE_HOURS * 3600_000);
    const recent = await db.emailMessage.findFirst({
      where: { to: owner.email, tag: "sign-up-attempt", createdAt: { gte: since }, error: null },
      select: { id: true },
    });
    if (recent) return;
    const base = appUrl ?? env().APP_URL;
    try {
      await mailer.send({
        to: owner.email,
        subject: signUpAttemptSubject,
        tag: "sign-up-attempt",
        template: SignUpAttemptEmail({
          name: owner.name,
          signInUrl: new URL("/sign-in", base).href,
          resetUrl: new URL(`/forgot-password?email=${encodeURIComponent(owner.email)}`, base).href,
        }),
      });
    } catch (error) {
      // Failing here would answer differently from a new address's sign-up.
      if (!isMailDeliveryError(error)) throw error;
      console.error("[accounts] sign-up attempt notice not delivered", error);
    }
  }

  return {
    /**
     * Answers `{ email }` ("check your email") whether or not the address already has an account, so sign-up can't
     * be used to find out who has one: a taken address gets the same answer after the same password hash, and its
     * owner gets an email saying someone tried (signUpAttempt) instead of the stranger being told.
     */
    async signUp(input: unknown, context: RequestContext): Promise<{ email: string }> {
      const { name, email, password } = parseInput(signUpInput, input);
      await rateLimiter.consume("signUpPerIp", context.ip);

      // Hashed whatever happens next, so a taken address costs the same time as a new one.
      const passwordHash = await hashPassword(password);
      let user: { id: string; email: string; name: string };
      try {
        user = await db.user.create({
          data: { name, email, passwordHash, createdAt: now() },
          select: { id: true, email: true, name: true },
        });
      } catch (error) {
        // The address has an account (or two sign-ups for it raced; the unique index decided).
        if (!isUniqueViolation(error)) throw error;
        await tellOwnerAboutSignUpAttempt(email);
        return { email };
      }

      const issued = await issueCode(user.id, "VERIFY_EMAIL");
      if ("code" in issued) {
        try {
          await mailCode(user, "VERIFY_EMAIL", issued.code);
        } catch (error) {
          // The account exists now; failing here would leave the person unable to sign up again (the address is
          // taken) and with no code. The verify page's "Resend code" recovers once mail works again.
          if (!isMailDeliveryError(error)) throw error;
          console.error("[accounts] verification code not delivered at sign-up", error);
        }
      }
      return { email: user.email };
    },

    async verifyEmail(input: unknown, context: RequestContext): Promise<{ verified: true }> {
      const { email, code } = parseInput(verifyEmailInput, input);
      await rateLimiter.consume("codeAttemptPerIp", context.ip);

      const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
      // Unknown and already confirmed addresses get the same answer as a stale code: sign-up sends whoever typed an
      // address to the page that calls this, and must not tell them it has an account.
      if (!user || user.emailVerifiedAt) throw badRequest(CODE_INVALID_MESSAGE);

      const codeId = await checkCode(user.id, "VERIFY_EMAIL", code);
      await db.$transaction(async (tx) => {
        await consumeCode(tx, codeId);
        await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now() } });
      });
      await sessions.changed(user.id);
      return { verified: true };
    },

    async resendVerificationCode(input: unknown, context: RequestContext): Promise<{ cooldownSeconds: number }> {
      const { email } = parseInput(resendVerificationCodeInput, input);
      await limitCodeRequests(email, context);

      const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, emailVerifiedAt: true } });
      // Nothing to send, but the same answer as when something was sent.
      if (!user || user.emailVerifiedAt) return { cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS };

      const issued = await issueCode(user.id, "VERIFY_EMAIL");
      if ("cooldownSecondsLeft" in issued) throw cooldownError(issued.cooldownSecondsLeft);
      await mailCode(user, "VERIFY_EMAIL", issued.code);
      return { cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS };
    },

    /** For the Auth.js Credentials provider. Throws AppError with `details.reason` from SIGN_IN_REFUSAL. */
    async authenticate(input: unknown, context: RequestContext): Promise<AuthenticatedUser> {
      const invalidCredentials = new AppError("UNAUTHORIZED", "The email address or password is incorrect.", {
        reason: SIGN_IN_REFUSAL.invalidCredentials,
      });
      const parsed = signInInput.safeParse(input);
      if (!parsed.success) throw invalidCredentials;
      const { email, password } = parsed.data;

      // Failed attempts count per account and address, so a stranger's wrong passwords can't lock the owner out;
      // the per-account ceiling only stops guessing spread over many addresses (server/rate-limit/limits.ts).
      const accountFromHere = accountAndIpSubject(email, context.ip);
      await rateLimiter.consume("signInPerIp", context.ip);
      await rateLimiter.consume("signInPerAccountAndIp", accountFromHere);
      await rateLimiter.consume("signInPerAccount", email);

      const user = await db.user.findUnique({
        where: { email },
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          sessionVersion: true,
          passwordHash: true,
          emailVerifiedAt: true,
          disabledAt: true,
        },
      });
      const passwordMatches = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
      if (!user || !passwordMatches) throw invalidCredentials;

      await rateLimiter.reset("signInPerAccountAndIp", accountFromHere);
      // Only said once the password is right, so it reveals nothing to someone guessing.
      if (user.disabledAt) {
        throw new AppError("FORBIDDEN", "This account has been disabled. Ask the cinema's admin if you think this is a mistake.", {
          reason: SIGN_IN_REFUSAL.accountDisabled,
        });
      }
      if (!user.emailVerifiedAt) {
        throw new AppError("FORBIDDEN", "Confirm your email address before signing in. We can send you a new code.", {
          reason: SIGN_IN_REFUSAL.emailNotVerified,
        });
      }
      return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
    },

    /** Always answers the same, whether or not the address has an account. */
    async requestPasswordReset(input: unknown, context: RequestContext): Promise<{ cooldownSeconds: number }> {
      const { email } = parseInput(requestPasswordResetInput, input);
      await limitCodeRequests(email, context);

      const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true } });
      if (user) {
        const issued = await issueCode(user.id, "RESET_PASSWORD");
        // Within the cooldown nothing is sent, silently: an error here would tell a stranger the account exists.
        if ("code" in issued) {
          try {
            await mailCode(user, "RESET_PASSWORD", issued.code);
          } catch (error) {
            if (!isMailDeliveryError(error)) throw error;
            console.error("[accounts] password reset code not delivered", error);
          }
        }
      }
      return { cooldownSeconds: CODE_RESEND_COOLDOWN_SECONDS };
    },

    async resetPassword(input: unknown, context: RequestContext): Promise<{ reset: true }> {
      const { email, code, newPassword } = parseInput(resetPasswordInput, input);
      await rateLimiter.consume("codeAttemptPerIp", context.ip);

      const refused = badRequest(RESET_CODE_REFUSED_MESSAGE);
      const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
      if (!user) throw refused;

      // Wrong, expired, used up or used: one answer, the same as for an address without an account.
      const codeId = await checkCode(user.id, "RESET_PASSWORD", code).catch((error: unknown) => {
        throw error instanceof AppError && error.code === "BAD_REQUEST" ? refused : error;
      });
      // Hashed only once the code is right: a stream of wrong codes must not buy a slow hash each.
      const passwordHash = await hashPassword(newPassword);
      await db.$transaction(async (tx) => {
        await consumeCode(tx, codeId);
        await tx.user.update({
          where: { id: user.id },
          data: {
            passwordHash,
            // Every session, including a thief's, ends with the old password.
            sessionVersion: { increment: 1 },
            // The code arrived by email, which proves the address as well as a verification code would.
            emailVerifiedAt: user.emailVerifiedAt ?? now(),
          },
        });
        await audit.record({ actorId: user.id, action: "account.password_reset", entityType: "User", entityId: user.id }, tx);
      });
      await sessions.changed(user.id);
      // Guesses at the old password say nothing about the new one. This is also the owner's way back in if guessing
      // spread over many addresses filled the per-account ceiling.
      await rateLimiter.reset("signInPerAccount", email);
      await rateLimiter.reset("signInPerAccountAndIp", accountAndIpSubject(email, context.ip));
      return { reset: true };
    },

    async signOutEverywhere(userId: string): Promise<{ sessionVersion: number }> {
      let bumped: { sessionVersion: number };
      try {
        bumped = await db.user.update({
          where: { id: userId },
          data: { sessionVersion: { increment: 1 } },
          select: { sessionVersion: true },
        });
      } catch (error) {
        if (isRecordNotFound(error)) throw notFound("Your account");
        throw error;
      }
      await sessions.changed(userId);
      return bumped;
    },

    // ── The admins' calls on people (staff.ts) ──
    changeRole: staff.changeRole,
    disableAccount: staff.disableAccount,
    enableAccount: staff.enableAccount,
    createStaffAccount: staff.createStaffAccount,
    createFirstAdmin: staff.createFirstAdmin,

    /** What every signed-in request checks its session against; from Redis, PostgreSQL after any change. */
    async getSessionState(userId: string): Promise<SessionState | null> {
      return sessions.read(userId, async () => {
        const user = await db.user.findUnique({
          where: { id: userId },
          select: { sessionVersion: true, role: true, emailVerifiedAt: true, disabledAt: true },
        });
        return user
          ? {
              sessionVersion: user.sessionVersion,
              role: user.role,
              emailVerified: user.emailVerifiedAt !== null,
              disabled: user.disabledAt !== null,
            }
          : null;
      });
    },

    async getAccount(userId: string) {
      const user = await db.user.findUnique({
        where: { id: userId },
        select: { id: true, name: true, email: true, role: true, emailVerifiedAt: true, createdAt: true },
      });
      if (!user) throw notFound("Your account");
      return user;
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
