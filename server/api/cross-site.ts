// Cross-site request refusal for /api/trpc, checked before any procedure runs. tRPC mutations are POSTs that act
// with the caller's cookies; a page on another site can make a browser send one (a form, or fetch without CORS) but
// cannot make it look same-origin:
// - the body must be declared JSON: the content types a cross-site page can send without a CORS preflight
//   (text/plain, form-urlencoded, multipart) are refused, and a preflight gets no CORS answer from this app;
// - a browser's Origin must be the app's own (APP_URL's origin; for an app on loopback, the same port on another
//   loopback name, as `npm run demo` is opened as localhost or 127.0.0.1). Without Origin, Sec-Fetch-Site must say
//   same-origin (or "none": typed by the user), else the Referer must be the app's own.
// A request with none of the three comes from no browser (curl, a script, a server): no cookies ride on it that its
// sender did not choose, so there is nothing to forge, and the procedures' own authorization applies.
import { isLoopbackHost } from "@/server/config/env";

export const CROSS_SITE_MESSAGE = "Cross-site request refused: this API only accepts requests from Marquee's own pages.";
export const CONTENT_TYPE_MESSAGE = "Refused: send the request body as JSON (Content-Type: application/json).";

function allowedOrigins(appUrl: string): Set<string> {
  const app = new URL(appUrl);
  const origins = new Set([app.origin]);
  if (isLoopbackHost(app.host)) {
    const port = app.port ? `:${app.port}` : "";
    for (const name of ["localhost", "127.0.0.1", "[::1]"]) origins.add(`${app.protocol}//${name}${port}`);
  }
  return origins;
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** What the refusal needs of a request: a Fetch API Request, or a view of a node:http one (the API server). */
export interface RequestHeadersView {
  method?: string;
  headers: Pick<Headers, "get">;
}

/** Why this request must not reach a procedure, or null when it may. Only POSTs (mutations) are checked. */
export function crossSiteRefusal(request: RequestHeadersView, appUrl: string): string | null {
  if (request.method !== "POST") return null;
  const contentType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (contentType !== "application/json") return CONTENT_TYPE_MESSAGE;

  const allowed = allowedOrigins(appUrl);
  const origin = request.headers.get("origin");
  if (origin !== null) return allowed.has(origin) ? null : CROSS_SITE_MESSAGE;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null) return site === "same-origin" || site === "none" ? null : CROSS_SITE_MESSAGE;
  const referer = request.headers.get("referer");
  if (referer !== null) {
    const refererOrigin = originOf(referer);
    return refererOrigin && allowed.has(refererOrigin) ? null : CROSS_SITE_MESSAGE;
  }
  return null;
}

/** The 403 answer's body, as JSON a person reading the network tab (or a script) understands. */
export function crossSiteBody(message: string) {
  return { error: { message, code: "FORBIDDEN", reason: "CROSS_SITE_REQUEST" } };
}

export function crossSiteResponse(message: string): Response {
  return Response.json(crossSiteBody(message), { status: 403, headers: { "Cache-Control": "no-store" } });
}
