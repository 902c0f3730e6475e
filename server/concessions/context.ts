// What every part of the concessions module shares.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import type { RedisClient } from "@/server/redis/client";

export interface ConcessionsDeps {
  db: Database;
  redis: RedisClient;
  audit: AuditLog;
  now?: () => Date;
}

export interface ConcessionsContext extends Omit<ConcessionsDeps, "now"> {
  now: () => Date;
}

export function createConcessionsContext(deps: ConcessionsDeps): ConcessionsContext {
  return { ...deps, now: deps.now ?? (() => new Date()) };
}
