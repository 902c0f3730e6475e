import type { NextConfig } from "next";
import {
  commonSecurityHeaders,
  NON_PAGE_CONTENT_SECURITY_POLICY,
  securitySettingsFromEnv,
} from "./server/config/security-headers";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));
const security = commonSecurityHeaders(securitySettingsFromEnv());

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ioredis and pg open sockets and bcrypt is a native addon; load them from node_modules, not the server bundle.
  serverExternalPackages: ["ioredis", "pg", "@prisma/adapter-pg", "bcrypt"],
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role a page needs.
  experimental: { authInterrupts: true },
  // Every response carries the common security headers; pages get theirs, with a per-request CSP nonce, from
  // proxy.ts. Responses that are no page (API routes, media, static files) get a policy that lets nothing run.
  async headers() {
    return [
      { source: "/:path*", headers: asList(security) },
      { source: "/api/:path*", headers: asList({ "Content-Security-Policy": NON_PAGE_CONTENT_SECURITY_POLICY }) },
      { source: "/media/:path*", headers: asList({ "Content-Security-Policy": NON_PAGE_CONTENT_SECURITY_POLICY }) },
      { source: "/_next/static/:path*", headers: asList({ "Content-Security-Policy": NON_PAGE_CONTENT_SECURITY_POLICY }) },
    ];
  },
};

export default nextConfig;
