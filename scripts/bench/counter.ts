// npm run bench:counter: how many counter sales one app process makes per second, and how long each takes, through
// the same tRPC procedures the sale screen calls (a caller with a staff session, in process):
//   counter.holdBest  best 2 seats, held in the clerk's counter basket (the web's hold path: hold.lua, the index)
//   counter.quote     the running total the screen shows
//   counter.sell      cash, two adults: one transaction (prices, Payment, PAID, audit), door codes, the sale
// Against, in the same run and at the same concurrency, the web's hold + checkout (booking.holdSeats then
// booking.checkout, which prices, extends the holds and starts the sandbox payment; the customer's payment is not
// part of it). The ratio says what a whole counter sale costs next to a web customer getting to the payment page.
// Each client has its own screening (and clerk with an open shift at its cinema), so this measures the work of a
// sale, not contention (bench:seats measures that; server/counter/counter.test.ts races counter and web buyers).
//
// Its own throwaway database (marquee_bench_<run id>) and Redis prefix, removed at the end (also on Ctrl-C); results
// in bench/results/counter.json and .md, through the shared harness (scripts/bench/harness.ts): each clients level is
// measured --runs times (at least 3), web and counter side by side in every run, on fresh lanes. Options: --quick,
// --seconds N, --runs N, --clients 1,4,8. Nothing here asserts a speed.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import { describeMachine, loadAverage, measure, runCount, writeResults } from "./harness";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, seconds: { type: "string" }, clients: { type: "string" }, runs: { type: "string" } },
});
const quick = flags.quick ?? false;
const config = {
  // --clients 1,4: one clerk alone is the time a customer at the counter waits on the server.
  clients: flags.clients ? flags.clients.split(",").map(Number) : quick ? [4] : [1, 4, 8],
  seconds: Number(flags.seconds ?? (quick ? 2 : 3)),
  runs: runCount(flags.runs),
  // 20 rows of 30 seats: room for every sale of a run without selling out.
  plan: Array.from({ length: 20 }, () => "S".repeat(30)),
};

