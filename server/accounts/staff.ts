// The admins' calls on people: role changes, disabling and re-enabling accounts, adding staff members. Each runs in
// one transaction that first locks the admins' rows (so two admins acting on each other can't both succeed) and
// records its audit entry, with the fields before and after, in that same transaction.
import { randomBytes } from "node:crypto";
import type { SessionStateCache } from "./session-cache";
import type { AuditLog } from "@/server/audit";
import { env } from "@/server/config/env";
import type { Role } from "@/server/accounts/roles";
import type { Database, Prisma } from "@/server/db";
import { isUniqueViolation } from "@/server/db/errors";
import { conflict, forbidden, notFound } from "@/server/errors";
import type { Codes } from "./codes";
import { isMailDeliveryError, parseInput } from "./input";
import { hashPassword } from "./passwords";
import { accountStatusInput, changeRoleInput, createStaffAccountInput } from "./schemas";

type Transaction = Prisma.TransactionClient;

const roleNames: Record<Role, string> = {
  CUSTOMER: "a customer",
  STAFF: "staff",
  MANAGER: "a manager",
  ADMIN: "an admin",
};

/**
 * Locks every admin row, then checks that the actor is an admin whose account is enabled. Locking serialises the
 * admins' calls that touch admins, so two admins demoting or disabling each other at the same moment can't both see
 * "another admin left". Returns the admins as they are once locked.
 */
async function lockAllAdmins(tx: Transaction) {
  const admins = await tx.$queryRaw<{ id: string; disabledAt: Date | null }[]>`
    SELECT id, "disabledAt" FROM "User" WHERE role = 'ADMIN' ORDER BY id FOR UPDATE`;
  return { admins, enabledAdmins: admins.filter((admin) => !admin.disabledAt).length };
}

async function lockAdmins(tx: Transaction, actorId: string, refusal: string) {
  const { admins } = await lockAllAdmins(tx);
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

export function createStaffManagement({
  db,
  audit,
  now,
  codes,
  appUrl,
  sessions,
}: {
  db: Database;
  audit: AuditLog;
  now: () => Date;
  sessions: SessionStateCache;
  codes: Pick<Codes, "issueCode" | "mailInvitation">;
  appUrl?: string;
}) {
  const { issueCode, mailInvitation } = codes;
  return {
    /**
     * Admins only. Ends the user's sessions so the new role applies at once, and keeps at least one enabled admin.
     * Audited as `user.role_changed` with the role before and after.
     */
    async changeRole(input: { actorId: string; userId: string; role: Role }): Promise<{ changed: boolean }> {
      const { userId, role } = parseInput(changeRoleInput, input);
      const { actorId } = input;
      const result = await db.$transaction(async (tx) => {
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
      if (result.changed) await sessions.changed(userId);
      return result;
    },

    /**
     * Admins only, and not their own account. The account can't sign in any more, and every session it has ends at
     * once (the session version is bumped). Audited as `user.disabled`. Disabling a disabled account changes nothing.
     */
    async disableAccount(input: { actorId: string; userId: string }): Promise<{ changed: boolean; disabled: boolean }> {
      const { userId } = parseInput(accountStatusInput, input);
      const { actorId } = input;
      const result = await db.$transaction(async (tx) => {
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
      if (result.changed) await sessions.changed(userId);
      return result;
    },

    /** Admins only. The account can sign in again (with its password as it was). Audited as `user.enabled`. */
    async enableAccount(input: { actorId: string; userId: string }): Promise<{ changed: boolean; disabled: boolean }> {
      const { userId } = parseInput(accountStatusInput, input);
      const { actorId } = input;
      const result = await db.$transaction(async (tx) => {
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
      if (result.changed) await sessions.changed(userId);
      return result;
    },

    /**
     * Admins only. A staff or admin account, its email address taken as confirmed, whose password is a hash of
     * random bytes nobody knows (so it can't sign in until the person sets one). The first password-reset code is
     * issued in the same transaction and emailed with a link to the reset-password page; the person sets their
     * password there like any reset. Audited as `user.created`. `emailSent` is false when the mail provider refused:
     * the account exists, and "Forgot your password?" sends a new code.
     */
    async createStaffAccount(input: { actorId: string; name: string; email: string; role: string }): Promise<{ userId: string; emailSent: boolean }> {
      return createInvitedAccount(input, async (tx) => {
        await lockAdmins(tx, input.actorId, "Only admins can add staff.");
        const actor = await tx.user.findUniqueOrThrow({ where: { id: input.actorId }, select: { name: true } });
        return { actorId: input.actorId, invitedBy: actor.name };
      });
    },

    /**
     * A fresh install's first admin (`npm run admin:create`, run by whoever operates the server): invited like any
     * staff account, but only while no enabled admin exists; after that, admins add people at /admin/people. Two
     * set-up runs at once make one admin. Audited as `user.created` with no
     * actor.
     */
    async createFirstAdmin(input: { name: string; email: string }): Promise<{ userId: string; emailSent: boolean }> {
      return createInvitedAccount({ ...input, role: "ADMIN" }, async (tx) => {
        // With no admin there is no admin row to lock: a transaction-scoped advisory lock serialises set-up runs, and
        // the next one's query (a new snapshot) sees the admin the first one made.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('marquee:first-admin'))`;
        const { enabledAdmins } = await lockAllAdmins(tx);
        if (enabledAdmins > 0) throw conflict("An admin already exists: ask them to add you at /admin/people.", { reason: "ADMIN_EXISTS" });
        return { actorId: null, invitedBy: "Marquee set-up" };
      });
    },
  };

  async function createInvitedAccount(
    input: { name: string; email: string; role: string },
    authorize: (tx: Transaction) => Promise<{ actorId: string | null; invitedBy: string }>,
  ): Promise<{ userId: string; emailSent: boolean }> {
    const { name, email, role } = parseInput(createStaffAccountInput, input);
    const alreadyRegistered = conflict("An account with this email address already exists. Change its role in the list instead.", {
      fieldErrors: { email: ["An account with this email address already exists."] },
    });
    // Hashed before the transaction: a quarter second of CPU must not hold the admins' locks.
    const passwordHash = await hashPassword(randomBytes(32).toString("base64url"));

    let created: { user: { id: string; email: string; name: string }; code: string; invitedBy: string };
    try {
      created = await db.$transaction(async (tx) => {
        const { actorId, invitedBy } = await authorize(tx);
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
        return { user, code: issued.code, invitedBy };
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
  }
}
