// Signs requests to an app the way Inngest Cloud does, so that an app in cloud mode (production: Marquee refuses
// unsigned requests there) accepts them. The SDK (4.24, components/InngestCommHandler.js → RequestSignature and
// helpers/net.js → signDataWithKey) parses the JSON body, canonicalises it (RFC 8785: keys sorted, no whitespace),
// appends the Unix timestamp in seconds and takes HMAC-SHA256 keyed by the signing key without its
// `signkey-<env>-` prefix (the key's text, not its hex bytes). Header: `X-Inngest-Signature: t=<ts>&s=<hex>`. A
// signature more than 5 minutes away from the app's clock is refused.
import { createHmac } from "node:crypto";

/** JSON with object keys sorted at every level: what the SDK signs (the `canonicalize` package's output). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (typeof (value as { toJSON?: unknown }).toJSON === "function") return canonicalJson((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : canonicalJson(item))).join(",")}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(",")}}`;
}

/**
 * The X-Inngest-Signature value for a request whose body is `body` (the parsed JSON, or "" for an empty body).
 * `nowMs` is the real time: the app checks it against its own clock.
 */
export function inngestSignature(signingKey: string, body: unknown, nowMs = Date.now()): string {
  const timestamp = Math.round(nowMs / 1000).toString();
  const data = typeof body === "string" ? body : canonicalJson(body);
  const key = signingKey.replace(/^signkey-[\w]+-/, "");
  const signature = createHmac("sha256", key).update(data).update(timestamp).digest("hex");
  return `t=${timestamp}&s=${signature}`;
}
