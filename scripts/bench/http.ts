// npm run bench:http — the seat engine through the real HTTP path: `next start`, next-auth, tRPC, the inventory
// module, Redis and PostgreSQL. Compares hold + release cycles with a no-op tRPC query measured in the same run
// (the framework's ceiling on this machine), at 50 and 200 connections, with autocannon on 127.0.0.1 only.
//
// It creates its own database and Redis prefix, seeds the demo programme, serves the existing production build
// (building it first if there is none), and removes everything afterwards. Every load loop is bounded in time.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import autocannon from "autocannon";
import { createDatabase as createPrisma } from "@/server/db/client";
import { seedDatabase } from "../../prisma/seed-data/seed";
import {
  adminUrl,
  clearRedisPrefix,
  createDatabase,
  dropDatabase,
  migrateDatabase,
  runId,
  withDatabase,
} from "../lib/databases";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTION_LEVELS = [50, 200];
const root = process.cwd();

interface Figures {
  scenario: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
  requests: number;
}

function summarise(scenario: string, connections: number, result: autocannon.Result): Figures {
  return {
    scenario,
    connections,
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

function trpcInput(input: unknown): string {
  return encodeURIComponent(JSON.stringify({ json: input }));
}

async function waitForHealth(server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}`);
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

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

async function main() {
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_${id}`);
  const keyPrefix = `marquee-bench-${id}:`;
  let server: ChildProcess | undefined;
  try {
    console.log(`Preparing database marquee_bench_${id} and Redis prefix ${keyPrefix}...`);
    await createDatabase(databaseUrl);
    await migrateDatabase(databaseUrl, { quiet: true });
    const db = createPrisma(databaseUrl);
    await seedDatabase(db);
    // The biggest hall, tomorrow (on sale all day). Every connection holds its own single seat; the single-gap rule
    // would refuse many of those patterns by design, so it is off for the benchmark's hall.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const screening = await db.screening.findFirst({
      where: { startsAt: { gt: tomorrow }, status: "SCHEDULED" },
      orderBy: [{ layout: { seats: { _count: "desc" } } }, { startsAt: "asc" }],
      select: { id: true, hallId: true, layoutId: true, hall: { select: { name: true } } },
    });
    if (!screening) throw new Error("the seed produced no screening tomorrow");
    await db.hall.update({ where: { id: screening.hallId }, data: { preventSingleGaps: false } });
    const seats = await db.seat.findMany({ where: { layoutId: screening.layoutId, blocked: false, kind: { in: ["STANDARD", "PREMIUM"] } }, select: { id: true } });
    await db.$disconnect();
    const maxConnections = Math.max(...CONNECTION_LEVELS);
    if (seats.length < maxConnections) throw new Error(`need ${maxConnections} seats, the hall has ${seats.length}`);
    console.log(`Screening ${screening.id} in ${screening.hall.name}: ${seats.length} seats for ${maxConnections} connections.`);

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("No production build found: running next build...");
      const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) throw new Error("next build failed");
    }
    server = spawn("npx", ["next", "start", "-p", String(PORT), "-H", "127.0.0.1"], {
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        REDIS_KEY_PREFIX: keyPrefix,
        AUTH_SECRET: "marquee-bench-secret-not-for-production-0123456789",
        AUTH_TRUST_HOST: "true",
        APP_URL: BASE,
        NEXT_TELEMETRY_DISABLED: "1",
        RESEND_API_KEY: "",
        // Production refuses to start without a payment provider: the sandbox, acknowledged (no money in a benchmark).
        PAYMENTS_SANDBOX_IN_PRODUCTION: "i-understand",
        SANDBOX_WEBHOOK_SECRET: "marquee-bench-sandbox-webhook-secret-0123456789",
        // Every connection comes from 127.0.0.1: lift the per-address hold limit for the load, keep it per holder.
        HOLD_RATE_LIMIT_PER_IP_PER_MINUTE: "100000000",
        HOLD_RATE_LIMIT_PER_MINUTE: "100000000",
        // Likewise the seats one address (and one holder: the connections may share a cookie) may hold at once.
        SEAT_LIMIT_PER_HOLDER: "1000000",
        SEAT_LIMIT_PER_ADDRESS: "1000000",
        SEAT_LIMIT_PER_NETWORK: "1000000",
        SEAT_LIMIT_PER_SCREENING_PER_ADDRESS: "1000000",
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    await waitForHealth(server);

    const pingPath = `/api/trpc/system.ping?input=${trpcInput(undefined)}`;
    let nextSeat = 0;
    const holdReleaseRequests: autocannon.Request[] = [
      {
        method: "POST",
        path: "/api/trpc/seats.hold",
        setupRequest: (request, context) => {
          const ctx = context as { seatId?: string; token?: string };
          ctx.seatId ??= seats[nextSeat++ % seats.length]!.id;
          ctx.token ??= randomUUID().replaceAll("-", "");
          return {
            ...request,
            headers: { "content-type": "application/json", cookie: `mq_holder=${ctx.token}` },
            body: JSON.stringify({ json: { screeningId: screening.id, seatIds: [ctx.seatId], requestKey: randomUUID() } }),
          };
        },
      },
      {
        method: "POST",
        path: "/api/trpc/seats.release",
        setupRequest: (request, context) => {
          const ctx = context as { seatId: string; token: string };
          return {
            ...request,
            headers: { "content-type": "application/json", cookie: `mq_holder=${ctx.token}` },
            body: JSON.stringify({ json: { screeningId: screening.id, seatIds: [ctx.seatId] } }),
          };
        },
      },
    ];

    console.log("Warming up...");
    await run({ url: `${BASE}${pingPath}`, connections: 10, duration: 2 });
    await run({ url: BASE, connections: 10, duration: 2, requests: holdReleaseRequests, initialContext: {} });

    const figures: Figures[] = [];
    for (const connections of CONNECTION_LEVELS) {
      console.log(`no-op query, ${connections} connections, ${DURATION_SECONDS} s...`);
      figures.push(summarise("no-op tRPC query", connections, await run({ url: `${BASE}${pingPath}`, connections, duration: DURATION_SECONDS })));
      console.log(`hold + release, ${connections} connections, ${DURATION_SECONDS} s...`);
      nextSeat = 0;
      figures.push(
        summarise(
          "hold + release (2 requests a cycle)",
          connections,
          await run({ url: BASE, connections, duration: DURATION_SECONDS, requests: holdReleaseRequests, initialContext: {} }),
        ),
      );
    }

    const check = createPrisma(databaseUrl);
    const [{ oversold }] = await check.$queryRawUnsafe<[{ oversold: number }]>(
      `SELECT count(*)::int AS oversold FROM (
         SELECT "seatId" FROM "Ticket" WHERE "screeningId" = $1 AND status IN ('HELD', 'SOLD')
         GROUP BY "seatId" HAVING count(*) > 1) doubled`,
      screening.id,
    );
    await check.$disconnect();

    const rows = CONNECTION_LEVELS.map((connections) => {
      const noop = figures.find((f) => f.connections === connections && f.scenario.startsWith("no-op"))!;
      const cycle = figures.find((f) => f.connections === connections && f.scenario.startsWith("hold"))!;
      return {
        connections,
        noop,
        cycle,
        cyclesPerSecond: Math.round(cycle.requestsPerSecond / 2),
        ratio: cycle.requestsPerSecond / noop.requestsPerSecond,
      };
    });
    const lines = [
      `# HTTP benchmark: hold + release through next start`,
      ``,
      `Run ${new Date().toISOString()} on ${process.platform}, Node ${process.version}, ${DURATION_SECONDS} s per scenario, autocannon against 127.0.0.1.`,
      ``,
      `| connections | scenario | req/s | p50 ms | p99 ms | errors | non-2xx |`,
      `| ---: | --- | ---: | ---: | ---: | ---: | ---: |`,
      ...figures.map((f) => `| ${f.connections} | ${f.scenario} | ${f.requestsPerSecond} | ${f.p50Ms} | ${f.p99Ms} | ${f.errors} | ${f.non2xx} |`),
      ``,
      ...rows.map(
        (r) =>
          `- ${r.connections} connections: ${r.cyclesPerSecond} hold+release cycles/s; hold/release requests run at ${(r.ratio * 100).toFixed(0)}% of the no-op query's request rate.`,
      ),
      `- Seats with more than one live ticket after the run: ${oversold}.`,
    ];
    console.log(`\n${lines.join("\n")}\n`);
    mkdirSync(path.join(root, "bench/results"), { recursive: true });
    writeFileSync(path.join(root, "bench/results/http.md"), `${lines.join("\n")}\n`);
    writeFileSync(path.join(root, "bench/results/http.json"), `${JSON.stringify({ figures, summary: rows.map(({ noop: _n, cycle: _c, ...r }) => r), oversold }, null, 2)}\n`);
    if (oversold > 0) process.exitCode = 1;
  } finally {
    if (server?.pid && server.exitCode === null) {
      // Let the server finish its in-flight requests before its database is dropped under it.
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await dropDatabase(databaseUrl).catch((error) => console.error("could not drop the bench database", error));
    await clearRedisPrefix(keyPrefix).catch((error) => console.error("could not clear the bench Redis keys", error));
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
