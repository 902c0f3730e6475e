// What every part of the inventory shares, created once per inventory: its dependencies and options, the Redis
// scripts, the layout cache, the write batchers and the few checks every operation starts with. The parts (holds.ts,
// release.ts, sales.ts, …) are functions of this context; index.ts puts them together.
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import { conflict, notFound } from "@/server/errors";
import { formatLongDate, formatTime } from "@/server/format";
import type { RedisClient } from "@/server/redis/client";
import type { Pool } from "pg";
import { InventoryUnavailableError } from "./errors";
import { screeningKeys } from "./keys";
import { createLayoutCache, type ScreeningLayout } from "./layout";
import type { SeatLimits } from "./quota";
import { registerScripts } from "./scripts";
import { Batcher, insertHeldTickets, poolSql, releaseHolds, type HeldTicketRow, type ReleaseRequest, type Sql } from "./sql";

export interface InventoryOptions {
  /** Default hold length. */
  holdSeconds: number;
  /** No hold lasts longer than this after its seats were first held, however often it is extended. */
  maxHoldSeconds: number;
  /** Holds are refused this long after the screening starts. */
  salesCloseMinutesAfterStart: number;
  /** How long the outcome of a request key is kept for retries. */
  requestKeyTtlSeconds: number;
  layoutCacheSeconds: number;
  /** PostgreSQL statements for holds and releases that may be in flight at once (each carries a batch). */
  writeConcurrency: number;
  /** Hold scripts this process has in flight to Redis at once; more wait their turn in order (`admitHold`). */
  holdsInFlight: number;
  /** A hold that waited longer than this for its turn is answered INVENTORY_UNAVAILABLE instead of being run. */
  holdQueueMaxWaitMs: number;
  /** How many seats one web client may hold at once (quota.ts; docs/inventory.md, "Seat-holding limits"). */
  seatLimits: SeatLimits;
}

export const defaultInventoryOptions: InventoryOptions = {
  holdSeconds: 8 * 60,
  maxHoldSeconds: 20 * 60,
  salesCloseMinutesAfterStart: 30,
  requestKeyTtlSeconds: 30 * 60,
  layoutCacheSeconds: 30,
  writeConcurrency: 2,
  holdsInFlight: 64,
  // With Redis hanging, queued holds fail within this rather than one batch of 3 s command timeouts after another. Not
  // shorter: a flash sale on a loaded machine queued holds for 3.5 s (p99), and 3 s turned 208 of them into errors.
  holdQueueMaxWaitMs: 10_000,
  seatLimits: { perHolder: 10, perAddress: 12, perNetwork: 40, perScreeningPerAddress: 10 },
};

/** Seams for tests that need to act between the two stores (flush Redis in the middle of a hold, and so on). */
export interface InventoryHooks {
  afterRedisHold?: (info: { screeningId: string; orderId: string; seatIds: string[] }) => Promise<void> | void;
  afterSaleCommitted?: (info: { screeningId: string; orderId: string; seatIds: string[] }) => Promise<void> | void;
}

export interface InventoryDeps {
  db: Database;
  /**
   * Optional node-postgres pool on the same database for the hot-path statements (holds, releases, sales): cheaper
   * per statement than Prisma's raw queries. Without it everything goes through `db`.
   */
  pool?: Pool;
  redis: RedisClient;
  audit: AuditLog;
  now?: () => Date;
  options?: Partial<InventoryOptions>;
  hooks?: InventoryHooks;
}

export type InventoryContext = ReturnType<typeof createInventoryContext>;

export const unique = <T>(values: T[]) => [...new Set(values)];

function isRedisReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError";
}

