-- Holds seats for one owner (a PENDING order) until a deadline: all or nothing, with the seat rules, atomically.
-- Time comes from ARGV (the app's clock), never from Redis, so tests can move it and every app process agrees.
--
-- KEYS[1] meta      hash: loaded marker + hall settings (maxPerOrder; preventGaps is read by the app, not here)
-- KEYS[2] layout    hash: seatId -> "kind|blocked|leftSeatId|rightSeatId" (kind S P W C, "-" = no neighbour)
-- KEYS[3] seats     hash: seatId -> "H|owner|deadlineMs|sinceMs" or "S|owner"; no field = free
-- KEYS[4] owners    hash: owner -> "seatId,seatId,..." (index, checked against KEYS[3] on every read)
-- KEYS[5] request   string: outcome of this request key (idempotency)
-- ARGV[1] now ms, ARGV[2] owner, ARGV[3] deadline ms, ARGV[4] request fingerprint, ARGV[5] request TTL ms,
-- ARGV[6] "1" = staff override (waives LIMIT, COMPANION), ARGV[7] pub/sub channel,
-- ARGV[8] "1" = run again even if the request key has a "held" outcome (the app found it never reached PostgreSQL),
-- ARGV[9..] seat ids
--
-- The outcome is stored under the request key at once, refusals as final and holds as "held" (the app checks
-- PostgreSQL before replaying one, because the process may have died before writing the tickets).
--
-- Returns JSON: {status="NOT_LOADED"} | {status="REPLAY", record={...}} | {status="REFUSED", code=..., seats=...}
--             | {status="OK", fresh=[...], mine=[...], sold=[...], expiredOthers=[...], deadlines={...}, waived=[...]}
local now = tonumber(ARGV[1])
local owner = ARGV[2]
local deadline = tonumber(ARGV[3])
local override = ARGV[6] == '1'

-- Loaded means all four keys are there (load.lua creates them together; a key lost alone, e.g. evicted, counts as
-- "not loaded" so that the state is rebuilt rather than half-read).
if redis.call('EXISTS', KEYS[1], KEYS[2], KEYS[3], KEYS[4]) < 4 then
  return cjson.encode({ status = 'NOT_LOADED' })
end

local record = redis.call('GET', KEYS[5])
if record then
  local r = cjson.decode(record)
  if r.fp ~= ARGV[4] then
    return cjson.encode({ status = 'REFUSED', code = 'KEY_REUSED' })
  end
  if r.state ~= 'held' or ARGV[8] ~= '1' then
    return cjson.encode({ status = 'REPLAY', record = r })
  end
end

local function refuse(answer)
  answer.status = 'REFUSED'
  local encoded = cjson.encode(answer)
  -- Retries come within seconds; a refusal is kept for 5 minutes at most, so a flood of refusals can't pile up.
  local ttl = math.min(tonumber(ARGV[5]), 300000)
  -- The record embeds the answer as encoded once (the refused path is the hot one under a rush).
  redis.call('SET', KEYS[5], '{"fp":' .. cjson.encode(ARGV[4]) .. ',"state":"refused","refusal":' .. encoded .. '}', 'PX', ttl)
  return encoded
end

-- Layout entries "kind|blocked|left|right" parsed into { kind, blocked, left, right }, read at most once per seat.
local layoutCache = {}
local function parseLayout(id, v)
  if not v then
    layoutCache[id] = false
    return nil
  end
  local kind, isBlocked, left, right = string.match(v, '^([^|]*)|([^|]*)|([^|]*)|([^|]*)$')
  local entry = { kind = kind, blocked = isBlocked == '1' }
  if left ~= '-' then entry.left = left end
  if right ~= '-' then entry.right = right end
  layoutCache[id] = entry
  return entry
end
local function layout(id)
  if not id then return nil end
  local cached = layoutCache[id]
  if cached ~= nil then return cached or nil end
  return parseLayout(id, redis.call('HGET', KEYS[2], id))
end

-- A seat's state "H|owner|deadline|since" or "S|owner": its kind, owner and (for a hold) deadline.
local function parseState(v)
  local kind, who, deadline = string.match(v, '^(%a)|([^|]+)|?(%d*)')
  return kind, who, tonumber(deadline)
end

-- free | mine | mine_expired | mine_sold | other | other_expired
local function classify(v)
  if not v then return 'free' end
  local kind, who, deadline = parseState(v)
  if kind == 'S' then
    if who == owner then return 'mine_sold' end
    return 'other'
  end
  local expired = deadline <= now
  if who == owner then
    if expired then return 'mine_expired' end
    return 'mine'
  end
  if expired then return 'other_expired' end
  return 'other'
end

local ids = {}
for i = 9, #ARGV do ids[#ids + 1] = ARGV[i] end
if #ids == 0 then return cjson.encode({ status = 'REFUSED', code = 'EMPTY' }) end

-- One read for the requested seats' states and one for their layout entries.
local values = redis.call('HMGET', KEYS[3], unpack(ids))
local layouts = redis.call('HMGET', KEYS[2], unpack(ids))
local unknown, blocked, taken = {}, {}, {}
local fresh, mine, sold, expiredOthers = {}, {}, {}, {}
local deadlines = {}
for i, id in ipairs(ids) do
  local l = layoutCache[id]
  if l == nil then l = parseLayout(id, layouts[i]) end
  if not l then
    unknown[#unknown + 1] = id
  elseif l.blocked then
    blocked[#blocked + 1] = id
  else
    local c = classify(values[i])
    if c == 'other' then
      taken[#taken + 1] = id
    elseif c == 'mine' then
      mine[#mine + 1] = id
      local _, _, deadline = parseState(values[i])
      deadlines[id] = deadline
    elseif c == 'mine_sold' then
      sold[#sold + 1] = id
    else
      fresh[#fresh + 1] = id
      deadlines[id] = deadline
      if c == 'other_expired' then expiredOthers[#expiredOthers + 1] = id end
    end
  end
end
if #unknown > 0 then return refuse({ code = 'UNKNOWN_SEAT', seats = unknown }) end
if #blocked > 0 then return refuse({ code = 'BLOCKED', seats = blocked }) end
if #taken > 0 then return refuse({ code = 'TAKEN', seats = taken }) end

-- The owner's seats after this hold: what they still hold or have bought, plus the request.
local held, heldList = {}, {}
local listed = redis.call('HGET', KEYS[4], owner)
if listed then
  local previous = {}
  for id in string.gmatch(listed, '([^,]+)') do previous[#previous + 1] = id end
  if #previous > 0 then
    local states = redis.call('HMGET', KEYS[3], unpack(previous))
    for i, id in ipairs(previous) do
      local c = classify(states[i])
      if (c == 'mine' or c == 'mine_sold') and not held[id] then
        held[id] = true
        heldList[#heldList + 1] = id
      end
    end
  end
end
for _, id in ipairs(ids) do
  if not held[id] then
    held[id] = true
    heldList[#heldList + 1] = id
  end
end

local violations = {}
local maxPerOrder = tonumber(redis.call('HGET', KEYS[1], 'maxPerOrder'))
if #heldList > maxPerOrder then
  violations[#violations + 1] = { code = 'LIMIT', limit = maxPerOrder, count = #heldList }
end

-- A companion seat goes with the wheelchair space next to it: the same owner must hold (or have bought) that space.
local lonely = {}
for _, id in ipairs(fresh) do
  local l = layout(id)
  if l.kind == 'C' then
    local paired = false
    for _, n in ipairs({ l.left or '', l.right or '' }) do
      local ln = layout(n ~= '' and n or nil)
      if ln and ln.kind == 'W' and held[n] then paired = true end
    end
    if not paired then lonely[#lonely + 1] = id end
  end
end
if #lonely > 0 then violations[#violations + 1] = { code = 'COMPANION', seats = lonely } end

-- The single-gap rule is not checked here: a buyer who wants G6 and G7 may click G6 first. It is checked for the
-- whole selection when the order is committed (inventory.checkSelectionRules, called by checkout and the counter
-- sale), and the seat map warns before that.

local waived = {}
if #violations > 0 then
  if not override then
    local first = violations[1]
    return refuse({ code = first.code, seats = first.seats, limit = first.limit, count = first.count })
  end
  for _, v in ipairs(violations) do waived[#waived + 1] = v.code end
end

local changes = {}
for _, id in ipairs(fresh) do
  redis.call('HSET', KEYS[3], id, 'H|' .. owner .. '|' .. ARGV[3] .. '|' .. ARGV[1])
  changes[id] = 'held'
end
redis.call('HSET', KEYS[4], owner, table.concat(heldList, ','))
redis.call('SET', KEYS[5], cjson.encode({ fp = ARGV[4], state = 'held', deadlines = deadlines, sold = sold,
  waived = waived }), 'PX', ARGV[5])
if #fresh > 0 then
  redis.call('PUBLISH', ARGV[7], cjson.encode({ reason = 'hold', at = now, seats = changes }))
end
return cjson.encode({ status = 'OK', fresh = fresh, mine = mine, sold = sold, expiredOthers = expiredOthers,
  deadlines = deadlines, waived = waived })
