-- Marks seats sold to an owner, after PostgreSQL committed the sale (PostgreSQL decided; this only mirrors it).
-- KEYS[1] meta, KEYS[2] seats, KEYS[3] owners
-- ARGV[1] now ms, ARGV[2] owner, ARGV[3] channel, ARGV[4..] seat ids
-- Returns JSON {status="NOT_LOADED"} | {status="OK"}
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local owner = ARGV[2]
local changes, listedSet = {}, {}
local listed = redis.call('HGET', KEYS[3], owner)
local list = {}
if listed then
  for id in string.gmatch(listed, '([^,]+)') do
    if not listedSet[id] then listedSet[id] = true; list[#list + 1] = id end
  end
end
local any = false
for i = 4, #ARGV do
  local id = ARGV[i]
  if redis.call('HGET', KEYS[2], id) ~= 'S|' .. owner then
    redis.call('HSET', KEYS[2], id, 'S|' .. owner)
    changes[id] = 'sold'
    any = true
  end
  if not listedSet[id] then listedSet[id] = true; list[#list + 1] = id end
end
redis.call('HSET', KEYS[3], owner, table.concat(list, ','))
if any then
  redis.call('PUBLISH', ARGV[3], cjson.encode({ reason = 'sale', at = tonumber(ARGV[1]), seats = changes }))
end
return cjson.encode({ status = 'OK' })
