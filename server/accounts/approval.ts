// Manager approval at the box office. Some actions (a comp, a refund after the cut-off or above the clerk's limit,
// a seat-rule override, signing off a till's variance) need a manager: either the signed-in user is one, or a
// manager types their PIN at the clerk's till. Every caller records the approver it gets back on the row it writes
// (Payment.approvedById, Refund.approvedById, Shift.varianceApprovedById) and in the audit log.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import { AppError, badRequest } from "@/server/errors";
import type { RateLimiter } from "@/server/rate-limit";
import { hashPassword, verifyPassword } from "./passwords";
import { hasRole, type SessionUser } from "./roles";

export const MANAGER_PIN_PATTERN = /^\d{4,8}$/;

export interface ApprovalRequest {
  /** Who is at the till. */
  actor: Pick<SessionUser, "id" | "role">;
  /** A manager's PIN typed at the till, when the actor is not a manager. */
  managerPin?: string | null;
  /** What needs approving, in words for the refusal ("Complimentary tickets"). */
  what: string;
}

export function managerRequired(what: string): AppError {
  return new AppError("FORBIDDEN", `${what} need a manager's approval: ask a manager to enter their PIN.`, {
    reason: "MANAGER_REQUIRED",
  });
}

export function createApprovals({ db, rateLimiter, audit }: { db: Database; rateLimiter: RateLimiter; audit: AuditLog }) {
  async function managersWithPin(pin: string, exceptId?: string): Promise<string[]> {
    const managers = await db.user.findMany({
      where: { role: { in: ["MANAGER", "ADMIN"] }, disabledAt: null, managerPinHash: { not: null }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true, managerPinHash: true },
    });
    const matching: string[] = [];
    for (const manager of managers) {
      if (await verifyPassword(pin, manager.managerPinHash!)) matching.push(manager.id);
    }
    return matching;
  }

  return {
    /** The approving manager's id, or FORBIDDEN (reason MANAGER_REQUIRED, or BAD_PIN for a wrong PIN). */
    async approve(request: ApprovalRequest): Promise<{ approverId: string }> {
      if (hasRole(request.actor, "MANAGER")) return { approverId: request.actor.id };
      const pin = request.managerPin?.trim();
      if (!pin) throw managerRequired(request.what);
      // Counted before checking, so a wrong guess costs as much as a right one.
      await rateLimiter.consume("managerPinPerStaff", request.actor.id);
      if (MANAGER_PIN_PATTERN.test(pin)) {
        const matching = await managersWithPin(pin);
        // The approval is recorded against the manager: a PIN two managers share can't say which one approved.
        if (matching.length > 1) {
          throw new AppError("FORBIDDEN", "That PIN belongs to more than one manager: each must set a PIN of their own on their account page.", {
            reason: "AMBIGUOUS_PIN",
            field: "managerPin",
          });
        }
        if (matching[0]) return { approverId: matching[0] };
      }
      throw new AppError("FORBIDDEN", "That manager PIN is not right.", { reason: "BAD_PIN", field: "managerPin" });
    },

    /** A manager (or admin) sets their own approval PIN. */
    async setManagerPin(input: { actor: Pick<SessionUser, "id" | "role">; pin: string }): Promise<void> {
      if (!hasRole(input.actor, "MANAGER")) throw managerRequired("Approval PINs");
      if (!MANAGER_PIN_PATTERN.test(input.pin)) throw badRequest("A PIN is 4 to 8 digits.", { field: "pin" });
      // PINs identify the approver, so each is one manager's (as on most tills); the clash says nothing about whose.
      if ((await managersWithPin(input.pin, input.actor.id)).length > 0) {
        throw badRequest("That PIN can't be used: choose another.", { field: "pin", reason: "PIN_TAKEN" });
      }
      const managerPinHash = await hashPassword(input.pin);
      await db.$transaction(async (tx) => {
        await tx.user.update({ where: { id: input.actor.id }, data: { managerPinHash } });
        // The PIN itself is never logged; that it changed, and by whom, is.
        await audit.record({ actorId: input.actor.id, action: "user.manager_pin_set", entityType: "User", entityId: input.actor.id }, tx);
      });
    },
  };
}

export type Approvals = ReturnType<typeof createApprovals>;
