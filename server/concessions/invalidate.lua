-- Forgets stock counters after PostgreSQL's stock went up or refused a sale Redis let through, and moves the epoch
-- on, so that a load which read PostgreSQL before that change can't write its stale counts back.
-- KEYS[1] the cinema's stock hash, KEYS[2] the cinema's stock epoch
-- ARGV[1] epoch TTL ms, ARGV[2..] productIds
for i = 2, #ARGV do redis.call('HDEL', KEYS[1], ARGV[i]) end
local epoch = redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], ARGV[1])
return epoch
