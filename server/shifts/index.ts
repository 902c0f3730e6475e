// Tills, shifts and cash-up (issue 11). Filled in by the shifts work.
import type { Approvals } from "@/server/accounts/approval";
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";

export interface ShiftsDeps {
  db: Database;
  approvals: Approvals;
  audit: AuditLog;
  now?: () => Date;
}

export function createShifts(deps: ShiftsDeps) {
  void deps;
  return {};
}

export type Shifts = ReturnType<typeof createShifts>;
