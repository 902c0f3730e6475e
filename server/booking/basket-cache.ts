// The holder's open web basket for a screening, kept in Redis beside its holds so that a seat-map click (hold,
// release, the seat map's own-basket lookup) needs no PostgreSQL statement once the basket exists. PostgreSQL stays
// the record: an entry is only ever a copy of a PENDING WEB order whose checkout has not started, written when a read
// found it or a hold created it, and it lives until the order's expiresAt at most, after which the order can't be
// open anyway (expiry and reconciliation close only orders past it).
//
// What can make an entry wrong, and why that is safe:
// - Checkout starts (the one change that alters what a hold or release does with a web basket: its releases must then
//   reach PostgreSQL's tickets): checkout closes the entry before it writes anything (`close`), and a read that
//   raced it can't put the open basket back (basket-cache.lua fills only an empty entry; a closed mark stays until
//   the basket would have expired). Customer cancel closes it too.
// - A screening cancelled or its film put back to draft: the basket stays cached, but holds are refused by the
//   screening's status (baskets.ts) and a release of a dead basket's seats only frees them sooner.
// - An entry left by a lost close (Redis unreachable just then): a hold lands in a basket that can no longer be
//   checked out; its Redis holds run out by time and checkout, which reads PostgreSQL, says the basket is closed.
//   Nothing is sold twice (PostgreSQL's unique index decides at checkout) and nothing is charged.
// - Redis flushed or unreachable: every read misses and goes to PostgreSQL as before.
import { randomUUID } from "node:crypto";
import type { RedisClient } from "@/server/redis/client";
import { luaScripts } from "./lua.generated";

export interface CachedBasket {
  id: string;
  reference: string;
  expiresAt: Date;
  checkoutStartedAt: null;
  channel: "WEB";
}

type StoreCommand = (key: string, orderId: string, entry: string, ttlMs: number, how: "created" | "read") => Promise<number>;

// The screening's hash tag, as the inventory's keys have: in a Redis Cluster the entry shares its screening's slot.
const entryKey = (screeningId: string, holderKey: string) => `basket:{s:${screeningId}}:${holderKey}`;

// A basket's creation is two statements; a lock its creator didn't release (it died) frees the others after this.
const CREATION_LOCK_MS = 2000;
const CREATION_WAIT_STEP_MS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A closed mark outlives any basket it could stand for (baskets live maxHoldSeconds, 20 minutes by default). */
const CLOSED_TTL_MS = 60 * 60 * 1000;

export type BasketCache = ReturnType<typeof createBasketCache>;

export function createBasketCache(redis: RedisClient) {
  if (!("basketCacheStore" in redis)) {
    redis.defineCommand("basketCacheStore", { numberOfKeys: 1, lua: luaScripts["basket-cache"] });
  }
  const store = (redis as unknown as { basketCacheStore: StoreCommand }).basketCacheStore.bind(redis);

  return {
    /** The cached open basket, or null (none cached, closed, past its expiry, or Redis out of reach). */
    async get(screeningId: string, holderKey: string, nowMs: number): Promise<CachedBasket | null> {
      const entry = await redis.get(entryKey(screeningId, holderKey)).catch(() => null);
      if (!entry?.startsWith("open|")) return null;
      const [, id, reference, expiresAtMs] = entry.split("|");
      const expiresAt = Number(expiresAtMs);
      if (!id || !reference || !(expiresAt > nowMs)) return null;
      return { id, reference, expiresAt: new Date(expiresAt), checkoutStartedAt: null, channel: "WEB" };
    },

    /** Keeps an open web basket (before checkout) until its expiry; `created`: it was made just now. Never throws. */
    async put(screeningId: string, holderKey: string, basket: { id: string; reference: string; expiresAt: Date }, nowMs: number, how: "created" | "read") {
      const ttlMs = basket.expiresAt.getTime() - nowMs;
      if (ttlMs <= 0) return;
      const entry = `open|${basket.id}|${basket.reference}|${basket.expiresAt.getTime()}`;
      await store(entryKey(screeningId, holderKey), basket.id, entry, Math.ceil(ttlMs), how).catch(() => undefined);
    },

    /**
     * Lets one of several concurrent first holds of a holder create the basket: `acquired`, or wait for `released()`
     * (the lock gone, or 2 s at most) and read the basket the other made. Redis out of reach counts as acquired.
     */
    async lockCreation(screeningId: string, holderKey: string) {
      const key = `${entryKey(screeningId, holderKey)}:creating`;
      const token = randomUUID();
      const acquired = (await redis.set(key, token, "PX", CREATION_LOCK_MS, "NX").catch(() => "OK")) === "OK";
      return {
        acquired,
        async released() {
          const giveUpAt = performance.now() + CREATION_LOCK_MS;
          while (performance.now() < giveUpAt && (await redis.exists(key).catch(() => 0)) === 1) await sleep(CREATION_WAIT_STEP_MS);
        },
        async release() {
          // Only this lock: one that ran out and was taken by another caller is theirs.
          if ((await redis.get(key).catch(() => null)) === token) await redis.del(key).catch(() => undefined);
        },
      };
    },

    /**
     * Marks the basket closed for its holder (checkout is starting, or the customer cancelled it): the next hold or
     * release reads PostgreSQL. Throws if Redis can't be reached, so that the caller decides.
     */
    async close(screeningId: string, holderKey: string, orderId: string) {
      await redis.set(entryKey(screeningId, holderKey), `closed|${orderId}`, "PX", CLOSED_TTL_MS);
    },
  };
}