export function createInventoryContext(deps: InventoryDeps) {
  const { db, redis, audit, hooks = {} } = deps;
  // The hot-path statements: through a node-postgres pool if one is given, else Prisma's raw queries (see sql.ts).
  const sql: Sql = deps.pool ? poolSql(deps.pool) : db;
  const now = deps.now ?? (() => new Date());
  const options: InventoryOptions = { ...defaultInventoryOptions, ...deps.options };
  const scripts = registerScripts(redis);
  const layouts = createLayoutCache(db, options.layoutCacheSeconds * 1000);
  const keyPrefix = typeof redis.options.keyPrefix === "string" ? redis.options.keyPrefix : "";
  const channels = new Map<string, string>();
  const channelOf = (screeningId: string) => {
    let channel = channels.get(screeningId);
    if (channel === undefined) {
      if (channels.size >= 10_000) channels.clear();
      channel = `${keyPrefix}${screeningKeys(screeningId).channel}`;
      channels.set(screeningId, channel);
    }
    return channel;
  };

  const inserts = new Batcher<HeldTicketRow[], Set<string>>(
    async (batches) => {
      const inserted = await insertHeldTickets(sql, batches.flat());
      return batches.map((rows) => new Set(rows.filter((r) => inserted.has(r.id)).map((r) => r.id)));
    },
    options.writeConcurrency,
    200,
  );
  const releases = new Batcher<ReleaseRequest & { nowMs: number }, string[]>(
    async (requests) => {
      // Releases batched together share the latest "now" as their updatedAt (a few ms apart at most).
      const nowMs = Math.max(...requests.map((r) => r.nowMs));
      const released = await releaseHolds(sql, requests, nowMs);
      return requests.map((request) =>
        released
          .filter((r) => r.orderId === request.orderId && (request.seatIds === null || request.seatIds.includes(r.seatId)))
          .map((r) => r.seatId),
      );
    },
    options.writeConcurrency,
    200,
  );

  /**
   * Runs a hold's script when fewer than options.holdsInFlight are in flight, else when its turn comes. A rush (a flash
   * sale's thousands of refused holds) queued inside ioredis instead: every batch of replies the process read was
   * thousands long, and everything else it did, a purchase's PostgreSQL statements and checkout's Redis step (which
   * don't queue here), waited behind whole batches (docs/inventory.md, "Performance"). A hold that waited longer than
   * options.holdQueueMaxWaitMs is answered INVENTORY_UNAVAILABLE instead of being run.
   */
  const admission = { active: 0, waiting: [] as Array<{ since: number; start: () => void; fail: (error: unknown) => void }> };
  function admitNext() {
    while (admission.active < options.holdsInFlight && admission.waiting.length > 0) {
      const next = admission.waiting.shift()!;
      if (performance.now() - next.since > options.holdQueueMaxWaitMs) {
        next.fail(new InventoryUnavailableError(new Error("a hold waited too long for its turn")));
        continue;
      }
      admission.active += 1;
      next.start();
    }
  }
  async function admitHold<T>(run: () => Promise<T>): Promise<T> {
    if (admission.active < options.holdsInFlight && admission.waiting.length === 0) admission.active += 1;
    else await new Promise<void>((start, fail) => admission.waiting.push({ since: performance.now(), start, fail }));
    try {
      return await run();
    } finally {
      admission.active -= 1;
      admitNext();
    }
  }

  /** Runs a Redis call; connection trouble becomes InventoryUnavailableError, script errors stay bugs. */
  async function callRedis<T>(run: () => Promise<T>): Promise<T> {
    // While ioredis is reconnecting, Redis is known to be down: answer at once instead of queueing for seconds.
    if (redis.status === "reconnecting" || redis.status === "end") throw new InventoryUnavailableError(new Error(`Redis is ${redis.status}`));
    try {
      return await run();
    } catch (error) {
      if (isRedisReplyError(error)) throw error;
      throw new InventoryUnavailableError(error);
    }
  }

  async function layoutOf(screeningId: string): Promise<ScreeningLayout> {
    const layout = await layouts.get(screeningId);
    if (!layout) throw notFound("That screening");
    return layout;
  }

  function assertOnSale(layout: ScreeningLayout, nowMs: number) {
    if (layout.status !== "SCHEDULED") throw conflict("This screening has been cancelled.", { reason: "SCREENING_CANCELLED" });
    if (layout.publishedAt === null) throw conflict("This screening isn't on sale.", { reason: "NOT_ON_SALE" });
    if (layout.onSaleAt && layout.onSaleAt.getTime() > nowMs) {
      throw conflict(`Tickets for this screening go on sale on ${formatLongDate(layout.onSaleAt, layout.timeZone)} at ${formatTime(layout.onSaleAt, layout.timeZone)}.`, {
        reason: "NOT_ON_SALE",
        onSaleAt: layout.onSaleAt.toISOString(),
      });
    }
    if (nowMs >= layout.startsAt.getTime() + options.salesCloseMinutesAfterStart * 60_000) {
      throw conflict("Booking for this screening has closed.", { reason: "SALES_CLOSED" });
    }
  }

  return {
    db,
    sql,
    redis,
    audit,
    hooks,
    now,
    options,
    scripts,
    layouts,
    channelOf,
    inserts,
    releases,
    callRedis,
    admitHold,
    /** Holds waiting for their turn (tests). */
    holdsWaiting: () => admission.waiting.length,
    layoutOf,
    assertOnSale,
  };
}
