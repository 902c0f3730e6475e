// Check-in at the door (issue 11): today's screenings with live admitted / sold counters, and admitting a scanned or
// typed ticket code exactly once. README.md beside this file describes the rules.
import { createCheckIn } from "./checkin";
import type { DoorContext, DoorDeps } from "./context";
import { createDay } from "./day";

export type { DoorDeps } from "./context";

export function createDoor(deps: DoorDeps) {
  const ctx: DoorContext = { ...deps, now: deps.now ?? (() => new Date()) };
  const day = createDay(ctx);
  const { checkIn } = createCheckIn(ctx);
  return { today: day.today, counters: day.counters, checkIn };
}

export type Door = ReturnType<typeof createDoor>;
