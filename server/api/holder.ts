import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { authSecret } from "@/server/config/secret";

// Who owns a seat hold on the web. Signed-in customers hold as themselves; guests hold through an anonymous,
// unguessable browser token in an httpOnly cookie, so that leaving and coming back finds the same basket.
//
// The server makes every token: the cookie is `<random>.<hmac>`, the HMAC keyed by a key derived from the server
// secret, so a value the client made up (or edited) is ignored and replaced, never used as a holder. The token
// itself is stored nowhere: the holder key in PostgreSQL (`Order.holderKey`) and in Redis keys is
// `guest:<sha256 of the random part>`, so a database or Redis dump can't be turned back into anyone's cookie.
export const HOLDER_COOKIE = "mq_holder";
const RANDOM_PATTERN = /^[A-Za-z0-9_-]{32}$/;
const SIGNED_PATTERN = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/;
const ONE_DAY_SECONDS = 24 * 60 * 60;

/** A guest's cookie as read: a token this server signed, or an unsigned one from before tokens were signed. */
export type HolderToken = { kind: "signed"; random: string } | { kind: "legacy"; random: string };

let derived: { secret: string; key: Buffer } | undefined;

function signingKey(): Buffer {
  // Derived, so that the cookie's MAC and every other use of the server secret never share a key. Kept, as every
  // hold and seat map checks a cookie with it, and derived again only if the secret changes (tests set it).
  const secret = authSecret();
  if (derived?.secret !== secret) derived = { secret, key: createHmac("sha256", secret).update("marquee/holder-cookie/v1").digest() };
  return derived.key;
}

function signatureOf(random: string): string {
  return createHmac("sha256", signingKey()).update(random).digest("base64url");
}

function cookieValue(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === HOLDER_COOKIE) return rest.join("=");
  }
  return null;
}

/**
 * The guest token in the request's cookies if this server signed it. An unsigned value of the old format comes back
 * as `legacy` (the caller may accept it only where it already owns an open basket); anything else is null.
 */
export function readHolderToken(cookieHeader: string | null): HolderToken | null {
  const value = cookieValue(cookieHeader);
  if (!value) return null;
  const signed = SIGNED_PATTERN.exec(value);
  if (signed) {
    const expected = Buffer.from(signatureOf(signed[1]!));
    const given = Buffer.from(signed[2]!);
    return given.length === expected.length && timingSafeEqual(given, expected) ? { kind: "signed", random: signed[1]! } : null;
  }
  return RANDOM_PATTERN.test(value) ? { kind: "legacy", random: value } : null;
}

/** A new guest token's random part (sign it with `signedHolderToken` for the cookie). */
export function newHolderToken(): string {
  return randomBytes(24).toString("base64url");
}

/** The cookie value for a token's random part: `<random>.<hmac>`. */
export function signedHolderToken(random: string): string {
  return `${random}.${signatureOf(random)}`;
}

export function holderCookie(random: string, secure: boolean): string {
  return `${HOLDER_COOKIE}=${signedHolderToken(random)}; Path=/; Max-Age=${ONE_DAY_SECONDS}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
}

/** The stored form of a guest token: hex SHA-256 of its random part (what the migration `hashed_holder_keys` computes). */
export function hashHolderToken(random: string): string {
  return createHash("sha256").update(random, "utf8").digest("hex");
}

export function holderKeyFor(userId: string | null, guestRandom: string | null): string | null {
  if (userId) return `user:${userId}`;
  return guestRandom ? `guest:${hashHolderToken(guestRandom)}` : null;
}
