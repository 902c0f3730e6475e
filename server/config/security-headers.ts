// The security headers every response carries (docs/security.md). Pure: proxy.ts sends the page headers with a fresh
// nonce per request, next.config.ts the ones for everything else (static assets, API routes, media). Imports nothing,
// so next.config.ts can load it.

export interface SecuritySettings {
  /** NODE_ENV === "production": HSTS, no 'unsafe-eval'. */
  production: boolean;
  /** Where the app is served (APP_URL): an https app also asks browsers to upgrade any http subresource. */
  appUrl: string;
  /** MEDIA_PUBLIC_URL, when images come from a bucket or CDN instead of this app's /media. */
  mediaPublicUrl?: string;
  /** Strict-Transport-Security max-age in production; 0 sends none. */
  hstsMaxAgeSeconds: number;
}

export const DEFAULT_HSTS_MAX_AGE_SECONDS = 63_072_000; // two years

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The page policy: scripts only with this response's nonce (and what they load, 'strict-dynamic'); nothing may
 * frame the app; no plugins, no <base> elsewhere, forms post only here. Styles allow inline: React's style props,
 * Radix's positioning and the mail previews use style attributes, which no nonce can cover.
 */
export function contentSecurityPolicy(nonce: string | null, settings: SecuritySettings): string {
  const media = originOf(settings.mediaPublicUrl);
  const https = new URL(settings.appUrl).protocol === "https:";
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    [
      "script-src",
      "'self'",
      ...(nonce ? [`'nonce-${nonce}'`, "'strict-dynamic'"] : []),
      // React rebuilds server error stacks with eval in development only.
      ...(settings.production ? [] : ["'unsafe-eval'"]),
    ],
    ["style-src", "'self'", "'unsafe-inline'"],
    // QR codes and previews are data: and blob: URLs; posters may come from the media bucket or CDN.
    ["img-src", "'self'", "data:", "blob:", ...(media ? [media] : [])],
    ["font-src", "'self'", "data:"],
    // tRPC, its server-sent events stream (/api/trpc) and the dev server's HMR socket are all same-origin.
    ["connect-src", "'self'", ...(settings.production ? [] : ["ws:", "wss:"])],
    // The door page shows the camera's stream.
    ["media-src", "'self'", "blob:", "mediastream:", ...(media ? [media] : [])],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'"],
    ["frame-ancestors", "'none'"],
    // The development mailbox previews messages in a sandboxed srcdoc frame.
    ["frame-src", "'self'"],
    ["worker-src", "'self'", "blob:"],
    ["manifest-src", "'self'"],
    ...(https ? ([["upgrade-insecure-requests"]] as Array<[string]>) : []),
  ];
  return directives.map((parts) => parts.join(" ")).join("; ");
}

/** For responses that are no page (API routes, media, static files): nothing in them may run or be framed. */
export const NON_PAGE_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers for every response, page or not. */
export function commonSecurityHeaders(settings: SecuritySettings): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    // Guest order and ticket links carry their token in the query: other sites get our origin at most.
    "Referrer-Policy": "strict-origin-when-cross-origin",
    // The door page scans tickets with the camera; nothing needs the microphone or location.
    "Permissions-Policy": "camera=(self), microphone=(), geolocation=()",
    // For browsers without CSP frame-ancestors.
    "X-Frame-Options": "DENY",
    ...(settings.production && settings.hstsMaxAgeSeconds > 0
      ? { "Strict-Transport-Security": `max-age=${settings.hstsMaxAgeSeconds}` }
      : {}),
  };
}

/** The settings as this process's environment gives them (APP_URL, MEDIA_PUBLIC_URL, HSTS_MAX_AGE, NODE_ENV). */
export function securitySettingsFromEnv(runtime: Record<string, string | undefined> = process.env): SecuritySettings {
  const hsts = runtime.HSTS_MAX_AGE === undefined || runtime.HSTS_MAX_AGE === "" ? DEFAULT_HSTS_MAX_AGE_SECONDS : Number(runtime.HSTS_MAX_AGE);
  return {
    production: runtime.NODE_ENV === "production",
    appUrl: runtime.APP_URL || "http://localhost:3000",
    mediaPublicUrl: runtime.MEDIA_PUBLIC_URL || undefined,
    hstsMaxAgeSeconds: Number.isFinite(hsts) && hsts >= 0 ? Math.floor(hsts) : DEFAULT_HSTS_MAX_AGE_SECONDS,
  };
}
