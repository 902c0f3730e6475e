import { describe, expect, it } from "vitest";
import { CronError, parseCron } from "./cron";

const at = (s: string) => Date.parse(s);
const next = (cron: string, after: string) => {
  const n = parseCron(cron).next(at(after));
  return n === undefined ? undefined : new Date(n).toISOString();
};

describe("cron", () => {
  it("computes next ticks for the usual shapes", () => {
    expect(next("*/15 * * * *", "2030-01-07T10:07:00Z")).toBe("2030-01-07T10:15:00.000Z");
    expect(next("0 3 * * *", "2030-01-07T03:00:00Z")).toBe("2030-01-08T03:00:00.000Z"); // strictly after
    expect(next("30 9 * * MON-FRI", "2030-01-11T10:00:00Z")).toBe("2030-01-14T09:30:00.000Z"); // Fri → Mon
    expect(next("0 0 1 JAN *", "2030-06-01T00:00:00Z")).toBe("2031-01-01T00:00:00.000Z");
    expect(next("@hourly", "2030-01-07T10:07:00Z")).toBe("2030-01-07T11:00:00.000Z");
    expect(next("0 12 * * 7", "2030-01-07T00:00:00Z")).toBe("2030-01-13T12:00:00.000Z"); // 7 = Sunday
    expect(next("0 0 29 2 *", "2030-03-01T00:00:00Z")).toBe("2032-02-29T00:00:00.000Z");
  });

  it("ORs day-of-month and day-of-week when both are restricted", () => {
    // The 13th (a Sunday in Jan 2030) or any Friday.
    expect(next("0 0 13 * FRI", "2030-01-05T00:00:00Z")).toBe("2030-01-11T00:00:00.000Z");
    expect(next("0 0 13 * FRI", "2030-01-11T00:00:00Z")).toBe("2030-01-13T00:00:00.000Z");
  });

  it("follows the zone's wall clock across DST", () => {
    const london = "TZ=Europe/London 0 3 * * *";
    expect(next(london, "2030-01-10T12:00:00Z")).toBe("2030-01-11T03:00:00.000Z"); // GMT
    expect(next(london, "2030-07-10T12:00:00Z")).toBe("2030-07-11T02:00:00.000Z"); // BST
    // 01:30 does not exist in London on 2030-03-31 (clocks jump 01:00 → 02:00): skipped that day.
    expect(next("CRON_TZ=Europe/London 30 1 * * *", "2030-03-30T12:00:00Z")).toBe("2030-04-01T00:30:00.000Z");
  });

  it("rejects what it cannot run", () => {
    expect(() => parseCron("0 3 * *")).toThrow("expected 5 fields");
    expect(() => parseCron("0 0 3 * * *")).toThrow(CronError);
    expect(() => parseCron("61 * * * *")).toThrow("outside 0-59");
    expect(() => parseCron("TZ=Mars/Olympus 0 3 * * *")).toThrow("unknown time zone");
    expect(() => parseCron("0 0 30 2 *")).toThrow("never fires");
    expect(() => parseCron("@every 5m")).toThrow("unsupported macro");
  });
});
