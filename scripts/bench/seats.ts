// npm run bench:seats — the seat inventory (Redis gate + PostgreSQL truth) against a PostgreSQL-only baseline that
// holds seats with row locks (scripts/bench/baseline.ts), in one run on this machine:
//
//   (a) flash sale: 2,000 buyers race for one 300-seat screening; each wants 1-4 adjacent seats, picks them at random
//       among the seats it doesn't know to be taken, learns from refusals, buys as soon as it holds; at most 12 tries.
//   (b) steady load: clients hold 2 random adjacent seats of a random screening (40 screenings of 300 seats) and
//       release them again, for a fixed time, at 16, 64 and 256 concurrent clients.
//   (c) the Redis gate alone: 64 clients ask for seats that are sold, so the engine answers from Redis only.
//
// "engine" is the inventory as the web uses it: a hold lives in Redis alone until checkout (`redisOnly`), a release
// touches Redis only, and a purchase is the checkout's Redis step (commitHolds), the HELD tickets inserted against
// the unique index (as booking's checkout statement does) and the sale. "engine+pg" is the write-through path (the
// counter's, exchanges', retakes': every hold written to PostgreSQL before it is answered) given a node-postgres pool
// (InventoryDeps.pool). The gate (c) is measured beside a raw EVALSHA of the hold script with the same arguments.
//
// It creates its own throwaway database (marquee_bench_<run id>) and Redis prefix (marquee-bench-<run id>:), removes
// both at the end (also on Ctrl-C), and writes bench/results/seats.json and .md through the shared harness
// (scripts/bench/harness.ts): the flash sale, each steady level and the gate are measured --runs times (at least 3),
// every system side by side in each run, so each ratio to the baseline is a same-run ratio.
// Every loop is bounded in time and count. Options: --quick (short runs, for trying changes), --seconds N, --runs N.
// BENCH_MARKS=1 prints "[mark] <µs on process.hrtime's clock> <phase> @<epoch ms>" where each phase starts and ends,
// so that a `node --cpu-prof` profile of the run can be cut per phase (its timestamps are on the same clock).
import os from "node:os";
import { parseArgs } from "node:util";
import { createAuditLog } from "@/server/audit";
import { createDatabase } from "@/server/db/client";
import { isAppError } from "@/server/errors";
import { createInventory } from "@/server/inventory";
import { insertHeldTickets } from "@/server/inventory/sql";
import { countDoubleSold, createTestOrders, createTestScreening, type TestScreening } from "@/tests/support/screenings";
import { createRedis } from "@/server/redis/client";
import {
  adminUrl,
  clearRedisPrefix,
  createDatabase as createThrowawayDatabase,
  dropDatabase,
  migrateDatabase,
  runId,
  withDatabase,
} from "../lib/databases";
import pg from "pg";
import { createBaseline } from "./baseline";
import { describeMachine, loadAverage, measure as harnessMeasure, type Measure, runCount, writeResults } from "./harness";
import { cpuBetween, sampleCpu, summarize } from "./stats";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, seconds: { type: "string" }, runs: { type: "string" } },
});
const quick = flags.quick ?? false;
const config = {
  runs: runCount(flags.runs),
  poolSize: 10,
  holdSeconds: 600,
  flash: { rows: 15, seatsPerRow: 20, buyers: quick ? 500 : 2000, maxAttempts: 12, wants: [1, 2, 2, 2, 3, 4] },
  steady: {
    screenings: quick ? 10 : 40,
    rows: 15,
    seatsPerRow: 20,
    clients: [16, 64, 256],
    warmupSeconds: quick ? 0.5 : 1,
    seconds: Number(flags.seconds ?? (quick ? 1.5 : 3)),
    maxOpsPerClient: 200_000,
  },
  gate: { clients: 64, seconds: quick ? 1 : 3 },
};

/** engine: the app's wiring (PostgreSQL through Prisma); enginePg: the same with a node-postgres pool; baseline: row locks. */
type SystemName = "engine" | "enginePg" | "baseline";
const SYSTEMS: SystemName[] = ["engine", "enginePg", "baseline"];
const LABEL: Record<SystemName, string> = { engine: "engine", enginePg: "write-through+pg", baseline: "baseline" };

type HoldOutcome = { ok: true } | { ok: false; reason: string; taken: string[] };

interface System {
  name: SystemName;
  hold(screeningId: string, orderId: string, seatIds: string[]): Promise<HoldOutcome>;
  release(screeningId: string, orderId: string, seatIds: string[]): Promise<void>;
  sell(screeningId: string, orderId: string, seatIds: string[]): Promise<boolean>;
}

