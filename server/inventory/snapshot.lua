-- Reads every taken seat of a screening, and clears holds whose deadline (ARGV now) has passed so that the next
-- reader doesn't have to: the expiry is published like any other seat change. PostgreSQL rows are left as they
-- are: an expired hold counts as free there by its deadline, and the next hold of that seat releases the row.
-- KEYS[1] meta, KEYS[2] seats
-- ARGV[1] now ms, ARGV[2] channel
-- Returns JSON {status="NOT_LOADED"} | {status="OK", seats={seatId=state}}
if redis.call('EXISTS', KEYS[1], KEYS[2]) < 2 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local now = tonumber(ARGV[1])
local all = redis.call('HGETALL', KEYS[2])
local seats, expired, any = {}, {}, false
for i = 1, #all, 2 do
  local id, v = all[i], all[i + 1]
  if id ~= '_' then
    local kind, deadline = string.match(v, '^(%a)|[^|]+|(%d+)')
    if kind == 'H' and tonumber(deadline) <= now then
      redis.call('HDEL', KEYS[2], id)
      expired[id] = 'free'
      any = true
    else
      seats[id] = v
    end
  end
end
if any then
  redis.call('PUBLISH', ARGV[2], cjson.encode({ reason = 'expiry', at = now, seats = expired }))
end
return cjson.encode({ status = 'OK', seats = seats })
