// Accounts: sign-up with an emailed code, sign-in checks for Auth.js, password reset, session invalidation, and the
// admins' calls (role changes, disabling and re-enabling accounts, adding staff). Sessions are JWTs that carry the user's sessionVersion; bumping it here ends every session issued
// before (see lib/auth/next-auth.ts).
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { AuditLog } from "@/server/audit";
import { env } from "@/server/config/env";
import { authSecret } from "@/server/config/secret";
import type { Role } from "@/server/accounts/roles";
import type { Database, Prisma } from "@/server/db";
import { isRecordNotFound, isUniqueViolation } from "@/server/db/errors";
import { AppError, badRequest, conflict, forbidden, notFound } from "@/server/errors";
import type { Mailer } from "@/server/mail";
import type { RateLimiter } from "@/server/rate-limit";
import {
  CODE_INVALID_MESSAGE,
  CODE_RESEND_COOLDOWN_SECONDS,
  cooldownError,
  createCodes,
  type RequestContext,
  secondsBetween,
} from "./codes";
import { hashPassword, verifyPassword } from "./passwords";
import {
  accountStatusInput,
  changeRoleInput,
  createStaffAccountInput,
  requestPasswordResetInput,
  resendVerificationCodeInput,
  resetPasswordInput,
  signInInput,
  signUpInput,
  verifyEmailInput,
} from "./schemas";

export { BCRYPT_COST } from "./passwords";
export { CODE_RESEND_COOLDOWN_SECONDS, CODE_TTL_MINUTES, MAX_CODE_ATTEMPTS } from "./codes";
export type { RequestContext };

/** `details.reason` on the errors the sign-in form tells apart. */
export const SIGN_IN_REFUSAL = {
  invalidCredentials: "INVALID_CREDENTIALS",
  emailNotVerified: "EMAIL_NOT_VERIFIED",
  accountDisabled: "ACCOUNT_DISABLED",
} as const;

const roleNames: Record<Role, string> = { CUSTOMER: "a customer", STAFF: "staff", ADMIN: "an admin" };

// A real cost-12 hash of a random string nobody knows. Comparing against it when the email is unknown makes a
// missing account cost as much time as a wrong password, so response times don't reveal which emails exist.
const DUMMY_PASSWORD_HASH = "$2b$12$Wh/seGPlW..NOzLUv4QtMu8X3v4PReRjp9ykaxfjJxWy.jtNaqlEe";

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
}

function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  throw badRequest(first?.message ?? "Check the form and try again.", {
    fieldErrors: Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), [issue.message]])),
  });
}

const isMailDeliveryError = (error: unknown) => error instanceof Error && error.name === "MailDeliveryError";

type Transaction = Prisma.TransactionClient;

/**
 * Locks every admin row, then checks that the actor is an admin whose account is enabled. Locking serialises the
 * admins' calls that touch admins, so two admins demoting or disabling each other at the same moment can't both see
 * "another admin left". Returns the admins as they are once locked.
 */
async function lockAdmins(tx: Transaction, actorId: string, refusal: string) {
  const admins = await tx.$queryRaw<{ id: string; disabledAt: Date | null }[]>`
    SELECT id, "disabledAt" FROM "User" WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`;
  const actor = admins.find((admin) => admin.id === actorId);
  if (!actor || actor.disabledAt) throw forbidden(refusal);
  return { enabledAdmins: admins.filter((admin) => !admin.disabledAt).length, actorId };
}

/** The user's row, locked until the transaction ends. */
async function lockUser(tx: Transaction, userId: string) {
  const [user] = await tx.$queryRaw<{ disabledAt: Date | null }[]>`SELECT "disabledAt" FROM "User" WHERE id = ${userId} FOR UPDATE`;
  if (!user) throw notFound("That user");
  return user;
}

