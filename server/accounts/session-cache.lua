-- Stores a user's session state read from PostgreSQL, unless the state changed while it was being read.
-- KEYS[1] the cached state, KEYS[2] the user's generation counter (INCR'd after every change)
-- ARGV[1] the generation seen before the read ("" if there was none), ARGV[2] the state (JSON), ARGV[3] TTL seconds
-- A reader that read PostgreSQL before a change commits saw the generation from before it; the change's INCR makes
-- this refuse the stale write (and its DEL removes a write that got in before the INCR).
local generation = redis.call("GET", KEYS[2]) or ""
if generation ~= ARGV[1] then return 0 end
redis.call("SET", KEYS[1], ARGV[2], "EX", tonumber(ARGV[3]))
return 1
