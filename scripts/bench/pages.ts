// npm run bench:pages — page requests per second for the home page and a seat-map (screening) page of the production
// build with the demo seed, against a static file served by the same server in the same run (the ceiling: Next's
// handler with no rendering). Three runs of each, interleaved, with autocannon on 127.0.0.1; the ranges, medians and
// each page's ratio to the static file go to bench/results/pages.{json,md}.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { startApp } from "./app-server";

const PORT = Number(process.env.BENCH_PORT ?? 3330);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const RUNS = 3;

interface Run {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

function load(url: string, duration: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration }, (error, result) => {
      if (error) return reject(error);
      resolve({
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        errors: result.errors + result.timeouts,
        non2xx: result.non2xx,
      });
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const range = (values: number[]) => `${Math.min(...values)}–${Math.max(...values)}`;

async function main() {
  const app = await startApp({ port: PORT });
  const host = app.machine;
  console.log(`${host.cores} × ${host.cpuModel}, load average at start ${host.loadAverageAtStart.join(" ")}`);
  try {
    const targets = [
      { name: "static file", path: app.staticPath },
      { name: "home page", path: "/" },
      { name: "seat-map page", path: `/screenings/${app.screeningId}` },
    ];
    for (const target of targets) {
      const response = await fetch(`${app.base}${target.path}`);
      if (!response.ok) throw new Error(`${target.path} answered ${response.status}`);
      await response.arrayBuffer();
    }
    console.log("Warming up...");
    for (const target of targets) await load(`${app.base}${target.path}`, 2);

    const runs = new Map<string, Run[]>(targets.map((target) => [target.name, []]));
    for (let round = 1; round <= RUNS; round++) {
      for (const target of targets) {
        console.log(`run ${round}/${RUNS}: ${target.name}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s...`);
        runs.get(target.name)!.push(await load(`${app.base}${target.path}`, DURATION_SECONDS));
      }
    }

    const staticMedian = median(runs.get("static file")!.map((run) => run.requestsPerSecond));
    const summary = targets.map((target) => {
      const list = runs.get(target.name)!;
      const rps = list.map((run) => run.requestsPerSecond);
      return {
        page: target.name,
        path: target.path,
        requestsPerSecond: { min: Math.min(...rps), median: median(rps), max: Math.max(...rps) },
        p50Ms: list.map((run) => run.p50Ms),
        p99Ms: list.map((run) => run.p99Ms),
        errors: list.reduce((sum, run) => sum + run.errors + run.non2xx, 0),
        ratioToStatic: Number((median(rps) / staticMedian).toFixed(3)),
      };
    });
    const lines = [
      "# Page benchmark: home and seat map against a static file",
      "",
      `Run ${new Date().toISOString()} on ${host.cores} × ${host.cpuModel} (${host.memoryGb} GB, ${host.platform}), Node ${host.node}, PostgreSQL ${host.postgres}, Redis ${host.redis}, ` +
        `load average at start ${host.loadAverageAtStart.join(" ")}. Production build served by scripts/serve.mjs with the demo seed; ` +
        `autocannon on 127.0.0.1, ${CONNECTIONS} connections, ${RUNS} runs of ${DURATION_SECONDS} s each, interleaved.`,
      "",
      "| page | req/s (range) | req/s median | p50 ms per run | p99 ms per run | errors | ratio to static |",
      "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
      ...summary.map(
        (row) =>
          `| ${row.page} | ${range([row.requestsPerSecond.min, row.requestsPerSecond.max])} | ${row.requestsPerSecond.median} | ${row.p50Ms.join(" / ")} | ${row.p99Ms.join(" / ")} | ${row.errors} | ${(row.ratioToStatic * 100).toFixed(1)}% |`,
      ),
      "",
      "The static file is the ceiling of the same server (Next's handler, no rendering). Every page is rendered per " +
        "request (the CSP nonce); the programme behind it comes from the catalogue's Redis cache (server/catalogue/cache.ts), " +
        "the seats left on the seat-map page are counted on every request.",
    ];
    console.log(`\n${lines.join("\n")}\n`);
    const out = path.join(process.cwd(), "bench/results");
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, "pages.md"), `${lines.join("\n")}\n`);
    writeFileSync(
      path.join(out, "pages.json"),
      `${JSON.stringify({ machine: host, connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, runs: Object.fromEntries(runs), summary }, null, 2)}\n`,
    );
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
