-- Fixed-window counter. KEYS[1]: the bucket's counter. ARGV[1]: window length in ms.
-- Returns { hits in this window, ms until the window resets }.
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  -- A key left without expiry (e.g. by a crash between INCR and PEXPIRE) must not lock anyone out forever.
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return { hits, ttl }
