// Next 16's proxy (formerly middleware; Node runtime): every page response gets a Content-Security-Policy with a fresh
// nonce, which Next reads from the request's copy of the header and puts on its own scripts (docs: "How to set a
// Content Security Policy"); app/layout.tsx renders every page per request so that the nonce is there. The other
// security headers come from next.config.ts, for every response. Policies: server/config/security-headers.ts; what
// each one is for: docs/security.md.
import { type NextRequest, NextResponse } from "next/server";
import { contentSecurityPolicy, newNonce, securitySettingsFromEnv } from "@/server/config/security-headers";

const settings = securitySettingsFromEnv();

export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, settings);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  matcher: [
    // Pages only: not API routes, uploaded media or Next's static files (next.config.ts covers those), and not
    // link prefetches, whose responses are not documents.
    {
      source: "/((?!api/|media/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
