-- Guest holder tokens are no longer stored: a guest's holder key is "guest:" + the hex SHA-256 of the token's random
-- part (server/api/holder.ts, hashHolderToken). Existing keys hold the raw token; hash them the same way, so that an
-- open basket still belongs to the browser whose (unsigned, older) cookie carries that token. The app accepts such a
-- cookie only while it owns an open basket, and answers it with a signed one.
-- A key that is already hashed (64 hex characters after "guest:") is left alone, so running this twice changes nothing;
-- raw tokens were 32 base64url characters and can't look like one.
UPDATE "Order"
SET "holderKey" = 'guest:' || encode(sha256(convert_to(substring("holderKey" FROM 7), 'UTF8')), 'hex')
WHERE "holderKey" LIKE 'guest:%'
  AND "holderKey" !~ '^guest:[0-9a-f]{64}$';
