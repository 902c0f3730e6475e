import { Redis } from "ioredis";
import { env } from "@/server/config/env";

export type RedisClient = Redis;

export function createRedis(options: { url?: string; keyPrefix?: string } = {}): RedisClient {
  return new Redis(options.url ?? env().REDIS_URL, {
    keyPrefix: options.keyPrefix ?? env().REDIS_KEY_PREFIX,
    // `next build` evaluates server modules; connecting there would make builds depend on a running Redis.
    lazyConnect: true,
    enableAutoPipelining: true,
    // With Redis down, a request must fail in about a second and answer 503, not hang: a command queued while
    // ioredis reconnects gives up after two reconnect attempts, which are at most half a second apart; a blackholed
    // host fails the connect in two seconds; and no command waits more than three (Marquee issues no blocking
    // commands: its scripts take milliseconds).
    maxRetriesPerRequest: 2,
    retryStrategy: (attempt: number) => Math.min(attempt * 100, 500),
    connectTimeout: 2_000,
    commandTimeout: 3_000,
  });
}

const globalForRedis = globalThis as unknown as { marqueeRedis?: RedisClient };

export function redis(): RedisClient {
  globalForRedis.marqueeRedis ??= createRedis();
  return globalForRedis.marqueeRedis;
}
