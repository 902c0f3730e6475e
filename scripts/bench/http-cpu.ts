// npm run bench:http-cpu — what one request costs the app server in CPU, through the production server
// (scripts/serve.mjs): a no-op tRPC query anonymous and signed in, and a hold + release by guests whose baskets exist. CPU time per request is read
// from /proc for the server process alone, so it stays meaningful on a machine shared with other work, where req/s
// does not. With HTTP_CPU_PROFILE=1 the server runs under `node --cpu-prof` and the top frames are printed.
//
// Creates its own database and Redis prefix, serves the existing production build (run `next build` first), and
// stops the server before dropping them. HTTP_CPU_PROFILE_FILE=<file.cpuprofile> prints a profile made earlier.
import { type ChildProcess, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import { encode } from "next-auth/jwt";
import { newHolderToken, signedHolderToken } from "@/server/api/holder";
import { createDatabase as createPrisma } from "@/server/db/client";
import { seedDatabase } from "../../prisma/seed-data/seed";
import { BENCH_AUTH_SECRET, benchServerEnv, stopServer } from "./harness";
import { adminUrl, clearRedisPrefix, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } from "../lib/databases";

const PORT = Number(process.env.BENCH_PORT ?? 3300);
const BASE = `http://127.0.0.1:${PORT}`;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PROFILE = process.env.HTTP_CPU_PROFILE === "1";
// HTTP_CPU_ONLY=hold and HTTP_CPU_VIA="API server" narrow a run to the scenarios and paths whose names contain them,
// so that a profile holds one kind of request (the warm-up runs the same scenarios only).
const ONLY = process.env.HTTP_CPU_ONLY;
const VIA = process.env.HTTP_CPU_VIA;
const SECRET = BENCH_AUTH_SECRET;
const CLOCK_TICKS = 100;
const PATHS: Array<[string, Record<string, string>]> = [
  ["Next route", { SERVE_API_THROUGH_NEXT: "1" }],
  ["API server", {}],
];

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(options, (error, result) => (error ? reject(error) : resolve(result))));
}

