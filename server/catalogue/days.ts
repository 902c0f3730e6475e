// Calendar days in a cinema's time zone. A screening belongs to the day on the cinema's wall clock, whatever the
// server's zone, so day boundaries are computed with TZDate: a London day is 23 or 25 hours long across a clock
// change, and "2026-03-29" in London starts at 00:00 GMT but ends at 00:00 BST.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

const DAY_KEY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(key: string): [number, number, number] | null {
  const match = DAY_KEY.exec(key);
  if (!match) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

/** True for a real calendar date written as YYYY-MM-DD ("2026-02-30" is not). */
export function isValidDayKey(key: string): boolean {
  const p = parts(key);
  if (!p) return false;
  const [year, month, day] = p;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** The calendar day that `instant` falls on in `timeZone`. */
export function dayKeyIn(instant: Date, timeZone: string): string {
  return format(new TZDate(instant, timeZone), "yyyy-MM-dd");
}

/** The instants [start, end) that make up calendar day `key` in `timeZone`. */
export function dayWindow(key: string, timeZone: string): { start: Date; end: Date } {
  const p = parts(key);
  if (!p || !isValidDayKey(key)) throw new RangeError(`Not a calendar day: ${key}`);
  const [year, month, day] = p;
  // TZDate normalises day overflow (31 Dec + 1) and applies the zone's offset on each date separately.
  const start = new TZDate(year, month - 1, day, timeZone);
  const end = new TZDate(year, month - 1, day + 1, timeZone);
  return { start: new Date(start.getTime()), end: new Date(end.getTime()) };
}

/** Calendar arithmetic on day keys; zone-free because a calendar day is the same in every zone. */
export function addDaysToKey(key: string, days: number): string {
  const p = parts(key);
  if (!p) throw new RangeError(`Not a calendar day: ${key}`);
  const [year, month, day] = p;
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** `count` consecutive day keys starting at `first`. */
export function daySequence(first: string, count: number): string[] {
  return Array.from({ length: count }, (_, index) => addDaysToKey(first, index));
}

/**
 * A `@db.Date` column holds a calendar date; Prisma hands it over as midnight UTC. This turns a day key into that
 * value for comparisons, and back.
 */
export function dateColumnValue(key: string): Date {
  return new Date(`${key}T00:00:00.000Z`);
}

export function dayKeyOfDateColumn(value: Date): string {
  return value.toISOString().slice(0, 10);
}
