// Printed tickets and receipts for 80 mm thermal paper (issue 11). Filled in by the printing work.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";

export interface PrintingDeps {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

export function createPrinting(deps: PrintingDeps) {
  void deps;
  return {};
}

export type Printing = ReturnType<typeof createPrinting>;
