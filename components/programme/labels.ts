// Programme wording shared by server and client components. Day keys ("2026-11-27") are calendar days that the
// catalogue has already placed in the cinema's time zone, so they are formatted as plain dates here (read in UTC,
// where a key's midnight is exactly that date) and never shifted again.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import type { ScreeningFormatValue } from "@/server/catalogue/schemas";

function fromKey(key: string): TZDate {
  return new TZDate(`${key}T12:00:00Z`, "UTC");
}

/** "Sat 21 Nov" */
export function shortDayLabel(key: string): string {
  return format(fromKey(key), "EEE d MMM");
}

/** "Saturday 21 November" */
export function longDayLabel(key: string): string {
  return format(fromKey(key), "EEEE d MMMM");
}

/** "Today", "Tomorrow", or "Sat 21 Nov". */
export function relativeDayLabel(key: string, today: string): string {
  if (key === today) return "Today";
  const tomorrow = format(new TZDate(fromKey(today).getTime() + 86_400_000, "UTC"), "yyyy-MM-dd");
  if (key === tomorrow) return "Tomorrow";
  return shortDayLabel(key);
}

/** "1 December 2026" */
export function releaseDateLabel(key: string): string {
  return format(fromKey(key), "d MMMM yyyy");
}

export function releaseYear(key: string): string {
  return key.slice(0, 4);
}

// Friendlier URLs than the enum names: /showtimes?format=imax.
const formatParams: Record<ScreeningFormatValue, string> = { TWO_D: "2d", THREE_D: "3d", IMAX: "imax" };

export function formatToParam(value: ScreeningFormatValue): string {
  return formatParams[value];
}

export function formatFromParam(param: string | undefined): ScreeningFormatValue | undefined {
  if (!param) return undefined;
  const wanted = param.toLowerCase();
  return (Object.keys(formatParams) as ScreeningFormatValue[]).find((value) => formatParams[value] === wanted);
}

export const certificateDescriptions: Record<string, string> = {
  U: "Universal: suitable for all",
  PG: "Parental guidance: some scenes may be unsuitable for young children",
  C12A: "12A: suitable for 12 years and over; younger children must be with an adult",
  C15: "15: suitable only for 15 years and over",
  C18: "18: suitable only for adults",
};
