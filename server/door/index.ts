// Check-in at the door (issue 11). Filled in by the door work.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import type { EventPublisher } from "@/server/events";

export interface DoorDeps {
  db: Database;
  audit: AuditLog;
  events: EventPublisher;
  now?: () => Date;
}

export function createDoor(deps: DoorDeps) {
  void deps;
  return {};
}

export type Door = ReturnType<typeof createDoor>;
