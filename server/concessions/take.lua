-- The fast gate in front of PostgreSQL: takes every line of an order from a cinema's stock counters, or none.
-- KEYS[1] the cinema's stock hash (productId -> quantity on the shelf, as far as Redis knows)
-- ARGV[1..] pairs: productId, quantity
-- Returns JSON {status="OK"} | {status="MISSING", products={...}} (not loaded: load from PostgreSQL, then retry)
--   | {status="SHORT", products={...}} (refused: PostgreSQL is not touched)
local missing, short = {}, {}
for i = 1, #ARGV, 2 do
  local have = redis.call('HGET', KEYS[1], ARGV[i])
  if not have then
    missing[#missing + 1] = ARGV[i]
  elseif tonumber(have) < tonumber(ARGV[i + 1]) then
    short[#short + 1] = ARGV[i]
  end
end
if #missing > 0 then return cjson.encode({ status = 'MISSING', products = missing }) end
if #short > 0 then return cjson.encode({ status = 'SHORT', products = short }) end
for i = 1, #ARGV, 2 do
  redis.call('HINCRBY', KEYS[1], ARGV[i], -tonumber(ARGV[i + 1]))
end
return cjson.encode({ status = 'OK' })
