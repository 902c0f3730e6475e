// What every part of venue administration shares: its dependencies and its clock. The parts (cinemas.ts, halls.ts,
// blocks.ts) are functions of this context; index.ts puts them together.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";

export interface VenuesDeps {
  db: Database;
  audit: AuditLog;
  /**
   * Rebuilds a screening's live seat state (Redis, and this process's layout cache) from PostgreSQL after its seats
   * changed: the inventory's `rebuild`, passed as a closure so the two modules need not import each other.
   */
  rebuildSeats: (screeningId: string) => Promise<void>;
  now?: () => Date;
}

export interface VenuesContext {
  db: Database;
  audit: AuditLog;
  rebuildSeats: (screeningId: string) => Promise<void>;
  now: () => Date;
}

export function createVenuesContext(deps: VenuesDeps): VenuesContext {
  return { db: deps.db, audit: deps.audit, rebuildSeats: deps.rebuildSeats, now: deps.now ?? (() => new Date()) };
}

export type Tx = Prisma.TransactionClient;

/**
 * Holds off ticket inserts for a screening until the transaction ends: the Ticket trigger `ticket_seat_usable`
 * takes the shared form of this lock, so a hold racing a layout move or a seat block waits, then sees the change.
 */
export async function lockScreeningSeats(tx: Tx, screeningId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('screening-seats:' || ${screeningId}))`;
}

/** Rebuilds each screening's live seat state; a failure is logged (the next rebuild catches up) and never undoes the commit. */
export async function rebuildAll(ctx: VenuesContext, screeningIds: string[]) {
  for (const id of screeningIds) {
    await ctx.rebuildSeats(id).catch((error) => console.error(`[venues] could not rebuild screening ${id}'s seats`, error));
  }
}
