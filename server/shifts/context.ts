// What every part of the shifts module shares: its dependencies, its clock, its options and who may see a shift.
import type { Approvals } from "@/server/accounts/approval";
import { hasRole, type SessionUser } from "@/server/accounts/roles";
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import { forbidden, notFound } from "@/server/errors";

export interface ShiftsOptions {
  /** A cash-up variance beyond this (either way, minor units) needs a manager's sign-off. */
  varianceThreshold: number;
}

export const defaultShiftsOptions: ShiftsOptions = { varianceThreshold: 500 };

/** SHIFT_VARIANCE_THRESHOLD (minor units) overrides the default where it is a whole number. */
export function shiftsOptionsFromEnv(env: Record<string, string | undefined> = process.env): Partial<ShiftsOptions> {
  const raw = env.SHIFT_VARIANCE_THRESHOLD;
  return raw !== undefined && /^\d{1,9}$/.test(raw.trim()) ? { varianceThreshold: Number(raw.trim()) } : {};
}

export interface ShiftsDeps {
  db: Database;
  approvals: Pick<Approvals, "approve">;
  audit: AuditLog;
  now?: () => Date;
  options?: Partial<ShiftsOptions>;
}

export type Actor = Pick<SessionUser, "id" | "role">;

export interface ShiftsContext extends Omit<ShiftsDeps, "now" | "options"> {
  now: () => Date;
  options: ShiftsOptions;
}

export function createShiftsContext(deps: ShiftsDeps): ShiftsContext {
  return {
    db: deps.db,
    approvals: deps.approvals,
    audit: deps.audit,
    now: deps.now ?? (() => new Date()),
    options: { ...defaultShiftsOptions, ...shiftsOptionsFromEnv(), ...deps.options },
  };
}

export const needsSignOff = (variance: number, threshold: number) => Math.abs(variance) > threshold;

/** The shift, if the actor may see it: their own, or any for a manager. Anyone else gets NOT_FOUND. */
export async function visibleShift(ctx: ShiftsContext, actor: Actor, shiftId: string) {
  const shift = await ctx.db.shift.findUnique({ where: { id: shiftId } });
  if (!shift || (shift.staffId !== actor.id && !hasRole(actor, "MANAGER"))) throw notFound("That shift");
  return shift;
}

export function requireManager(actor: Actor, what: string) {
  if (!hasRole(actor, "MANAGER")) throw forbidden(`${what} is for managers.`);
}

export const tenderLabels: Record<string, string> = {
  "counter-cash": "Cash",
  "counter-card": "Card (terminal)",
  "counter-comp": "Complimentary",
};
export const tenderLabel = (provider: string) => tenderLabels[provider] ?? `Online (${provider})`;
