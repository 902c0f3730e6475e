import { env } from "@/server/config/env";

/**
 * The address per-IP rate limits count against. X-Forwarded-For lists the client's claim first and each proxy's
 * observation after it, so only the right-hand entries can be trusted: the one `trustedProxyHops` from the right is
 * what the outermost of our own proxies saw. Reading the first entry instead would let anyone pick a fresh address
 * per request and walk past every limit. Without a proxy, Next.js fills the header with the socket address when the
 * client sent none.
 */
export function clientAddress(headers: Headers, trustedProxyHops = env().TRUSTED_PROXY_HOPS): string {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (hops.length > 0) return hops[Math.max(0, hops.length - trustedProxyHops)] as string;
  return headers.get("x-real-ip")?.trim() || "unknown";
}
