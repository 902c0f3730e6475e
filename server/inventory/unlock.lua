-- Deletes a lock only if it is still ours (another process may have taken it over after it expired).
-- KEYS[1] lock, ARGV[1] token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
