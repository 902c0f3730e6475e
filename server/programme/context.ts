// What every part of programme administration shares: its dependencies and its clock. The parts (announcements.ts,
// …) are functions of this context; index.ts puts them together.
import type { AuditLog } from "@/server/audit";
import { FALLBACK_TIME_ZONE } from "@/server/catalogue";
import type { Database } from "@/server/db";
import { conflict } from "@/server/errors";

/**
 * Cancels a screening that has sales, with refunds (server/scheduling's cancelScreening: the screening stops selling
 * at once, then every paid order is refunded and every customer emailed). A closure, so the two modules need not
 * import each other: the scheduler reads the pre-show reel from here.
 */
export type CancelScreeningWithRefunds = (input: { id: string; version: number; reason: string; actorId: string }) => Promise<unknown>;

export interface ProgrammeDeps {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
  cancelScreeningWithRefunds?: CancelScreeningWithRefunds;
}

export interface ProgrammeContext {
  db: Database;
  audit: AuditLog;
  now: () => Date;
  /** Absent where no scheduler is wired (some tests): archiving then refuses screenings with sales. */
  cancelScreeningWithRefunds?: CancelScreeningWithRefunds;
  /** The zone for chain-wide records (no cinema): the one the public site falls back to. */
  chainTimeZone: string;
}

export function createProgrammeContext(deps: ProgrammeDeps): ProgrammeContext {
  return {
    db: deps.db,
    audit: deps.audit,
    now: deps.now ?? (() => new Date()),
    cancelScreeningWithRefunds: deps.cancelScreeningWithRefunds,
    chainTimeZone: FALLBACK_TIME_ZONE,
  };
}

/** What an admin sees when someone else saved the record after they opened it (the version check). */
export const staleVersionMessage = (what: string) => `This ${what} was changed by someone else. Reload to see their changes.`;

export const staleVersionError = (message: string) => conflict(message, { reason: "STALE_VERSION" });
