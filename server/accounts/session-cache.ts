// The session state every signed-in request checks (lib/auth/next-auth.ts), cached in Redis so that a request costs a
// Redis GET rather than a PostgreSQL query. Every change to what the check reads (session version, role, disabled,
// email verified) calls `changed` after it commits, which bumps the user's generation and drops the cached state:
// the next request reads PostgreSQL again, so a bumped session version is refused at once, in every app process.
// A read that raced the change can't put the old state back (session-cache.lua compares the generation).
import type { RedisClient } from "@/server/redis/client";
import type { SessionState } from "./index";
import { luaScripts } from "./lua.generated";

/** How long a cached state lives without a change: a bound on staleness only if an invalidation was lost. */
export const SESSION_STATE_TTL_SECONDS = 60;
// Long enough to outlive any read in flight; short enough not to keep a key per user forever.
const GENERATION_TTL_SECONDS = 24 * 60 * 60;

type StoreCommand = (stateKey: string, generationKey: string, seen: string, state: string, ttl: number) => Promise<number>;

const stateKey = (userId: string) => `session-state:${userId}`;
const generationKey = (userId: string) => `session-state-generation:${userId}`;

export type SessionStateCache = ReturnType<typeof createSessionStateCache>;

export function createSessionStateCache(redis: RedisClient) {
  if (!("sessionStateStore" in redis)) {
    redis.defineCommand("sessionStateStore", { numberOfKeys: 2, lua: luaScripts["session-cache"] });
  }
  const store = (redis as unknown as { sessionStateStore: StoreCommand }).sessionStateStore.bind(redis);

  return {
    /** The cached state, or `load()`'s (then cached unless the state changed meanwhile). */
    async read(userId: string, load: () => Promise<SessionState | null>): Promise<SessionState | null> {
      let generation: string | null;
      try {
        const [cached, seen] = await redis.mget(stateKey(userId), generationKey(userId));
        if (cached) return JSON.parse(cached) as SessionState;
        generation = seen ?? null;
      } catch {
        // Redis out of reach: the check goes to PostgreSQL as it did before the cache, rather than let a revoked
        // session through or sign everyone out.
        return load();
      }
      const state = await load();
      // No account: nothing to cache (the session is refused, and a later account can't reuse the id).
      if (state) {
        await store(stateKey(userId), generationKey(userId), generation ?? "", JSON.stringify(state), SESSION_STATE_TTL_SECONDS).catch(
          () => undefined,
        );
      }
      return state;
    },

    /** Call after a change to the user's session state has committed. */
    async changed(userId: string): Promise<void> {
      // Throws if Redis can't take it, so the caller's answer says the change didn't fully apply (it is committed; a
      // retry bumps again and invalidates).
      const results = await redis
        .multi()
        .incr(generationKey(userId))
        .expire(generationKey(userId), GENERATION_TTL_SECONDS)
        .del(stateKey(userId))
        .exec();
      const failure = results?.find(([error]) => error)?.[0];
      if (!results || failure) throw failure ?? new Error("session state invalidation was aborted");
    },
  };
}
