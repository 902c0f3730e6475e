// A Redis lock: SET NX PX with a random token, released only by the holder of that token, so a process whose run
// outlived the lease can never release the lock another process took after it expired. The compare-and-delete is the
// inventory's own unlock.lua (its rebuild lock works the same way), reused rather than copied.
import { randomBytes } from "node:crypto";
import type { RedisClient } from "@/server/redis/client";
import { luaScripts } from "@/server/inventory/lua.generated";

type UnlockCommand = (key: string, token: string) => Promise<number>;

export interface HeldLock {
  token: string;
  /** Releases the lock if it is still ours; true if it was. */
  release(): Promise<boolean>;
}

export function createLocks(redis: RedisClient) {
  if (!("recoveryUnlock" in redis)) {
    redis.defineCommand("recoveryUnlock", { numberOfKeys: 1, lua: luaScripts.unlock });
  }
  const unlock = (redis as unknown as { recoveryUnlock: UnlockCommand }).recoveryUnlock.bind(redis);

  /** Takes `key` for `ttlMs` if nobody holds it; null if someone does. */
  async function acquire(key: string, ttlMs: number): Promise<HeldLock | null> {
    const token = randomBytes(16).toString("hex");
    const taken = await redis.set(key, token, "PX", ttlMs, "NX");
    if (taken !== "OK") return null;
    return { token, release: async () => (await unlock(key, token)) === 1 };
  }

  return { acquire };
}
