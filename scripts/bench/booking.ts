// npm run bench:booking: how many paid orders one app process settles per second, end to end, on this machine.
//
// Each client loops over whole orders, as a customer and the sandbox provider would make them:
//   hold     two adjacent seats (inventory: Redis gate, then the HELD ticket rows)
//   checkout prices, redeems nothing, extends the holds, creates the Payment and the sandbox checkout
//   pay      the sandbox page's "approve", then its signed webhook delivered over HTTP to a webhook route that
//            verifies, records and compares it (server/payments, as /api/webhooks/payments/sandbox does)
//   settle   the saga's steps in one call (booking.settlePaidOrder): PAID, ticket codes, sale, confirmation email
//            rendered with its QR codes and recorded in the mailbox table
// The baseline, measured in the same run at the same concurrency, is the cheapest thing a customer does: hold two
// seats and release them again. The ratio says how many hold+release cycles one paid order costs.
//
// Its own throwaway database (marquee_bench_<run id>) and Redis prefix, removed at the end (also on Ctrl-C); results
// in bench/results/booking.json and .md, through the shared harness (scripts/bench/harness.ts): each clients level is
// measured --runs times (at least 3), baseline and orders side by side in every run. Options: --quick, --seconds N,
// --runs N, --profile FILE (a CPU profile of the orders made one at a time, before the runs).
import { writeFileSync } from "node:fs";
import http from "node:http";
import inspector from "node:inspector";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { onEveryStatement } from "@/tests/support/statements";
import { webhookResponse } from "@/app/api/webhooks/payments/[provider]/response";
import { describeMachine, loadAverage, measure, runCount, writeResults } from "./harness";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, seconds: { type: "string" }, runs: { type: "string" }, profile: { type: "string" } },
});
const quick = flags.quick ?? false;
const config = {
  clients: quick ? [8] : [8, 32],
  seconds: Number(flags.seconds ?? (quick ? 2 : 4)),
  runs: runCount(flags.runs),
  screenings: quick ? 4 : 12,
  // 20 rows of 30 seats: room for every order of a run without selling out.
  plan: Array.from({ length: 20 }, () => "S".repeat(30)),
};

type Stage = "hold" | "checkout" | "pay" | "settle";

