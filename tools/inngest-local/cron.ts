// Standard 5-field cron ("minute hour day-of-month month day-of-week") with an optional `TZ=Area/City ` or
// `CRON_TZ=Area/City ` prefix, as Inngest accepts in `triggers: [{ cron }]`.
//
// Fields take `*`, `?` (day fields), numbers, names (JAN-DEC, SUN-SAT; 7 is also Sunday), ranges `a-b`, steps
// `*/n`, `a-b/n`, `a/n`, and comma lists. Macros: @yearly @annually @monthly @weekly @daily @midnight @hourly.
// As in Vixie cron and robfig/cron, when both day fields are restricted a day matches if EITHER matches; a field
// written as `*`/`?` (with or without a step) counts as unrestricted.
//
// Times are computed on the zone's wall clock with Intl (no timezone database dependency). Across DST changes a
// wall time that does not exist (spring forward) is skipped, and one that exists twice (fall back) fires once.

export class CronError extends Error {
  constructor(message: string, source: string) {
    super(`${message} in cron \`${source}\``);
    this.name = "CronError";
  }
}

export interface CronSchedule {
  readonly source: string;
  readonly timezone: string;
  /** The first tick strictly after `after` (ms since epoch), or undefined if there is none within ~10 years. */
  next(after: number): number | undefined;
}

const macros: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface Field {
  values: Set<number>;
  /** Written as `*` or `?` (possibly with a step): matters for the day-of-month/day-of-week OR rule. */
  star: boolean;
}

function parseField(text: string, min: number, max: number, names: string[] | undefined, what: string, src: string): Field {
  const values = new Set<number>();
  let star = false;
  const value = (token: string): number => {
    const upper = token.toUpperCase();
    const named = names ? names.indexOf(upper) : -1;
    if (named >= 0) return named + (what === "month" ? 1 : 0);
    if (!/^\d+$/.test(token)) throw new CronError(`invalid ${what} value '${token}'`, src);
    const n = Number(token);
    if (what === "day-of-week" && n === 7) return 0;
    if (n < min || n > max) throw new CronError(`${what} value ${n} is outside ${min}-${max}`, src);
    return n;
  };
  for (const part of text.split(",")) {
    const [range, stepText, extra] = part.split("/");
    if (range === undefined || range === "" || extra !== undefined) throw new CronError(`invalid ${what} field '${text}'`, src);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`invalid step '${stepText}' in ${what}`, src);
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") {
      if (range === "?" && !what.startsWith("day")) throw new CronError(`'?' is only allowed in day fields`, src);
      star = true;
      lo = min;
      hi = what === "day-of-week" ? 6 : max;
    } else if (range.includes("-")) {
      const [a, b] = range.split("-");
      lo = value(a ?? "");
      hi = value(b ?? "");
      // "FRI-SUN" / "5-7": a range that ends on Sunday wraps to 0.
      if (what === "day-of-week" && hi === 0 && lo > 0) hi = 7;
      if (hi < lo) throw new CronError(`${what} range '${range}' runs backwards`, src);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : what === "day-of-week" ? 6 : max;
    }
    for (let n = lo; n <= hi; n += step) values.add(what === "day-of-week" ? n % 7 : n);
  }
  return { values, star };
}

// ── Wall-clock arithmetic ──────────────────────────────────────────────────────────────────────────────────────────
// A "wall" time is the zone's local date and time encoded as if it were UTC, so Date.UTC does the calendar maths.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall time in `zone` at `instant`, to the minute. */
function wallAt(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0);
}

/** The instant at which `zone` shows `wall`, or undefined if it never does (a DST gap). */
function instantOf(zone: string, wall: number): number | undefined {
  const offsetAt = (instant: number) => wallAt(zone, instant) - Math.floor(instant / 60_000) * 60_000;
  let t = wall - offsetAt(wall);
  const second = offsetAt(t);
  if (wall - second !== t) t = wall - second;
  return wallAt(zone, t) === wall ? t : undefined;
}

export function parseCron(input: string): CronSchedule {
  const source = input;
  let text = input.trim();
  let timezone = "UTC";
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(text);
  if (tz) {
    timezone = tz[1] as string;
    text = text.slice(tz[0].length).trim();
    try {
      formatter(timezone);
    } catch {
      throw new CronError(`unknown time zone '${timezone}'`, source);
    }
  }
  if (text.startsWith("@")) {
    const expanded = macros[text.toLowerCase()];
    if (!expanded) throw new CronError(`unsupported macro '${text}'`, source);
    text = expanded;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) {
    throw new CronError(`expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`, source);
  }
  const [mi, h, dom, mon, dow] = fields as [string, string, string, string, string];
  const minutes = parseField(mi, 0, 59, undefined, "minute", source);
  const hours = parseField(h, 0, 23, undefined, "hour", source);
  const days = parseField(dom, 1, 31, undefined, "day-of-month", source);
  const months = parseField(mon, 1, 12, monthNames, "month", source);
  const weekdays = parseField(dow, 0, 7, dayNames, "day-of-week", source);

  const dayMatches = (d: Date) => {
    const domOk = days.values.has(d.getUTCDate());
    const dowOk = weekdays.values.has(d.getUTCDay());
    return days.star || weekdays.star ? domOk && dowOk : domOk || dowOk;
  };

  const next = (after: number): number | undefined => {
    // Start at the first whole minute after `after`, on the zone's wall clock.
    let wall = wallAt(timezone, after) + 60_000;
    const horizon = wall + 10 * 366 * 86_400_000;
    while (wall < horizon) {
      const d = new Date(wall);
      const y = d.getUTCFullYear();
      const mo = d.getUTCMonth();
      if (!months.values.has(mo + 1)) {
        wall = Date.UTC(y, mo + 1, 1);
        continue;
      }
      if (!dayMatches(d)) {
        wall = Date.UTC(y, mo, d.getUTCDate() + 1);
        continue;
      }
      if (!hours.values.has(d.getUTCHours())) {
        wall = Date.UTC(y, mo, d.getUTCDate(), d.getUTCHours() + 1);
        continue;
      }
      if (!minutes.values.has(d.getUTCMinutes())) {
        wall += 60_000;
        continue;
      }
      const instant = instantOf(timezone, wall);
      if (instant !== undefined && instant > after) return instant;
      wall += 60_000;
    }
    return undefined;
  };

  if (next(Date.UTC(2000, 0, 1)) === undefined) throw new CronError("the schedule never fires", source);
  return { source, timezone, next };
}
