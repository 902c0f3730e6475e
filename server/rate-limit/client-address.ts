import { env } from "@/server/config/env";

/**
 * Set by the production server (scripts/serve.mjs) from the socket's address, after deleting any copy the client
 * sent. Must match CLIENT_ADDRESS_HEADER there (client-address.test.ts checks).
 */
export const CLIENT_ADDRESS_HEADER = "x-marquee-client-address";

let warnedAboutMissingHeader = false;

/**
 * The address per-address rate limits count against.
 *
 * - `trustedProxyHops` 0 (the default, nothing in front of Marquee): the socket's address, which scripts/serve.mjs
 *   puts in CLIENT_ADDRESS_HEADER. X-Forwarded-For is the client's own word here and is ignored.
 * - N ≥ 1 (N proxies in front, each appending what it saw): the Nth entry of X-Forwarded-For from the right, the one
 *   the outermost of our proxies wrote. Entries further left are the client's claims; reading them would let anyone
 *   pick a fresh address per request. A request with fewer entries than proxies didn't come through them all, so
 *   it gets the socket's address instead.
 *
 * Without the server's header (`next dev`, or `next start` run by hand) the fallback is the rightmost
 * X-Forwarded-For entry: Next fills it from the socket when the client sent none, but keeps a client's own, so
 * there a client can choose its address. Production warns once in the log.
 */
export function clientAddress(headers: Pick<Headers, "get">, trustedProxyHops = env().TRUSTED_PROXY_HOPS): string {
  const forwarded = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (trustedProxyHops > 0 && forwarded.length >= trustedProxyHops) return forwarded[forwarded.length - trustedProxyHops] as string;

  const socket = headers.get(CLIENT_ADDRESS_HEADER)?.trim();
  if (socket) return socket;

  if (env().NODE_ENV === "production" && !warnedAboutMissingHeader) {
    warnedAboutMissingHeader = true;
    console.warn(
      `[rate-limit] requests arrive without ${CLIENT_ADDRESS_HEADER}: start the app with \`npm start\` (scripts/serve.mjs), not \`next start\`, or clients can choose the address their rate limits count against`,
    );
  }
  return forwarded.at(-1) ?? "unknown";
}
