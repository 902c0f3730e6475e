-- Stores a holder's open web basket read from (or just created in) PostgreSQL, unless that would bring back a basket
-- that has been closed or overwrite a newer one.
-- KEYS[1] the entry: "open|<orderId>|<reference>|<expiresAtMs>" or "closed|<orderId>"
-- ARGV[1] the order id, ARGV[2] the entry to store, ARGV[3] TTL ms,
-- ARGV[4] "created" (the basket was created just now, under the holder's lock) or "read" (found by a read)
-- A read fills only an empty entry: it may have read PostgreSQL before a checkout closed the basket, and a newer
-- basket's entry or a closed mark must win. A creation replaces the entry unless this very basket was closed since.
local current = redis.call("GET", KEYS[1])
if current then
  if ARGV[4] ~= "created" then return 0 end
  if current == "closed|" .. ARGV[1] then return 0 end
end
redis.call("SET", KEYS[1], ARGV[2], "PX", tonumber(ARGV[3]))
return 1
