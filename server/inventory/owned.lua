-- Reads the seats one owner (an order) holds or has bought, from the owners index checked against the seats: what a
-- web basket holds before checkout lives only here (docs/inventory.md, "Holds until checkout").
-- KEYS[1] meta, KEYS[2] seats, KEYS[3] owners
-- ARGV[1] owner
-- Returns JSON {status="NOT_LOADED"} | {status="OK", seats={seatId="H|owner|deadline|since" or "S|owner"}}
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local owner = ARGV[1]
local seats = {}
local listed = redis.call('HGET', KEYS[3], owner) or ''
for id in string.gmatch(listed, '([^,]+)') do
  local v = redis.call('HGET', KEYS[2], id)
  if v and string.sub(v, 3, 2 + #owner + 1) == owner .. '|' then seats[id] = v end
  if v and v == 'S|' .. owner then seats[id] = v end
end
return cjson.encode({ status = 'OK', seats = seats })
