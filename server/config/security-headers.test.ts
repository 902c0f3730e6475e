// The policy builder behind proxy.ts (pages) and the headers next.config.ts gives every response. The e2e spec
// e2e/security-headers.spec.ts checks the headers on real responses and that the browser reports no violation.
import { afterEach, describe, expect, it, vi } from "vitest";
import { contentSecurityPolicy, newNonce, securitySettingsFromEnv, type SecuritySettings } from "./security-headers";

const production: SecuritySettings = { production: true, appUrl: "https://tickets.example.com" };
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
    const policy = directives(contentSecurityPolicy("n", { production: false, appUrl: "http://localhost:3000" }));
    expect(policy.get("script-src")).toContain("'unsafe-eval'");
    expect(policy.get("connect-src")).toEqual(["'self'", "ws:", "wss:"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("gives each request a fresh, unguessable nonce", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});

/** next.config.ts as `next build` / `next start` load it with these variables. */
async function nextConfigWith(vars: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  const config = await import("@/next.config");
  const rules = await config.default.headers!();
  const at = (path: string) =>
    Object.fromEntries(
      rules
        .filter((rule) => new RegExp(`^${rule.source.replace("/:path*", "(/.*)?").replace("/:path(", "/(")}$`).test(path))
        .flatMap((rule) => rule.headers.map((header) => [header.key, header.value])),
    );
  return { at, ...config };
}

afterEach(() => vi.unstubAllEnvs());

describe("common security headers (next.config.ts)", () => {
  it("sends nosniff, a referrer policy, camera for the app itself only, and HSTS in production, on every path", async () => {
    const { at } = await nextConfigWith({ NODE_ENV: "production", HSTS_MAX_AGE: "" });
    const common = {
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
      "X-Frame-Options": "DENY",
      "Strict-Transport-Security": "max-age=63072000",
    };
    for (const path of ["/", "/tickets/ABC", "/api/health", "/media/x.jpg", "/_next/static/chunks/a.js"]) expect(at(path), path).toMatchObject(common);
    // What is no page lets nothing run; pages get their policy (with the nonce) from proxy.ts.
    for (const path of ["/api/health", "/media/x.jpg", "/_next/static/chunks/a.js"]) {
      expect(at(path)["Content-Security-Policy"], path).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
    }
    expect(at("/")).not.toHaveProperty("Content-Security-Policy");
    // The ticket PDFs open in the browser's PDF viewer.
    expect(at("/api/box-office/print/M7K2P9")).not.toHaveProperty("Content-Security-Policy");
  });

  it("sends no HSTS outside production or with HSTS_MAX_AGE=0", async () => {
    expect((await nextConfigWith({ NODE_ENV: "development" })).securityHeaders).not.toHaveProperty("Strict-Transport-Security");
    expect((await nextConfigWith({ NODE_ENV: "production", HSTS_MAX_AGE: "0" })).securityHeaders).not.toHaveProperty("Strict-Transport-Security");
    expect((await nextConfigWith({ NODE_ENV: "production", HSTS_MAX_AGE: "600" })).securityHeaders["Strict-Transport-Security"]).toBe("max-age=600");
  });

  it("reads the page policy's settings from the environment", () => {
    expect(securitySettingsFromEnv({ NODE_ENV: "production", APP_URL: "https://t.example" })).toEqual({
      production: true,
      appUrl: "https://t.example",
      mediaPublicUrl: undefined,
    });
  });
});