async function waitForHealth(server: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    if (await fetch(`${BASE}/api/health`).then((r) => r.ok, () => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app did not become healthy within 60 s");
}

type ProfileNode = { id: number; children?: number[]; callFrame: { functionName: string; url: string; lineNumber: number } };

/**
 * Per function over the profile, as shares of all samples: self time (the function itself) and total time (the
 * function and everything it called, each sample counted once per function however deep its recursion).
 */
function frameTimes(file: string) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const keyOf = (node: ProfileNode) => {
    const frame = node.callFrame;
    const where = frame.url ? frame.url.replace(/^.*node_modules\//, "").replace(/^.*\.next\//, ".next/") : "";
    return `${frame.functionName || "(anonymous)"} ${where}${where ? `:${frame.lineNumber + 1}` : ""}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const id of profile.samples) {
    self.set(keyOf(byId.get(id)!), (self.get(keyOf(byId.get(id)!)) ?? 0) + 1);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) seen.add(keyOf(byId.get(at)!));
    for (const key of seen) total.set(key, (total.get(key) ?? 0) + 1);
  }
  const top = (counts: Map<string, number>, count: number) =>
    [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, count).map(([frame, n]) => ({ frame, percent: (100 * n) / profile.samples.length }));
  // Each sample once, in the group of what it was spent in, whoever called it. Start-up (module loading, before the
  // first request) is its own group.
  const groups = new Map<string, number>();
  for (const id of profile.samples) {
    const stack: ProfileNode[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parentOf.get(at)) stack.push(byId.get(at)!);
    const group = stack.some((node) => STARTUP.test(keyOf(node))) ? "start-up (loading modules)" : (groupOf(stack) ?? "other (Node internals)");
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  return { self: top(self, 25), total: top(total, 60), groups: top(groups, 20) };
}

const STARTUP = /Module\._load|instantiateModule|loadComponentsImpl|compileSourceTextModule|unstable_preloadEntries/;
// Libraries recognised anywhere on the stack (a sample under Prisma is Prisma's, whatever it calls), nearest first.
const LIBRARIES: Array<[string, RegExp]> = [
  ["PostgreSQL (Prisma, node-postgres)", /@prisma\/|\bpg(-pool|-protocol)?\/|wasm:\/\//],
  ["Redis client (ioredis, its parser)", /ioredis\/|redis-parser\/|\bdenque\//],
  ["zod", /_zod|zod\//],
  ["superjson", /superjson/],
  ["crypto (holder cookie HMAC, hashes)", /^(Hmac|Hash|createHash|createHmac|digest|timingSafeEqual) /],
];
// Recognised only as the sampled frame itself: HTTP parsing and async hooks sit below every handler on the stack.
const LEAVES: Array<[string, RegExp]> = [
  ["garbage collection", /^\(garbage collector\)/],
  ["idle", /^\((idle|program)\)/],
  ["JSON", /^(parse|stringify) $/],
  ["HTTP (node:http parsing, socket writes)", /node:_http_|node:net|^writev |^writeUtf8String |^writeBuffer |^writeLatin1String |node:internal\/streams|stream_base_commons|^parserOn|node:internal\/http/],
  ["async bookkeeping (promise hooks, microtasks, timers)", /node:internal\/async_hooks|^runMicrotasks |node:internal\/process\/task_queues|node:internal\/timers/],
  ["app bundle (tRPC, Marquee's code: minified)", /\.next\/server\//],
];

function groupOf(stack: ProfileNode[]): string | undefined {
  const keyOf = (node: ProfileNode) => `${node.callFrame.functionName || "(anonymous)"} ${node.callFrame.url}`;
  for (const node of stack) for (const [name, pattern] of LIBRARIES) if (pattern.test(keyOf(node))) return name;
  for (const [name, pattern] of LEAVES) if (pattern.test(keyOf(stack[0]!))) return name;
  return undefined;
}

async function main() {
  // Guest cookies are signed here as the server signs them, with its secret: signed with another, every cookie was
  // refused and replaced, so a release came as a new holder with no basket, released nothing, and the seats stayed
  // held until their deadline; once the picks wrapped round the hall, every hold after that answered 409.
  process.env.AUTH_SECRET = SECRET;
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_${id}`);
  const keyPrefix = `marquee-bench-${id}:`;
  const profileDir = mkdtempSync(path.join(tmpdir(), "marquee-cpu-"));
  let server: ChildProcess | undefined;
  try {
    await createDatabase(databaseUrl);
    await migrateDatabase(databaseUrl, { quiet: true });
    const db = createPrisma(databaseUrl);
    await seedDatabase(db);
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const screening = await db.screening.findFirst({
      where: { startsAt: { gt: tomorrow }, status: "SCHEDULED" },
      orderBy: [{ layout: { seats: { _count: "desc" } } }, { startsAt: "asc" }],
      select: { id: true, hallId: true, layoutId: true },
    });
    if (!screening) throw new Error("the seed produced no screening tomorrow");
    await db.hall.update({ where: { id: screening.hallId }, data: { preventSingleGaps: false } });
    const seats = await db.seat.findMany({ where: { layoutId: screening.layoutId, blocked: false, kind: { in: ["STANDARD", "PREMIUM"] } }, select: { id: true } });
    const customer = await db.user.findFirstOrThrow({ where: { role: "CUSTOMER", emailVerifiedAt: { not: null }, disabledAt: null } });
    await db.$disconnect();
    const sessionToken = await encode({
      secret: SECRET,
      salt: "authjs.session-token",
      token: { sub: customer.id, email: customer.email, name: customer.name, userId: customer.id, role: customer.role, sessionVersion: customer.sessionVersion },
    });

    const ping = `/api/trpc/system.ping?input=${encodeURIComponent(JSON.stringify({ json: undefined }))}`;
    let nextSeat = 0;
    // One guest per connection, reused cycle after cycle (autocannon gives each cycle a fresh context, so they are
    // handed out in turn): a seat map's clicks come from a holder whose basket exists, which is what this measures. A
    // new holder per cycle would open a basket (PostgreSQL) on every hold; the warm-up opens them.
    const guests = Array.from({ length: CONNECTIONS }, () => signedHolderToken(newHolderToken()));
    let nextGuest = 0;
    // The cycles whose release has not answered yet (autocannon starts each cycle with a fresh context), so that the
    // holds a run's end cut off before their release can be given back: otherwise the next run's picks, which wrap
    // round the hall, find those seats taken.
    const holders = new Set<{ seatId: string; token: string }>();
    const holdRelease: autocannon.Request[] = ["hold", "release"].map((procedure) => ({
      method: "POST",
      path: `/api/trpc/seats.${procedure}`,
      setupRequest: (request, context) => {
        const ctx = context as { seatId?: string; token?: string };
        if (!ctx.token) {
          ctx.seatId = seats[nextSeat++ % seats.length]!.id;
          ctx.token = guests[nextGuest++ % guests.length]!;
          holders.add(ctx as { seatId: string; token: string });
        }
        const input = procedure === "hold" ? { screeningId: screening.id, seatIds: [ctx.seatId], requestKey: randomUUID() } : { screeningId: screening.id, seatIds: [ctx.seatId] };
        return { ...request, headers: { "content-type": "application/json", cookie: `mq_holder=${ctx.token}` }, body: JSON.stringify({ json: input }) };
      },
      ...(procedure === "release" ? { onResponse: (status: number, _body: string, context: unknown) => void (status === 200 && holders.delete(context as never)) } : {}),
    }));
    const scenarios: { name: string; options: autocannon.Options }[] = [
      { name: "no-op query, anonymous", options: { url: `${BASE}${ping}` } },
      { name: "no-op query, signed in", options: { url: `${BASE}${ping}`, headers: { cookie: `authjs.session-token=${sessionToken}` } } },
      { name: "hold + release (per request)", options: { url: BASE, requests: holdRelease, initialContext: {} } },
    ].filter((scenario) => !ONLY || scenario.name.includes(ONLY));
    const releaseCutOffHolds = async () => {
      const all = [...holders];
      holders.clear();
      for (let i = 0; i < all.length; i += 20) {
        await Promise.all(
          all.slice(i, i + 20).map(async ({ seatId, token }) => {
            // Retried: a kept-alive connection the server closed as it was reused fails with ECONNRESET.
            for (let attempt = 1; ; attempt++) {
              try {
                const response = await fetch(`${BASE}/api/trpc/seats.release`, {
                  method: "POST",
                  headers: { "content-type": "application/json", cookie: `mq_holder=${token}` },
                  body: JSON.stringify({ json: { screeningId: screening.id, seatIds: [seatId] } }),
                });
                if (!response.ok) throw new Error(`releasing a cut-off hold answered ${response.status}`);
                return;
              } catch (error) {
                if (attempt >= 3) throw error;
              }
            }
          }),
        );
      }
    };

    // Both ways the production server can serve the API, one after the other in this run: through Next's route
    // (SERVE_API_THROUGH_NEXT=1, as before the API server) and through the API server (lib/trpc/api-server.ts).
    // One worker process (WEB_CONCURRENCY=1), so that /proc of the server's pid is all of its CPU.
    const rows: string[] = [];
    const paths = PATHS.filter(([via]) => !VIA || via.includes(VIA));
    for (const [via, extraEnv] of paths) {
      server = spawn("node", [...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []), "scripts/serve.mjs", "-p", String(PORT), "-H", "127.0.0.1"], {
        env: { ...benchServerEnv({ databaseUrl, keyPrefix, baseUrl: BASE }), WEB_CONCURRENCY: "1", ...extraEnv },
        stdio: ["ignore", "ignore", "inherit"],
      });
      await waitForHealth(server);
      const pid = server.pid!;
      // Warm up every path, so that compiling isn't counted.
      for (const scenario of scenarios) await run({ ...scenario.options, connections: 10, duration: 2 });
      // Every guest's basket opened before the measured runs (a hold and its release each).
      if (scenarios.some((scenario) => scenario.options.requests)) {
        for (let i = 0; i < guests.length; i += 10) {
          await Promise.all(
            guests.slice(i, i + 10).map(async (token, j) => {
              const seatIds = [seats[i + j]!.id];
              const headers = { "content-type": "application/json", cookie: `mq_holder=${token}` };
              const hold = { screeningId: screening.id, seatIds, requestKey: randomUUID() };
              for (const [procedure, input] of [["hold", hold], ["release", { screeningId: screening.id, seatIds }]] as const) {
                const response = await fetch(`${BASE}/api/trpc/seats.${procedure}`, { method: "POST", headers, body: JSON.stringify({ json: input }) });
                if (!response.ok) throw new Error(`opening a guest's basket: seats.${procedure} answered ${response.status}`);
              }
            }),
          );
        }
      }
      await releaseCutOffHolds();
      for (const scenario of scenarios) {
        nextSeat = 0;
        const before = cpuSeconds(pid);
        const result = await run({ ...scenario.options, connections: CONNECTIONS, duration: SECONDS });
        const cpu = cpuSeconds(pid) - before;
        await releaseCutOffHolds();
        const requests = result.requests.total;
        // Which statuses the non-2xx were, so that a refusal is never mistaken for the work measured.
        const statuses = Object.entries((result as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {})
          .filter(([code]) => !code.startsWith("2"))
          .map(([code, { count }]) => `${count}× ${code}`)
          .join(", ");
        rows.push(
          `| ${via} | ${scenario.name} | ${Math.round(result.requests.average)} | ${Math.round((cpu * 1e6) / Math.max(requests, 1))} | ${result.non2xx}${statuses ? ` (${statuses})` : ""} | ${result.errors + result.timeouts} |`,
        );
      }
      await stopServer(server);
      server = undefined;
    }
    const load = readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s each, load average ${load}\n`);
    console.log("| path | scenario | req/s | server CPU µs per request | non-2xx | errors |\n| --- | --- | ---: | ---: | ---: | ---: |");
    console.log(rows.join("\n"));
  } finally {
    if (server) await stopServer(server);
    await dropDatabase(databaseUrl).catch((error) => console.error("could not drop the bench database", error));
    await clearRedisPrefix(keyPrefix).catch((error) => console.error("could not clear the bench Redis keys", error));
  }
  if (PROFILE) {
    // One profile per server started, in the order of PATHS (names carry the time and pid).
    const files = readdirSync(profileDir).filter((name) => name.endsWith(".cpuprofile")).sort();
    if (files.length === 0) throw new Error("no CPU profile was written");
    const paths = PATHS.filter(([via]) => !VIA || via.includes(VIA));
    files.forEach((file, i) => printProfile(path.join(profileDir, file), paths[i]?.[0] ?? "?"));
  }
}

function printProfile(file: string, label: string) {
  const times = frameTimes(file);
  console.log(`\nProfile ${file} (${label}): top frames by self time over the whole run\n`);
  for (const { frame, percent } of times.self) console.log(`${percent.toFixed(1).padStart(5)}%  ${frame}`);
  console.log(`\nThe same profile, top frames by total time (the frame and what it called)\n`);
  for (const { frame, percent } of times.total) console.log(`${percent.toFixed(1).padStart(5)}%  ${frame}`);
  console.log(`\nThe same profile by group (each sample once, in the group of what it was spent in)\n`);
  for (const { frame, percent } of times.groups) console.log(`${percent.toFixed(1).padStart(5)}%  ${frame}`);
}

// HTTP_CPU_PROFILE_FILE=<.cpuprofile> prints an existing profile that way and runs nothing.
const given = process.env.HTTP_CPU_PROFILE_FILE;
(given ? Promise.resolve(printProfile(given, "given")) : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
