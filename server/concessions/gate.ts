// The Redis fast gate in front of PostgreSQL's stock (see README "The fast gate"). Redis keeps a counter per product
// and cinema, loaded lazily from PostgreSQL (the truth) and refusing a sale it can see is short before PostgreSQL is
// touched, so a rush on the last cartons of popcorn queues in Redis rather than on ProductStock's row locks.
//
// Redis may only ever be wrong on the high side (it lets through a sale that PostgreSQL's conditional UPDATE and
// CHECK then refuse, after which the counter is dropped and reloaded); being low would refuse sales there is stock
// for. So: sales decrement Redis first, then PostgreSQL; anything that raises PostgreSQL's stock (a restock, a
// give-back) or any refusal there drops the counters afterwards and moves the cinema's epoch on; a load writes what
// it read only if the epoch hasn't moved since it started. Counters expire (COUNTER_TTL_MS), which bounds any drift
// left by a process that died between the two steps. Redis unreachable: the gate stands aside and PostgreSQL alone
// decides, as it always has the last word anyway.
import type { Database } from "@/server/db";
import type { RedisClient } from "@/server/redis/client";
import type { ConcessionLine } from "./stock";
import { luaScripts } from "./lua.generated";

const COUNTER_TTL_MS = 10 * 60_000;
const EPOCH_TTL_MS = 24 * 3600_000;
/** Loads that keep finding the epoch moved (a restock storm) give up and let PostgreSQL alone decide. */
const LOAD_ATTEMPTS = 3;

const definitions = {
  concessionsTake: { lua: luaScripts.take, keys: 1 },
  concessionsLoad: { lua: luaScripts.load, keys: 2 },
  concessionsInvalidate: { lua: luaScripts.invalidate, keys: 2 },
} as const;

type ScriptName = keyof typeof definitions;
type ScriptCall = (...args: Array<string | number>) => Promise<string | number>;

/**
 * A cinema's keys. The hash tag keeps both in one Redis Cluster slot (each script touches one slot); ioredis adds
 * the client's keyPrefix to KEYS, so every key a script touches is passed as a KEYS argument.
 */
export function stockKeys(cinemaId: string) {
  const tag = `{cs:${cinemaId}}`;
  return { stock: `${tag}:stock`, epoch: `${tag}:epoch` };
}

export type GateVerdict =
  /** Redis took the lines: PostgreSQL must now take them too, or the caller calls `refused`. */
  | { status: "TAKEN" }
  /** Redis knows these products are short: refuse without touching PostgreSQL. */
  | { status: "SHORT"; productIds: string[] }
  /** Redis is unavailable or kept being reloaded under us: PostgreSQL alone decides (nothing to undo). */
  | { status: "BYPASSED" };

export function createStockGate(deps: { db: Database; redis: RedisClient; log?: (message: string, error?: unknown) => void }) {
  const { db, redis } = deps;
  const log = deps.log ?? ((message, error) => console.error(`[concessions] ${message}`, error ?? ""));

  function scripts(): Record<ScriptName, ScriptCall> {
    const calls = {} as Record<ScriptName, ScriptCall>;
    for (const [name, { lua, keys }] of Object.entries(definitions) as Array<[ScriptName, { lua: string; keys: number }]>) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys, lua });
      calls[name] = ((redis as unknown as Record<string, ScriptCall>)[name]!).bind(redis);
    }
    return calls;
  }
  let registered: Record<ScriptName, ScriptCall> | undefined;
  const call = () => (registered ??= scripts());

  /** PostgreSQL's counts into Redis for these products, unless the stock moved meanwhile ("STALE"). */
  async function load(cinemaId: string, productIds: string[]): Promise<"LOADED" | "STALE"> {
    const keys = stockKeys(cinemaId);
    // The epoch first: whatever raises the stock after this read moves it, and the load below is then refused.
    const epoch = (await redis.get(keys.epoch)) ?? "0";
    const rows = await db.productStock.findMany({ where: { cinemaId, productId: { in: productIds } }, select: { productId: true, quantity: true } });
    const pairs = productIds.flatMap((id) => [id, String(rows.find((r) => r.productId === id)?.quantity ?? 0)]);
    return (await call().concessionsLoad(keys.stock, keys.epoch, epoch, COUNTER_TTL_MS, ...pairs)) as "LOADED" | "STALE";
  }

  /** Takes every line from Redis's counters (loading what is missing), or says why not. */
  async function take(cinemaId: string, lines: ConcessionLine[]): Promise<GateVerdict> {
    const keys = stockKeys(cinemaId);
    const args = lines.flatMap((l) => [l.productId, l.quantity]);
    try {
      for (let attempt = 0; attempt <= LOAD_ATTEMPTS; attempt++) {
        const reply = JSON.parse(String(await call().concessionsTake(keys.stock, ...args))) as { status: string; products?: string[] };
        if (reply.status === "OK") return { status: "TAKEN" };
        if (reply.status === "SHORT") return { status: "SHORT", productIds: reply.products ?? [] };
        if (attempt < LOAD_ATTEMPTS) await load(cinemaId, reply.products ?? []);
      }
      return { status: "BYPASSED" };
    } catch (error) {
      log(`stock gate unavailable for cinema ${cinemaId}; PostgreSQL decides alone`, error);
      return { status: "BYPASSED" };
    }
  }

  /**
   * After PostgreSQL's stock of these products went up (restock, give-back) or it refused what Redis let through:
   * the counters go and are reloaded from PostgreSQL by the next sale. Never throws: if Redis can't be reached, a
   * counter may stay low after a restock until it expires (COUNTER_TTL_MS); the sale itself never depends on it.
   */
  async function invalidate(cinemaId: string, productIds: string[]): Promise<void> {
    if (productIds.length === 0) return;
    const keys = stockKeys(cinemaId);
    try {
      await call().concessionsInvalidate(keys.stock, keys.epoch, EPOCH_TTL_MS, ...new Set(productIds));
    } catch (error) {
      log(`could not invalidate stock counters of cinema ${cinemaId}`, error);
    }
  }

  /** What Redis holds for a cinema (tests, diagnostics): productId -> counter. */
  async function counters(cinemaId: string): Promise<Record<string, number>> {
    const raw = await redis.hgetall(stockKeys(cinemaId).stock);
    return Object.fromEntries(Object.entries(raw).map(([id, value]) => [id, Number(value)]));
  }

  return { take, invalidate, counters, load };
}

export type StockGate = ReturnType<typeof createStockGate>;
