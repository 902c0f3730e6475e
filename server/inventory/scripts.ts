// The inventory's Lua scripts, registered once per Redis client with defineCommand: ioredis sends EVALSHA and falls
// back to EVAL (which loads the script) the first time a connection hasn't seen it.
import type { RedisClient } from "@/server/redis/client";
import { readLuaScript } from "@/server/redis/lua";

const definitions = {
  inventoryHold: { lua: new URL("./hold.lua", import.meta.url), keys: 5 },
  inventoryRelease: { lua: new URL("./release.lua", import.meta.url), keys: 3 },
  inventorySell: { lua: new URL("./sell.lua", import.meta.url), keys: 3 },
  inventoryExtend: { lua: new URL("./extend.lua", import.meta.url), keys: 3 },
  inventoryResync: { lua: new URL("./resync.lua", import.meta.url), keys: 3 },
  inventoryLoad: { lua: new URL("./load.lua", import.meta.url), keys: 4 },
  inventorySnapshot: { lua: new URL("./snapshot.lua", import.meta.url), keys: 2 },
  inventoryUnlock: { lua: new URL("./unlock.lua", import.meta.url), keys: 1 },
} as const;

export type ScriptName = keyof typeof definitions;
type ScriptCall = (...args: Array<string | number>) => Promise<string | number>;

export function registerScripts(redis: RedisClient): Record<ScriptName, ScriptCall> {
  const calls = {} as Record<ScriptName, ScriptCall>;
  for (const [name, { lua, keys }] of Object.entries(definitions) as Array<[ScriptName, { lua: URL; keys: number }]>) {
    if (!(name in redis)) {
      redis.defineCommand(name, { numberOfKeys: keys, lua: readLuaScript(lua) });
    }
    const command = (redis as unknown as Record<string, ScriptCall>)[name]!;
    calls[name] = command.bind(redis);
  }
  return calls;
}
