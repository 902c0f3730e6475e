// Emailed one-time codes (email verification, password reset, a new staff account's first password): issued with a resend cooldown, stored only as an
// HMAC bound to the user and the purpose, checked with a limited number of attempts, consumed once (with its siblings).
import { createHmac, randomInt, timingSafeEqual } from "node:crypto";
import type { Database, Prisma } from "@/server/db";
import type { EmailCodePurpose } from "@/server/db/generated/enums";
import { isRecordNotFound } from "@/server/db/errors";
import { AppError, badRequest } from "@/server/errors";
import type { Mailer } from "@/server/mail";
import { PasswordResetCodeEmail, passwordResetCodeSubject } from "@/server/mail/templates/password-reset-code-email";
import { StaffInvitationEmail, staffInvitationSubject } from "@/server/mail/templates/staff-invitation-email";
import { VerificationCodeEmail, verificationCodeSubject } from "@/server/mail/templates/verification-code-email";
import { accountAndIpSubject, type RateLimiter } from "@/server/rate-limit";
import { CODE_LENGTH } from "./schemas";

export const CODE_TTL_MINUTES = 15;
export const MAX_CODE_ATTEMPTS = 5;
export const CODE_RESEND_COOLDOWN_SECONDS = 60;
/**
 * A code stays usable (until it expires) while it is among this many newest of its purpose, so a stranger asking
 * for new codes can't spoil the one its owner is typing: with the cooldown, that is two minutes after newer ones.
 */
export const LIVE_CODES = 3;

export const CODE_INVALID_MESSAGE = "That code is invalid or has expired. Request a new code.";
const CODE_DEAD_MESSAGE = "Too many incorrect attempts for that code. Request a new code.";
/**
 * Every refused password reset code gets this, whether the address has an account or not: a reset can be asked for
 * any address, so "incorrect, 4 attempts left" would tell whoever asked that this one has an account.
 */
export const RESET_CODE_REFUSED_MESSAGE = "That code is incorrect or has expired. Check it against our newest email, or request a new code.";

export interface RequestContext {
  /** Client address, for per-address rate limits. */
  ip: string;
}

type Transaction = Prisma.TransactionClient;

export function secondsBetween(later: Date, earlier: Date): number {
  return Math.max(0, Math.ceil((later.getTime() - earlier.getTime()) / 1000));
}

export function cooldownError(secondsLeft: number): AppError {
  return new AppError(
    "TOO_MANY_REQUESTS",
    `We've just sent you a code. You can ask for another in ${secondsLeft} second${secondsLeft === 1 ? "" : "s"}.`,
    { retryAfterSeconds: secondsLeft },
  );
}

