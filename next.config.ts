import type { NextConfig } from "next";

// The security headers every response carries (docs/security.md). Pages get their Content-Security-Policy, with a
// per-request nonce, from proxy.ts; everything else (API routes, media, static files) gets one that lets nothing
// run. Written out here rather than imported: a deployed build is `next start` with this file and no source tree
// (tests/infra/lua-build.test.ts serves such a copy).
const production = process.env.NODE_ENV === "production";
const hstsMaxAge = /^\d+$/.test(process.env.HSTS_MAX_AGE ?? "") ? Number(process.env.HSTS_MAX_AGE) : 63_072_000; // two years

export const securityHeaders: Record<string, string> = {
  "X-Content-Type-Options": "nosniff",
  // Guest order and ticket links carry their token in the query: other sites get our origin at most.
  "Referrer-Policy": "strict-origin-when-cross-origin",
  // The door page scans tickets with the camera; nothing needs the microphone or location.
  "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
  // For browsers without CSP frame-ancestors.
  "X-Frame-Options": "DENY",
  ...(production && hstsMaxAge > 0 ? { "Strict-Transport-Security": `max-age=${hstsMaxAge}` } : {}),
};

export const nonPageContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const asList = (headers: Record<string, string>) => Object.entries(headers).map(([key, value]) => ({ key, value }));
const nonPage = asList({ "Content-Security-Policy": nonPageContentSecurityPolicy });

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // ioredis and pg open sockets and bcrypt is a native addon; load them from node_modules, not the server bundle.
  serverExternalPackages: ["ioredis", "pg", "@prisma/adapter-pg", "bcrypt"],
  typedRoutes: false,
  // forbidden() answers 403 with app/forbidden.tsx when a signed-in user lacks the role a page needs.
  experimental: { authInterrupts: true },
  async headers() {
    return [
      { source: "/:path*", headers: asList(securityHeaders) },
      // Not the box office's ticket PDFs, which open in the browser's PDF viewer (a plugin that policy would block).
      { source: "/api/:path((?!box-office/print/).*)", headers: nonPage },
      { source: "/media/:path*", headers: nonPage },
      { source: "/_next/static/:path*", headers: nonPage },
    ];
  },
};

export default nextConfig;