async function main() {
  const loadAtStart = loadAverage();
  const { adminUrl, clearRedisPrefix, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } = await import("../lib/databases");
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_${id}`);
  const redisPrefix = `marquee-bench-${id}:`;

  // The webhook route, in this process: what app/api/webhooks/payments/[provider]/route.ts does, without Next.
  // The app's own statements are counted while `appDepth` > 0 (see `app` below): the webhook handler is app work, the
  // sandbox recording its delivery and the client polling for the payment are not.
  let appDepth = 0;
  const app = async <T>(work: () => Promise<T>): Promise<T> => {
    appDepth += 1;
    try {
      return await work();
    } finally {
      appDepth -= 1;
    }
  };
  let handle: (provider: string, rawBody: string, headers: Headers) => Promise<{ status: number; body: unknown }> = async () => ({
    status: 503,
    body: {},
  });
  const webhookServer = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const headers = new Headers();
      for (const [key, value] of Object.entries(request.headers)) if (typeof value === "string") headers.set(key, value);
      const provider = request.url?.split("/").pop() ?? "";
      app(() => handle(provider, Buffer.concat(chunks).toString("utf8"), headers)).then(
        (answer) => response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body)),
        (error) => response.writeHead(500).end(String(error)),
      );
    });
  });
  await new Promise<void>((resolve) => webhookServer.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(webhookServer.address() as AddressInfo).port}`;

  // The app's settings, read once by server/config/env.ts on first use: set them before anything reads them.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, REDIS_KEY_PREFIX: redisPrefix, APP_URL: appUrl, PAYMENTS_SANDBOX: "on", DEV_MAILBOX: "on", RESEND_API_KEY: "" });
  const [{ createDatabase: createPrisma }, { createRedis }, { createServices }, { createSandboxProvider }, { sandboxWebhookSecret }, testing, stats] =
    await Promise.all([
      import("@/server/db/client"),
      import("@/server/redis/client"),
      import("@/server/services"),
      import("@/server/payments/sandbox"),
      import("@/server/config/env"),
      import("@/tests/support/screenings"),
      import("./stats"),
    ]);

  console.log(`Booking benchmark: database ${new URL(databaseUrl).pathname.slice(1)}, Redis prefix ${redisPrefix}${quick ? " (quick)" : ""}`);
  await createDatabase(databaseUrl);
  const cleanups: Array<() => Promise<unknown>> = [
    // The webhook server stops (idle keep-alive sockets closed, so close() returns) before the database is dropped.
    () =>
      new Promise((resolve) => {
        webhookServer.close(resolve);
        webhookServer.closeIdleConnections();
      }),
    () => dropDatabase(databaseUrl),
    () => clearRedisPrefix(redisPrefix),
  ];
  // In order, as at the end of a run: the server and clients first, the database they use after.
  const onSignal = () =>
    void (async () => {
      for (const cleanup of cleanups) await cleanup().catch(() => {});
    })().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await migrateDatabase(databaseUrl);
    const db = createPrisma(databaseUrl);
    const redis = createRedis({ keyPrefix: redisPrefix });
    const services = createServices({ db, redis });
    const sandbox = createSandboxProvider({ db, appUrl, webhookSecret: sandboxWebhookSecret(), delaySeconds: 0 });
    handle = (provider, rawBody, headers) => services.payments.handleWebhook({ provider, rawBody, headers }).then(webhookResponse);
    cleanups.unshift(
      () => services.inventory.close(),
      async () => redis.disconnect(),
      () => db.$disconnect(),
    );

    const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);
    const screenings = [];
    for (let i = 0; i < config.screenings; i++) {
      screenings.push(await testing.createTestScreening(db, { plan: config.plan, startsAt, preventSingleGaps: false, maxSeatsPerOrder: 10 }));
    }
    // Each client takes pairs of seats from its own queue, so clients never fight over seats: this measures the work
    // of an order, not contention (bench:seats measures that).
    const pairs = screenings.flatMap((s) =>
      config.plan.flatMap((row, r) =>
        Array.from({ length: row.length / 2 }, (_, k) => ({
          screeningId: s.screeningId,
          seatIds: s.seats(`${String.fromCharCode(65 + r)}${2 * k + 1}`, `${String.fromCharCode(65 + r)}${2 * k + 2}`),
        })),
      ),
    );

    let guest = 0;
    const holdPair = async (pair: (typeof pairs)[number]) => {
      const n = ++guest;
      const holderKey = `guest:bench-${n}`;
      const basket = await services.booking.openBasket({ screeningId: pair.screeningId, holderKey });
      await services.inventory.hold({ screeningId: pair.screeningId, orderId: basket.id, seatIds: pair.seatIds, requestKey: `bench-hold-${n}` });
      return { orderId: basket.id, holderKey, n };
    };

    async function order(pair: (typeof pairs)[number], timings: Record<Stage, number[]>, onLap?: (stage: Stage) => void) {
      let t = performance.now();
      const lap = (stage: Stage) => {
        const now = performance.now();
        timings[stage].push(now - t);
        t = now;
        onLap?.(stage);
      };
      const basket = await app(() => holdPair(pair));
      lap("hold");
      await app(() => services.booking.checkout({
        orderId: basket.orderId,
        holderKey: basket.holderKey,
        userId: null,
        email: `bench-${basket.n}@bench.marquee.local`,
        name: "Bench Buyer",
        ticketTypes: Object.fromEntries(pair.seatIds.map((seatId) => [seatId, "ADULT" as const])),
      }));
      const payment = await db.payment.findFirstOrThrow({ where: { orderId: basket.orderId, status: "PENDING" }, select: { id: true, providerRef: true } });
      lap("checkout");
      await sandbox.decide({ ref: payment.providerRef, decision: "approve" });
      // Another client's delivery round may have claimed this webhook: it counts once the payment is recorded.
      for (let tries = 0; ; tries++) {
        await sandbox.deliverDue();
        const { status } = await db.payment.findUniqueOrThrow({ where: { id: payment.id }, select: { status: true } });
        if (status === "SUCCEEDED") break;
        if (tries > 2000) throw new Error(`payment ${payment.id} still ${status}`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      lap("pay");
      const settled = await app(() => services.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id }));
      if (settled.outcome !== "confirmed" && settled.outcome !== "already_confirmed") throw new Error(`order not settled: ${settled.outcome}`);
      lap("settle");
    }

    async function holdRelease(pair: (typeof pairs)[number]) {
      const basket = await holdPair(pair);
      await services.inventory.release({ screeningId: pair.screeningId, orderId: basket.orderId, seatIds: pair.seatIds });
    }

    /** `clients` loops for config.seconds, each on its own slice of seat pairs; returns per-item latencies. */
    async function run(clients: number, work: (pair: (typeof pairs)[number]) => Promise<void>, reuse: boolean) {
      const latencies: number[] = [];
      const deadline = performance.now() + config.seconds * 1000;
      const perClient = Math.floor(pairs.length / clients);
      const cpuBefore = stats.sampleCpu();
      const started = performance.now();
      await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const mine = pairs.slice(c * perClient, (c + 1) * perClient);
          for (let i = 0; performance.now() < deadline && (reuse || i < mine.length); i++) {
            const t0 = performance.now();
            await work(mine[i % mine.length]!);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      return { perSecond: latencies.length / elapsed, latency: stats.summarize(latencies), cpu: stats.cpuBetween(cpuBefore, stats.sampleCpu()) };
    }

    // Warm up both paths (scripts loaded, templates compiled, connections open).
    const warm = pairs.splice(0, 8);
    for (const pair of warm.slice(0, 4)) await order(pair, { hold: [], checkout: [], pay: [], settle: [] });
    for (const pair of warm.slice(4)) await holdRelease(pair);

    // PostgreSQL round trips per order, counted at the driver (Prisma's adapter and raw SQL both go through pg, and so
    // do BEGIN and COMMIT, as in server/booking/round-trips.test.ts), over a few orders made one at a time: the app's
    // statements by stage, and everything including the sandbox provider's and this client's polling (`all`).
    let cpuPerOrderMs: Record<Stage, number> = { hold: 0, checkout: 0, pay: 0, settle: 0 };
    const queriesPerOrder = await (async () => {
      let count = 0;
      let all = 0;
      const stopCounting = onEveryStatement(() => {
        all += 1;
        if (appDepth > 0) count += 1;
      });
      const byStage: Record<Stage, number> = { hold: 0, checkout: 0, pay: 0, settle: 0 };
      // This process's CPU per stage with one order at a time: steadier than the loaded runs' figure on a shared
      // machine. The pay stage includes the sandbox provider's own work (it runs in this process).
      const cpuByStage: Record<Stage, number> = { hold: 0, checkout: 0, pay: 0, settle: 0 };
      const cpuMs = () => {
        const { user, system } = process.cpuUsage();
        return (user + system) / 1000;
      };
      // --profile FILE: a V8 CPU profile of these orders alone (open it in Chrome's DevTools or speedscope).
      const profiler = flags.profile ? new inspector.Session() : null;
      const post = (method: string, params?: object) =>
        new Promise<unknown>((resolve, reject) => profiler!.post(method, params, (error, result) => (error ? reject(error) : resolve(result))));
      if (profiler) {
        profiler.connect();
        await post("Profiler.enable");
        await post("Profiler.start");
      }
      try {
        const sample = pairs.splice(0, 20);
        for (const pair of sample) {
          let mark = count;
          let cpuMark = cpuMs();
          await order(pair, { hold: [], checkout: [], pay: [], settle: [] }, (stage) => {
            byStage[stage] += count - mark;
            mark = count;
            const cpu = cpuMs();
            cpuByStage[stage] += cpu - cpuMark;
            cpuMark = cpu;
          });
        }
        const perOrder = (n: number) => round(n / sample.length);
        if (profiler) {
          const { profile } = (await post("Profiler.stop")) as { profile: unknown };
          writeFileSync(flags.profile!, JSON.stringify(profile));
          profiler.disconnect();
          console.log(`CPU profile of the ${sample.length} sample orders: ${flags.profile}`);
        }
        cpuPerOrderMs = Object.fromEntries(Object.entries(cpuByStage).map(([stage, ms]) => [stage, perOrder(ms)])) as Record<Stage, number>;
        return {
          total: perOrder(count),
          all: perOrder(all),
          hold: perOrder(byStage.hold),
          checkout: perOrder(byStage.checkout),
          pay: perOrder(byStage.pay),
          settle: perOrder(byStage.settle),
        };
      } finally {
        stopCounting();
      }
    })();
    console.log(`SQL statements per paid order (the app's, counted at the driver): ${JSON.stringify(queriesPerOrder)}`);
    console.log(`Node CPU ms per paid order, one order at a time: ${JSON.stringify(cpuPerOrderMs)}`);

    const machine = await describeMachine({ databaseUrl, redisInfo: () => redis.info("server"), loadAverageAtStart: loadAtStart });
    type Latency = ReturnType<typeof stats.summarize>;
    const results: Array<{
      clients: number;
      run: number;
      ordersPerSecond: number;
      orderLatencyMs: Latency;
      stagesMs: Record<string, Latency>;
      baselineCyclesPerSecond: number;
      baselineLatencyMs: Latency;
      ratio: number;
      cpu: ReturnType<typeof stats.cpuBetween>;
      nodeCpuMsPerOrder: number;
      doubleSold: number;
    }> = [];
    for (const clients of config.clients) for (let run_ = 1; run_ <= config.runs; run_++) {
      const baselineRun = await run(clients, (pair) => holdRelease(pair), true);
      const timings: Record<Stage, number[]> = { hold: [], checkout: [], pay: [], settle: [] };
      const sold = new Set<(typeof pairs)[number]>();
      const ordersRun = await run(clients, (pair) => (sold.add(pair), order(pair, timings)), false);
      // Sold seats are gone: the next round (and its baseline) uses what is left.
      pairs.splice(0, pairs.length, ...pairs.filter((pair) => !sold.has(pair)));
      const doubleSold = (await Promise.all(screenings.map((s) => testing.countDoubleSold(db, s.screeningId)))).reduce((a, b) => a + b, 0);
      const result = {
        clients,
        run: run_,
        ordersPerSecond: round(ordersRun.perSecond),
        orderLatencyMs: ordersRun.latency,
        stagesMs: Object.fromEntries(Object.entries(timings).map(([stage, values]) => [stage, stats.summarize(values)])),
        baselineCyclesPerSecond: round(baselineRun.perSecond),
        baselineLatencyMs: baselineRun.latency,
        ratio: round(ordersRun.perSecond / baselineRun.perSecond),
        cpu: ordersRun.cpu,
        // Steadier than orders/s on a shared machine, and what to cut while this process is the limit.
        nodeCpuMsPerOrder: round((ordersRun.cpu.node * 1000) / ordersRun.perSecond),
        doubleSold,
      };
      results.push(result);
      console.log(
        `\n${clients} clients, run ${run_}/${config.runs}: ${result.ordersPerSecond} paid orders/s (p50 ${result.orderLatencyMs.p50} ms, p99 ${result.orderLatencyMs.p99} ms)` +
          ` vs ${result.baselineCyclesPerSecond} hold+release cycles/s (p50 ${result.baselineLatencyMs.p50} ms, p99 ${result.baselineLatencyMs.p99} ms):` +
          ` ratio ${result.ratio}; ${queriesPerOrder.total} SQL statements and Node CPU ${result.nodeCpuMsPerOrder} ms per order; double-sold seats ${doubleSold}`,
      );
      for (const [stage, s] of Object.entries(result.stagesMs)) console.log(`  ${stage.padEnd(9)} p50 ${s.p50} ms  p99 ${s.p99} ms`);
    }

    const lines = [
      "## Every run",
      "",
      `SQL statements per paid order, the app's (counted at the driver, BEGIN and COMMIT included, orders made one at a time): ${queriesPerOrder.total} ` +
        `(hold ${queriesPerOrder.hold}, checkout ${queriesPerOrder.checkout}, pay ${queriesPerOrder.pay}, settle ${queriesPerOrder.settle}); ` +
        `${queriesPerOrder.all} with the sandbox provider's own and this client's polling for the payment.`,
      "",
      `Node CPU per paid order with one order at a time (20 orders): ${Object.entries(cpuPerOrderMs).map(([stage, ms]) => `${stage} ${ms} ms`).join(", ")}.`,
      "",
      "| clients | run | paid orders/s | order p50 | order p99 | hold+release cycles/s (baseline) | ratio | Node CPU per order | hold p50 | checkout p50 | pay p50 | settle p50 | settle p99 | double-sold |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...results.map(
        (r) =>
          `| ${r.clients} | ${r.run} | ${r.ordersPerSecond} | ${r.orderLatencyMs.p50} ms | ${r.orderLatencyMs.p99} ms | ${r.baselineCyclesPerSecond} | ${r.ratio} | ${r.nodeCpuMsPerOrder} ms | ` +
          `${r.stagesMs.hold!.p50} ms | ${r.stagesMs.checkout!.p50} ms | ${r.stagesMs.pay!.p50} ms | ${r.stagesMs.settle!.p50} ms | ${r.stagesMs.settle!.p99} ms | ${r.doubleSold} |`,
      ),
      "",
    ];
    const doubleSold = results.reduce((a, r) => a + r.doubleSold, 0);
    writeResults(
      {
        name: "booking",
        title: "bench:booking: paid orders end to end, in one process",
        generatedAt: new Date().toISOString(),
        machine,
        runs: config.runs,
        method: [
          `${config.seconds} s per measurement; in each run the baseline (hold + release of two seats) is measured just before the orders, at the same clients.`,
          "An order: hold two seats, checkout, the sandbox's approve, its signed webhook over HTTP to the webhook handler, settlement (PAID, codes, sale, email with QR codes).",
          `SQL statements per paid order, the app's, counted at the driver: ${queriesPerOrder.total} (hold ${queriesPerOrder.hold}, checkout ${queriesPerOrder.checkout}, pay ${queriesPerOrder.pay}, settle ${queriesPerOrder.settle}).`,
        ],
        measures: config.clients.map((clients) => {
          const mine = results.filter((r) => r.clients === clients);
          return measure(
            `paid orders, ${clients} clients (${queriesPerOrder.total} SQL statements per order)`,
            "orders/s",
            mine.map((r) => ({ perSecond: r.ordersPerSecond, p50Ms: r.orderLatencyMs.p50, p99Ms: r.orderLatencyMs.p99 })),
            {
              name: `hold + release cycles, ${clients} clients`,
              runs: mine.map((r) => ({ perSecond: r.baselineCyclesPerSecond, p50Ms: r.baselineLatencyMs.p50, p99Ms: r.baselineLatencyMs.p99 })),
            },
            [`Node CPU per order ${mine.map((r) => r.nodeCpuMsPerOrder).join(", ")} ms`],
          );
        }),
        checks: [{ name: "no seat sold twice", ok: doubleSold === 0, detail: `${doubleSold} double-sold` }],
        details: { config: { ...config, plan: undefined }, queriesPerOrder, cpuPerOrderMs, results },
      },
      lines,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error("cleanup:", error));
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
