// The benchmarks' shared harness: what every results file says besides its own figures, so that no figure is read
// without its context. The machine (CPU, cores, memory, Node, PostgreSQL and Redis versions) and its load average when
// the benchmark started; each measure over several runs (BENCH_RUNS, at least 3) as ranges (min–max of throughput, p50
// and p99); and its ratio to a ceiling or baseline measured in the same run, computed run by run (run i's figure over
// run i's reference), so that a machine that was busier during one run does not flatter or sink the ratio.
//
// Results go to bench/results/<name>.json (machine-readable, read by `npm run bench:report`) and <name>.md.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { percentile } from "./stats";

export const MIN_RUNS = 3;

/** Runs per measure: BENCH_RUNS or --runs, never fewer than three (a single run can't show its own spread). */
export function runCount(requested?: string | number): number {
  const n = Number(requested ?? process.env.BENCH_RUNS ?? MIN_RUNS);
  return Number.isFinite(n) ? Math.max(MIN_RUNS, Math.floor(n)) : MIN_RUNS;
}

export interface Range {
  min: number;
  max: number;
}

/** One run of one measure: its rate (per second, in the measure's unit) and latency percentiles in milliseconds. */
export interface RunFigures {
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export interface Measure {
  /** What was measured, e.g. "hold + release cycles, 200 connections". */
  name: string;
  /** What perSecond counts, e.g. "cycles/s". */
  unit: string;
  runs: RunFigures[];
  perSecond: Range;
  p50Ms: Range;
  p99Ms: Range;
  /** The ceiling or baseline this measure is compared with, measured in the same runs. */
  reference?: { name: string; runs: RunFigures[]; perSecond: Range; ratio: Range };
  /** Anything else worth keeping per measure (errors, oversold seats, CPU...). */
  notes?: string[];
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  node: string;
  postgres: string;
  redis: string;
  platform: string;
  /** os.loadavg() when the benchmark started: 1, 5 and 15 minutes. */
  loadAverageAtStart: [number, number, number];
}

/**
 * A measure that is a score, not a rate (Lighthouse's categories): each run's scores, their ranges, the goals and,
 * if the benchmark measured one, the same scores of a ceiling page in the same runs (what this machine and browser
 * score at best, so that a miss is the page's and not the environment's).
 */
export interface ScoreMeasure {
  name: string;
  runs: Array<Record<string, number>>;
  ranges: Record<string, Range>;
  goals: Record<string, number>;
  /** Every run met every goal. */
  met: boolean;
  /** Timings per run in milliseconds (e.g. LCP, TBT), as ranges. */
  timingsMs?: Record<string, Range>;
  reference?: { name: string; ranges: Record<string, Range> };
}

export interface BenchReport {
  name: string;
  title: string;
  generatedAt: string;
  machine: Machine;
  runs: number;
  /** How the figures were made (durations, concurrency, what the reference is). */
  method: string[];
  measures: Measure[];
  /** Scores per page (bench:lighthouse), shown in their own table. */
  scores?: ScoreMeasure[];
  /** Facts that must hold whatever the speed (e.g. "oversold seats: 0"). */
  checks?: Array<{ name: string; ok: boolean; detail: string }>;
  /** The benchmark's own detailed figures, kept as they were before the harness. */
  details?: unknown;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export { percentile };

/** min–max of values (0–0 for none). */
export function range(values: number[]): Range {
  if (values.length === 0) return { min: 0, max: 0 };
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** Figures of one run from its count, its duration and every operation's latency in milliseconds. */
export function runFigures(count: number, seconds: number, latenciesMs: number[]): RunFigures {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return { perSecond: round(count / Math.max(1e-9, seconds)), p50Ms: round(percentile(sorted, 50), 3), p99Ms: round(percentile(sorted, 99), 3) };
}

/**
 * Ratio of a measure to its reference, run by run (both lists in run order, as measured side by side), as a range.
 * Throws if the runs don't pair up: a ratio against a reference from another run is what this harness exists to avoid.
 */
export function pairedRatio(subject: RunFigures[], reference: RunFigures[]): Range {
  if (subject.length !== reference.length) throw new Error(`ratio needs paired runs: ${subject.length} vs ${reference.length}`);
  return range(subject.map((s, i) => round(s.perSecond / Math.max(1e-9, reference[i]!.perSecond), 3)));
}

/** A measure over its runs, with its paired reference if it has one. */
export function measure(name: string, unit: string, runs: RunFigures[], reference?: { name: string; runs: RunFigures[] }, notes?: string[]): Measure {
  return {
    name,
    unit,
    runs,
    perSecond: range(runs.map((r) => r.perSecond)),
    p50Ms: range(runs.map((r) => r.p50Ms)),
    p99Ms: range(runs.map((r) => r.p99Ms)),
    ...(reference
      ? { reference: { name: reference.name, runs: reference.runs, perSecond: range(reference.runs.map((r) => r.perSecond)), ratio: pairedRatio(runs, reference.runs) } }
      : {}),
    ...(notes?.length ? { notes } : {}),
  };
}

/** Scores over runs against goals (every run must meet every goal for `met`), with a ceiling's if measured. */
export function scoreMeasure(
  name: string,
  runs: Array<Record<string, number>>,
  goals: Record<string, number>,
  options: { timingsMs?: Record<string, number[]>; reference?: { name: string; runs: Array<Record<string, number>> } } = {},
): ScoreMeasure {
  const rangesOf = (list: Array<Record<string, number>>) =>
    Object.fromEntries(Object.keys(goals).map((key) => [key, range(list.map((run) => run[key] ?? 0))]));
  return {
    name,
    runs,
    ranges: rangesOf(runs),
    goals,
    met: runs.length > 0 && runs.every((run) => Object.entries(goals).every(([key, goal]) => (run[key] ?? 0) >= goal)),
    ...(options.timingsMs ? { timingsMs: Object.fromEntries(Object.entries(options.timingsMs).map(([key, values]) => [key, range(values)])) } : {}),
    ...(options.reference ? { reference: { name: options.reference.name, ranges: rangesOf(options.reference.runs) } } : {}),
  };
}

/**
 * The scores table (bench:lighthouse): one row per page, each category's range over the runs against its goal.
 * `benchmark`: the benchmark's name in a first column, for the README's table of every benchmark.
 */
export function scoresTable(scores: ScoreMeasure[], benchmark?: string): string[] {
  if (scores.length === 0) return [];
  const keys = Object.keys(scores[0]!.goals);
  const timingKeys = [...new Set(scores.flatMap((s) => Object.keys(s.timingsMs ?? {})))];
  const first = benchmark ? ["benchmark"] : [];
  const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    row([...first, "page", ...keys.map((k) => `${k} (goal ${scores[0]!.goals[k]})`), ...timingKeys.map((k) => `${k} ms`), "ceiling (same runs)", "goals"]),
    row([...first.map(() => "---"), "---", ...keys.map(() => "---:"), ...timingKeys.map(() => "---:"), "---", "---"]),
    ...scores.map((s) => {
      const ceiling = s.reference ? `${s.reference.name}: ${keys.map((k) => formatRange(s.reference!.ranges[k]!)).join(" / ")}` : "–";
      return row([
        ...(benchmark ? [`bench:${benchmark}`] : []),
        s.name,
        ...keys.map((k) => formatRange(s.ranges[k]!)),
        ...timingKeys.map((k) => (s.timingsMs?.[k] ? formatRange(s.timingsMs[k]!) : "–")),
        ceiling,
        s.met ? "met" : "missed",
      ]);
    }),
  ];
}

/** The load average now: call it first thing, before the benchmark's own setup loads the machine. */
export function loadAverage(): [number, number, number] {
  const [a = 0, b = 0, c = 0] = os.loadavg();
  return [round(a), round(b), round(c)];
}

/** The machine, with PostgreSQL's and Redis's versions asked of the servers the benchmark uses. */
export async function describeMachine(options: {
  databaseUrl: string;
  redisInfo: () => Promise<string>;
  loadAverageAtStart: [number, number, number];
}): Promise<Machine> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  let postgres = "?";
  try {
    await client.connect();
    postgres = (await client.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "?";
  } finally {
    await client.end().catch(() => {});
  }
  const redis = /redis_version:(\S+)/.exec(await options.redisInfo().catch(() => ""))?.[1] ?? "?";
  return {
    cpuModel: os.cpus()[0]?.model ?? "?",
    cores: os.cpus().length,
    memoryGb: round(os.totalmem() / 2 ** 30, 1),
    node: process.version,
    postgres,
    redis,
    platform: `${process.platform} ${os.release()}`,
    loadAverageAtStart: options.loadAverageAtStart,
  };
}

/** Redis's INFO through a short-lived connection (for benchmarks that have no client of their own at hand). */
export async function redisInfo(): Promise<string> {
  const { createRedis } = await import("@/server/redis/client");
  const redis = createRedis({ keyPrefix: "marquee-bench-info:" });
  try {
    return await redis.info("server");
  } finally {
    redis.disconnect();
  }
}

/** A range for reading: as many decimals as the figure's size needs (3 significant figures, at most 2 decimals). */
export const formatRange = (r: Range, digits?: number): string => {
  const decimals = digits ?? (Math.abs(r.max) >= 100 ? 0 : Math.abs(r.max) >= 10 ? 1 : 2);
  const f = (n: number) => n.toLocaleString("en-GB", { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
  return f(r.min) === f(r.max) ? f(r.min) : `${f(r.min)}–${f(r.max)}`;
};

export function machineLine(m: Machine): string {
  return (
    `${m.cores} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform}; Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}; ` +
    `load average at start ${m.loadAverageAtStart.join(" / ")}`
  );
}

export function renderMarkdown(report: BenchReport, extra: string[] = []): string {
  const lines = [
    `# ${report.title}`,
    "",
    `Generated ${report.generatedAt} by \`npm run bench:${report.name}\` on ${machineLine(report.machine)}. ` +
      `Node, PostgreSQL, Redis and the load generator share the machine. Ranges are min–max over ${report.runs} runs; ` +
      "a ratio is each run's figure over the reference measured in that same run.",
    "",
    ...report.method.map((m) => `- ${m}`),
    "",
    ...(report.measures.length
      ? [
          "| measure | per second | p50 ms | p99 ms | reference (same run) | reference per second | ratio |",
          "| --- | ---: | ---: | ---: | --- | ---: | ---: |",
          ...report.measures.map(
            (m) =>
              `| ${m.name} | ${formatRange(m.perSecond)} ${m.unit} | ${formatRange(m.p50Ms)} | ${formatRange(m.p99Ms)} | ` +
              `${m.reference?.name ?? "–"} | ${m.reference ? formatRange(m.reference.perSecond) : "–"} | ${m.reference ? formatRange(m.reference.ratio) : "–"} |`,
          ),
          "",
        ]
      : []),
    ...(report.scores?.length ? [...scoresTable(report.scores), ""] : []),
    ...(report.checks?.length ? ["## Checks", "", ...report.checks.map((c) => `- ${c.ok ? "ok" : "FAILED"}: ${c.name} (${c.detail})`), ""] : []),
    ...report.measures.flatMap((m) => (m.notes?.length ? [`- ${m.name}: ${m.notes.join("; ")}`] : [])),
    ...(extra.length ? ["", ...extra] : []),
    "",
  ];
  return lines.join("\n");
}

/** Prints the report and writes bench/results/<name>.json and .md. */
export function writeResults(report: BenchReport, extraMarkdown: string[] = []): void {
  const markdown = renderMarkdown(report, extraMarkdown);
  console.log(`\n${markdown}`);
  const dir = path.join(process.cwd(), "bench/results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${report.name}.json`), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(dir, `${report.name}.md`), markdown);
  console.log(`Wrote bench/results/${report.name}.json and ${report.name}.md`);
}

/**
 * Stops a server the benchmark started and resolves once it has exited: SIGTERM (serve.mjs finishes the requests in
 * flight), SIGKILL if it is still there after `graceMs`. Call it before dropping the server's database, or the server
 * logs connection errors for the database vanishing under it.
 */
export async function stopServer(server: import("node:child_process").ChildProcess, graceMs = 10_000): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
  server.kill("SIGTERM");
  const timer = setTimeout(() => server.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

export const BENCH_AUTH_SECRET = "marquee-bench-secret-not-for-production-0123456789";
export const BENCH_WEBHOOK_SECRET = "marquee-bench-sandbox-webhook-secret-0123456789";

/** The environment a benchmark gives the production server (`node scripts/serve.mjs`) it starts. */
export function benchServerEnv(options: { databaseUrl: string; keyPrefix: string; baseUrl: string }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: options.databaseUrl,
    REDIS_KEY_PREFIX: options.keyPrefix,
    AUTH_SECRET: BENCH_AUTH_SECRET,
    AUTH_TRUST_HOST: "true",
    APP_URL: options.baseUrl,
    NEXT_TELEMETRY_DISABLED: "1",
    RESEND_API_KEY: "",
    // Settlement sends the confirmation email: into the development mailbox (a loopback app may keep one).
    DEV_MAILBOX: "on",
    // Production refuses to start without a payment provider: the sandbox, acknowledged (no money in a benchmark).
    PAYMENTS_SANDBOX_IN_PRODUCTION: "i-understand",
    SANDBOX_WEBHOOK_SECRET: BENCH_WEBHOOK_SECRET,
    // All the load comes from one address, 127.0.0.1, where a real sale's customers each have their own: the
    // per-address (and per-holder) hold rate, seat and checkout limits are lifted so that they measure the work,
    // not refuse it. Nothing else about the limits changes (they are still checked on every request).
    HOLD_RATE_LIMIT_PER_IP_PER_MINUTE: "100000000",
    HOLD_RATE_LIMIT_PER_MINUTE: "100000000",
    CHECKOUT_RATE_LIMIT_PER_IP_PER_10_MINUTES: "100000000",
    SEAT_LIMIT_PER_HOLDER: "1000000",
    SEAT_LIMIT_PER_ADDRESS: "1000000",
    SEAT_LIMIT_PER_NETWORK: "1000000",
    SEAT_LIMIT_PER_SCREENING_PER_ADDRESS: "1000000",
    // The recovery timer would reconcile mid-measurement; nothing here needs it.
    RECOVERY_INTERVAL_SECONDS: "0",
    // Production's /api/inngest answers only signed requests, and 503 without a key.
    INNGEST_SIGNING_KEY: "signkey-bench-0123456789abcdef0123456789abcdef",
  };
}
