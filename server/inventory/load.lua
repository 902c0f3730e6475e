-- Loads a screening's state (rebuilt from PostgreSQL by the app) in one atomic step. The state counts as loaded only
-- while all four keys exist; every other script refuses to write otherwise, so nothing can interleave with a load.
-- KEYS[1] meta, KEYS[2] layout, KEYS[3] seats, KEYS[4] owners
-- ARGV[1] "1" = replace a loaded state, "0" = only if not loaded; ARGV[2] TTL ms (housekeeping only);
-- ARGV[3] maxPerOrder, ARGV[4] preventGaps "1"/"0", ARGV[5] channel, ARGV[6] now ms,
-- ARGV[7] L, then L layout pairs; then S, then S seat pairs; then O, then O owner pairs
-- Returns "LOADED" or "ALREADY_LOADED"
if ARGV[1] ~= '1' and redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3], KEYS[4]) == 4 then
  return 'ALREADY_LOADED'
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
redis.call('HSET', KEYS[1], 'loaded', '1', 'maxPerOrder', ARGV[3], 'preventGaps', ARGV[4], 'loadedAt', ARGV[6])
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
redis.call('PUBLISH', ARGV[5], cjson.encode({ reason = 'rebuild', at = tonumber(ARGV[6]), seats = { _ = 'reload' } }))
return 'LOADED'
