// What the door's parts share: their dependencies, the clock, the cinema day and the live counters.
import { TZDate } from "@date-fns/tz";
import { addDays, startOfDay } from "date-fns";
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import type { EventPublisher } from "@/server/events";
import type { DoorCounter } from "./schemas";

export interface DoorDeps {
  db: Database;
  audit: AuditLog;
  events: EventPublisher;
  now?: () => Date;
}

export interface DoorContext extends Omit<DoorDeps, "now"> {
  now: () => Date;
}

/** The cinema's calendar day around `at`, on its own clock. */
export function cinemaDay(timeZone: string, at: Date): { start: Date; end: Date } {
  const start = startOfDay(new TZDate(at, timeZone));
  return { start: new Date(start.getTime()), end: new Date(addDays(start, 1).getTime()) };
}

/** Admitted / sold per screening: a sold ticket counts, a refunded or released one doesn't, admitted or not. */
export async function countersFor(db: Database, screeningIds: string[]): Promise<DoorCounter[]> {
  if (screeningIds.length === 0) return [];
  const rows = await db.ticket.groupBy({
    by: ["screeningId"],
    where: { screeningId: { in: screeningIds }, status: "SOLD" },
    _count: { _all: true, checkedInAt: true },
  });
  return screeningIds.map((screeningId) => {
    const row = rows.find((r) => r.screeningId === screeningId);
    return { screeningId, sold: row?._count._all ?? 0, admitted: row?._count.checkedInAt ?? 0 };
  });
}