export function createCodes({
  db,
  mailer,
  rateLimiter,
  now,
  pepper,
}: {
  db: Database;
  mailer: Mailer;
  rateLimiter: RateLimiter;
  now: () => Date;
  /** Keys the code hashes (AUTH_SECRET unless a test gives its own). */
  pepper: () => string;
}) {
  // Bound to the user and the purpose, so a code can't be replayed for another account or the other flow.
  function hashCode(userId: string, purpose: EmailCodePurpose, code: string): string {
    return createHmac("sha256", pepper()).update(`${purpose}:${userId}:${code}`).digest("hex");
  }

  function codeMatches(storedHash: string, userId: string, purpose: EmailCodePurpose, code: string): boolean {
    const expected = Buffer.from(storedHash, "hex");
    const actual = Buffer.from(hashCode(userId, purpose, code), "hex");
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  function newestCode(writer: Transaction | Database, userId: string, purpose: EmailCodePurpose) {
    return writer.emailCode.findFirst({
      where: { userId, purpose },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    });
  }

  /**
   * Creates a code unless one was issued less than the cooldown ago. The user row stays locked meanwhile, so two
   * simultaneous requests can't both pass the cooldown and mail two codes.
   */
  async function issueCode(
    userId: string,
    purpose: EmailCodePurpose,
    /** The caller's transaction, when the code must commit with its change (a new account's first code). */
    transaction?: Transaction,
  ): Promise<{ code: string } | { cooldownSecondsLeft: number }> {
    const issue = async (tx: Transaction) => {
      await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${userId} FOR UPDATE`;
      const issuedAt = now();
      const previous = await newestCode(tx, userId, purpose);
      if (previous) {
        const cooldownEndsAt = new Date(previous.createdAt.getTime() + CODE_RESEND_COOLDOWN_SECONDS * 1000);
        if (cooldownEndsAt > issuedAt) return { cooldownSecondsLeft: secondsBetween(cooldownEndsAt, issuedAt) };
      }
      const code = randomInt(0, 10 ** CODE_LENGTH).toString().padStart(CODE_LENGTH, "0");
      await tx.emailCode.create({
        data: {
          userId,
          purpose,
          codeHash: hashCode(userId, purpose, code),
          createdAt: issuedAt,
          expiresAt: new Date(issuedAt.getTime() + CODE_TTL_MINUTES * 60 * 1000),
        },
      });
      return { code };
    };
    return transaction ? issue(transaction) : db.$transaction(issue);
  }

  async function mailCode(user: { email: string; name: string }, purpose: EmailCodePurpose, code: string) {
    if (purpose === "VERIFY_EMAIL") {
      await mailer.send({
        to: user.email,
        subject: verificationCodeSubject(code),
        template: VerificationCodeEmail({ name: user.name, code, expiresInMinutes: CODE_TTL_MINUTES }),
        tag: "verify-email",
        secrets: [code],
      });
    } else {
      await mailer.send({
        to: user.email,
        subject: passwordResetCodeSubject(code),
        template: PasswordResetCodeEmail({ name: user.name, code, expiresInMinutes: CODE_TTL_MINUTES }),
        tag: "password-reset",
        secrets: [code],
      });
    }
  }

  /** A new staff account's first password code, with the link to the page where it is used. */
  async function mailInvitation(
    user: { email: string; name: string },
    code: string,
    invitation: { invitedBy: string; roleName: string; setPasswordUrl: string },
  ) {
    await mailer.send({
      to: user.email,
      subject: staffInvitationSubject(code),
      template: StaffInvitationEmail({ name: user.name, code, expiresInMinutes: CODE_TTL_MINUTES, ...invitation }),
      tag: "staff-invitation",
      secrets: [code],
    });
  }

  /**
   * Counts one attempt against each live code among the newest LIVE_CODES and checks the guess against them.
   * Returns the matching code's id; the caller consumes it in the same transaction as the change it authorises.
   */
  async function checkCode(userId: string, purpose: EmailCodePurpose, code: string): Promise<string> {
    const recent = await db.emailCode.findMany({
      where: { userId, purpose },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: LIVE_CODES,
    });
    const live = recent.filter((candidate) => !candidate.consumedAt && candidate.expiresAt > now());
    if (live.length === 0) throw badRequest(CODE_INVALID_MESSAGE);

    // Each attempt is counted on every code it is compared with, before the comparison and atomically, so no code
    // ever meets more than MAX_CODE_ATTEMPTS guesses, however many are live or run in parallel.
    const counted = (
      await Promise.all(
        live.map(async (candidate) => {
          try {
            const { attempts } = await db.emailCode.update({
              where: { id: candidate.id, consumedAt: null, attempts: { lt: MAX_CODE_ATTEMPTS } },
              data: { attempts: { increment: 1 } },
              select: { attempts: true },
            });
            return { ...candidate, attempts };
          } catch (error) {
            if (isRecordNotFound(error)) return null;
            throw error;
          }
        }),
      )
    ).filter((candidate) => candidate !== null);
    if (counted.length === 0) throw badRequest(CODE_DEAD_MESSAGE);

    const match = counted.find((candidate) => codeMatches(candidate.codeHash, userId, purpose, code));
    if (!match) {
      const left = Math.max(...counted.map((candidate) => MAX_CODE_ATTEMPTS - candidate.attempts));
      throw badRequest(
        left > 0
          ? `That code is incorrect. You have ${left} attempt${left === 1 ? "" : "s"} left.`
          : "That code is incorrect, and it can't be used any more. Request a new code.",
        { attemptsLeft: left },
      );
    }
    return match.id;
  }

  /** Uses the code once, and retires every other code of its user and purpose with it. */
  async function consumeCode(tx: Transaction, codeId: string) {
    const { count } = await tx.emailCode.updateMany({ where: { id: codeId, consumedAt: null }, data: { consumedAt: now() } });
    // Someone else used the same code a moment ago.
    if (count === 0) throw badRequest(CODE_INVALID_MESSAGE);
    const { userId, purpose } = await tx.emailCode.findUniqueOrThrow({ where: { id: codeId }, select: { userId: true, purpose: true } });
    await tx.emailCode.updateMany({ where: { userId, purpose, consumedAt: null }, data: { consumedAt: now() } });
  }

  // Per account *and* address, with no per-account bucket: one that strangers could fill would stop the owner from
  // getting a code. What an account is sent is bounded anyway, by the resend cooldown.
  async function limitCodeRequests(email: string, context: RequestContext) {
    await rateLimiter.consume("codeRequestPerIp", context.ip);
    await rateLimiter.consume("codeRequestPerAccountAndIp", accountAndIpSubject(email, context.ip));
  }

  return { issueCode, mailCode, mailInvitation, checkCode, consumeCode, limitCodeRequests, newestCode };
}

export type Codes = ReturnType<typeof createCodes>;
