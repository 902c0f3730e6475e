// Webhook signatures, in the shape most providers use: the header `marquee-signature: t=<unix seconds>,v1=<hex>`
// where v1 is HMAC-SHA256 over "<t>.<raw body>". Signing the timestamp with the body lets the receiver refuse an old
// message replayed by someone who captured it; the raw body (not re-serialised JSON) is what was signed.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { WebhookVerificationReason } from "./provider";

export const SIGNATURE_HEADER = "marquee-signature";
/** How far a signature's timestamp may be from our clock, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;

export function computeSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${rawBody}`).digest("hex");
}

export function signatureHeader(secret: string, rawBody: string, at: Date): string {
  const timestampSeconds = Math.floor(at.getTime() / 1000);
  return `t=${timestampSeconds},v1=${computeSignature(secret, timestampSeconds, rawBody)}`;
}

export type SignatureCheck =
  | { ok: true; timestampSeconds: number }
  | { ok: false; reason: WebhookVerificationReason; message: string };

/**
 * Checks a signature header against the raw body. Several v1 values are allowed (and several secrets), so a secret
 * can be rotated without refusing deliveries signed with the old one.
 */
export function checkSignature(input: {
  header: string | undefined;
  rawBody: string;
  secrets: readonly string[];
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  if (!input.header) return { ok: false, reason: "MALFORMED", message: `missing ${SIGNATURE_HEADER} header` };
  let timestampSeconds: number | undefined;
  const candidates: Buffer[] = [];
  for (const part of input.header.split(",")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    const key = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestampSeconds = Number(value);
    if (key === "v1" && /^[0-9a-f]{64}$/i.test(value)) candidates.push(Buffer.from(value, "hex"));
  }
  if (timestampSeconds === undefined || candidates.length === 0) {
    return { ok: false, reason: "MALFORMED", message: `malformed ${SIGNATURE_HEADER} header` };
  }

  const expected = input.secrets.map((secret) => Buffer.from(computeSignature(secret, timestampSeconds!, input.rawBody), "hex"));
  // Every pair is compared, in constant time, so the time taken says nothing about how close a guess was.
  let matched = false;
  for (const candidate of candidates) {
    for (const want of expected) {
      if (timingSafeEqual(candidate, want)) matched = true;
    }
  }
  if (!matched) return { ok: false, reason: "BAD_SIGNATURE", message: "signature does not match" };

  // Checked after the signature, so that a genuine but old message is reported as a replay, not as a forgery.
  const tolerance = input.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  const skewSeconds = Math.abs(input.now.getTime() / 1000 - timestampSeconds);
  if (skewSeconds > tolerance) return { ok: false, reason: "STALE", message: "signature timestamp is outside the tolerance" };
  return { ok: true, timestampSeconds };
}
