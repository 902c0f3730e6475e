// The tRPC API outside Next's request path. scripts/serve.mjs (the production server) hands every /api/trpc/* request
// to this handler and everything else to Next: same origin, same router, same context, same session and the same
// cross-site refusal as app/api/trpc/[trpc]/route.ts (which still serves the API under `next dev`), so the browser
// client can't tell them apart. Why: Next's request handling and the Fetch API objects around a route handler cost
// several times what the procedures do (docs/architecture.md, "The HTTP path").
//
// The two hottest calls, seats.hold and seats.release (a seat map's clicks), take a leaner way: the same procedure
// called through tRPC's server-side caller (same zod input schema, middleware, rate limits, context and booking
// method) with plain node:http around it, answered in tRPC's wire format (superjson, batched or not, the same error
// shape through the same error formatter), so the browser's client can't tell. It skips what the adapter spends per
// call on Fetch API objects (Request, Headers, AbortSignal, a web stream for the body). Anything it doesn't expect
// (a batch of several calls, a GET, a body that isn't JSON) goes to the full handler, body and all.
//
// It is TypeScript bundled by Next: instrumentation.ts's register(), which runs inside Next's server bundle before
// the first request, builds it and leaves it on globalThis under API_HANDLER_KEY, where serve.mjs finds it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { readAppSession } from "@/lib/auth/next-auth";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { appRouter, createCaller } from "@/server/api/root";
import { crossSiteBody, crossSiteRefusal } from "@/server/api/cross-site";
import { createTRPCContext, retryAfterSeconds, type TRPCContext } from "@/server/api/trpc";
import { env } from "@/server/config/env";
import { nonPageContentSecurityPolicy, securityHeaders } from "@/next.config";

/** Where serve.mjs looks for the handler (keep in step with it). */
export const API_HANDLER_KEY = Symbol.for("marquee.api-handler");
export const API_BASE_PATH = "/api/trpc/";

export type ApiHandler = (req: IncomingMessage, res: ServerResponse) => void;

// What next.config.ts's headers() gives every API response Next serves (docs/security.md), given here because these
// responses never pass through Next.
const RESPONSE_HEADERS = Object.entries({ ...securityHeaders, "Content-Security-Policy": nonPageContentSecurityPolicy });

/** The request's headers as the context and the cross-site check read them, without building a Fetch API Headers. */
function headersView(req: IncomingMessage): Pick<Headers, "get"> {
  return {
    get(name) {
      const value = req.headers[name.toLowerCase()];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** The request's headers for Auth.js, with X-Forwarded-Proto filled in from the connection as Next fills it. */
function fetchHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === "string") headers.set(name, value);
    else if (value) for (const item of value) headers.append(name, item);
  }
  // Auth.js takes a request without it for HTTPS, and then looks for the __Secure- cookie that only HTTPS gets: a
  // signed-in user on plain HTTP (a local install, the demo, e2e) would look signed out.
  if (!headers.has("x-forwarded-proto")) headers.set("x-forwarded-proto", (req.socket as TLSSocket).encrypted ? "https" : "http");
  return headers;
}

/** The request's context: the same for both ways a call is served. Cookies are appended to `res` directly. */
async function apiContext(req: IncomingMessage, res: ServerResponse): Promise<TRPCContext> {
  // A Fetch API Headers object is built only for Auth.js, for requests with a session cookie.
  const headers = headersView(req);
  // Cookies (a new guest holder token, Auth.js's refreshed session) go straight onto the node response: the adapter
  // would replace them with the ones on tRPC's own response, which carries none.
  const resHeaders = { append: (name: string, value: string) => void res.appendHeader(name, value) };
  return createTRPCContext({
    headers,
    // No session cookie, no session: anonymous calls skip Auth.js and its session check.
    session: hasSessionCookie(headers.get("cookie")) ? await readAppSession(fetchHeaders(req), resHeaders) : null,
    resHeaders,
  });
}

/** The calls the lean route serves, by path. */
const LEAN_CALLS = {
  "seats.hold": (ctx: TRPCContext, input: unknown) => createCaller(ctx).seats.hold(input as never),
  "seats.release": (ctx: TRPCContext, input: unknown) => createCaller(ctx).seats.release(input as never),
} as const;
type LeanPath = keyof typeof LEAN_CALLS;

