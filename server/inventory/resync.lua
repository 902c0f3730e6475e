-- Copies PostgreSQL's word on some seats into Redis after the two disagreed (PostgreSQL refused a hold Redis had
-- allowed). A seat PostgreSQL says is free is cleared only if the refused requester holds it in Redis, so that a
-- hold another request is taking right now is left alone.
-- KEYS[1] meta, KEYS[2] seats, KEYS[3] owners
-- ARGV[1] now ms, ARGV[2] refused requester (owner), ARGV[3] channel, ARGV[4..] pairs: seat id, state ("" = free)
-- Returns JSON {status="NOT_LOADED"} | {status="OK"}
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local requester = ARGV[2]
local changes, any = {}, false
local function addToOwner(o, id)
  local listed = redis.call('HGET', KEYS[3], o)
  if not listed then
    redis.call('HSET', KEYS[3], o, id)
    return
  end
  for existing in string.gmatch(listed, '([^,]+)') do
    if existing == id then return end
  end
  redis.call('HSET', KEYS[3], o, listed .. ',' .. id)
end
for i = 4, #ARGV - 1, 2 do
  local id, state = ARGV[i], ARGV[i + 1]
  local current = redis.call('HGET', KEYS[2], id)
  if state ~= '' then
    if current ~= state then
      redis.call('HSET', KEYS[2], id, state)
      local kind, o = string.match(state, '^(%a)|([^|]+)')
      addToOwner(o, id)
      changes[id] = (kind == 'S') and 'sold' or 'held'
      any = true
    end
  elseif current and string.match(current, '^H|([^|]+)') == requester then
    redis.call('HDEL', KEYS[2], id)
    changes[id] = 'free'
    any = true
  end
end
if any then
  redis.call('PUBLISH', ARGV[3], cjson.encode({ reason = 'resync', at = tonumber(ARGV[1]), seats = changes }))
end
return cjson.encode({ status = 'OK' })
