// npm run bench:http — the app through its real HTTP path: the production server (`node scripts/serve.mjs`, what
// `npm start`, the demo and e2e run), next-auth, tRPC, the booking and inventory modules, Redis and PostgreSQL. Each
// run measures, side by side:
//   - the ceiling: a no-op tRPC query (system.ping), at 50 and 200 connections;
//   - hold + release cycles (seats.hold then seats.release, one seat per cycle), at 50 and 200 connections, twice: by
//     a new guest each cycle (whose hold opens a basket in PostgreSQL) and by returning guests with open baskets;
//   - the TTMS scenario: 200 connections, each buying one seat and refunding it, over and over: seats.hold,
//     orders.checkout, the sandbox's approve (the code the hosted page's server action runs, called from here because a
//     server action has no stable URL), the signed webhook delivered by the server's own sandbox delivery worker to
//     /api/webhooks/payments/sandbox (settlement follows as it runs in production without Inngest: inline), then
//     orders.requestRefund. A cycle ends when the order is REFUNDED; its wait for settlement is a PostgreSQL poll from
//     this process (one query for all waiting connections every 25 ms), so a browser's polling is not part of the load.
// Ratios are to the no-op query at the same connection count in the same run. autocannon (and fetch for TTMS) on
// 127.0.0.1 only. Options: --quick (3 s per scenario), --seconds N, --runs N (at least 3; or BENCH_RUNS).
// The server runs as production does: one worker per core (WEB_CONCURRENCY to change it), /api/trpc/* through the
// API server (lib/trpc/api-server.ts) and its lean route for single calls.
//
// A window shorter than a response's latency counts nothing: autocannon counts responses that arrive within it. At
// 200 connections through Next's route a hold took over 2 s under load, so the 2 s windows of --quick showed 0;
// windows are at least 3 s, and a run with no response says so beside its row.
//
// It creates its own database and Redis prefix, seeds the demo programme, serves the existing production build
// (building it first if there is none), stops the server and waits for it to exit, and only then removes the database
// and keys. Every load loop is bounded in time and count.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import pg from "pg";
import { adminUrl, clearRedisPrefix, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } from "../lib/databases";
import { BENCH_AUTH_SECRET, BENCH_WEBHOOK_SECRET, benchServerEnv, describeMachine, loadAverage, measure, redisInfo, runCount, type RunFigures, stopServer, writeResults } from "./harness";
import { summarize } from "./stats";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, seconds: { type: "string" }, runs: { type: "string" } },
});
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const HOLDERS = { first: "a new guest each cycle", returning: "returning guests" } as const;
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(flags.seconds ?? process.env.BENCH_SECONDS ?? (flags.quick ? 3 : 5));
const WORKERS = process.env.WEB_CONCURRENCY || String(os.availableParallelism());
const RUNS = runCount(flags.runs);
const CONNECTION_LEVELS = [50, 200];
const TTMS_CONNECTIONS = 200;
const AUTH_SECRET = BENCH_AUTH_SECRET;
const WEBHOOK_SECRET = BENCH_WEBHOOK_SECRET;
const root = process.cwd();

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

const fromAutocannon = (result: autocannon.Result, perRequest = 1): RunFigures & { errors: number; non2xx: number; completed: number } => ({
  completed: result.requests.total,
  perSecond: Math.round(result.requests.total / Math.max(1e-9, result.duration) / perRequest),
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors + result.timeouts,
  non2xx: result.non2xx,
});

