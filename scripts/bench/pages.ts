// npm run bench:pages — page requests per second for the home page and a seat-map (screening) page of the production
// build with the demo seed, against a static file served by the same server in the same run (the ceiling: the
// server's handler with no rendering). BENCH_RUNS rounds (at least 3), each measuring the three targets back to back
// with autocannon on 127.0.0.1, so that each page's ratio is to the static file of its own round. Results go through
// the shared harness to bench/results/pages.{json,md}.
import autocannon from "autocannon";
import { startApp } from "./app-server";
import { measure, type RunFigures, runCount, writeResults } from "./harness";

const PORT = Number(process.env.BENCH_PORT ?? 3330);
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

interface Run extends RunFigures {
  failed: number;
  completed: number;
}

function load(url: string, duration: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration }, (error, result) => {
      if (error) return reject(error);
      // Completed answers over the measured time (autocannon's per-second average would read 0 for a run whose
      // answers all arrived in one second bucket on a loaded machine).
      resolve({
        perSecond: Math.round((result.requests.total / Math.max(1e-9, result.duration)) * 10) / 10,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        failed: result.errors + result.timeouts + result.non2xx,
        completed: result.requests.total,
      });
    });
  });
}

async function main() {
  const runs = runCount(process.argv.find((a) => a.startsWith("--runs="))?.slice(7));
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

    const measured = new Map<string, Run[]>(targets.map((target) => [target.name, []]));
    for (let round = 1; round <= runs; round++) {
      for (const target of targets) {
        console.log(`run ${round}/${runs}: ${target.name}, ${CONNECTIONS} connections, ${DURATION_SECONDS} s...`);
        measured.get(target.name)!.push(await load(`${app.base}${target.path}`, DURATION_SECONDS));
      }
    }

    const at = (name: string) => measured.get(name)!;
    const failed = (name: string) => at(name).reduce((sum, run) => sum + run.failed, 0);
    const staticRuns = at("static file");
    const label = (name: string) => `${name}, ${CONNECTIONS} connections`;
    writeResults({
      name: "pages",
      title: "Page requests: home and seat map against a static file",
      generatedAt: new Date().toISOString(),
      machine: host,
      runs,
      method: [
        `Production build served by scripts/serve.mjs (as npm start runs it) with the demo seed; autocannon on 127.0.0.1, ${CONNECTIONS} connections, ${DURATION_SECONDS} s per measurement.`,
        "Each round measures the static file, the home page and the seat-map page back to back; a page's ratio is to the static file of its own round.",
        "The static file (a CSS chunk under /_next/static) is the same server's ceiling: its handler with no rendering.",
        "Every page is rendered per request (its CSP nonce); the programme comes from the catalogue's Redis cache (server/catalogue/cache.ts).",
      ],
      measures: [
        measure(label("static file"), "req/s", staticRuns),
        measure(label("home page"), "req/s", at("home page"), { name: label("static file"), runs: staticRuns }),
        measure(label("seat-map page"), "req/s", at("seat-map page"), { name: label("static file"), runs: staticRuns }),
      ],
      checks: targets.map((target) => {
        const silent = at(target.name).filter((run) => run.completed === 0).length;
        return {
          name: `${target.name}: every answer 2xx, answers in every run`,
          ok: failed(target.name) === 0 && silent === 0,
          detail: `${failed(target.name)} errors, timeouts or non-2xx; ${silent} runs with no answer`,
        };
      }),
      details: { connections: CONNECTIONS, durationSeconds: DURATION_SECONDS, paths: Object.fromEntries(targets.map((t) => [t.name, t.path])) },
    });
  } finally {
    await app.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