function seeded(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

const rowsOf = (s: TestScreening, rows: number, perRow: number) =>
  Array.from({ length: rows }, (_, r) => Array.from({ length: perRow }, (_, c) => s.seat(`${String.fromCharCode(65 + r)}${c + 1}`)));

// ─── (a) Flash sale ──────────────────────────────────────────────────────────

async function flashSale(system: System, screening: TestScreening, orders: string[], db: ReturnType<typeof createDatabase>) {
  const rows = rowsOf(screening, config.flash.rows, config.flash.seatsPerRow);
  const capacity = config.flash.rows * config.flash.seatsPerRow;
  const latencies: number[] = [];
  /** From a buyer's hold being answered to its purchase being done (checkout and sale): what a sale waits for. */
  const purchaseLatencies: number[] = [];
  let attempts = 0;
  let refusals = 0;
  let errors = 0;
  let soldSeats = 0;
  let soldOutAt: number | null = null;
  const purchases: Array<{ orderId: string; seatIds: string[] }> = [];
  const cpu0 = sampleCpu();
  const started = performance.now();

  await Promise.all(
    orders.map(async (orderId, index) => {
      const random = seeded(index + 1);
      let want = config.flash.wants[Math.floor(random() * config.flash.wants.length)]!;
      const known = new Set<string>();
      for (let attempt = 0; attempt < config.flash.maxAttempts; ) {
        // A random block this buyer doesn't know to be taken: a few random guesses, then a full search.
        let seatIds: string[] | null = null;
        for (let guess = 0; guess < 20 && !seatIds; guess++) {
          const row = rows[Math.floor(random() * rows.length)]!;
          const start = Math.floor(random() * (row.length - want + 1));
          const block = row.slice(start, start + want);
          if (block.every((id) => !known.has(id))) seatIds = block;
        }
        if (!seatIds) {
          const blocks: string[][] = [];
          for (const row of rows) {
            for (let start = 0; start + want <= row.length; start++) {
              const block = row.slice(start, start + want);
              if (block.every((id) => !known.has(id))) blocks.push(block);
            }
          }
          if (blocks.length === 0) {
            if (want === 1) return;
            want -= 1;
            continue;
          }
          seatIds = blocks[Math.floor(random() * blocks.length)]!;
        }
        attempt += 1;
        attempts += 1;
        const t0 = performance.now();
        let outcome: HoldOutcome;
        try {
          outcome = await system.hold(screening.screeningId, orderId, seatIds);
        } catch (error) {
          errors += 1;
          if (errors <= 3) console.error(`[${system.name}] unexpected error:`, error);
          continue;
        } finally {
          latencies.push(performance.now() - t0);
        }
        if (outcome.ok) {
          const heldAt = performance.now();
          const bought = await system.sell(screening.screeningId, orderId, seatIds);
          purchaseLatencies.push(performance.now() - heldAt);
          if (bought) {
            purchases.push({ orderId, seatIds });
            soldSeats += seatIds.length;
            if (soldSeats >= capacity && soldOutAt === null) soldOutAt = performance.now() - started;
          }
          return;
        }
        refusals += 1;
        for (const id of outcome.taken.length ? outcome.taken : seatIds) known.add(id);
      }
    }),
  );
  const elapsed = performance.now() - started;
  const cpu = cpuBetween(cpu0, sampleCpu());

  // Oversold, counted from PostgreSQL: seats with two live tickets, and seats buyers were told they bought that
  // PostgreSQL doesn't have as theirs.
  const doubleLive = await countDoubleSold(db, screening.screeningId);
  const sold = await db.ticket.findMany({
    where: { screeningId: screening.screeningId, status: "SOLD" },
    select: { seatId: true, orderId: true },
  });
  const soldTo = new Map(sold.map((t) => [t.seatId, t.orderId]));
  const promised = purchases.flatMap((p) => p.seatIds.map((seatId) => ({ seatId, orderId: p.orderId })));
  const promisedButNotSold = promised.filter((p) => soldTo.get(p.seatId) !== p.orderId).length;
  const promisedTwice = promised.length - new Set(promised.map((p) => p.seatId)).size;

  return {
    buyers: orders.length,
    capacity,
    seatsSold: sold.length,
    buyersWhoBought: purchases.length,
    timeToSellOutMs: soldOutAt === null ? null : Math.round(soldOutAt),
    elapsedMs: Math.round(elapsed),
    holdRequests: attempts,
    holdRequestsPerSecond: Math.round(attempts / (elapsed / 1000)),
    refusals,
    unexpectedErrors: errors,
    latencyMs: summarize(latencies),
    purchaseLatencyMs: summarize(purchaseLatencies),
    oversoldSeats: doubleLive + promisedButNotSold + promisedTwice,
    oversoldDetail: { seatsWithTwoLiveTickets: doubleLive, promisedButNotSoldInPostgres: promisedButNotSold, promisedTwice },
    cpuCores: cpu,
  };
}

// ─── (b) Steady load ─────────────────────────────────────────────────────────

async function steady(system: System, screenings: TestScreening[], orders: string[][], clients: number, seconds: number, seed: number) {
  const rowSets = screenings.map((s) => rowsOf(s, config.steady.rows, config.steady.seatsPerRow));
  const latencies: number[] = [];
  const counters = { held: 0, refused: 0, errors: 0 };
  const cpu0 = sampleCpu();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      const random = seeded(seed * 1000 + client + 1);
      for (let op = 0; op < config.steady.maxOpsPerClient && performance.now() < deadline; op++) {
        const si = Math.floor(random() * screenings.length);
        const row = rowSets[si]![Math.floor(random() * config.steady.rows)]!;
        const start = Math.floor(random() * (config.steady.seatsPerRow - 1));
        const seatIds = row.slice(start, start + 2);
        const screeningId = screenings[si]!.screeningId;
        const orderId = orders[si]![client]!;
        const t0 = performance.now();
        try {
          const outcome = await system.hold(screeningId, orderId, seatIds);
          latencies.push(performance.now() - t0);
          if (outcome.ok) {
            counters.held += 1;
            await system.release(screeningId, orderId, seatIds);
          } else {
            counters.refused += 1;
          }
        } catch (error) {
          counters.errors += 1;
          if (counters.errors <= 3) console.error(`[${system.name}] unexpected error:`, error);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpuCores = cpuBetween(cpu0, sampleCpu());
  const perRequest = (cores: number) => Math.round((cores * 1e6) / Math.max(1, latencies.length / elapsed));
  return {
    clients,
    seconds: Math.round(elapsed * 100) / 100,
    holdRequests: latencies.length,
    holdsPerSecond: Math.round(latencies.length / elapsed),
    holdReleaseCyclesPerSecond: Math.round(counters.held / elapsed),
    refusals: counters.refused,
    unexpectedErrors: counters.errors,
    latencyMs: summarize(latencies),
    cpuCores,
    /** CPU time per hold request (including its release), by component: where the time goes. */
    cpuMicrosPerHold: { node: perRequest(cpuCores.node), postgres: perRequest(cpuCores.postgres), redis: perRequest(cpuCores.redis) },
  };
}

// ─── Main ────────────────────────────────────────────────────────────────────

type FlashResult = Awaited<ReturnType<typeof flashSale>>;
type SteadyResult = Awaited<ReturnType<typeof steady>>;
const ratio = (a: number, b: number) => Math.round((a / Math.max(1, b)) * 10) / 10;

async function main() {
  const loadAtStart = loadAverage();
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_${id}`);
  const redisPrefix = `marquee-bench-${id}:`;
  console.log(`Seat benchmark: database ${new URL(databaseUrl).pathname.slice(1)}, Redis prefix ${redisPrefix}${quick ? " (quick)" : ""}`);
  await createThrowawayDatabase(databaseUrl);
  const cleanups: Array<() => Promise<unknown>> = [() => dropDatabase(databaseUrl), () => clearRedisPrefix(redisPrefix)];
  const onSignal = () => {
    void Promise.allSettled(cleanups.map((c) => c())).finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  try {
    await migrateDatabase(databaseUrl);
    const db = createDatabase(databaseUrl);
    const redis = createRedis({ keyPrefix: redisPrefix });
    const pool = new pg.Pool({ connectionString: databaseUrl, max: config.poolSize });
    const options = { holdSeconds: config.holdSeconds };
    const inventory = createInventory({ db, redis, audit: createAuditLog(db), options });
    const inventoryPg = createInventory({ db, redis, audit: createAuditLog(db), options, pool });
    const baseline = createBaseline(databaseUrl, config.poolSize);
    cleanups.unshift(
      () => inventory.close(),
      () => inventoryPg.close(),
      async () => redis.disconnect(),
      () => db.$disconnect(),
      () => pool.end(),
      () => baseline.end(),
    );
    const [pgVersion] = await db.$queryRawUnsafe<Array<{ v: string }>>("SELECT current_setting('server_version') AS v");
    const redisVersion = /redis_version:(\S+)/.exec(await redis.info("server"))?.[1] ?? "?";
    const machine = await describeMachine({ databaseUrl, redisInfo: () => redis.info("server"), loadAverageAtStart: loadAtStart });

    let keyCounter = 0;
    const engineSystem = (name: SystemName, inv: typeof inventory, redisOnly: boolean): System => ({
      name,
      async hold(screeningId, orderId, seatIds) {
        try {
          await inv.hold({ screeningId, orderId, seatIds, requestKey: `bench-${++keyCounter}-${orderId}`, redisOnly });
          return { ok: true };
        } catch (error) {
          if (!isAppError(error)) throw error;
          const reason = String(error.details?.reason);
          if (reason === "INVENTORY_UNAVAILABLE") throw error;
          return { ok: false, reason, taken: (error.details?.seatIds as string[] | undefined) ?? [] };
        }
      },
      async release(screeningId, orderId, seatIds) {
        await inv.release({ screeningId, orderId, seatIds, redisOnly });
      },
      async sell(screeningId, orderId, seatIds) {
        try {
          if (redisOnly) {
            // The checkout: Redis' step, then the tickets against the unique index (booking's checkout statement
            // also writes the order in the same statement).
            const layout = await inv.internals.layoutOf(screeningId);
            const committed = await inv.commitHolds({ screeningId, orderId, seatIds, holdSeconds: config.holdSeconds });
            const nowMs = Date.now();
            const rows = committed.tickets.map((t) => ({
              id: t.id,
              orderId,
              screeningId,
              seatId: t.seatId,
              currency: layout.currency,
              priceAmount: layout.priceByKind[layout.seatsById.get(t.seatId)!.kind],
              holdExpiresAtMs: t.holdExpiresAt.getTime(),
              code: t.code,
              nowMs,
            }));
            const inserted = await insertHeldTickets(db, rows);
            if (inserted.size < rows.length) return false;
          }
          await inv.sell({ screeningId, orderId, seatIds });
          return true;
        } catch (error) {
          if (isAppError(error) && error.details?.reason === "HOLD_LOST") return false;
          throw error;
        }
      },
    });
    const systems: Record<SystemName, System> = {
      engine: engineSystem("engine", inventory, true),
      enginePg: engineSystem("enginePg", inventoryPg, false),
      baseline: {
        name: "baseline",
        async hold(screeningId, orderId, seatIds) {
          const result = await baseline.hold({ screeningId, orderId, seatIds, holdSeconds: config.holdSeconds });
          return result.ok ? { ok: true } : { ok: false, reason: "SEAT_TAKEN", taken: result.taken };
        },
        release: (screeningId, orderId, seatIds) => baseline.release({ screeningId, orderId, seatIds }),
        sell: (screeningId, orderId, seatIds) => baseline.sell({ screeningId, orderId, seatIds }),
      },
    };

    const newScreening = () =>
      createTestScreening(db, {
        plan: Array.from({ length: config.steady.rows }, () => "S".repeat(config.steady.seatsPerRow)),
        startsAt: new Date(Date.now() + 3 * 86_400_000),
        preventSingleGaps: false,
      });

    // (a) Flash sale: a fresh screening and its own baskets per system.
    console.log(`\n(a) Flash sale: ${config.flash.buyers} buyers, ${config.flash.rows * config.flash.seatsPerRow} seats`);
    const flashRuns: Array<Record<SystemName, FlashResult>> = [];
    for (let run = 1; run <= config.runs; run++) {
    const flash = {} as Record<SystemName, FlashResult>;
    flashRuns.push(flash);
    console.log(`  run ${run}/${config.runs}`);
    for (const name of SYSTEMS) {
      const screening = await newScreening();
      const orders = await createTestOrders(db, screening.screeningId, config.flash.buyers);
      mark(`flash ${name} ${run}`);
      const r = (flash[name] = await flashSale(systems[name], screening, orders, db));
      mark(`end`);
      console.log(
        `  ${LABEL[name].padEnd(9)} sold ${r.seatsSold}/${r.capacity} in ${r.timeToSellOutMs ?? `${r.elapsedMs} (not sold out)`} ms, ` +
          `${r.holdRequests} hold requests (${r.holdRequestsPerSecond}/s), ${r.refusals} refused, ` +
          `p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, purchase after hold p50 ${r.purchaseLatencyMs.p50} ms / p99 ${r.purchaseLatencyMs.p99} ms, ` +
          `oversold ${r.oversoldSeats}, errors ${r.unexpectedErrors}`,
      );
    }

    }
    const flash = flashRuns.at(-1)!;

    // (b) Steady load: its own screenings per system, one basket per client and screening.
    console.log(`\n(b) Steady load: ${config.steady.screenings} screenings, hold 2 seats + release, ${config.steady.seconds} s per level`);
    const maxClients = Math.max(...config.steady.clients);
    const fixtures = {} as Record<SystemName, { screenings: TestScreening[]; orders: string[][] }>;
    for (const name of SYSTEMS) {
      const screenings: TestScreening[] = [];
      const orders: string[][] = [];
      for (let i = 0; i < config.steady.screenings; i++) {
        const screening = await newScreening();
        screenings.push(screening);
        orders.push(await createTestOrders(db, screening.screeningId, maxClients));
      }
      fixtures[name] = { screenings, orders };
    }
    const levels: Array<{ clients: number; results: Record<SystemName, SteadyResult>; ratioToBaseline: { engine: number; enginePg: number } }> = [];
    const steadyRuns = new Map<number, Array<Record<SystemName, SteadyResult>>>();
    for (const clients of config.steady.clients) for (let run = 1; run <= config.runs; run++) {
      const results = {} as Record<SystemName, SteadyResult>;
      steadyRuns.set(clients, [...(steadyRuns.get(clients) ?? []), results]);
      for (const name of SYSTEMS) {
        const { screenings, orders } = fixtures[name];
        await steady(systems[name], screenings, orders, clients, config.steady.warmupSeconds, clients + 7); // warm-up
        mark(`steady ${clients} ${name} ${run}`);
        const r = (results[name] = await steady(systems[name], screenings, orders, clients, config.steady.seconds, clients));
        mark(`end`);
        console.log(
          `  ${String(clients).padStart(3)} clients ${LABEL[name].padEnd(9)} ${String(r.holdsPerSecond).padStart(6)} holds/s ` +
            `(${r.holdReleaseCyclesPerSecond} hold+release/s), p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ` +
            `errors ${r.unexpectedErrors}, CPU µs/hold node ${r.cpuMicrosPerHold.node} / pg ${r.cpuMicrosPerHold.postgres} / redis ${r.cpuMicrosPerHold.redis}`,
        );
      }
      const ratioToBaseline = {
        engine: ratio(results.engine.holdsPerSecond, results.baseline.holdsPerSecond),
        enginePg: ratio(results.enginePg.holdsPerSecond, results.baseline.holdsPerSecond),
      };
      // The detailed tables keep each level's last run; the harness's ranges cover them all.
      if (run === config.runs) levels.push({ clients, results, ratioToBaseline });
      console.log(`  ${String(clients).padStart(3)} clients throughput vs baseline: engine ${ratioToBaseline.engine}x, engine+pg ${ratioToBaseline.enginePg}x`);
    }
    const leftOver = await db.ticket.count({ where: { status: "HELD" } });

    // (c) The Redis gate alone: requests for sold seats never reach PostgreSQL.
    const gateScreening = await newScreening();
    const [gateOwner, ...gateOrders] = await createTestOrders(db, gateScreening.screeningId, config.gate.clients + 1);
    const soldBlock = gateScreening.seats("H9", "H10");
    await systems.engine.hold(gateScreening.screeningId, gateOwner!, soldBlock);
    await systems.engine.sell(gateScreening.screeningId, gateOwner!, soldBlock);
    const gateRuns: Array<{
      clients: number;
      refusalsPerSecond: number;
      latencyMs: ReturnType<typeof summarize>;
      cpuCores: ReturnType<typeof cpuBetween>;
      rawEvalsha: { callsPerSecond: number; latencyMs: ReturnType<typeof summarize> };
      ratioToRawEvalsha: number;
    }> = [];
    // The ceiling: the hold script called straight through ioredis (EVALSHA), with the arguments the engine sends
    // for the same refusal, from as many clients.
    const gateKeys = inventory.internals.keysOf(gateScreening.screeningId);
    const gateChannel = inventory.internals.channelOf(gateScreening.screeningId);
    const rawHold = (redis as unknown as Record<string, (...args: Array<string | number>) => Promise<string>>).inventoryHold!.bind(redis);
    const timed = async (call: (orderId: string) => Promise<unknown>) => {
      const latencies: number[] = [];
      const cpu0 = sampleCpu();
      const start = performance.now();
      await Promise.all(
        gateOrders.map(async (orderId) => {
          for (let op = 0; op < 1_000_000 && performance.now() - start < config.gate.seconds * 1000; op++) {
            const t0 = performance.now();
            await call(orderId);
            latencies.push(performance.now() - t0);
          }
        }),
      );
      return { perSecond: Math.round(latencies.length / ((performance.now() - start) / 1000)), latencies, cpu: cpuBetween(cpu0, sampleCpu()) };
    };
    for (let run = 1; run <= config.runs; run++) {
      mark(`gate engine ${run}`);
      const engine = await timed((orderId) => systems.engine.hold(gateScreening.screeningId, orderId, soldBlock));
      mark(`gate raw ${run}`);
      const raw = await timed((orderId) => {
        const nowMs = Date.now();
        return rawHold(
          gateKeys.meta, gateKeys.layout, gateKeys.seats, gateKeys.owners, gateKeys.request(`raw-${++keyCounter}`),
          nowMs, orderId, nowMs + 600_000, "raw", 1_800_000, "0", gateChannel, "0", ...soldBlock,
        );
      });
      gateRuns.push({
        clients: config.gate.clients,
        refusalsPerSecond: engine.perSecond,
        latencyMs: summarize(engine.latencies),
        cpuCores: engine.cpu,
        rawEvalsha: { callsPerSecond: raw.perSecond, latencyMs: summarize(raw.latencies) },
        ratioToRawEvalsha: ratio(engine.perSecond, raw.perSecond),
      });
      mark(`end`);
    }
    const gate = gateRuns.at(-1)!;
    console.log(
      `\n(c) Redis gate only (refusals of sold seats, ${gate.clients} clients): ${gate.refusalsPerSecond}/s, ` +
        `p50 ${gate.latencyMs.p50} ms, p99 ${gate.latencyMs.p99} ms; raw EVALSHA of the hold script ${gate.rawEvalsha.callsPerSecond}/s ` +
        `(p99 ${gate.rawEvalsha.latencyMs.p99} ms): ${gate.ratioToRawEvalsha}x of it`,
    );

    const batching = (inv: typeof inventory) => {
      const b = inv.internals.batchStats();
      return {
        holdsPerInsertStatement: ratio(b.inserts.items, b.inserts.statements),
        releasesPerUpdateStatement: ratio(b.releases.items, b.releases.statements),
      };
    };
    const at64 = levels.find((l) => l.clients === 64)!;
    const targetsFor = (name: "engine" | "enginePg") => ({
      atLeast10xBaselineAt64PlusClients: levels.filter((l) => l.clients >= 64).every((l) => l.ratioToBaseline[name] >= 10),
      p99Under5msAt64Clients: at64.results[name].latencyMs.p99 < 5,
    });
    const targets = {
      zeroOversold: flashRuns.every((f) => SYSTEMS.every((name) => f[name].oversoldSeats === 0)),
      engine: targetsFor("engine"),
      enginePg: targetsFor("enginePg"),
    };
    const report = {
      generatedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? "?",
        memoryGb: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        postgres: pgVersion?.v ?? "?",
        redis: redisVersion,
        loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
        note: "Node, PostgreSQL and Redis share the machine; cpuCores says how many cores each kept busy, 'other' what the rest of the machine used meanwhile.",
      },
      config,
      flashSale: {
        ...flash,
        ratioToBaseline: {
          requestsPerSecond: { engine: ratio(flash.engine.holdRequestsPerSecond, flash.baseline.holdRequestsPerSecond), enginePg: ratio(flash.enginePg.holdRequestsPerSecond, flash.baseline.holdRequestsPerSecond) },
          soldOutSooner: {
            engine: flash.engine.timeToSellOutMs && flash.baseline.timeToSellOutMs ? ratio(flash.baseline.timeToSellOutMs, flash.engine.timeToSellOutMs) : null,
            enginePg: flash.enginePg.timeToSellOutMs && flash.baseline.timeToSellOutMs ? ratio(flash.baseline.timeToSellOutMs, flash.enginePg.timeToSellOutMs) : null,
          },
        },
      },
      steadyLoad: levels,
      redisGateOnly: gate,
      engineBatching: { engine: batching(inventory), enginePg: batching(inventoryPg) },
      heldTicketsLeftAfterSteadyLoad: leftOver,
      targets,
    };
    const figures = (r: { latencyMs: { p50: number; p99: number } }, perSecond: number) => ({ perSecond, p50Ms: r.latencyMs.p50, p99Ms: r.latencyMs.p99 });
    const soldOutIn = (r: FlashResult) => (r.timeToSellOutMs === null ? "not sold out" : `${r.timeToSellOutMs} ms`);
    const measures: Measure[] = [];
    for (const name of ["engine", "enginePg"] as const) {
      measures.push(
        harnessMeasure(
          `flash sale hold requests, ${LABEL[name]}`,
          "req/s",
          flashRuns.map((f) => figures(f[name], f[name].holdRequestsPerSecond)),
          { name: "row-lock baseline", runs: flashRuns.map((f) => figures(f.baseline, f.baseline.holdRequestsPerSecond)) },
          [
            `time to sell out ${flashRuns.map((f) => soldOutIn(f[name])).join(", ")} (baseline ${flashRuns.map((f) => soldOutIn(f.baseline)).join(", ")})`,
            `oversold ${flashRuns.map((f) => f[name].oversoldSeats).join(", ")}`,
          ],
        ),
      );
    }
    for (const [clients, runs] of steadyRuns) {
      for (const name of ["engine", "enginePg"] as const) {
        measures.push(
          harnessMeasure(`steady hold (2 seats) + release, ${clients} clients, ${LABEL[name]}`, "holds/s", runs.map((r) => figures(r[name], r[name].holdsPerSecond)), {
            name: `row-lock baseline, ${clients} clients`,
            runs: runs.map((r) => figures(r.baseline, r.baseline.holdsPerSecond)),
          }),
        );
      }
    }
    measures.push(
      harnessMeasure(`Redis gate alone (refusals), ${config.gate.clients} clients`, "refusals/s", gateRuns.map((g) => figures(g, g.refusalsPerSecond)), {
        name: `raw EVALSHA of the hold script, ${config.gate.clients} clients`,
        runs: gateRuns.map((g) => figures(g.rawEvalsha, g.rawEvalsha.callsPerSecond)),
      }),
    );
    writeResults(
      {
        name: "seats",
        title: "Seat inventory benchmark",
        generatedAt: report.generatedAt,
        machine,
        runs: config.runs,
        method: [
          "engine: the web path (a hold in Redis alone; in the flash sale, checkout and sale write PostgreSQL); write-through+pg: holds written to PostgreSQL as the box office does, through a node-postgres pool; baseline: PostgreSQL row locks (SELECT … FOR UPDATE).",
          `Flash sale: ${config.flash.buyers} buyers for ${config.flash.rows * config.flash.seatsPerRow} seats, a fresh screening per system and run. Steady: ${config.steady.seconds} s per level and system, random 2-seat holds released at once. Gate: requests for sold seats.`,
        ],
        measures,
        checks: [{ name: "zero oversold seats in every flash sale", ok: targets.zeroOversold, detail: flashRuns.map((f) => SYSTEMS.map((n) => f[n].oversoldSeats).join("/")).join(", ") }],
        details: report,
      },
      ["## The last run in detail", "", ...markdown(report).split("\n").slice(2)],
    );
    console.log(
      `\nTargets: zero oversold ${yes(targets.zeroOversold)}; >= 10x baseline at >= 64 clients: engine ${yes(targets.engine.atLeast10xBaselineAt64PlusClients)}, ` +
        `engine+pg ${yes(targets.enginePg.atLeast10xBaselineAt64PlusClients)}; p99 < 5 ms at 64 clients: engine ${yes(targets.engine.p99Under5msAt64Clients)} ` +
        `(${at64.results.engine.latencyMs.p99} ms), engine+pg ${yes(targets.enginePg.p99Under5msAt64Clients)} (${at64.results.enginePg.latencyMs.p99} ms)`,
    );
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error) => console.error("cleanup:", error));
  }
}

function mark(label: string) {
  if (process.env.BENCH_MARKS) console.log(`[mark] ${process.hrtime.bigint() / 1000n} ${label} @${Date.now()}`);
}

const yes = (ok: boolean) => (ok ? "met" : "MISSED");

function markdown(report: {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; postgres: string; redis: string; loadAverageAtStart: number[] };
  flashSale: Record<SystemName, FlashResult> & {
    ratioToBaseline: { requestsPerSecond: Record<string, number>; soldOutSooner: Record<string, number | null> };
  };
  steadyLoad: Array<{ clients: number; results: Record<SystemName, SteadyResult>; ratioToBaseline: { engine: number; enginePg: number } }>;
  redisGateOnly: {
    clients: number;
    refusalsPerSecond: number;
    latencyMs: ReturnType<typeof summarize>;
    rawEvalsha: { callsPerSecond: number; latencyMs: ReturnType<typeof summarize> };
    ratioToRawEvalsha: number;
  };
  engineBatching: Record<"engine" | "enginePg", { holdsPerInsertStatement: number; releasesPerUpdateStatement: number }>;
  targets: { zeroOversold: boolean; engine: Record<string, boolean>; enginePg: Record<string, boolean> };
}): string {
  const f = report.flashSale;
  const m = report.machine;
  return [
    "# Seat inventory benchmark",
    "",
    `Generated ${report.generatedAt} by \`npm run bench:seats\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ` +
      `PostgreSQL ${m.postgres}, Redis ${m.redis}; load average at start ${m.loadAverageAtStart.join(" / ")}. Node, PostgreSQL and ` +
      "Redis share the machine. *engine*: the web path (a hold in Redis alone; in the flash sale, checkout and sale write " +
      "PostgreSQL); *write-through+pg*: holds written to PostgreSQL as the box office does, through a node-postgres pool; " +
      "*baseline*: PostgreSQL row locks (SELECT … FOR UPDATE).",
    "",
    `## (a) Flash sale: ${f.engine.buyers} buyers, one ${f.engine.capacity}-seat screening`,
    "",
    "| | time to sell out | seats sold | hold requests | requests/s | refused | p50 | p99 | oversold |",
    "|---|---|---|---|---|---|---|---|---|",
    ...SYSTEMS.map((name) => {
      const r = f[name];
      const soldOut = r.timeToSellOutMs === null ? `not sold out (${r.elapsedMs} ms)` : `${r.timeToSellOutMs} ms`;
      return `| ${LABEL[name]} | ${soldOut} | ${r.seatsSold}/${r.capacity} | ${r.holdRequests} | ${r.holdRequestsPerSecond} | ${r.refusals} | ${r.latencyMs.p50} ms | ${r.latencyMs.p99} ms | ${r.oversoldSeats} |`;
    }),
    "",
    `Requests/s vs baseline: engine ${f.ratioToBaseline.requestsPerSecond.engine}×, engine+pg ${f.ratioToBaseline.requestsPerSecond.enginePg}×; ` +
      `sold out sooner: engine ${f.ratioToBaseline.soldOutSooner.engine ?? "–"}×, engine+pg ${f.ratioToBaseline.soldOutSooner.enginePg ?? "–"}×. ` +
      "Oversold counts, from PostgreSQL, seats with two live tickets plus seats a buyer was told it bought that PostgreSQL doesn't have as its own.",
    "",
    "## (b) Steady load: hold 2 seats + release, random screening and seats",
    "",
    "| clients | system | holds/s | hold+release/s | p50 | p99 | CPU cores busy: node / pg / redis (other) | CPU µs per hold+release: node / pg / redis |",
    "|---|---|---|---|---|---|---|---|",
    ...report.steadyLoad.flatMap((l) =>
      SYSTEMS.map((name) => {
        const r = l.results[name];
        const c = r.cpuCores;
        const u = r.cpuMicrosPerHold;
        return `| ${l.clients} | ${LABEL[name]} | ${r.holdsPerSecond} | ${r.holdReleaseCyclesPerSecond} | ${r.latencyMs.p50} ms | ${r.latencyMs.p99} ms | ${c.node} / ${c.postgres} / ${c.redis} (${c.other}) | ${u.node} / ${u.postgres} / ${u.redis} |`;
      }),
    ),
    "",
    ...report.steadyLoad.map((l) => `- ${l.clients} clients, throughput vs baseline: engine ${l.ratioToBaseline.engine}×, engine+pg ${l.ratioToBaseline.enginePg}×`),
    "",
    "## (c) Redis gate only",
    "",
    `${report.redisGateOnly.clients} clients asking for sold seats (answered from Redis, no PostgreSQL): ${report.redisGateOnly.refusalsPerSecond}/s, ` +
      `p50 ${report.redisGateOnly.latencyMs.p50} ms, p99 ${report.redisGateOnly.latencyMs.p99} ms; a raw EVALSHA of the hold script ` +
      `${report.redisGateOnly.rawEvalsha.callsPerSecond}/s (p99 ${report.redisGateOnly.rawEvalsha.latencyMs.p99} ms): ${report.redisGateOnly.ratioToRawEvalsha}x of it.`,
    "",
    `PostgreSQL batching: engine ${report.engineBatching.engine.holdsPerInsertStatement} holds per INSERT, ` +
      `${report.engineBatching.engine.releasesPerUpdateStatement} releases per UPDATE; engine+pg ` +
      `${report.engineBatching.enginePg.holdsPerInsertStatement} / ${report.engineBatching.enginePg.releasesPerUpdateStatement}.`,
    "",
    "## Targets",
    "",
    `- Zero oversold seats: ${yes(report.targets.zeroOversold)}`,
    `- ≥ 10× baseline throughput at ≥ 64 clients: engine ${yes(report.targets.engine.atLeast10xBaselineAt64PlusClients!)}, engine+pg ${yes(report.targets.enginePg.atLeast10xBaselineAt64PlusClients!)}`,
    `- p99 < 5 ms at 64 clients: engine ${yes(report.targets.engine.p99Under5msAt64Clients!)}, engine+pg ${yes(report.targets.enginePg.p99Under5msAt64Clients!)}`,
    "",
  ].join("\n");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
