// The box office's point of sale (issue 11). Filled in by the counter work.
import type { AuditLog } from "@/server/audit";
import type { Approvals } from "@/server/accounts/approval";
import type { Booking } from "@/server/booking";
import type { Concessions } from "@/server/concessions";
import type { Database } from "@/server/db";
import type { Inventory } from "@/server/inventory";
import type { Payments } from "@/server/payments";

export interface CounterDeps {
  db: Database;
  booking: Booking;
  inventory: Inventory;
  payments: Payments;
  concessions: Concessions;
  approvals: Approvals;
  audit: AuditLog;
  now?: () => Date;
}

export function createCounter(deps: CounterDeps) {
  void deps;
  return {};
}

export type Counter = ReturnType<typeof createCounter>;
