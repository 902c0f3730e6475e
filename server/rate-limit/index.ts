import type { RedisClient } from "@/server/redis/client";
import { serviceUnavailable, tooManyRequests } from "@/server/errors";
import { isRedisUnreachable, redisIsDown } from "@/server/redis/errors";
import { rateLimitRule, type RateLimitName } from "./limits";
import { luaScripts } from "./lua.generated";

export { accountAndIpSubject, rateLimitRule, rateLimits, rateLimitSubjects } from "./limits";
export type { RateLimitName, RateLimitRule, RateLimitSubject } from "./limits";

type ConsumeCommand = (key: string, windowMs: number) => Promise<[number, number]>;

export function createRateLimiter(redis: RedisClient) {
  if (!("rateLimitConsume" in redis)) {
    // consume.lua, embedded by scripts/generate-lua.mjs so that every bundle carries it.
    redis.defineCommand("rateLimitConsume", { numberOfKeys: 1, lua: luaScripts.consume });
  }
  const consumeScript = (redis as unknown as { rateLimitConsume: ConsumeCommand }).rateLimitConsume.bind(redis);
  const keyFor = (bucket: string, subject: string) => `ratelimit:${bucket}:${subject.toLowerCase()}`;

  return {
    /** Counts one attempt of `subject` against the named limit; throws TOO_MANY_REQUESTS once it is passed. */
    async consume(name: RateLimitName, subject: string): Promise<void> {
      const rule = rateLimitRule(name);
      // Redis can't count: every limit fails closed (README.md says why for each).
      const outage = (cause: unknown) =>
        Object.assign(serviceUnavailable(undefined, { reason: "RATE_LIMIT_UNAVAILABLE", limit: name }), { cause });
      // While ioredis reconnects, Redis is known to be down: answer at once rather than queue.
      if (redisIsDown(redis)) throw outage(new Error(`Redis is ${redis.status}`));
      let hits: number;
      let ttlMs: number;
      try {
        [hits, ttlMs] = await consumeScript(keyFor(name, subject), rule.windowSeconds * 1000);
      } catch (error) {
        throw isRedisUnreachable(error) ? outage(error) : error;
      }
      if (hits > rule.limit) throw tooManyRequests(Math.max(1, Math.ceil(ttlMs / 1000)));
    },
    /** Forgets a subject's attempts, e.g. after a successful sign-in. */
    async reset(name: RateLimitName, subject: string): Promise<void> {
      await redis.del(keyFor(name, subject));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