async function waitForHealth(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      const response = await fetch(`${BASE}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app did not become healthy within 60 s");
}

async function main() {
  const loadAtStart = loadAverage();
  // The bench process signs guest cookies as the server does (same secret), and runs the sandbox's approve.
  Object.assign(process.env, { AUTH_SECRET, SANDBOX_WEBHOOK_SECRET: WEBHOOK_SECRET });
  const [{ createDatabase: createPrisma }, { seedDatabase }, { newHolderToken, signedHolderToken, HOLDER_COOKIE }, { createSandboxProvider }] = await Promise.all([
    import("@/server/db/client"),
    import("../../prisma/seed-data/seed"),
    import("@/server/api/holder"),
    import("@/server/payments/sandbox/provider"),
  ]);
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_${id}`);
  const keyPrefix = `marquee-bench-${id}:`;
  let server: ChildProcess | undefined;
  const closers: Array<() => Promise<unknown>> = [];
  const onSignal = () => void teardown().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  async function teardown() {
    for (const close of closers.splice(0)) await close().catch(() => {});
    // The server goes first, and is waited for: dropping its database under it makes it log connection errors.
    if (server) await stopServer(server);
    server = undefined;
    await dropDatabase(databaseUrl).catch((error) => console.error("could not drop the bench database", error));
    await clearRedisPrefix(keyPrefix).catch((error) => console.error("could not clear the bench Redis keys", error));
  }

  try {
    console.log(`Preparing database marquee_bench_${id} and Redis prefix ${keyPrefix}...`);
    await createDatabase(databaseUrl);
    await migrateDatabase(databaseUrl, { quiet: true });
    const db = createPrisma(databaseUrl);
    closers.push(() => db.$disconnect());
    await seedDatabase(db);
    const machine = await describeMachine({ databaseUrl, redisInfo, loadAverageAtStart: loadAtStart });

    // Hold + release: the biggest hall tomorrow (on sale all day); each connection holds its own single seat. The
    // single-gap rule would refuse many of those patterns by design, so it is off for every hall in the benchmark.
    await db.hall.updateMany({ data: { preventSingleGaps: false } });
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const screening = await db.screening.findFirst({
      where: { startsAt: { gt: tomorrow }, status: "SCHEDULED" },
      orderBy: [{ layout: { seats: { _count: "desc" } } }, { startsAt: "asc" }],
      select: { id: true, layoutId: true, hall: { select: { name: true } } },
    });
    if (!screening) throw new Error("the seed produced no screening tomorrow");
    const seats = await db.seat.findMany({ where: { layoutId: screening.layoutId, blocked: false, kind: { in: ["STANDARD", "PREMIUM"] } }, select: { id: true } });
    const maxConnections = Math.max(...CONNECTION_LEVELS);
    if (seats.length < maxConnections) throw new Error(`need ${maxConnections} seats, the hall has ${seats.length}`);
    console.log(`Hold + release on screening ${screening.id} in ${screening.hall.name}: ${seats.length} seats.`);

    // TTMS: every other screening from tomorrow on, seat by seat, each (screening, seat) bought once in the whole run.
    const ttmsScreenings = await db.screening.findMany({
      where: { startsAt: { gt: tomorrow }, status: "SCHEDULED", id: { not: screening.id } },
      select: { id: true, layout: { select: { seats: { where: { blocked: false, kind: { in: ["STANDARD", "PREMIUM"] } }, select: { id: true } } } } },
    });
    const ttmsSeats: Array<{ screeningId: string; seatId: string }> = [];
    const longest = Math.max(0, ...ttmsScreenings.map((s) => s.layout.seats.length));
    for (let i = 0; i < longest; i++) for (const s of ttmsScreenings) if (s.layout.seats[i]) ttmsSeats.push({ screeningId: s.id, seatId: s.layout.seats[i]!.id });
    console.log(`TTMS: ${ttmsSeats.length} seats over ${ttmsScreenings.length} screenings.`);

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("No production build found: running next build...");
      const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) throw new Error("next build failed");
    }
    const serverLogPath = path.join(os.tmpdir(), `marquee-bench-http-${id}.log`);
    const serverLog = openSync(serverLogPath, "w");
    closers.push(async () => closeSync(serverLog));
    server = spawn(process.execPath, ["scripts/serve.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: { ...benchServerEnv({ databaseUrl, keyPrefix, baseUrl: BASE }), WEB_CONCURRENCY: WORKERS },
      // The server's complaints (no Inngest to publish to, refusals under load) cost the same whether shown or not;
      // they go to a file, counted in the results, so the benchmark's own output stays readable.
      stdio: ["ignore", "ignore", serverLog],
    });
    await waitForHealth(server);

    const cookieFor = (random: string) => `${HOLDER_COOKIE}=${signedHolderToken(random)}`;
    const pingPath = `/api/trpc/system.ping?input=${encodeURIComponent(JSON.stringify({ json: undefined }))}`;
    let nextSeat = 0;
    // Every connection's holder and seat, so that the hold a run's end cut off before its release can be given back:
    // otherwise later runs, whose seats wrap round the hall, find those seats taken and measure refusals.
    const holders: Array<{ seatId: string; cookie: string }> = [];
    // A cycle's holder: a new guest each cycle (whose first hold opens a basket in PostgreSQL: someone arriving at the
    // seat map), or one of a fixed set of returning guests whose baskets are open (a seat map's later clicks, which
    // need no PostgreSQL statement: server/booking/README.md, "Baskets without PostgreSQL"). autocannon gives each
    // cycle a fresh context, so a returning guest is picked from the set, not kept in the context.
    const returningGuests = Array.from({ length: Math.max(...CONNECTION_LEVELS) }, () => cookieFor(newHolderToken()));
    let nextGuest = 0;
    const guestFor = { first: () => cookieFor(newHolderToken()), returning: () => returningGuests[nextGuest++ % returningGuests.length]! };
    const holdReleaseRequests = (holder: keyof typeof guestFor): autocannon.Request[] => [
      {
        method: "POST",
        path: "/api/trpc/seats.hold",
        setupRequest: (request, context) => {
          const ctx = context as { seatId?: string; cookie?: string };
          if (!ctx.cookie) {
            ctx.seatId = seats[nextSeat++ % seats.length]!.id;
            ctx.cookie = guestFor[holder]();
            holders.push(ctx as { seatId: string; cookie: string });
          }
          return {
            ...request,
            headers: { "content-type": "application/json", cookie: ctx.cookie },
            body: JSON.stringify({ json: { screeningId: screening.id, seatIds: [ctx.seatId], requestKey: randomUUID() } }),
          };
        },
      },
      {
        method: "POST",
        path: "/api/trpc/seats.release",
        setupRequest: (request, context) => {
          const ctx = context as { seatId: string; cookie: string };
          return {
            ...request,
            headers: { "content-type": "application/json", cookie: ctx.cookie },
            body: JSON.stringify({ json: { screeningId: screening.id, seatIds: [ctx.seatId] } }),
          };
        },
      },
    ];

    // ── TTMS: buy one seat, pay, refund ──
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
    closers.unshift(() => pool.end());
    const sandbox = createSandboxProvider({ db, appUrl: BASE, webhookSecret: WEBHOOK_SECRET, delaySeconds: 0 });
    // One poller for every connection waiting on an order's state: a single query per tick, whatever the concurrency.
    const waiting = new Map<string, { want: "PAID" | "REFUNDED"; resolve: () => void }>();
    let polling = true;
    const poller = (async () => {
      while (polling) {
        if (waiting.size > 0) {
          const ids = [...waiting.keys()];
          const { rows } = await pool.query<{ id: string; status: string; held: boolean }>(
            `SELECT o."id", o."status", EXISTS (SELECT 1 FROM "Ticket" t WHERE t."orderId" = o."id" AND t."status" = 'HELD') AS held
             FROM "Order" o WHERE o."id" = ANY($1::text[])`,
            [ids],
          );
          for (const row of rows) {
            const waiter = waiting.get(row.id);
            if (waiter && row.status === waiter.want && !(waiter.want === "PAID" && row.held)) {
              waiting.delete(row.id);
              waiter.resolve();
            }
          }
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    closers.unshift(async () => {
      polling = false;
      await poller;
    });
    const orderReaches = (orderId: string, want: "PAID" | "REFUNDED", timeoutMs = 30_000) => {
      const reached = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(orderId);
          reject(new Error(`order ${orderId} not ${want} after ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.set(orderId, { want, resolve: () => (clearTimeout(timer), resolve()) });
      });
      // A cycle whose next request failed never awaits this wait; its timeout must not then end the whole run as an
      // unhandled rejection (the awaiting cycle still sees it).
      reached.catch(() => {});
      return reached;
    };

    async function trpc<T>(procedure: string, input: unknown, cookie: string): Promise<T> {
      const response = await fetch(`${BASE}/api/trpc/${procedure}`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: JSON.stringify({ json: input }),
      });
      const body = (await response.json()) as { result?: { data?: { json?: T } }; error?: { json?: { message?: string } } };
      if (!response.ok || !body.result?.data) throw new Error(`${procedure}: ${response.status} ${body.error?.json?.message ?? ""}`);
      return body.result.data.json as T;
    }

    let nextTtmsSeat = 0;
    async function ttmsCycle(): Promise<boolean> {
      const pick = ttmsSeats[nextTtmsSeat++];
      if (!pick) return false;
      const cookie = cookieFor(newHolderToken());
      const held = await trpc<{ orderId: string }>("seats.hold", { screeningId: pick.screeningId, seatIds: [pick.seatId], requestKey: randomUUID() }, cookie);
      const checkout = await trpc<{ redirectUrl: string; orderPath: string }>(
        "orders.checkout",
        { orderId: held.orderId, ticketTypes: { [pick.seatId]: "ADULT" }, email: `ttms-${nextTtmsSeat}-${id}@bench.marquee.local`, name: "TTMS Buyer" },
        cookie,
      );
      const ref = new URL(checkout.redirectUrl, BASE).pathname.split("/").pop()!;
      const token = new URL(checkout.orderPath, BASE).searchParams.get("token") ?? undefined;
      const paid = orderReaches(held.orderId, "PAID");
      await sandbox.decide({ ref, decision: "approve" });
      await paid;
      const refunded = orderReaches(held.orderId, "REFUNDED");
      await trpc("orders.requestRefund", { orderId: held.orderId, token }, cookie);
      await refunded;
      return true;
    }

    async function ttmsRun(seconds: number) {
      const latencies: number[] = [];
      const errors: string[] = [];
      const started = performance.now();
      const deadline = started + seconds * 1000;
      await Promise.all(
        Array.from({ length: TTMS_CONNECTIONS }, async () => {
          while (performance.now() < deadline) {
            const t0 = performance.now();
            try {
              if (!(await ttmsCycle())) return;
              latencies.push(performance.now() - t0);
            } catch (error) {
              errors.push(String(error instanceof Error ? error.message : error));
            }
          }
        }),
      );
      // Cycles still running at the deadline finish (their latency counts); the rate is over the whole time taken.
      const elapsed = (performance.now() - started) / 1000;
      const s = summarize(latencies);
      return { perSecond: Math.round((latencies.length / elapsed) * 10) / 10, p50Ms: s.p50, p99Ms: s.p99, cycles: latencies.length, errors };
    }

    async function releaseCutOffHolds() {
      const all = holders.splice(0);
      for (let i = 0; i < all.length; i += 20) {
        await Promise.all(all.slice(i, i + 20).map(({ seatId, cookie }) => trpc("seats.release", { screeningId: screening!.id, seatIds: [seatId] }, cookie)));
      }
    }

    console.log("Warming up...");
    await run({ url: `${BASE}${pingPath}`, connections: 10, duration: 2 });
    await run({ url: BASE, connections: 10, duration: 2, requests: holdReleaseRequests("first"), initialContext: {} });
    await releaseCutOffHolds();
    // Every returning guest's basket opened (a hold and its release each) before anything is measured.
    for (let i = 0; i < returningGuests.length; i += 20) {
      await Promise.all(
        returningGuests.slice(i, i + 20).map(async (cookie) => {
          const seatIds = [seats[nextSeat++ % seats.length]!.id];
          await trpc("seats.hold", { screeningId: screening!.id, seatIds, requestKey: randomUUID() }, cookie);
          await trpc("seats.release", { screeningId: screening!.id, seatIds }, cookie);
        }),
      );
    }
    await Promise.all(Array.from({ length: 4 }, () => ttmsCycle()));

    type Auto = ReturnType<typeof fromAutocannon>;
    const noop: Record<number, Auto[]> = {};
    const holdRelease: Record<string, Auto[]> = {};
    const holdReleaseCycles: Record<string, RunFigures[]> = {};
    const ttms: Array<Awaited<ReturnType<typeof ttmsRun>>> = [];
    for (let r = 1; r <= RUNS; r++) {
      for (const connections of CONNECTION_LEVELS) {
        console.log(`run ${r}/${RUNS}: no-op query, ${connections} connections, ${SECONDS} s...`);
        (noop[connections] ??= []).push(fromAutocannon(await run({ url: `${BASE}${pingPath}`, connections, duration: SECONDS })));
        for (const holder of ["first", "returning"] as const) {
          console.log(`run ${r}/${RUNS}: hold + release, ${HOLDERS[holder]}, ${connections} connections, ${SECONDS} s...`);
          const result = await run({ url: BASE, connections, duration: SECONDS, requests: holdReleaseRequests(holder), initialContext: {} });
          (holdRelease[`${holder} ${connections}`] ??= []).push(fromAutocannon(result));
          (holdReleaseCycles[`${holder} ${connections}`] ??= []).push(fromAutocannon(result, 2));
          await releaseCutOffHolds();
        }
      }
      console.log(`run ${r}/${RUNS}: TTMS buy + pay + refund, ${TTMS_CONNECTIONS} connections, ${SECONDS} s...`);
      const t = await ttmsRun(SECONDS);
      ttms.push(t);
      console.log(`  ${t.cycles} cycles, ${t.perSecond}/s, p99 ${t.p99Ms} ms, ${t.errors.length} errors`);
    }

    // Correctness after the load: no seat with two live tickets anywhere, and no TTMS order left unrefunded.
    const { rows: [check] } = await pool.query<{ doubled: number; unrefunded: number }>(
      `SELECT (SELECT count(*)::int FROM (SELECT 1 FROM "Ticket" WHERE status IN ('HELD', 'SOLD')
                 GROUP BY "screeningId", "seatId" HAVING count(*) > 1) d) AS doubled,
              (SELECT count(*)::int FROM "Order" WHERE "email" LIKE 'ttms-%' AND status = 'PAID') AS unrefunded`,
    );
    const serverLines = readFileSync(serverLogPath, "utf8").split("\n");
    const refusals = serverLines.filter((line) => line.startsWith("[trpc]")).length;
    console.log(`Server log ${serverLogPath}: ${serverLines.length} lines, ${refusals} tRPC refusals logged.`);
    // A run in which no response arrived within its window shows 0 req/s and 0 ms: say so beside it.
    const problems = (list: Auto[]) =>
      `${list.reduce((a, f) => a + f.errors + f.non2xx, 0)}${list.some((f) => f.completed === 0) ? `; runs with no response within ${SECONDS} s: ${list.filter((f) => f.completed === 0).length}` : ""}`;
    const ttmsErrors = ttms.flatMap((t) => t.errors);
    const measures = [
      ...CONNECTION_LEVELS.flatMap((c) => [
        measure(`no-op tRPC query, ${c} connections`, "req/s", noop[c]!, undefined, [`errors + non-2xx over the runs: ${problems(noop[c]!)}`]),
        ...(["first", "returning"] as const).flatMap((holder) => [
          measure(`hold + release requests, ${HOLDERS[holder]}, ${c} connections`, "req/s", holdRelease[`${holder} ${c}`]!, { name: `no-op query, ${c} connections`, runs: noop[c]! }, [
            `errors + non-2xx over the runs: ${problems(holdRelease[`${holder} ${c}`]!)}`,
          ]),
          measure(`hold + release cycles, ${HOLDERS[holder]}, ${c} connections`, "cycles/s", holdReleaseCycles[`${holder} ${c}`]!),
        ]),
      ]),
      measure(
        `TTMS buy + pay + refund cycles, ${TTMS_CONNECTIONS} connections`,
        "cycles/s",
        ttms.map(({ perSecond, p50Ms, p99Ms }) => ({ perSecond, p50Ms, p99Ms })),
        { name: `no-op query, ${TTMS_CONNECTIONS} connections`, runs: noop[TTMS_CONNECTIONS]! },
        [
          `cycles per run: ${ttms.map((t) => t.cycles).join(", ")}`,
          `failed cycles: ${ttmsErrors.length}${ttmsErrors[0] ? ` (first: ${ttmsErrors[0]})` : ""}`,
          // A failed cycle (a refused request, or a wait past its timeout) leaves its order where it was: not a fault
          // of the app's books, but a sign of the load, so it is reported rather than checked.
          `orders left PAID by failed cycles: ${check!.unrefunded}`,
        ],
      ),
    ];
    writeResults({
      name: "http",
      title: "HTTP benchmark: the production server (scripts/serve.mjs)",
      generatedAt: new Date().toISOString(),
      machine,
      runs: RUNS,
      method: [
        `${SECONDS} s per scenario per run, autocannon (TTMS: fetch) against 127.0.0.1; the scenarios of a run follow each other.`,
        `The production server (scripts/serve.mjs) with ${WORKERS} worker processes; /api/trpc/* served by the API server, single calls by its lean route.`,
        "Ceiling: a no-op tRPC query (system.ping). Hold + release ratio: its request rate over the no-op's at the same connections.",
        "Hold + release, a new guest each cycle: each cycle's hold opens a basket (a PostgreSQL insert); returning guests: a fixed set of guests (as many as the most connections) whose baskets were opened before the runs, so their holds and releases need no PostgreSQL statement.",
        "TTMS: per cycle seats.hold, orders.checkout, the sandbox's approve, its signed webhook sent by the server's delivery worker " +
          "(a 1 s tick), settlement, orders.requestRefund, until the order is REFUNDED. Ratio: cycles/s over the no-op query's req/s.",
        "Per-address limits (hold rate, seats held, checkouts) are raised through the environment: every request comes from one address.",
        `The server logged ${refusals} tRPC refusals (e.g. SERVICE_UNAVAILABLE when PostgreSQL is overloaded) over all runs.`,
      ],
      measures,
      checks: [
        { name: "no seat with two live tickets", ok: check!.doubled === 0, detail: `${check!.doubled} doubled` },
      ],
    });
    if (check!.doubled > 0) process.exitCode = 1;
  } finally {
    await teardown();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
