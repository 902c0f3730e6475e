// A second app process for server/inventory/concurrency.test.ts: its own Node process, database pool and Redis
// connection, holding seats of the same screening at the same time as the test process. Configured through the
// environment; prints "ready" once warmed up, starts when it reads "go" on stdin, and prints one JSON line with what
// happened.
//
//   INVENTORY_DATABASE_URL, INVENTORY_REDIS_PREFIX, INVENTORY_SCREENING_ID, INVENTORY_ORDER_IDS (comma-separated),
//   INVENTORY_NOW_MS (the test's clock), INVENTORY_SEED, INVENTORY_ROWS (grid rows to pick seats from, comma-separated)
//
// With INVENTORY_MODE=hold-and-hang it instead holds INVENTORY_SEAT_IDS for the first order as a web basket does
// (Redis only, until checkout), prints "held <its pid>", and waits to be killed: a process that dies between the Redis
// hold and the PostgreSQL checkout. Start it with tests/support/spawn-second-process.ts.
import { createAuditLog } from "@/server/audit";
import { createDatabase } from "@/server/db/client";
import { isAppError } from "@/server/errors";
import { createRedis } from "@/server/redis/client";
import { createInventory, type SeatChange } from "@/server/inventory";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};

async function main() {
  const db = createDatabase(env("INVENTORY_DATABASE_URL"));
  const redis = createRedis({ keyPrefix: env("INVENTORY_REDIS_PREFIX") });
  const nowMs = Number(env("INVENTORY_NOW_MS"));
  const inventory = createInventory({ db, redis, audit: createAuditLog(db), now: () => new Date(nowMs) });
  const screeningId = env("INVENTORY_SCREENING_ID");
  const orderIds = env("INVENTORY_ORDER_IDS").split(",");
  if (process.env.INVENTORY_MODE === "hold-and-hang") {
    const seatIds = env("INVENTORY_SEAT_IDS").split(",");
    await inventory.hold({ screeningId, orderId: orderIds[0]!, seatIds, requestKey: `hang-${orderIds[0]}`, redisOnly: true });
    process.stdout.write(`held ${process.pid}\n`);
    setInterval(() => {}, 60_000);
    return;
  }
  let seed = Number(env("INVENTORY_SEED"));
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };

  const map = await inventory.seatMap({ screeningId });
  const rows = env("INVENTORY_ROWS").split(",").map(Number);
  const seen: SeatChange[] = [];
  await inventory.subscribeToSeatChanges(screeningId, (change) => seen.push(change));
  process.stdout.write("ready\n");
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buffered = "";
  process.stdin.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let at = buffered.indexOf("\n"); at >= 0; at = buffered.indexOf("\n")) {
      lines.push(buffered.slice(0, at));
      buffered = buffered.slice(at + 1);
      waiters.shift()?.();
    }
  });
  let consumed = 0;
  const nextLine = () =>
    new Promise<void>((resolve) => {
      consumed += 1;
      if (lines.length >= consumed) resolve();
      else waiters.push(resolve);
    });
  await nextLine(); // "go"

  const outcomes = await Promise.all(
    orderIds.map(async (orderId, i) => {
      const row = map.seats.filter((s) => s.gridRow === rows[Math.floor(random() * rows.length)]);
      const size = 1 + Math.floor(random() * 3);
      const start = Math.floor(random() * (row.length - size + 1));
      const seatIds = row.slice(start, start + size).map((s) => s.id);
      try {
        await inventory.hold({ screeningId, orderId, seatIds, requestKey: `second-process-${i}-${orderId}` });
        return { ok: true as const, orderId, seatIds };
      } catch (error) {
        return { ok: false as const, reason: isAppError(error) ? String(error.details?.reason) : `UNEXPECTED: ${String(error)}` };
      }
    }),
  );
  // "report" comes once the other process's holds are done; then everything it published has reached us.
  await nextLine();
  process.stdin.pause();
  await inventory.internals.syncSubscriptions();
  process.stdout.write(
    `${JSON.stringify({
      successes: outcomes.filter((o) => o.ok),
      refusals: outcomes.filter((o) => !o.ok).map((o) => o.reason),
      heldSeatsSeen: seen.flatMap((c) => c.seats.filter((s) => s.state === "held").map((s) => s.seatId)),
    })}\n`,
  );
  await inventory.close();
  redis.disconnect();
  await db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
