// What every part of prices shares: its dependencies and its clock. The parts (ticket-types.ts, price-plans.ts,
// suggest.ts) are functions of this context; index.ts puts them together.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";

export interface PricesDeps {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

export interface PricesContext {
  db: Database;
  audit: AuditLog;
  now: () => Date;
}

export type Tx = Prisma.TransactionClient;

export function createPricesContext(deps: PricesDeps): PricesContext {
  return { db: deps.db, audit: deps.audit, now: deps.now ?? (() => new Date()) };
}

/** A unique-index violation (two admins creating the same name or code at once). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002";
}