export function createAccounts({ db, mailer, rateLimiter, audit, now, codePepper, appUrl }: AccountsDeps) {
  const codes = createCodes({ db, mailer, rateLimiter, now, pepper: () => codePepper ?? authSecret() });
  const { issueCode, mailCode, mailInvitation, checkCode, consumeCode, limitCodeRequests, newestCode } = codes;

  return {
    async signUp(input: unknown, context: RequestContext): Promise<{ userId: string; email: string }> {
      const { name, email, password } = parseInput(signUpInput, input);
      await rateLimiter.consume("signUpPerIp", context.ip);

      const alreadyRegistered = conflict(
        "An account with this email address already exists. Sign in, or reset your password if you've forgotten it.",
      );
      if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw alreadyRegistered;

      const passwordHash = await hashPassword(password);
      let user: { id: string; email: string; name: string };
      try {
        user = await db.user.create({
          data: { name, email, passwordHash, createdAt: now() },
          select: { id: true, email: true, name: true },
        });
      } catch (error) {
        // Two sign-ups for the same address at once: the unique index decides.
        if (isUniqueViolation(error)) throw alreadyRegistered;
        throw error;
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
      return { userId: user.id, email: user.email };
    },

    async verifyEmail(input: unknown, context: RequestContext): Promise<{ verified: true }> {
      const { email, code } = parseInput(verifyEmailInput, input);
      await rateLimiter.consume("codeAttemptPerIp", context.ip);

      const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
      // Unknown addresses get the same answer as a stale code.
      if (!user) throw badRequest(CODE_INVALID_MESSAGE);
      if (user.emailVerifiedAt) throw conflict("This email address is already confirmed. You can sign in.");

      const codeId = await checkCode(user.id, "VERIFY_EMAIL", code);
      await db.$transaction(async (tx) => {
        await consumeCode(tx, codeId);
        await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now() } });
      });
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

    /** Seconds until "Resend code" may send again; 0 when it may now (or there is nothing to resend). */
    async verificationResendCooldown(email: string): Promise<number> {
      const user = await db.user.findUnique({ where: { email: email.trim().toLowerCase() }, select: { id: true, emailVerifiedAt: true } });
      if (!user || user.emailVerifiedAt) return 0;
      const latest = await newestCode(db, user.id, "VERIFY_EMAIL");
      if (!latest) return 0;
      return secondsBetween(new Date(latest.createdAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000), now());
    },

    /** For the Auth.js Credentials provider. Throws AppError with `details.reason` from SIGN_IN_REFUSAL. */
    async authenticate(input: unknown, context: RequestContext): Promise<AuthenticatedUser> {
      const invalidCredentials = new AppError("UNAUTHORIZED", "The email address or password is incorrect.", {
        reason: SIGN_IN_REFUSAL.invalidCredentials,
      });
      const parsed = signInInput.safeParse(input);
      if (!parsed.success) throw invalidCredentials;
      const { email, password } = parsed.data;

      await rateLimiter.consume("signInPerIp", context.ip);
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

      await rateLimiter.reset("signInPerAccount", email);
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

      const user = await db.user.findUnique({ where: { email }, select: { id: true, emailVerifiedAt: true } });
      if (!user) throw badRequest(CODE_INVALID_MESSAGE);

      const codeId = await checkCode(user.id, "RESET_PASSWORD", code);
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
      await rateLimiter.reset("signInPerAccount", email);
      return { reset: true };
    },

    async signOutEverywhere(userId: string): Promise<{ sessionVersion: number }> {
      try {
        return await db.user.update({
          where: { id: userId },
          data: { sessionVersion: { increment: 1 } },
          select: { sessionVersion: true },
        });
      } catch (error) {
        if (isRecordNotFound(error)) throw notFound("Your account");
        throw error;
      }
    },

    /**
     * Admins only. Ends the user's sessions so the new role applies at once, and keeps at least one enabled admin.
     * Audited as `user.role_changed` with the role before and after.
     */
    async changeRole(input: { actorId: string; userId: string; role: Role }): Promise<{ changed: boolean }> {
      const { userId, role } = parseInput(changeRoleInput, input);
      const { actorId } = input;
      return db.$transaction(async (tx) => {
        const { enabledAdmins } = await lockAdmins(tx, actorId, "Only admins can change roles.");

        const target = await tx.user.findUnique({ where: { id: userId }, select: { role: true, disabledAt: true } });
        if (!target) throw notFound("That user");
        if (target.role === role) return { changed: false };
        if (target.role === "ADMIN" && !target.disabledAt && enabledAdmins <= 1) {
          throw conflict("Marquee needs at least one admin. Make someone else an admin first.");
        }

        await tx.user.update({ where: { id: userId }, data: { role, sessionVersion: { increment: 1 } } });
        await audit.record(
          {
            actorId,
            action: "user.role_changed",
            entityType: "User",
            entityId: userId,
            details: { before: { role: target.role }, after: { role } },
          },
          tx,
        );
        return { changed: true };
      });
    },

    /**
     * Admins only, and not their own account. The account can't sign in any more, and every session it has ends at
     * once (the session version is bumped). Audited as `user.disabled`. Disabling a disabled account changes nothing.
     */
    async disableAccount(input: { actorId: string; userId: string }): Promise<{ changed: boolean; disabled: boolean }> {
      const { userId } = parseInput(accountStatusInput, input);
      const { actorId } = input;
      return db.$transaction(async (tx) => {
        await lockAdmins(tx, actorId, "Only admins can disable accounts.");
        if (userId === actorId) throw conflict("You can't disable your own account. Ask another admin.");

        const target = await lockUser(tx, userId);
        if (target.disabledAt) return { changed: false, disabled: true };

        const disabledAt = now();
        await tx.user.update({ where: { id: userId }, data: { disabledAt, sessionVersion: { increment: 1 } } });
        await audit.record(
          {
            actorId,
            action: "user.disabled",
            entityType: "User",
            entityId: userId,
            details: { before: { disabledAt: null }, after: { disabledAt: disabledAt.toISOString() } },
          },
          tx,
        );
        return { changed: true, disabled: true };
      });
    },

    /** Admins only. The account can sign in again (with its password as it was). Audited as `user.enabled`. */
    async enableAccount(input: { actorId: string; userId: string }): Promise<{ changed: boolean; disabled: boolean }> {
      const { userId } = parseInput(accountStatusInput, input);
      const { actorId } = input;
      return db.$transaction(async (tx) => {
        await lockAdmins(tx, actorId, "Only admins can enable accounts.");

        const target = await lockUser(tx, userId);
        if (!target.disabledAt) return { changed: false, disabled: false };

        await tx.user.update({ where: { id: userId }, data: { disabledAt: null } });
        await audit.record(
          {
            actorId,
            action: "user.enabled",
            entityType: "User",
            entityId: userId,
            details: { before: { disabledAt: target.disabledAt.toISOString() }, after: { disabledAt: null } },
          },
          tx,
        );
        return { changed: true, disabled: false };
      });
    },

    /**
     * Admins only. A staff or admin account, its email address taken as confirmed, whose password is a hash of
     * random bytes nobody knows (so it can't sign in until the person sets one). The first password-reset code is
     * issued in the same transaction and emailed with a link to the reset-password page; the person sets their
     * password there like any reset. Audited as `user.created`. `emailSent` is false when the mail provider refused:
     * the account exists, and "Forgot your password?" sends a new code.
     */
    async createStaffAccount(input: {
      actorId: string;
      name: string;
      email: string;
      role: string;
    }): Promise<{ userId: string; emailSent: boolean }> {
      const { name, email, role } = parseInput(createStaffAccountInput, input);
      const { actorId } = input;
      const alreadyRegistered = conflict("An account with this email address already exists. Change its role in the list instead.", {
        fieldErrors: { email: ["An account with this email address already exists."] },
      });
      // Hashed before the transaction: a quarter second of CPU must not hold the admins' locks.
      const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));

      let created: { user: { id: string; email: string; name: string }; code: string; invitedBy: string };
      try {
        created = await db.$transaction(async (tx) => {
          await lockAdmins(tx, actorId, "Only admins can add staff.");
          const actor = await tx.user.findUniqueOrThrow({ where: { id: actorId }, select: { name: true } });
          if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw alreadyRegistered;

          const user = await tx.user.create({
            data: { name, email, role, passwordHash, emailVerifiedAt: now(), createdAt: now() },
            select: { id: true, email: true, name: true },
          });
          const issued = await issueCode(user.id, "RESET_PASSWORD", tx);
          if (!("code" in issued)) throw new Error("a new account already had a password code");
          await audit.record(
            { actorId, action: "user.created", entityType: "User", entityId: user.id, details: { before: null, after: { name, email, role } } },
            tx,
          );
          return { user, code: issued.code, invitedBy: actor.name };
        });
      } catch (error) {
        if (isUniqueViolation(error)) throw alreadyRegistered;
        throw error;
      }

      const { user, code, invitedBy } = created;
      const setPasswordUrl = new URL(`/reset-password?email=${encodeURIComponent(user.email)}`, appUrl ?? env().APP_URL).href;
      try {
        await mailInvitation(user, code, { invitedBy, roleName: roleNames[role], setPasswordUrl });
      } catch (error) {
        if (!isMailDeliveryError(error)) throw error;
        console.error("[accounts] staff invitation not delivered", error);
        return { userId: user.id, emailSent: false };
      }
      return { userId: user.id, emailSent: true };
    },

    async getSessionState(userId: string): Promise<SessionState | null> {
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
