// npm run bench:seats-profile — not a benchmark: one of the engine's loads alone, in its own database and Redis prefix,
// to be run under a profiler (node --cpu-prof --import tsx scripts/bench/seats-profile.ts). PROFILE_PHASE=steady
// (hold 2 random seats + release) or gate (refusals of sold seats), PROFILE_SECONDS, PROFILE_CLIENTS. It prints holds/s
// and this process's CPU per hold; with PROFILE_REDIS_STATS=1 it resets Redis' command statistics first and prints
// them after (give it a Redis of its own: REDIS_URL), i.e. the µs per script call as Redis measures them. Lines
// "[mark] <µs> <phase>" bound the measured window on the profile's clock (process.hrtime).
import { createAuditLog } from "@/server/audit";
import { createDatabase } from "@/server/db/client";
import { isAppError } from "@/server/errors";
import { createInventory as currentInventory } from "@/server/inventory";
import { createTestOrders, createTestScreening, type TestScreening } from "@/tests/support/screenings";
import { createRedis } from "@/server/redis/client";
import { adminUrl, clearRedisPrefix, createDatabase as createThrowawayDatabase, dropDatabase, migrateDatabase, runId, withDatabase } from "../lib/databases";

const phase = process.env.PROFILE_PHASE ?? "steady";
const seconds = Number(process.env.PROFILE_SECONDS ?? 4);
const clients = Number(process.env.PROFILE_CLIENTS ?? 64);

async function main() {
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_prof_${id}`);
  const prefix = `marquee-bench-prof${id}:`;
  await createThrowawayDatabase(databaseUrl);
  await migrateDatabase(databaseUrl);
  const db = createDatabase(databaseUrl);
  const redis = createRedis({ keyPrefix: prefix });
  // PROFILE_INVENTORY: another copy of server/inventory (e.g. the base branch's) to compare in the same conditions.
  const createInventory: typeof currentInventory = process.env.PROFILE_INVENTORY
    ? ((await import(process.env.PROFILE_INVENTORY)) as { createInventory: typeof currentInventory }).createInventory
    : currentInventory;
  const inventory = createInventory({ db, redis, audit: createAuditLog(db), options: { holdSeconds: 600 } });
  try {
    const screenings: Array<{ s: TestScreening; orders: string[] }> = [];
    for (let i = 0; i < 10; i++) {
      const s = await createTestScreening(db, { plan: Array.from({ length: 15 }, () => "S".repeat(20)), startsAt: new Date(Date.now() + 3 * 86_400_000), preventSingleGaps: false });
      screenings.push({ s, orders: await createTestOrders(db, s.screeningId, clients + 1) });
    }
    let key = 0;
    const hold = async (screeningId: string, orderId: string, seatIds: string[]) => {
      try {
        await inventory.hold({ screeningId, orderId, seatIds, requestKey: `prof-${++key}-${orderId}`, redisOnly: true });
        return true;
      } catch (error) {
        if (!isAppError(error)) throw error;
        return false;
      }
    };
    const gate = screenings[0]!;
    const sold = gate.s.seats("H9", "H10");
    await hold(gate.s.screeningId, gate.orders[clients]!, sold);
    let ops = 0;
    const stats = process.env.PROFILE_REDIS_STATS === "1";
    if (stats) await redis.config("RESETSTAT");
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    console.log(`[mark] ${process.hrtime.bigint() / 1000n} ${phase} @${Date.now()}`);
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        let seed = c + 1;
        const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648);
        while (performance.now() - started < seconds * 1000) {
          ops++;
          if (phase === "gate") {
            await hold(gate.s.screeningId, gate.orders[c]!, sold);
            continue;
          }
          const { s, orders } = screenings[1 + Math.floor(random() * 9)]!;
          const row = String.fromCharCode(65 + Math.floor(random() * 15));
          const n = 1 + Math.floor(random() * 19);
          const seatIds = s.seats(`${row}${n}`, `${row}${n + 1}`);
          if (await hold(s.screeningId, orders[c]!, seatIds)) await inventory.release({ screeningId: s.screeningId, orderId: orders[c]!, seatIds, redisOnly: true });
        }
      }),
    );
    console.log(`[mark] ${process.hrtime.bigint() / 1000n} end @${Date.now()}`);
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    console.log(`${phase}: ${ops} holds in ${elapsed.toFixed(2)} s = ${Math.round(ops / elapsed)}/s, ${clients} clients, Node CPU ${Math.round((cpu.user + cpu.system) / ops)} µs/hold`);
    if (stats) {
      const info = await redis.info("commandstats");
      for (const line of info.split("\n").filter((l) => /cmdstat_(evalsha|hkeys|eval)\b/.test(l))) console.log(line.trim());
    }
  } finally {
    await inventory.close();
    redis.disconnect();
    await db.$disconnect();
    await dropDatabase(databaseUrl);
    await clearRedisPrefix(prefix);
  }
}

main().then(() => process.exit(0), (error: unknown) => { console.error(error); process.exit(1); });
