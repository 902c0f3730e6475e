import { env } from "@/server/config/env";
import type { RedisClient } from "@/server/redis/client";
import { readLuaScript } from "@/server/redis/lua";
import { tooManyRequests } from "@/server/errors";

export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

// The limits Marquee applies. Sign-in and code requests are limited both per client address and per account, so
// that neither one address spraying many accounts nor many addresses hammering one account gets through.
export const rateLimits = {
  signInPerIp: { limit: 20, windowSeconds: 15 * 60 },
  signInPerAccount: { limit: 8, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 10, windowSeconds: 60 * 60 },
  codeRequestPerIp: { limit: 20, windowSeconds: 60 * 60 },
  codeRequestPerAccount: { limit: 5, windowSeconds: 60 * 60 },
  codeAttemptPerIp: { limit: 30, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

// Seat holds: generous for a person clicking seats, tight for a script sweeping a screening. Deployments behind one
// shared address (a box office LAN, a load test) raise them through the environment.
export function holdRateLimits(): { perHolder: RateLimitRule; perIp: RateLimitRule } {
  const settings = env();
  return {
    perHolder: { limit: settings.HOLD_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 },
    perIp: { limit: settings.HOLD_RATE_LIMIT_PER_IP_PER_MINUTE, windowSeconds: 60 },
  };
}

type ConsumeCommand = (key: string, windowMs: number) => Promise<[number, number]>;

export function createRateLimiter(redis: RedisClient) {
  if (!("rateLimitConsume" in redis)) {
    redis.defineCommand("rateLimitConsume", { numberOfKeys: 1, lua: readLuaScript("server/rate-limit/consume.lua") });
  }
  const consumeScript = (redis as unknown as { rateLimitConsume: ConsumeCommand }).rateLimitConsume.bind(redis);
  const keyFor = (bucket: string, subject: string) => `ratelimit:${bucket}:${subject.toLowerCase()}`;

  return {
    /** Counts one attempt; throws TOO_MANY_REQUESTS once the window's limit is passed. */
    async consume(bucket: keyof typeof rateLimits | string, subject: string, rule: RateLimitRule): Promise<void> {
      const [hits, ttlMs] = await consumeScript(keyFor(bucket, subject), rule.windowSeconds * 1000);
      if (hits > rule.limit) throw tooManyRequests(Math.max(1, Math.ceil(ttlMs / 1000)));
    },
    /** Forgets a subject's attempts, e.g. after a successful sign-in. */
    async reset(bucket: string, subject: string): Promise<void> {
      await redis.del(keyFor(bucket, subject));
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
