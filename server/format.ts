import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";

// Shared by server and client components. Cinema times are always shown in the cinema's own time zone, whatever
// the time zone of the server or the browser.

// Building an Intl.NumberFormat costs far more than using one, and a booking email or an order list formats dozens
// of amounts: keep one per locale and currency.
const moneyFormats = new Map<string, Intl.NumberFormat>();

export function formatMoney(amountMinor: number, currency: string, locale = "en-GB"): string {
  const key = `${locale}|${currency}`;
  let formatter = moneyFormats.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: "currency", currency });
    moneyFormats.set(key, formatter);
  }
  return formatter.format(amountMinor / 100);
}

export function inZone(date: Date, timeZone: string): TZDate {
  return new TZDate(date, timeZone);
}

/** "19:30" */
export function formatTime(date: Date, timeZone: string): string {
  return format(inZone(date, timeZone), "HH:mm");
}

/** "Fri 27 Nov" */
export function formatDay(date: Date, timeZone: string): string {
  return format(inZone(date, timeZone), "EEE d MMM");
}

/** "Friday 27 November 2026" */
export function formatLongDate(date: Date, timeZone: string): string {
  return format(inZone(date, timeZone), "EEEE d MMMM yyyy");
}

/** "2026-11-27": the calendar day in the cinema's zone, used in URLs and for grouping. */
export function dayKey(date: Date, timeZone: string): string {
  return format(inZone(date, timeZone), "yyyy-MM-dd");
}

/** "2 h 15 min" */
export function formatRuntime(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours ? `${hours} h${rest ? ` ${rest} min` : ""}` : `${rest} min`;
}