/** The lean call this request is, if it is one: a POST of one of LEAN_CALLS, alone (batched or not). */
function leanCallOf(req: IncomingMessage): { path: LeanPath; batch: boolean } | null {
  if (req.method !== "POST" || !req.url) return null;
  const query = req.url.indexOf("?");
  const path = req.url.slice(API_BASE_PATH.length, query === -1 ? undefined : query);
  if (!(path in LEAN_CALLS)) return null;
  const search = query === -1 ? "" : req.url.slice(query + 1);
  if (search === "") return { path: path as LeanPath, batch: false };
  return search === "batch=1" ? { path: path as LeanPath, batch: true } : null;
}

/**
 * The largest request body either path reads (a hall's whole layout is the biggest call, a few hundred KB): without a
 * cap a client could make a worker buffer any amount before anything parses it.
 */
export const MAX_BODY_BYTES = 1024 * 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new TRPCError({ code: "PAYLOAD_TOO_LARGE", message: "That request is too large." });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The call's input as tRPC's client sends it (superjson's { json, meta }), or `fallback` when it isn't that. */
function leanInput(body: string, batch: boolean, fallback: symbol): unknown {
  try {
    const parsed = body === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
    const call = batch ? parsed?.["0"] : parsed;
    if (call === undefined) return undefined;
    if (typeof call !== "object" || call === null || !("json" in call)) return fallback;
    return superjson.deserialize(call as Parameters<typeof superjson.deserialize>[0]);
  } catch {
    return fallback;
  }
}

const NOT_LEAN = Symbol("not lean");

async function serveLean(
  req: IncomingMessage,
  res: ServerResponse,
  call: { path: LeanPath; batch: boolean },
  full: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<void> {
  const config = appRouter._def._config;
  let body: string;
  try {
    body = await readBody(req);
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({ config, error, type: "mutation", path: call.path, input: undefined, ctx: undefined });
    res.writeHead(getHTTPStatusCodeFromError(error), { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify(transformTRPCResponse(config, call.batch ? [{ error: shape }] : { error: shape })));
    return;
  }
  const input = leanInput(body, call.batch, NOT_LEAN);
  if (input === NOT_LEAN) {
    // The full handler reads a body already read from `req.body` (its node adapter's convention).
    (req as IncomingMessage & { body?: string }).body = body;
    full(req, res);
    return;
  }
  let ctx: TRPCContext | undefined;
  let answer: unknown;
  let status = 200;
  let error: TRPCError | undefined;
  try {
    ctx = await apiContext(req, res);
    answer = transformTRPCResponse(config, { result: { data: await LEAN_CALLS[call.path](ctx, input) } });
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    status = getHTTPStatusCodeFromError(error);
    const shape = getErrorShape({ config, error, type: "mutation", path: call.path, input, ctx });
    answer = transformTRPCResponse(config, { error: shape });
  }
  const headers: Record<string, string> = { "content-type": "application/json", vary: "trpc-accept, accept" };
  const seconds = error ? retryAfterSeconds([error]) : undefined;
  if (seconds) headers["retry-after"] = String(seconds);
  res.writeHead(status, headers);
  res.end(JSON.stringify(call.batch ? [answer] : answer));
}

export function createApiHandler(): ApiHandler {
  const trpc = createHTTPHandler({
    basePath: API_BASE_PATH,
    router: appRouter,
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req, res }) => apiContext(req, res),
    // 429 and 503 say when to come back (tRPC sets the status from the error's code).
    responseMeta({ errors }) {
      const seconds = retryAfterSeconds(errors);
      return seconds ? { headers: { "retry-after": String(seconds) } } : {};
    },
  });
  return (req, res) => {
    for (const [name, value] of RESPONSE_HEADERS) res.setHeader(name, value);
    // Before the session is read or any procedure runs (server/api/cross-site.ts).
    const refusal = crossSiteRefusal({ method: req.method, headers: headersView(req) }, env().APP_URL);
    if (refusal) {
      res.writeHead(403, { "content-type": "application/json", "cache-control": "no-store" });
      res.end(JSON.stringify(crossSiteBody(refusal)));
      return;
    }
    const lean = leanCallOf(req);
    if (!lean) {
      trpc(req, res);
      return;
    }
    serveLean(req, res, lean, trpc).catch((error: unknown) => {
      console.error("[trpc] lean route failed", error);
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
      res.end();
    });
  };
}
