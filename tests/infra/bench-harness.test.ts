// The benchmark harness's statistics and the README table it feeds (scripts/bench/harness.ts, report.ts). No speed is
// asserted: only that ranges, percentiles and same-run ratios are computed as the results files say they are.
import { describe, expect, it } from "vitest";
import { type BenchReport, formatRange, MIN_RUNS, measure, pairedRatio, percentile, range, runCount, runFigures, scoreMeasure } from "@/scripts/bench/harness";
import { END_MARKER, figuresTable, replaceBetweenMarkers, START_MARKER } from "@/scripts/bench/report";

describe("bench harness statistics", () => {
  it("takes nearest-rank percentiles", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
  });

  it("summarises a run from its count, duration and unsorted latencies", () => {
    const latencies = Array.from({ length: 200 }, (_, i) => 200 - i); // 200 … 1, unsorted on purpose
    expect(runFigures(200, 4, latencies)).toEqual({ perSecond: 50, p50Ms: 100, p99Ms: 198 });
  });

  it("reports min–max ranges over the runs", () => {
    expect(range([3, 1, 2])).toEqual({ min: 1, max: 3 });
    expect(range([])).toEqual({ min: 0, max: 0 });
    const m = measure("x", "ops/s", [
      { perSecond: 100, p50Ms: 2, p99Ms: 9 },
      { perSecond: 80, p50Ms: 3, p99Ms: 12 },
      { perSecond: 120, p50Ms: 1, p99Ms: 7 },
    ]);
    expect(m.perSecond).toEqual({ min: 80, max: 120 });
    expect(m.p50Ms).toEqual({ min: 1, max: 3 });
    expect(m.p99Ms).toEqual({ min: 7, max: 12 });
  });

  it("computes ratios run by run against the reference of the same run", () => {
    const subject = [
      { perSecond: 50, p50Ms: 0, p99Ms: 0 },
      { perSecond: 90, p50Ms: 0, p99Ms: 0 },
    ];
    const reference = [
      { perSecond: 100, p50Ms: 0, p99Ms: 0 },
      { perSecond: 100, p50Ms: 0, p99Ms: 0 },
    ];
    // Run by run: 0.5 and 0.9. Ranges divided by each other would claim 0.5 to 0.9 only by luck; swap the reference
    // runs' order and the paired ratio changes, which a ratio of ranges would not notice.
    expect(pairedRatio(subject, reference)).toEqual({ min: 0.5, max: 0.9 });
    expect(pairedRatio(subject, [reference[0]!, { perSecond: 180, p50Ms: 0, p99Ms: 0 }])).toEqual({ min: 0.5, max: 0.5 });
    expect(() => pairedRatio(subject, reference.slice(1))).toThrow(/paired/);
    expect(measure("x", "ops/s", subject, { name: "ceiling", runs: reference }).reference?.ratio).toEqual({ min: 0.5, max: 0.9 });
  });

  it("never runs fewer than three times", () => {
    expect(MIN_RUNS).toBe(3);
    expect(runCount(1)).toBe(3);
    expect(runCount("5")).toBe(5);
    expect(runCount("nonsense")).toBe(3);
  });
});

describe("bench:report", () => {
  const report: BenchReport = {
    name: "demo",
    title: "Demo",
    generatedAt: "2026-01-02T03:04:05.000Z",
    machine: { cpuModel: "Test CPU", cores: 2, memoryGb: 4, node: "v20", postgres: "15.1", redis: "7.0.0", platform: "linux", loadAverageAtStart: [1.5, 1, 1] },
    runs: 3,
    method: [],
    measures: [
      measure("things", "ops/s", [
        { perSecond: 1000, p50Ms: 1, p99Ms: 5 },
        { perSecond: 1200, p50Ms: 1, p99Ms: 6 },
        { perSecond: 1100, p50Ms: 1, p99Ms: 5 },
      ], { name: "ceiling", runs: [
        { perSecond: 2000, p50Ms: 1, p99Ms: 1 },
        { perSecond: 2000, p50Ms: 1, p99Ms: 1 },
        { perSecond: 2000, p50Ms: 1, p99Ms: 1 },
      ] }),
    ],
  };

  it("writes a row per measure with its ranges and same-run ratio, and names outdated files", () => {
    const table = figuresTable([report], ["old"]);
    expect(table).toContain("| bench:demo | things | 1,000–1,200 ops/s | 1 | 5–6 | ceiling | 0.5–0.6 | 3 | 2026-01-02 03:04 UTC (1.5) |");
    expect(table).toContain("2 × Test CPU");
    expect(table).toContain("bench:old");
    expect(table).not.toContain("other work was running");
    const busy = { ...report, machine: { ...report.machine, loadAverageAtStart: [5, 4, 3] as [number, number, number] } };
    expect(figuresTable([busy])).toContain("other work was running");
  });

  it("replaces only what is between the markers", () => {
    const readme = `before\n${START_MARKER}\nstale\n${END_MARKER}\nafter\n`;
    const next = replaceBetweenMarkers(readme, "fresh");
    expect(next).toBe(`before\n${START_MARKER}\nfresh\n${END_MARKER}\nafter\n`);
    expect(replaceBetweenMarkers(next, "fresh")).toBe(next);
    expect(() => replaceBetweenMarkers("no markers", "x")).toThrow(/bench:figures/);
  });

  it("shows small figures with the decimals they need, and one number when a range is flat", () => {
    expect(formatRange({ min: 1.51, max: 1.73 })).toBe("1.51–1.73");
    expect(formatRange({ min: 12.34, max: 15.67 })).toBe("12.3–15.7");
    expect(formatRange({ min: 1234.4, max: 1300 })).toBe("1,234–1,300");
    expect(formatRange({ min: 7, max: 7 })).toBe("7");
  });

  it("shows scores (bench:lighthouse) as ranges against their goals, missed if any run missed one", () => {
    const goals = { performance: 95, accessibility: 100 };
    const ceiling = { name: "static HTML", runs: [{ performance: 100, accessibility: 100 }, { performance: 100, accessibility: 100 }] };
    const home = scoreMeasure("home", [{ performance: 96, accessibility: 100 }, { performance: 94, accessibility: 100 }], goals, {
      timingsMs: { LCP: [2100, 2600] },
      reference: ceiling,
    });
    expect(home.ranges.performance).toEqual({ min: 94, max: 96 });
    expect(home.met).toBe(false);
    const film = scoreMeasure("film", [{ performance: 97, accessibility: 100 }, { performance: 95, accessibility: 100 }], goals);
    expect(film.met).toBe(true);
    expect(scoreMeasure("none", [], goals).met).toBe(false);
    const table = figuresTable([{ ...report, name: "lighthouse", measures: [], scores: [home, film] }]);
    expect(table).toContain("| benchmark | page | performance (goal 95) | accessibility (goal 100) | LCP ms | ceiling (same runs) | goals |");
    expect(table).toContain("| bench:lighthouse | home | 94–96 | 100 | 2,100–2,600 | static HTML: 100 / 100 | missed |");
    expect(table).toContain("| bench:lighthouse | film | 95–97 | 100 | – | – | met |");
  });
});
