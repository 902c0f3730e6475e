-- Counts the seats one client holds across the whole programme and refuses a hold that would take it past a limit:
-- per holder (cookie or account), per client address, per /24 (IPv4) or /64 (IPv6) network, and per screening per
-- address. Atomic over all four, so parallel holds from one client can't each see room for themselves.
--
-- Each counter is a sorted set of "<orderId>|<seatId>" members scored by the hold's deadline (ms): a member whose
-- deadline has passed no longer counts (and is pruned here), so the counts heal by themselves when holds run out,
-- whatever happens to the releases that should have removed them. Key TTLs are housekeeping only.
--
-- KEYS[1] holder zset, KEYS[2] address zset, KEYS[3] network zset, KEYS[4] address+screening zset,
-- KEYS[5] order index hash (subject key -> "1": where this order's members are, for releases and sales)
-- ARGV[1] now ms, ARGV[2] deadline ms, ARGV[3] key TTL ms, ARGV[4..7] the four limits (in KEYS order),
-- ARGV[8..11] the four subject keys as the app names them (without the client's key prefix, for the index),
-- ARGV[12..] members
--
-- Returns JSON: {status="OK", added=[members new to any counter]}
--             | {status="REFUSED", subject="holder"|"address"|"network"|"screening", limit=n, count=n, nextFreeAt=ms}
local now = tonumber(ARGV[1])
local deadline = tonumber(ARGV[2])
local ttl = tonumber(ARGV[3])
local subjects = { 'holder', 'address', 'network', 'screening' }

local members = {}
for i = 12, #ARGV do members[#members + 1] = ARGV[i] end

local newIn = {}
for k = 1, 4 do
  redis.call('ZREMRANGEBYSCORE', KEYS[k], '-inf', now)
  local count = redis.call('ZCARD', KEYS[k])
  local new = {}
  for _, m in ipairs(members) do
    if not redis.call('ZSCORE', KEYS[k], m) then new[#new + 1] = m end
  end
  local limit = tonumber(ARGV[3 + k])
  if count + #new > limit then
    local first = redis.call('ZRANGE', KEYS[k], 0, 0, 'WITHSCORES')
    return cjson.encode({ status = 'REFUSED', subject = subjects[k], limit = limit, count = count,
      nextFreeAt = tonumber(first[2] or now) })
  end
  newIn[k] = new
end

local added, seen = {}, {}
for k = 1, 4 do
  for _, m in ipairs(newIn[k]) do
    redis.call('ZADD', KEYS[k], deadline, m)
    if not seen[m] then
      seen[m] = true
      added[#added + 1] = m
    end
  end
  redis.call('PEXPIRE', KEYS[k], ttl)
  redis.call('HSET', KEYS[5], ARGV[7 + k], '1')
end
redis.call('PEXPIRE', KEYS[5], ttl)
return cjson.encode({ status = 'OK', added = added })
