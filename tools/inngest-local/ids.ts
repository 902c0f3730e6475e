// ULIDs for run and event ids: sortable by creation time (so /runs and the data file read in order) and built from
// node:crypto only, so the tool carries no dependency for them.
import { createHash, randomBytes } from "node:crypto";

const alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32, as the ULID spec uses

function encodeTime(ms: number): string {
  let out = "";
  let t = Math.max(0, Math.floor(ms));
  for (let i = 0; i < 10; i++) {
    out = alphabet[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits → 16 base32 characters.
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of bytes.subarray(0, 10)) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** A new ULID whose time part is `now` (the executor's clock, so ids follow injected time in tests). */
export function ulid(now: number): string {
  return encodeTime(now) + encodeRandom(randomBytes(10));
}

/**
 * The id of event `index` in a send that carried `x-inngest-event-id-seed: <millis>,<base64 entropy>`. The SDK keeps
 * the seed when it retries a send whose response it never saw, so deriving ids from it makes those retries land on
 * the same ids, which the idempotency check then drops: one logical send, one set of runs.
 */
export function seededEventId(seed: string, index: number): string | undefined {
  const match = /^(\d+),(.+)$/.exec(seed.trim());
  if (!match) return undefined;
  const digest = createHash("sha256").update(`${match[2]}:${index}`).digest();
  return encodeTime(Number(match[1])) + encodeRandom(digest);
}
