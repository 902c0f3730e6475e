// Time bands: which kind of screening a plan is meant for, read on the cinema's own wall clock. Weekend is any
// screening starting on a Saturday or Sunday; on other days a matinee starts before 17:00 and an evening at 17:00
// or later. ANY fits every screening.
import { TZDate } from "@date-fns/tz";
import type { PriceBand } from "@/server/db/generated/enums";

/** Screenings starting before this local time (minutes after midnight) are matinees. */
export const EVENING_STARTS_AT_MINUTES = 17 * 60;

/** The bands a screening starting at `startsAt` falls in, most specific first; ANY is always last. */
export function screeningBands(startsAt: Date, timeZone: string): PriceBand[] {
  const local = new TZDate(startsAt, timeZone);
  const day = local.getDay();
  const timeBand: PriceBand = local.getHours() * 60 + local.getMinutes() < EVENING_STARTS_AT_MINUTES ? "MATINEE" : "EVENING";
  return day === 0 || day === 6 ? ["WEEKEND", timeBand, "ANY"] : [timeBand, "ANY"];
}
