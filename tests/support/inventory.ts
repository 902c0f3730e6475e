// What the inventory's tests look at underneath it: a screening's Redis keys flushed as a restart would, and the seat
// states PostgreSQL and Redis each hold, in one shape so a test can compare them.
import { Redis } from "ioredis";
import type { Database } from "@/server/db";
import { countingTickets } from "@/server/inventory/sql";

/** What "Redis flushed or restarted" looks like to one screening: all its keys gone (other tests share this Redis). */
export async function flushScreening(keyPrefix: string, screeningId: string): Promise<number> {
  const raw = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    let deleted = 0;
    let cursor = "0";
    for (let round = 0; round < 1000; round++) {
      const [next, keys] = await raw.scan(cursor, "MATCH", `${keyPrefix}{s:${screeningId}}*`, "COUNT", 500);
      if (keys.length) deleted += await raw.del(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
    return deleted;
  } finally {
    raw.disconnect();
  }
}

/** PostgreSQL's counting tickets as seatId -> "H|order" / "S|order", to compare with the seat map. */
export async function postgresSeatStates(db: Database, screeningId: string, nowMs: number) {
  const tickets = await countingTickets(db, screeningId, nowMs);
  return new Map(tickets.map((t) => [t.seatId, `${t.status === "SOLD" ? "S" : "H"}|${t.orderId}`]));
}

/** Redis' live seat states in the same shape (expired holds left out). */
export async function redisSeatStates(
  redis: { hgetall: (key: string) => Promise<Record<string, string>> },
  seatsKey: string,
  nowMs: number,
) {
  const all = await redis.hgetall(seatsKey);
  const states = new Map<string, string>();
  for (const [seatId, value] of Object.entries(all)) {
    if (seatId === "_") continue;
    const [kind, owner, deadline] = value.split("|");
    if (kind === "H" && Number(deadline) <= nowMs) continue;
    states.set(seatId, `${kind}|${owner}`);
  }
  return states;
}
