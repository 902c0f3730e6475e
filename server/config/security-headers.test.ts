// The policy builder behind proxy.ts (pages) and next.config.ts (everything else). The e2e spec
// e2e/security-headers.spec.ts checks the headers on real responses and that the browser reports no violation.
import { describe, expect, it } from "vitest";
import {
  commonSecurityHeaders,
  contentSecurityPolicy,
  DEFAULT_HSTS_MAX_AGE_SECONDS,
  newNonce,
  NON_PAGE_CONTENT_SECURITY_POLICY,
  securitySettingsFromEnv,
  type SecuritySettings,
} from "./security-headers";

const production: SecuritySettings = { production: true, appUrl: "https://tickets.example.com", hstsMaxAgeSeconds: DEFAULT_HSTS_MAX_AGE_SECONDS };
const directives = (policy: string) => new Map(policy.split("; ").map((part) => [part.split(" ")[0]!, part.split(" ").slice(1)]));

describe("content security policy", () => {
  it("lets scripts run only with the response's nonce, and nothing frame the app", () => {
    const policy = directives(contentSecurityPolicy("bm9uY2U=", production));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-bm9uY2U='", "'strict-dynamic'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(true);
    for (const sources of policy.values()) {
      expect(sources).not.toContain("'unsafe-eval'");
      expect(sources).not.toContain("*");
    }
    expect(policy.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("allows what the app loads: QR data URLs, the media bucket, the door camera's stream", () => {
    const policy = directives(contentSecurityPolicy("n", { ...production, mediaPublicUrl: "https://cdn.example.net/marquee/media" }));
    expect(policy.get("img-src")).toEqual(["'self'", "data:", "blob:", "https://cdn.example.net"]);
    expect(policy.get("media-src")).toContain("mediastream:");
    expect(policy.get("media-src")).toContain("https://cdn.example.net");
  });

  it("in development allows eval (React's error stacks) and the HMR socket; an http app is not upgraded", () => {
    const policy = directives(contentSecurityPolicy("n", { production: false, appUrl: "http://localhost:3000", hstsMaxAgeSeconds: 0 }));
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
    expect(policy.get("connect-src")).toEqual(["'self'", "ws:", "wss:"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("gives each request a fresh, unguessable nonce", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });

  it("lets nothing run in a response that is no page", () => {
    expect(directives(NON_PAGE_CONTENT_SECURITY_POLICY).get("default-src")).toEqual(["'none'"]);
    expect(directives(NON_PAGE_CONTENT_SECURITY_POLICY).get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("common security headers", () => {
  it("sends nosniff, a referrer policy, camera for the app itself only, and HSTS in production", () => {
    expect(commonSecurityHeaders(production)).toEqual({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
      "X-Frame-Options": "DENY",
      "Strict-Transport-Security": `max-age=${DEFAULT_HSTS_MAX_AGE_SECONDS}`,
    });
  });

  it("sends no HSTS outside production or with HSTS_MAX_AGE=0", () => {
    expect(commonSecurityHeaders({ ...production, production: false })).not.toHaveProperty("Strict-Transport-Security");
    expect(commonSecurityHeaders({ ...production, hstsMaxAgeSeconds: 0 })).not.toHaveProperty("Strict-Transport-Security");
  });

  it("reads its settings from the environment", () => {
    expect(securitySettingsFromEnv({ NODE_ENV: "production", APP_URL: "https://t.example", HSTS_MAX_AGE: "0" })).toEqual({
      production: true,
      appUrl: "https://t.example",
      mediaPublicUrl: undefined,
      hstsMaxAgeSeconds: 0,
    });
    expect(securitySettingsFromEnv({}).hstsMaxAgeSeconds).toBe(DEFAULT_HSTS_MAX_AGE_SECONDS);
    expect(securitySettingsFromEnv({ HSTS_MAX_AGE: "soon" }).hstsMaxAgeSeconds).toBe(DEFAULT_HSTS_MAX_AGE_SECONDS);
  });
});
