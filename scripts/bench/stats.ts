// Small measuring helpers for the benchmark: latency percentiles and where the CPU went (this Node process,
// PostgreSQL's processes, Redis), read from /proc on Linux.
import { readdirSync, readFileSync } from "node:fs";

export function percentile(sortedMs: number[], p: number): number {
  if (sortedMs.length === 0) return 0;
  const index = Math.min(sortedMs.length - 1, Math.max(0, Math.ceil((p / 100) * sortedMs.length) - 1));
  return sortedMs[index]!;
}

export function summarize(latenciesMs: number[]) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
  };
}

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds used so far by processes whose name matches, summed (Linux /proc; zero elsewhere). */
function cpuSecondsOf(names: string[]): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const open = stat.indexOf("(");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(open + 1, close);
      if (!names.some((name) => comm.startsWith(name))) continue;
      const fields = stat.slice(close + 2).split(" ");
      // After "(comm) ": state is field 0; utime, stime, cutime, cstime are fields 11 to 14. The children's times
      // keep the CPU of PostgreSQL backends that exited (closed connections) in the sum.
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds the whole machine has been busy (all processes, all cores). */
function machineBusySeconds(): number {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((a, b) => a + b, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return (total - idle) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

export interface CpuSample {
  node: number;
  postgres: number;
  redis: number;
  machine: number;
  wallSeconds: number;
}

export function sampleCpu(): CpuSample {
  const usage = process.cpuUsage();
  return {
    node: (usage.user + usage.system) / 1e6,
    postgres: cpuSecondsOf(["postgres"]),
    redis: cpuSecondsOf(["redis-server"]),
    machine: machineBusySeconds(),
    wallSeconds: performance.now() / 1000,
  };
}

/** Cores busy on average between two samples, per component (2.0 = two cores flat out). */
export function cpuBetween(start: CpuSample, end: CpuSample) {
  const wall = Math.max(1e-9, end.wallSeconds - start.wallSeconds);
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    node: round((end.node - start.node) / wall),
    postgres: round((end.postgres - start.postgres) / wall),
    redis: round((end.redis - start.redis) / wall),
    /** Everything else on the machine (other people's builds and tests share it). */
    other: round(Math.max(0, end.machine - start.machine - (end.node - start.node) - (end.postgres - start.postgres) - (end.redis - start.redis)) / wall),
  };
}
