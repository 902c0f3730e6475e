// Time strings in the protocol. The SDK turns durations into compact strings with `timeStr` ("1w2d3h4m5s"; sub-second
// values round up to "1s") and absolute times into ISO strings; sleepUntil and Date timeouts arrive as ISO.

const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const durationPattern = /^(?:\d+(?:\.\d+)?(?:ms|w|d|h|m|s))+$/;

/** Milliseconds in a duration like "90m" or "1h30m"; undefined if `text` is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!durationPattern.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/g)) {
    total += Number(amount) * (unitMs[unit as string] ?? 0);
  }
  return total;
}

/**
 * The absolute time a Sleep/WaitForEvent/InvokeFunction time string refers to: a duration counts from `now`, an
 * ISO date is taken as is. Undefined for anything else, including the empty string the SDK emits when it could not
 * parse the user's duration itself (e.g. `step.sleep("x", "1h30m")`: its `ms` parser rejects compound strings).
 */
export function resolveTime(text: unknown, now: number): number | undefined {
  if (typeof text === "number" && Number.isFinite(text)) return now + text;
  if (typeof text !== "string" || text.trim() === "") return undefined;
  const duration = parseDuration(text);
  if (duration !== undefined) return now + duration;
  // Only accept things that look like dates: Date.parse is lenient enough to read "1" as a year.
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}

/** A `retry-after` header from the SDK (RetryAfterError): whole seconds, or an ISO date. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return now + Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(at, now);
}
