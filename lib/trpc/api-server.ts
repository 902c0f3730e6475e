// The tRPC API outside Next's request path. scripts/serve.mjs (the production server) hands every /api/trpc/* request
// to this handler and everything else to Next: same origin, same router, same context, same session and the same
// cross-site refusal as app/api/trpc/[trpc]/route.ts (which still serves the API under `next dev`), so the browser
// client can't tell them apart. Why: Next's request handling and the Fetch API objects around a route handler cost
// several times what the procedures do (docs/architecture.md, "The HTTP path").
//
// It is TypeScript bundled by Next: instrumentation.ts's register(), which runs inside Next's server bundle before
// the first request, builds it and leaves it on globalThis under API_HANDLER_KEY, where serve.mjs finds it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { readAppSession } from "@/lib/auth/next-auth";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { appRouter } from "@/server/api/root";
import { crossSiteBody, crossSiteRefusal } from "@/server/api/cross-site";
import { createTRPCContext, retryAfterSeconds } from "@/server/api/trpc";
import { env } from "@/server/config/env";

/** Where serve.mjs looks for the handler (keep in step with it). */
export const API_HANDLER_KEY = Symbol.for("marquee.api-handler");
export const API_BASE_PATH = "/api/trpc/";

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => void;

function headerOf(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
}

function fetchHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const item of value) headers.append(name, item);
  }
  return headers;
}

export function createApiHandler(): ApiHandler {
  const trpc = createHTTPHandler({
    basePath: API_BASE_PATH,
    router: appRouter,
    createContext: async ({ req, res }) => {
      const headers = fetchHeaders(req);
      // Cookies (a new guest holder token, Auth.js's refreshed session) go straight onto the node response: the
      // adapter would replace them with the ones on tRPC's own response, which carries none.
      const resHeaders = { append: (name: string, value: string) => void res.appendHeader(name, value) };
      return createTRPCContext({
        headers,
        // No session cookie, no session: anonymous calls skip Auth.js and its session check.
        session: hasSessionCookie(headers.get("cookie")) ? await readAppSession(headers, resHeaders) : null,
        resHeaders,
      });
    },
    // 429 and 503 say when to come back (tRPC sets the status from the error's code).
    responseMeta({ errors }) {
      const seconds = retryAfterSeconds(errors);
      return seconds ? { headers: { "retry-after": String(seconds) } } : {};
    },
  });
  return (req, res) => {
    // Before the session is read or any procedure runs (server/api/cross-site.ts).
    const refusal = crossSiteRefusal({ method: req.method, headers: { get: (name) => headerOf(req, name.toLowerCase()) } }, env().APP_URL);
    if (refusal) {
      res.writeHead(403, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(crossSiteBody(refusal)));
      return;
    }
    trpc(req, res);
  };
}
