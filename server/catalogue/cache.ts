// A read-through cache in Redis for the public programme (home, showtimes, film and screening pages).
//
// Freshness: every key carries the programme version, a Redis counter that the admin services bump after each
// change they audit (server/services.ts), so the next read after an admin change misses and loads from PostgreSQL.
// Keys also carry the clock's time bucket and expire after `ttlSeconds`, because what is bookable moves with time
// (a screening leaves the listings LATE_ENTRY_MINUTES after it starts) without anyone writing.
//
// Stampedes: concurrent misses for one key in this process share one load (single flight), and processes take a
// short Redis lock per key: the one holding it loads and stores, the others wait for the value to appear (or for
// the lock to go, then load themselves), so N concurrent misses run the loader once.
import type { RedisClient } from "@/server/redis/client";

export interface CatalogueCacheOptions {
  redis: RedisClient;
  now: () => Date;
  /** How long an entry lives; 0 turns the cache off (every read loads). */
  ttlSeconds: number;
}

const VERSION_KEY = "catalogue:version";
// A loader that hasn't stored its value by then is presumed dead, and the waiters load for themselves.
const LOCK_MS = 5_000;
const WAIT_STEP_MS = 10;

export interface CatalogueCache {
  /** The cached value for `key`, or `load()`'s (stored for the next reader). */
  read<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Makes every entry stale at once: the next read of any key loads. */
  invalidate(): Promise<void>;
}

export function createCatalogueCache({ redis, now, ttlSeconds }: CatalogueCacheOptions): CatalogueCache {
  const inFlight = new Map<string, Promise<unknown>>();

  async function loadOnce<T>(fullKey: string, load: () => Promise<T>): Promise<T> {
    const lockKey = `${fullKey}:lock`;
    const started = Date.now();
    for (;;) {
      // Without Redis the pages still render, from PostgreSQL: a failed cache command counts as a miss.
      const cached = await redis.get(fullKey).catch(() => null);
      if (cached !== null) return decode(cached) as T;
      const locked = await redis.set(lockKey, "1", "PX", LOCK_MS, "NX").catch(() => "UNAVAILABLE" as const);
      if (locked !== null || Date.now() - started > LOCK_MS) {
        try {
          // The lock may be free because another process has just stored the value and let go between this
          // process's read above and its lock: read again before loading a second time.
          if (locked === "OK") {
            const stored = await redis.get(fullKey).catch(() => null);
            if (stored !== null) return decode(stored) as T;
          }
          const value = await load();
          await redis.set(fullKey, encode(value), "EX", ttlSeconds).catch(() => undefined);
          return value;
        } finally {
          if (locked === "OK") await redis.del(lockKey).catch(() => undefined);
        }
      }
      // Another process is loading this key: wait for its value rather than load a second time.
      await new Promise((resolve) => setTimeout(resolve, WAIT_STEP_MS));
    }
  }

  return {
    async read<T>(key: string, load: () => Promise<T>): Promise<T> {
      if (ttlSeconds <= 0) return load();
      const version = await redis.get(VERSION_KEY).catch(() => undefined);
      if (version === undefined) return load();
      const bucket = Math.floor(now().getTime() / (ttlSeconds * 1000));
      const fullKey = `catalogue:${version ?? "0"}:${bucket}:${key}`;
      const pending = inFlight.get(fullKey);
      if (pending) return pending as Promise<T>;
      const loading = loadOnce(fullKey, load).finally(() => inFlight.delete(fullKey));
      inFlight.set(fullKey, loading);
      return loading;
    },
    async invalidate() {
      if (ttlSeconds <= 0) return;
      // The change is committed by now; with Redis unreachable the cached pages follow it within ttlSeconds, and
      // the admin is not told their change failed.
      await redis.incr(VERSION_KEY).catch((error: unknown) => {
        console.error("catalogue cache: could not invalidate", error);
      });
    },
  };
}

// JSON that keeps Dates (Prisma rows and the views built from them carry them).
const DATE_TAG = "$date";

function encode(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, replaced: unknown) {
    const original = this[key];
    return original instanceof Date ? { [DATE_TAG]: original.toISOString() } : replaced;
  });
}

function decode(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const keys = Object.keys(value);
      const tagged = (value as Record<string, unknown>)[DATE_TAG];
      if (keys.length === 1 && typeof tagged === "string") return new Date(tagged);
    }
    return value;
  });
}

/**
 * Wraps services whose writes change the programme: after any call during which one of them recorded an audit entry
 * (every admin change is audited, in the transaction that makes it), the catalogue is invalidated, once the call
 * has returned and so after its transaction committed. Reads leave the cache alone.
 */
export function createProgrammeWriteTracker(invalidate: () => Promise<void>) {
  let writes = 0;
  return {
    /** Counts an audit entry; give it to the audit log the wrapped services use. */
    recorded() {
      writes += 1;
    },
    wrap<S extends object>(service: S): S {
      return new Proxy(service, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== "function") return value;
          return (...args: unknown[]) => {
            const before = writes;
            const result: unknown = Reflect.apply(value, target, args);
            if (!(result instanceof Promise)) return result;
            // Concurrent calls may see each other's writes: an extra invalidation costs one miss, a missed one
            // would show stale data, so err that way.
            const settle = async () => {
              if (writes !== before) await invalidate();
            };
            return result.then(
              async (resolved: unknown) => {
                await settle();
                return resolved;
              },
              async (error: unknown) => {
                await settle();
                throw error;
              },
            );
          };
        },
      });
    },
  };
}
