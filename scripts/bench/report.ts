// npm run bench:report — rewrites the README's figures table (between the bench:figures markers) from the results
// files the benchmarks wrote (bench/results/<name>.json, in the harness's format), so the README shows what was
// measured and nothing else. A results file of an older format is named as not yet regenerated, never guessed at.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { type BenchReport, formatRange, machineLine, scoresTable } from "./harness";

export const START_MARKER = "<!-- bench:figures:start (npm run bench:report writes this table from bench/results; do not edit) -->";
export const END_MARKER = "<!-- bench:figures:end -->";

const isHarnessReport = (value: unknown): value is BenchReport =>
  typeof value === "object" && value !== null && Array.isArray((value as BenchReport).measures) && typeof (value as BenchReport).machine === "object";

export function figuresTable(reports: BenchReport[], outdated: string[] = []): string {
  const sorted = [...reports].sort((a, b) => a.name.localeCompare(b.name));
  const machines = [...new Set(sorted.map((r) => machineLine({ ...r.machine, loadAverageAtStart: [0, 0, 0] }).replace(/; load average.*$/, "")))];
  return [
    `Ranges are min–max over each benchmark's runs; a ratio is each run's figure over the reference measured in that same run.`,
    `Machine: ${machines.join(" | ") || "–"}.`,
    "",
    "| benchmark | measure | per second | p50 ms | p99 ms | reference (same run) | ratio | runs | measured (load average at start) |",
    "| --- | --- | ---: | ---: | ---: | --- | ---: | ---: | --- |",
    ...sorted.flatMap((r) =>
      r.measures.map(
        (m) =>
          `| bench:${r.name} | ${m.name} | ${formatRange(m.perSecond)} ${m.unit} | ${formatRange(m.p50Ms)} | ${formatRange(m.p99Ms)} | ` +
          `${m.reference?.name ?? "–"} | ${m.reference ? formatRange(m.reference.ratio) : "–"} | ${r.runs} | ` +
          `${r.generatedAt.slice(0, 16).replace("T", " ")} UTC (${r.machine.loadAverageAtStart[0]}) |`,
      ),
    ),
    ...sorted.flatMap((r) =>
      r.scores?.length
        ? ["", ...scoresTable(r.scores, r.name), "", `bench:${r.name}: ${r.runs} runs, ${r.generatedAt.slice(0, 16).replace("T", " ")} UTC (load average at start ${r.machine.loadAverageAtStart[0]}).`]
        : [],
    ),
    ...sorted.flatMap((r) => (r.checks ?? []).filter((c) => !c.ok).map((c) => `\n**bench:${r.name} check failed:** ${c.name} (${c.detail}).`)),
    ...(sorted.some((r) => r.machine.loadAverageAtStart[0] > r.machine.cores)
      ? ["", "A load average at start above the core count means other work was running on the machine: compare the same-run ratios, not absolute figures, across runs."]
      : []),
    ...(outdated.length ? ["", `Not yet regenerated with the shared harness (older results files, not shown): ${outdated.map((n) => `bench:${n}`).join(", ")}.`] : []),
  ].join("\n");
}

/** The text with everything between the markers replaced by `table`; throws if the markers are missing. */
export function replaceBetweenMarkers(text: string, table: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) throw new Error(`the README has no ${START_MARKER} … ${END_MARKER} block`);
  return `${text.slice(0, start + START_MARKER.length)}\n${table}\n${text.slice(end)}`;
}

function main() {
  const dir = path.join(process.cwd(), "bench/results");
  const reports: BenchReport[] = [];
  const outdated: string[] = [];
  for (const file of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")) : []) {
    const parsed: unknown = JSON.parse(readFileSync(path.join(dir, file), "utf8"));
    if (isHarnessReport(parsed)) reports.push(parsed);
    else outdated.push(file.replace(/\.json$/, ""));
  }
  const readmePath = path.join(process.cwd(), "README.md");
  writeFileSync(readmePath, replaceBetweenMarkers(readFileSync(readmePath, "utf8"), figuresTable(reports, outdated)));
  console.log(`README figures table: ${reports.length} benchmark(s)${outdated.length ? `; not regenerated: ${outdated.join(", ")}` : ""}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
