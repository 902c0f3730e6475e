// The inventory's Lua scripts, registered once per Redis client with defineCommand: ioredis sends EVALSHA and falls
// back to EVAL (which loads the script) the first time a connection hasn't seen it.
import type { RedisClient } from "@/server/redis/client";
import { readLuaScript } from "@/server/redis/lua";

const definitions = {
  inventoryHold: { file: "hold.lua", keys: 5 },
  inventoryRelease: { file: "release.lua", keys: 3 },
  inventorySell: { file: "sell.lua", keys: 3 },
  inventoryExtend: { file: "extend.lua", keys: 3 },
  inventoryResync: { file: "resync.lua", keys: 3 },
  inventoryLoad: { file: "load.lua", keys: 4 },
  inventorySnapshot: { file: "snapshot.lua", keys: 2 },
  inventoryUnlock: { file: "unlock.lua", keys: 1 },
} as const;

export type ScriptName = keyof typeof definitions;
type ScriptCall = (...args: Array<string | number>) => Promise<string | number>;

export function registerScripts(redis: RedisClient): Record<ScriptName, ScriptCall> {
  const calls = {} as Record<ScriptName, ScriptCall>;
  for (const [name, { file, keys }] of Object.entries(definitions) as Array<[ScriptName, { file: string; keys: number }]>) {
    if (!(name in redis)) {
      redis.defineCommand(name, { numberOfKeys: keys, lua: readLuaScript(`server/inventory/${file}`) });
    }
    const command = (redis as unknown as Record<string, ScriptCall>)[name]!;
    calls[name] = command.bind(redis);
  }
  return calls;
}
