// The inventory's Lua scripts, registered once per Redis client with defineCommand: ioredis sends EVALSHA and falls
// back to EVAL (which loads the script) the first time a connection hasn't seen it. The scripts are the .lua files
// beside this module, embedded as strings (lua.generated.ts, from scripts/generate-lua.mjs) so that every bundle
// carries them and nothing is read from disk at run time.
import type { RedisClient } from "@/server/redis/client";
import { luaScripts } from "./lua.generated";

const definitions = {
  inventoryHold: { lua: luaScripts.hold, keys: 5 },
  inventoryRelease: { lua: luaScripts.release, keys: 3 },
  inventorySell: { lua: luaScripts.sell, keys: 3 },
  inventoryExtend: { lua: luaScripts.extend, keys: 3 },
  inventoryCheckout: { lua: luaScripts.checkout, keys: 3 },
  inventoryOwned: { lua: luaScripts.owned, keys: 3 },
  inventoryResync: { lua: luaScripts.resync, keys: 3 },
  inventoryLoad: { lua: luaScripts.load, keys: 4 },
  inventorySnapshot: { lua: luaScripts.snapshot, keys: 2 },
  inventoryUnlock: { lua: luaScripts.unlock, keys: 1 },
  inventoryQuota: { lua: luaScripts.quota, keys: 5 },
} as const;

export type ScriptName = keyof typeof definitions;
type ScriptCall = (...args: Array<string | number>) => Promise<string | number>;

export function registerScripts(redis: RedisClient): Record<ScriptName, ScriptCall> {
  const calls = {} as Record<ScriptName, ScriptCall>;
  for (const [name, { lua, keys }] of Object.entries(definitions) as Array<[ScriptName, { lua: string; keys: number }]>) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys, lua });
    const command = (redis as unknown as Record<string, ScriptCall>)[name]!;
    calls[name] = command.bind(redis);
  }
  return calls;
}
