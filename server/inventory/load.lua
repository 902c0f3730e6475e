-- Loads a screening's state (rebuilt from PostgreSQL by the app) in one atomic step. The state counts as loaded only
-- while all four keys exist; every other script refuses to write otherwise, so nothing can interleave with a load.
-- KEYS[1] meta, KEYS[2] layout, KEYS[3] seats, KEYS[4] owners
-- ARGV[1] "1" = replace a loaded state, "0" = only if not loaded; ARGV[2] TTL ms (housekeeping only);
-- ARGV[3] maxPerOrder, ARGV[4] preventGaps "1"/"0", ARGV[5] channel, ARGV[6] now ms,
-- ARGV[7] L, then L layout pairs; then S, then S seat pairs; then O, then O owner pairs
-- Returns "LOADED" or "ALREADY_LOADED"
--
-- Holds that live only in Redis (web baskets before checkout) are not in what the app read from PostgreSQL, so the
-- unexpired holds already here are kept: unless PostgreSQL now has a live ticket on the seat (the loaded entry wins)
-- or the seat is blocked or gone from the layout. After a flush there is nothing here to keep: those holds are lost.
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3], KEYS[4]) == 4 then
  return 'ALREADY_LOADED'
end
local now = tonumber(ARGV[6])
local kept = {}
local old = redis.call('HGETALL', KEYS[3])
for i = 1, #old, 2 do
  local owner, deadline = string.match(old[i + 1], '^H|([^|]+)|(%d+)|')
  if owner and tonumber(deadline) > now then kept[#kept + 1] = { id = old[i], owner = owner, value = old[i + 1] } end
end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
local function loadPairs(key, start)
  local count = tonumber(ARGV[start])
  -- "_" keeps the hash (and its TTL) alive when it has no real entries.
  local batch = { '_', '' }
  for i = 0, count - 1 do
    batch[#batch + 1] = ARGV[start + 1 + 2 * i]
    batch[#batch + 1] = ARGV[start + 2 + 2 * i]
    if #batch >= 400 then
      redis.call('HSET', key, unpack(batch))
      batch = {}
    end
  end
  if #batch > 0 then redis.call('HSET', key, unpack(batch)) end
  return start + 1 + 2 * count
end
local next = loadPairs(KEYS[2], 7)
next = loadPairs(KEYS[3], next)
loadPairs(KEYS[4], next)
for _, k in ipairs(kept) do
  local place = redis.call('HGET', KEYS[2], k.id)
  if place and string.sub(place, 3, 3) ~= '1' and redis.call('HEXISTS', KEYS[3], k.id) == 0 then
    redis.call('HSET', KEYS[3], k.id, k.value)
    local listed = redis.call('HGET', KEYS[4], k.owner)
    redis.call('HSET', KEYS[4], k.owner, (listed and listed ~= '') and (listed .. ',' .. k.id) or k.id)
  end
end
redis.call('HSET', KEYS[1], 'loaded', '1', 'maxPerOrder', ARGV[3], 'preventGaps', ARGV[4], 'loadedAt', ARGV[6])
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
redis.call('PUBLISH', ARGV[5], cjson.encode({ reason = 'rebuild', at = tonumber(ARGV[6]), seats = { _ = 'reload' } }))
return 'LOADED'
