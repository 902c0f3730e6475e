-- Moves the deadline of an owner's holds (the seats PostgreSQL says the owner holds) later, all or nothing.
-- A hold that expired can still be extended while nobody else has taken the seat.
-- KEYS[1] meta, KEYS[2] seats, KEYS[3] owners
-- ARGV[1] now ms, ARGV[2] owner, ARGV[3] new deadline ms, ARGV[4] channel, ARGV[5..] seat ids
-- Returns JSON {status="NOT_LOADED"} | {status="LOST", seats=[...]} | {status="OK", deadlines={...}}
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local now = tonumber(ARGV[1])
local owner = ARGV[2]
local deadline = tonumber(ARGV[3])
local function split(s, sep)
  local out = {}
  for part in string.gmatch(s, '([^' .. sep .. ']+)') do out[#out + 1] = part end
  return out
end
local lost, plan = {}, {}
for i = 5, #ARGV do
  local id = ARGV[i]
  local v = redis.call('HGET', KEYS[2], id)
  if not v then
    plan[#plan + 1] = { id = id, since = ARGV[1], deadline = deadline, appeared = true }
  else
    local p = split(v, '|')
    if p[1] == 'S' then
      if p[2] ~= owner then lost[#lost + 1] = id end
    elseif p[2] == owner then
      local current = tonumber(p[3])
      plan[#plan + 1] = { id = id, since = p[4], deadline = math.max(current, deadline), appeared = current <= now }
    elseif tonumber(p[3]) <= now then
      plan[#plan + 1] = { id = id, since = ARGV[1], deadline = deadline, appeared = true }
    else
      lost[#lost + 1] = id
    end
  end
end
if #lost > 0 then return cjson.encode({ status = 'LOST', seats = lost }) end
local deadlines, changes, any = {}, {}, false
local listed = redis.call('HGET', KEYS[3], owner) or ''
local listedSet = {}
for id in string.gmatch(listed, '([^,]+)') do listedSet[id] = true end
for _, step in ipairs(plan) do
  redis.call('HSET', KEYS[2], step.id, 'H|' .. owner .. '|' .. string.format('%d', step.deadline) .. '|' .. step.since)
  deadlines[step.id] = step.deadline
  if step.appeared then changes[step.id] = 'held'; any = true end
  if not listedSet[step.id] then
    listedSet[step.id] = true
    listed = (listed == '' and step.id) or (listed .. ',' .. step.id)
  end
end
if listed ~= '' then redis.call('HSET', KEYS[3], owner, listed) end
if any then
  redis.call('PUBLISH', ARGV[4], cjson.encode({ reason = 'extend', at = now, seats = changes }))
end
return cjson.encode({ status = 'OK', deadlines = deadlines })
