// The pages' Content-Security-Policy (docs/security.md), which proxy.ts sends with a fresh nonce per request. The
// headers every response carries, and the policy of responses that are no page, are in next.config.ts.

export interface SecuritySettings {
  /** NODE_ENV === "production": no 'unsafe-eval', no development socket. */
  production: boolean;
  /** Where the app is served (APP_URL): an https app also asks browsers to upgrade any http subresource. */
  appUrl: string;
  /** MEDIA_PUBLIC_URL, when images come from a bucket or CDN instead of this app's /media. */
  mediaPublicUrl?: string;
}

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

/** The settings as this process's environment gives them (APP_URL, MEDIA_PUBLIC_URL, NODE_ENV). */
export function securitySettingsFromEnv(runtime: Record<string, string | undefined> = process.env): SecuritySettings {
  return {
    production: runtime.NODE_ENV === "production",
    appUrl: runtime.APP_URL || "http://localhost:3000",
    mediaPublicUrl: runtime.MEDIA_PUBLIC_URL || undefined,
  };
}
