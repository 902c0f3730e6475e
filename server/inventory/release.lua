-- Frees seats an owner holds (after PostgreSQL released them, or a web hold that only Redis has). Seats held by
-- someone else or sold are left alone.
-- KEYS[1] meta, KEYS[2] seats, KEYS[3] owners
-- ARGV[1] now ms, ARGV[2] owner, ARGV[3] channel, ARGV[4..] seat ids (none: every seat the owners index lists)
-- Returns JSON {status="NOT_LOADED"} | {status="OK", freed=[...]}
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local owner = ARGV[2]
local freed, gone, changes = {}, {}, {}
local ids = {}
for i = 4, #ARGV do ids[#ids + 1] = ARGV[i] end
local listed = redis.call('HGET', KEYS[3], owner)
if #ids == 0 and listed then
  for id in string.gmatch(listed, '([^,]+)') do ids[#ids + 1] = id end
end
-- One read of the seats' states and one delete of those held by this owner.
local prefix = 'H|' .. owner .. '|'
local values = #ids > 0 and redis.call('HMGET', KEYS[2], unpack(ids)) or {}
for i, id in ipairs(ids) do
  local v = values[i]
  if v and not gone[id] and string.sub(v, 1, #prefix) == prefix then
    freed[#freed + 1] = id
    gone[id] = true
    changes[id] = 'free'
  end
end
if #freed > 0 then redis.call('HDEL', KEYS[2], unpack(freed)) end
if listed then
  local keep = {}
  for id in string.gmatch(listed, '([^,]+)') do
    if not gone[id] then keep[#keep + 1] = id end
  end
  if #keep > 0 then redis.call('HSET', KEYS[3], owner, table.concat(keep, ',')) else redis.call('HDEL', KEYS[3], owner) end
end
if #freed > 0 then
  redis.call('PUBLISH', ARGV[3], cjson.encode({ reason = 'release', at = tonumber(ARGV[1]), seats = changes }))
end
return cjson.encode({ status = 'OK', freed = freed })
