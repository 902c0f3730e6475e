// npm run bench:passwords — what checking passwords costs the rest of the app. Every sign-in checks a bcrypt hash of
// cost 12 (server/accounts/passwords.ts). The app uses native bcrypt, which hashes on libuv's thread pool; the
// baseline in the same run is bcryptjs, pure JavaScript on the main thread, which the app used before.
//
// For each implementation and concurrency, clients check a password in a loop for a fixed time while the event
// loop's delay is sampled: that delay is what every other request in the process (a seat hold, a page) waits on top
// of its own work. Results in bench/results/passwords.json and .md, through the shared harness
// (scripts/bench/harness.ts): every concurrency is measured --runs times (at least 3), baseline and native side by
// side in each run. Options: --quick, --seconds N, --runs N.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import bcryptjs from "bcryptjs";
import { BCRYPT_COST, hashPassword, verifyPassword } from "@/server/accounts/passwords";
import { adminUrl } from "../lib/databases";
import { describeMachine, loadAverage, measure as harnessMeasure, redisInfo, runCount, writeResults } from "./harness";
import { cpuBetween, sampleCpu, summarize } from "./stats";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, seconds: { type: "string" }, runs: { type: "string" } },
});
const quick = flags.quick ?? false;
const config = { clients: [1, 4, 16], seconds: Number(flags.seconds ?? (quick ? 1.5 : 3)), runs: runCount(flags.runs), maxChecksPerClient: 10_000 };

type Implementation = { name: string; verify: (password: string, hash: string) => Promise<boolean> };

const PASSWORD = "popcorn and a good seat";
const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function measure(implementation: Implementation, hash: string, clients: number) {
  const latencies: number[] = [];
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  const deadline = performance.now() + config.seconds * 1000;
  const cpuStart = sampleCpu();
  const started = performance.now();
  loopDelay.enable();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let check = 0; check < config.maxChecksPerClient && performance.now() < deadline; check++) {
        const begun = performance.now();
        if (!(await implementation.verify(PASSWORD, hash))) throw new Error(`${implementation.name} refused the password`);
        latencies.push(performance.now() - begun);
      }
    }),
  );
  loopDelay.disable();
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuBetween(cpuStart, sampleCpu());
  const ms = (ns: number) => round(ns / 1e6);
  return {
    implementation: implementation.name,
    clients,
    signInsPerSecond: round(latencies.length / elapsed),
    checkMs: summarize(latencies),
    eventLoopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) },
    nodeCores: cpu.node,
  };
}

async function main() {
  const loadAtStart = loadAverage();
  const machine = await describeMachine({ databaseUrl: adminUrl(), redisInfo, loadAverageAtStart: loadAtStart });
  const hash = await hashPassword(PASSWORD);
  if (bcryptjs.getRounds(hash) !== BCRYPT_COST) throw new Error("unexpected cost");
  const bcryptjsBaseline: Implementation = { name: "bcryptjs (baseline)", verify: (password, stored) => bcryptjs.compare(password, stored) };
  const nativeBcrypt: Implementation = { name: "native bcrypt", verify: verifyPassword };
  console.log(`bcrypt cost ${BCRYPT_COST}; ${config.seconds} s per measurement; libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads`);

  type Measured = Awaited<ReturnType<typeof measure>>;
  const results: Array<{ clients: number; run: number; baseline: Measured; native: Measured; ratio: number }> = [];
  for (const clients of config.clients) for (let run = 1; run <= config.runs; run++) {
    const baseline = await measure(bcryptjsBaseline, hash, clients);
    const native = await measure(nativeBcrypt, hash, clients);
    const row = { clients, run, baseline, native, ratio: round(native.signInsPerSecond / baseline.signInsPerSecond) };
    results.push(row);
    console.log(`\n${clients} concurrent sign-ins, run ${run}/${config.runs} (ratio native/baseline ${row.ratio}):`);
    for (const r of [baseline, native]) {
      console.log(
        `  ${r.implementation.padEnd(20)} ${String(r.signInsPerSecond).padStart(6)} sign-ins/s  check p50 ${r.checkMs.p50} ms p99 ${r.checkMs.p99} ms` +
          `  event-loop delay p50 ${r.eventLoopDelayMs.p50} ms p99 ${r.eventLoopDelayMs.p99} ms  process cores (all threads) ${r.nodeCores}`,
      );
    }
  }

  const lines = [
    "## Every run",
    "",
    "| concurrent sign-ins | run | implementation | sign-ins/s | check p50 | check p99 | event-loop delay p50 | event-loop delay p99 | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.flatMap((row) =>
      [row.baseline, row.native].map(
        (r) =>
          `| ${row.clients} | ${row.run} | ${r.implementation} | ${r.signInsPerSecond} | ${Math.round(r.checkMs.p50)} ms | ${Math.round(r.checkMs.p99)} ms | ` +
          `${r.eventLoopDelayMs.p50} ms | ${r.eventLoopDelayMs.p99} ms | ${r === row.native ? row.ratio : 1} |`,
      ),
    ),
    "",
  ];
  const figures = (r: (typeof results)[number]["native"]) => ({ perSecond: r.signInsPerSecond, p50Ms: r.checkMs.p50, p99Ms: r.checkMs.p99 });
  writeResults(
    {
      name: "passwords",
      title: "bench:passwords: what checking passwords costs the rest of the app",
      generatedAt: new Date().toISOString(),
      machine,
      runs: config.runs,
      method: [
        `bcrypt cost ${BCRYPT_COST}, ${config.seconds} s per measurement; libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads.`,
        "Baseline in each run: bcryptjs (pure JavaScript, main thread), measured just before native bcrypt at the same concurrency.",
        "Event-loop delay (in the notes) is what every other request in the same process waits while the sign-ins run.",
      ],
      measures: config.clients.map((clients) => {
        const mine = results.filter((r) => r.clients === clients);
        const delays = (pick: (r: (typeof mine)[number]) => { eventLoopDelayMs: { p99: number } }) => mine.map((r) => pick(r).eventLoopDelayMs.p99).join(", ");
        return harnessMeasure(
          `native bcrypt checks, ${clients} concurrent`,
          "checks/s",
          mine.map((r) => figures(r.native)),
          { name: `bcryptjs, ${clients} concurrent`, runs: mine.map((r) => figures(r.baseline)) },
          [`event-loop delay p99: native ${delays((r) => r.native)} ms; bcryptjs ${delays((r) => r.baseline)} ms`],
        );
      }),
      details: { config, results },
    },
    lines,
  );
}

await main();
