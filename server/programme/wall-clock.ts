// Wall-clock times in a zone, as a datetime-local input writes them ("2026-12-24T18:30"), and back. Plain date
// functions: the admin's form uses them in the browser too.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

/** "2026-12-24T18:30" on `timeZone`'s wall clock → the instant. */
export function wallClockToInstant(value: string, timeZone: string): Date {
  const [date, time] = value.split("T") as [string, string];
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return new Date(new TZDate(year, month - 1, day, hour, minute, timeZone).getTime());
}

/** The instant on `timeZone`'s wall clock, as a datetime-local input takes it. */
export function instantToWallClock(instant: Date, timeZone: string): string {
  return format(new TZDate(instant, timeZone), "yyyy-MM-dd'T'HH:mm");
}
