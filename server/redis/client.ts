import { Redis } from "ioredis";
import { env } from "@/server/config/env";

export type RedisClient = Redis;

export function createRedis(options: { url?: string; keyPrefix?: string } = {}): RedisClient {
  return new Redis(options.url ?? env().REDIS_URL, {
    keyPrefix: options.keyPrefix ?? env().REDIS_KEY_PREFIX,
    // `next build` evaluates server modules; connecting there would make builds depend on a running Redis.
    lazyConnect: true,
    maxRetriesPerRequest: 2,
    enableAutoPipelining: true,
  });
}

const globalForRedis = globalThis as unknown as { marqueeRedis?: RedisClient };

export function redis(): RedisClient {
  globalForRedis.marqueeRedis ??= createRedis();
  return globalForRedis.marqueeRedis;
}
