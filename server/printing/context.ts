// What printing's parts share: dependencies and the clock.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";

export interface PrintingDeps {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

export interface PrintingContext extends Omit<PrintingDeps, "now"> {
  now: () => Date;
}
