-- Loads stock counters read from PostgreSQL, unless something changed the stock since the caller read the epoch
-- (a restock, a give-back, a refused sale): then the counts read may be stale and the caller reads them again.
-- KEYS[1] the cinema's stock hash, KEYS[2] the cinema's stock epoch
-- ARGV[1] the epoch read before PostgreSQL was, ARGV[2] TTL ms, ARGV[3..] pairs: productId, quantity
-- Returns "LOADED" or "STALE"
local epoch = redis.call('GET', KEYS[2]) or '0'
if epoch ~= ARGV[1] then return 'STALE' end
for i = 3, #ARGV, 2 do
  -- HSETNX: a counter already there is as fresh as this one and may already count sales in flight.
  redis.call('HSETNX', KEYS[1], ARGV[i], ARGV[i + 1])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 'LOADED'