async function main() {
  const loadAtStart = loadAverage();
  const { adminUrl, clearRedisPrefix, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } = await import("../lib/databases");
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_${id}`);
  const redisPrefix = `marquee-bench-${id}:`;
  // The app's settings, read once by server/config/env.ts on first use: set them before anything reads them.
  Object.assign(process.env, {
    DATABASE_URL: databaseUrl,
    REDIS_KEY_PREFIX: redisPrefix,
    APP_URL: "http://127.0.0.1:9",
    PAYMENTS_SANDBOX: "on",
    DEV_MAILBOX: "on",
    RESEND_API_KEY: "",
    COUNTER_CARD_TERMINAL: "sandbox",
  });
  const [{ createDatabase: createPrisma }, { createRedis }, { createServices }, { appRouter }, { createCallerFactory, createTRPCContext }, testing, stats] =
    await Promise.all([
      import("@/server/db/client"),
      import("@/server/redis/client"),
      import("@/server/services"),
      import("@/server/api/root"),
      import("@/server/api/trpc"),
      import("@/tests/support/screenings"),
      import("./stats"),
    ]);

  console.log(`Counter benchmark: database ${new URL(databaseUrl).pathname.slice(1)}, Redis prefix ${redisPrefix}${quick ? " (quick)" : ""}`);
  await createDatabase(databaseUrl);
  const cleanups: Array<() => Promise<unknown>> = [() => dropDatabase(databaseUrl), () => clearRedisPrefix(redisPrefix)];
  const onSignal = () => void Promise.allSettled(cleanups.map((c) => c())).finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await migrateDatabase(databaseUrl);
    const db = createPrisma(databaseUrl);
    const redis = createRedis({ keyPrefix: redisPrefix });
    const services = createServices({ db, redis });
    cleanups.unshift(
      () => services.inventory.close(),
      async () => redis.disconnect(),
      () => db.$disconnect(),
    );
    const createCaller = createCallerFactory(appRouter);
    const startsAt = new Date(Date.now() + 3 * 24 * 3600_000);

    /** A screening at a cinema of its own, with a clerk whose shift is open at a till there, and their tRPC caller. */
    async function counterLane(n: number) {
      const screening = await testing.createTestScreening(db, { plan: config.plan, startsAt, preventSingleGaps: false, maxSeatsPerOrder: 10 });
      const user = await db.user.create({ data: { email: `bench-clerk-${n}@bench.marquee.local`, name: `Clerk ${n}`, role: "STAFF", passwordHash: "!bench-no-sign-in" } });
      const till = await db.till.create({ data: { cinemaId: screening.cinemaId, name: `Bench till ${n}` } });
      await db.shift.create({ data: { tillId: till.id, cinemaId: screening.cinemaId, staffId: user.id, currency: "GBP", floatAmount: 10_000 } });
      const session = { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
      const caller = createCaller(() => createTRPCContext({ headers: new Headers({ "x-forwarded-for": `198.51.100.${n}` }), session, services }));
      return { screening, caller };
    }

    async function counterSale(lane: Awaited<ReturnType<typeof counterLane>>, timings: Record<string, number[]>) {
      let t = performance.now();
      const lap = (stage: string) => {
        const now = performance.now();
        (timings[stage] ??= []).push(now - t);
        t = now;
      };
      const screeningId = lane.screening.screeningId;
      await lane.caller.counter.holdBest({ screeningId, count: 2, requestKey: randomUUID() });
      lap("holdBest");
      await lane.caller.counter.quote({ screeningId, ticketTypes: {}, concessions: [] });
      lap("quote");
      await lane.caller.counter.sell({ screeningId, ticketTypes: {}, concessions: [], tender: { kind: "cash", tendered: 5000 }, requestKey: randomUUID() });
      lap("sell");
    }

    let guest = 0;
    async function webHoldCheckout(lane: WebLane) {
      const n = ++guest;
      const holderKey = `guest:bench-web-${n}`;
      const { screeningId, seatIds } = await lane.next();
      await services.booking.holdSeats({ screeningId, seatIds, requestKey: `bench-web-${n}`, holderKey, userId: null });
      const basket = await services.booking.currentBasket({ screeningId, holderKey });
      await services.booking.checkout({
        orderId: basket!.id,
        holderKey,
        userId: null,
        email: `bench-${n}@bench.marquee.local`,
        name: "Bench Buyer",
        ticketTypes: Object.fromEntries(seatIds.map((seatId) => [seatId, "ADULT"])),
      });
    }

    type WebLane = Awaited<ReturnType<typeof webLane>>;
    /** A web buyer's screening, seat pairs in order; a sold-out one is replaced by a fresh screening (all are checked). */
    async function webLane() {
      const fresh = async () => {
        const screening = await testing.createTestScreening(db, { plan: config.plan, startsAt, preventSingleGaps: false, maxSeatsPerOrder: 10 });
        const pairs = config.plan.flatMap((row, r) =>
          Array.from({ length: row.length / 2 }, (_, k) => screening.seats(`${String.fromCharCode(65 + r)}${2 * k + 1}`, `${String.fromCharCode(65 + r)}${2 * k + 2}`)),
        );
        return { screening, pairs };
      };
      let current = await fresh();
      const screenings = [current.screening];
      return {
        screenings,
        async next() {
          if (current.pairs.length === 0) {
            current = await fresh();
            screenings.push(current.screening);
          }
          return { screeningId: current.screening.screeningId, seatIds: current.pairs.shift()! };
        },
      };
    }

    async function run<L>(lanes: L[], work: (lane: L) => Promise<void>) {
      const latencies: number[] = [];
      const deadline = performance.now() + config.seconds * 1000;
      const cpuBefore = stats.sampleCpu();
      const started = performance.now();
      await Promise.all(
        lanes.map(async (lane) => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            await work(lane);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      return { perSecond: latencies.length / elapsed, latency: stats.summarize(latencies), cpu: stats.cpuBetween(cpuBefore, stats.sampleCpu()) };
    }

    const machine = await describeMachine({ databaseUrl, redisInfo: () => redis.info("server"), loadAverageAtStart: loadAtStart });
    type Latency = ReturnType<typeof stats.summarize>;
    const results: Array<{
      clients: number;
      run: number;
      salesPerSecond: number;
      saleLatencyMs: Latency;
      stagesMs: Record<string, Latency>;
      webPerSecond: number;
      webLatencyMs: Latency;
      ratio: number;
      nodeCpuMsPerSale: number;
      doubleSold: number;
    }> = [];
    let laneNo = 0;
    for (const clients of config.clients) for (let run_ = 1; run_ <= config.runs; run_++) {
      // Fresh lanes per round, so no screening runs out of seats.
      const counterLanes = await Promise.all(Array.from({ length: clients }, () => counterLane(++laneNo)));
      const webLanes = await Promise.all(Array.from({ length: clients }, () => webLane()));
      // Warm-up: scripts loaded, layouts cached, connections open.
      await counterSale(counterLanes[0]!, {});
      await webHoldCheckout(webLanes[0]!);

      const webRun = await run(webLanes, (lane) => webHoldCheckout(lane));
      const timings: Record<string, number[]> = {};
      const counterRun = await run(counterLanes, (lane) => counterSale(lane, timings));
      const doubleSold = (
        await Promise.all(
          [...counterLanes.map((lane) => lane.screening), ...webLanes.flatMap((lane) => lane.screenings)].map((screening) =>
            testing.countDoubleSold(db, screening.screeningId),
          ),
        )
      ).reduce((a, b) => a + b, 0);
      const result = {
        clients,
        run: run_,
        salesPerSecond: round(counterRun.perSecond),
        saleLatencyMs: counterRun.latency,
        stagesMs: Object.fromEntries(Object.entries(timings).map(([stage, values]) => [stage, stats.summarize(values)])),
        webPerSecond: round(webRun.perSecond),
        webLatencyMs: webRun.latency,
        ratio: round(counterRun.perSecond / webRun.perSecond),
        nodeCpuMsPerSale: round((counterRun.cpu.node * 1000) / counterRun.perSecond),
        doubleSold,
      };
      results.push(result);
      console.log(
        `\n${clients} clients, run ${run_}/${config.runs}: ${result.salesPerSecond} counter sales/s (p50 ${result.saleLatencyMs.p50} ms, p99 ${result.saleLatencyMs.p99} ms)` +
          ` vs ${result.webPerSecond} web hold+checkouts/s (p50 ${result.webLatencyMs.p50} ms, p99 ${result.webLatencyMs.p99} ms):` +
          ` ratio ${result.ratio}; Node CPU ${result.nodeCpuMsPerSale} ms per sale; double-sold seats ${doubleSold}`,
      );
      for (const [stage, s] of Object.entries(result.stagesMs)) console.log(`  ${stage.padEnd(9)} p50 ${s.p50} ms  p99 ${s.p99} ms`);
    }

    const lines = [
      "## Every run",
      "",
      "A counter sale is counter.holdBest (2) + counter.quote + counter.sell (cash) through a staff tRPC caller; the web side is hold + checkout.",
      "",
      "| clients | run | counter sales/s | sale p50 | sale p99 | web hold+checkout/s | web p50 | web p99 | ratio | Node CPU per sale | holdBest p50 | quote p50 | sell p50 | sell p99 | double-sold |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...results.map(
        (r) =>
          `| ${r.clients} | ${r.run} | ${r.salesPerSecond} | ${r.saleLatencyMs.p50} ms | ${r.saleLatencyMs.p99} ms | ${r.webPerSecond} | ${r.webLatencyMs.p50} ms | ${r.webLatencyMs.p99} ms | ${r.ratio} | ` +
          `${r.nodeCpuMsPerSale} ms | ${r.stagesMs.holdBest?.p50} ms | ${r.stagesMs.quote?.p50} ms | ${r.stagesMs.sell?.p50} ms | ${r.stagesMs.sell?.p99} ms | ${r.doubleSold} |`,
      ),
      "",
    ];
    const doubleSold = results.reduce((a, r) => a + r.doubleSold, 0);
    writeResults(
      {
        name: "counter",
        title: "bench:counter: counter sales through the sale screen's tRPC procedures",
        generatedAt: new Date().toISOString(),
        machine,
        runs: config.runs,
        method: [
          `${config.seconds} s per measurement; in each run the web hold + checkout is measured just before the counter sales, at the same clients, on fresh lanes.`,
          "A counter sale: counter.holdBest (2 seats) + counter.quote + counter.sell (cash) through a staff tRPC caller in process.",
        ],
        measures: config.clients.map((clients) => {
          const mine = results.filter((r) => r.clients === clients);
          return measure(
            `counter sales, ${clients} clerks`,
            "sales/s",
            mine.map((r) => ({ perSecond: r.salesPerSecond, p50Ms: r.saleLatencyMs.p50, p99Ms: r.saleLatencyMs.p99 })),
            {
              name: `web hold + checkout, ${clients} clients`,
              runs: mine.map((r) => ({ perSecond: r.webPerSecond, p50Ms: r.webLatencyMs.p50, p99Ms: r.webLatencyMs.p99 })),
            },
            [`Node CPU per sale ${mine.map((r) => r.nodeCpuMsPerSale).join(", ")} ms`],
          );
        }),
        checks: [{ name: "no seat sold twice", ok: doubleSold === 0, detail: `${doubleSold} double-sold` }],
        details: { config: { ...config, plan: undefined }, results },
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
