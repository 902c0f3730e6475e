-- The checkout's Redis step: every seat must still be this owner's live hold (deadline after ARGV now); then all of
-- them move to one checkout deadline, never past ARGV maxHold after the earliest of them was first held and never
-- earlier than they were. All or nothing. Unlike extend.lua, a seat that is missing or whose hold ran out is LOST
-- even if nobody took it: before checkout a web hold lives only in Redis, so a missing entry (a flush) is a hold
-- that is gone, and the buyer is told rather than handed a seat they no longer held.
-- KEYS[1] meta, KEYS[2] seats, KEYS[3] owners
-- ARGV[1] now ms, ARGV[2] owner, ARGV[3] wanted deadline ms, ARGV[4] max hold ms, ARGV[5] channel, ARGV[6..] seat ids
-- Returns JSON {status="NOT_LOADED"} | {status="LOST", seats=[...]} | {status="REFUSED", code="HOLD_LIMIT"}
--            | {status="OK", deadlines={...}, since={...}}
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3]) < 3 then
  return cjson.encode({ status = 'NOT_LOADED' })
end
local now = tonumber(ARGV[1])
local owner = ARGV[2]
local lost, plan = {}, {}
local earliest = nil
for i = 6, #ARGV do
  local id = ARGV[i]
  local v = redis.call('HGET', KEYS[2], id)
  local kind, who, deadline, since
  if v then kind, who, deadline, since = string.match(v, '^(%a)|([^|]+)|?(%d*)|?(%d*)') end
  if kind == 'H' and who == owner and tonumber(deadline) > now then
    plan[#plan + 1] = { id = id, deadline = tonumber(deadline), since = since }
    local s = tonumber(since)
    if earliest == nil or s < earliest then earliest = s end
  else
    lost[#lost + 1] = id
  end
end
if #lost > 0 then return cjson.encode({ status = 'LOST', seats = lost }) end
local target = math.min(tonumber(ARGV[3]), earliest + tonumber(ARGV[4]))
if target <= now then return cjson.encode({ status = 'REFUSED', code = 'HOLD_LIMIT' }) end
local deadlines, since = {}, {}
for _, step in ipairs(plan) do
  local d = math.max(step.deadline, target)
  redis.call('HSET', KEYS[2], step.id, 'H|' .. owner .. '|' .. string.format('%d', d) .. '|' .. step.since)
  deadlines[step.id] = d
  since[step.id] = tonumber(step.since)
end
return cjson.encode({ status = 'OK', deadlines = deadlines, since = since })
