// npm run bench:passwords — what checking passwords costs the rest of the app. Every sign-in checks a bcrypt hash of
// cost 12 (server/accounts/passwords.ts). The app uses native bcrypt, which hashes on libuv's thread pool; the
// baseline in the same run is bcryptjs, pure JavaScript on the main thread, which the app used before.
//
// For each implementation and concurrency, clients check a password in a loop for a fixed time while the event
// loop's delay is sampled: that delay is what every other request in the process (a seat hold, a page) waits on top
// of its own work. Results in bench/results/passwords.json and .md. Options: --quick, --seconds N.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import bcryptjs from "bcryptjs";
import { BCRYPT_COST, hashPassword, verifyPassword } from "@/server/accounts/passwords";
import { cpuBetween, sampleCpu, summarize } from "./stats";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, seconds: { type: "string" } },
});
const quick = flags.quick ?? false;
const config = { clients: [1, 4, 16], seconds: Number(flags.seconds ?? (quick ? 2 : 5)), maxChecksPerClient: 10_000 };

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
  const hash = await hashPassword(PASSWORD);
  if (bcryptjs.getRounds(hash) !== BCRYPT_COST) throw new Error("unexpected cost");
  const bcryptjsBaseline: Implementation = { name: "bcryptjs (baseline)", verify: (password, stored) => bcryptjs.compare(password, stored) };
  const nativeBcrypt: Implementation = { name: "native bcrypt", verify: verifyPassword };
  console.log(`bcrypt cost ${BCRYPT_COST}; ${config.seconds} s per measurement; libuv pool ${process.env.UV_THREADPOOL_SIZE ?? 4} threads`);

  const results = [];
  for (const clients of config.clients) {
    const baseline = await measure(bcryptjsBaseline, hash, clients);
    const native = await measure(nativeBcrypt, hash, clients);
    const row = { clients, baseline, native, ratio: round(native.signInsPerSecond / baseline.signInsPerSecond) };
    results.push(row);
    console.log(`\n${clients} concurrent sign-ins (ratio native/baseline ${row.ratio}):`);
    for (const r of [baseline, native]) {
      console.log(
        `  ${r.implementation.padEnd(20)} ${String(r.signInsPerSecond).padStart(6)} sign-ins/s  check p50 ${r.checkMs.p50} ms p99 ${r.checkMs.p99} ms` +
          `  event-loop delay p50 ${r.eventLoopDelayMs.p50} ms p99 ${r.eventLoopDelayMs.p99} ms  process cores (all threads) ${r.nodeCores}`,
      );
    }
  }

  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? "CPU"}, Node ${process.version}`;
  const dir = path.join(process.cwd(), "bench/results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "passwords.json"), JSON.stringify({ at: new Date().toISOString(), machine, config, results }, null, 2));
  const lines = [
    "# bench:passwords",
    "",
    `${new Date().toISOString()}, ${machine}. bcrypt cost ${BCRYPT_COST}, ${config.seconds} s per measurement. Event-loop delay is what`,
    "every other request in the same process waits while the sign-ins run.",
    "",
    "| concurrent sign-ins | implementation | sign-ins/s | check p50 | check p99 | event-loop delay p50 | event-loop delay p99 | ratio |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...results.flatMap((row) =>
      [row.baseline, row.native].map(
        (r) =>
          `| ${row.clients} | ${r.implementation} | ${r.signInsPerSecond} | ${Math.round(r.checkMs.p50)} ms | ${Math.round(r.checkMs.p99)} ms | ` +
          `${r.eventLoopDelayMs.p50} ms | ${r.eventLoopDelayMs.p99} ms | ${r === row.native ? row.ratio : 1} |`,
      ),
    ),
    "",
  ];
  writeFileSync(path.join(dir, "passwords.md"), lines.join("\n"));
  console.log("\nWrote bench/results/passwords.json and passwords.md");
}

await main();
