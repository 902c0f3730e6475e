import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Crockford's base32: no I, L, O or U, so a code read out at the door or typed by staff can't be misread.
const CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
export const TICKET_CODE_LENGTH = 20;
export const TICKET_CODE_PATTERN = /^[0-9A-HJKMNP-TV-Z]{20}$/;

/** A door code: 20 base32 characters from the CSPRNG, 100 bits, so codes can't be guessed or enumerated. */
export function newTicketCode(): string {
  // 256 is a multiple of 32, so `byte & 31` is unbiased.
  return Array.from(randomBytes(TICKET_CODE_LENGTH), (byte) => CODE_ALPHABET[byte & 31]).join("");
}

/**
 * A guest's key to one order (its page, its tickets): an HMAC of the order id under the server secret. It is
 * derived rather than random so that every message about the order (the provider's return link, the confirmation
 * sent later by a background step, a reminder days later) carries the same link without the token itself being
 * stored anywhere: the order keeps only its SHA-256 (Order.accessTokenHash), and clearing that revokes every link.
 */
export function orderAccessToken(secret: string, orderId: string): string {
  return createHmac("sha256", secret).update(`marquee/order-access/v1:${orderId}`).digest("base64url");
}

export function hashAccessToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** Constant-time check of a presented token against the stored hash. */
export function accessTokenMatches(token: string | null | undefined, storedHash: string | null): boolean {
  if (!token || !storedHash) return false;
  const presented = Buffer.from(hashAccessToken(token), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
