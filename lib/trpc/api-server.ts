// The tRPC API outside Next's request path. scripts/serve.mjs (the production server) hands every /api/trpc/* request
// to this handler and everything else to Next: same origin, same router, same context, same session and the same
// cross-site refusal as app/api/trpc/[trpc]/route.ts (which still serves the API under `next dev`), so the browser
// client can't tell them apart. Why: Next's request handling and the Fetch API objects around a route handler cost
// several times what the procedures do (docs/architecture.md, "The HTTP path").
//
// A single call (a query by GET, a mutation by POST, batched or not) takes a leaner way: the procedure called
// through tRPC's own callProcedure (same zod input schema, middleware, rate limits, context and service method) with
// plain node:http around it, answered in tRPC's wire format (superjson, batched or not, the same error shape through
// the same error formatter), so the browser's client can't tell. It skips what the adapter spends per call on Fetch
// API objects (Request, Headers, AbortSignal, a web stream for the body), which profiling showed to be most of a
// no-op's cost (docs/architecture.md, "The HTTP path"). Anything it doesn't expect (several calls in one batch, a
// subscription, a procedure called with the wrong method, an unknown path, an input that isn't tRPC's JSON) goes to
// the full handler, which answers it as tRPC does.
//
// It is TypeScript bundled by Next: instrumentation.ts's register(), which runs inside Next's server bundle before
// the first request, builds it and leaves it on globalThis under API_HANDLER_KEY, where serve.mjs finds it.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { callTRPCProcedure, getErrorShape, getTRPCErrorFromUnknown, transformTRPCResponse, TRPCError } from "@trpc/server";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import superjson from "superjson";
import { readAppSession } from "@/lib/auth/next-auth";
import { hasSessionCookie } from "@/lib/auth/session-cookie";
import { appRouter } from "@/server/api/root";
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

/** `input`: a query's input as its URL carries it (decoded), "" when there is none; a mutation's is its body. */
type LeanCall = { path: string; batch: boolean; type: "query" | "mutation"; input: string };

/**
 * The lean call this request is, if it is one: one query by GET or one mutation by POST, alone (batched or not), of
 * a procedure the router has. tRPC's client sends `?input=` (GET) or nothing (POST), after `batch=1&` when batching.
 */
export function leanCallOf(req: IncomingMessage): LeanCall | null {
  const type = req.method === "GET" ? "query" : req.method === "POST" ? "mutation" : null;
  if (!type || !req.url) return null;
  // A client asking for tRPC's streamed answers (httpBatchStreamLink) gets them from the full handler.
  if (req.headers["trpc-accept"] !== undefined || req.headers.accept?.includes("application/jsonl")) return null;
  const query = req.url.indexOf("?");
  const path = req.url.slice(API_BASE_PATH.length, query === -1 ? undefined : query);
  // At run time tRPC keeps every procedure here by its dotted path (its own getProcedureAtPath reads it so).
  const procedure = (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } } | undefined>)[path];
  if (!procedure || procedure._def.type !== type) return null;
  const params = new URLSearchParams(query === -1 ? "" : req.url.slice(query + 1));
  const batch = params.get("batch") === "1";
  for (const name of params.keys()) if (name !== "input" && !(name === "batch" && batch)) return null;
  if (type === "mutation") return params.has("input") ? null : { path, batch, type, input: "" };
  return { path, batch, type, input: params.get("input") ?? "" };
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
export function leanInput(text: string, batch: boolean, fallback: symbol): unknown {
  try {
    const parsed = text === "" ? {} : (JSON.parse(text) as Record<string, unknown>);
    const call = batch ? parsed?.["0"] : parsed;
    if (batch && Object.keys(parsed ?? {}).some((key) => key !== "0")) return fallback;
    if (call === undefined) return undefined;
    // An object is what tRPC's adapter hands superjson too; `{}` is how a client sends no input (`{ json: undefined }`
    // serialised), the commonest query of all.
    if (typeof call !== "object" || call === null || Array.isArray(call)) return fallback;
    return superjson.deserialize(call as Parameters<typeof superjson.deserialize>[0]);
  } catch {
    return fallback;
  }
}

const NOT_LEAN = Symbol("not lean");

async function serveLean(req: IncomingMessage, res: ServerResponse, call: LeanCall, full: (req: IncomingMessage, res: ServerResponse) => void): Promise<void> {
  const config = appRouter._def._config;
  let text: string;
  try {
    text = call.type === "mutation" ? await readBody(req) : call.input;
  } catch (cause) {
    const error = getTRPCErrorFromUnknown(cause);
    const shape = getErrorShape({ config, error, type: call.type, path: call.path, input: undefined, ctx: undefined });
    res.writeHead(getHTTPStatusCodeFromError(error), { "content-type": "application/json", connection: "close" });
    res.end(JSON.stringify(transformTRPCResponse(config, call.batch ? [{ error: shape }] : { error: shape })));
    return;
  }
  const input = leanInput(text, call.batch, NOT_LEAN);
  if (input === NOT_LEAN) {
    // The full handler reads a body already read from `req.body` (its node adapter's convention).
    if (call.type === "mutation") (req as IncomingMessage & { body?: string }).body = text;
    full(req, res);
    return;
  }
  let ctx: TRPCContext | undefined;
  let answer: unknown;
  let status = 200;
  let error: TRPCError | undefined;
  try {
    ctx = await apiContext(req, res);
    const data: unknown = await callTRPCProcedure({
      router: appRouter,
      path: call.path,
      type: call.type,
      ctx,
      getRawInput: async () => input,
      signal: undefined,
      batchIndex: 0,
    });
    answer = transformTRPCResponse(config, { result: { data } });
  } catch (cause) {
    error = getTRPCErrorFromUnknown(cause);
    status = getHTTPStatusCodeFromError(error);
    const shape = getErrorShape({ config, error, type: call.type, path: call.path, input, ctx });
    answer = transformTRPCResponse(config, { error: shape });
  }
  const headers: Record<string, string> = { "content-type": "application/json", vary: "trpc-accept, accept, accept-encoding" };
  const seconds = error ? retryAfterSeconds([error]) : undefined;
  if (seconds) headers["retry-after"] = String(seconds);
  const body = JSON.stringify(call.batch ? [answer] : answer);
  if (body.length < COMPRESS_FROM_BYTES || !acceptsGzip(req.headers["accept-encoding"])) {
    res.writeHead(status, headers);
    res.end(body);
    return;
  }
  const compressed = await gzipAsync(body);
  res.writeHead(status, { ...headers, "content-encoding": "gzip" });
  res.end(compressed);
}

/**
 * Answers this long or longer are gzipped for a client that accepts it. Next compresses the pages it serves, but API
 * answers no longer pass through Next; a seat map's answer is tens of KB of JSON that gzip makes a fraction of
 * (Lighthouse's text-compression audit flagged it on the seat-map page), while a hold's answer is a few hundred
 * bytes, not worth the CPU.
 */
export const COMPRESS_FROM_BYTES = 1024;
const gzipAsync = promisify(gzip);

/** Whether an Accept-Encoding header allows gzip (by name or `*`, with a q-value above 0). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  let verdict = false;
  for (const part of header.split(",")) {
    const [name = "", ...params] = part.split(";").map((token) => token.trim().toLowerCase());
    if (name !== "gzip" && name !== "*") continue;
    const q = params.find((param) => param.startsWith("q="));
    const allowed = q === undefined || Number(q.slice(2)) > 0;
    // An explicit gzip entry decides over a wildcard.
    if (name === "gzip") return allowed;
    verdict = allowed;
  }
  return verdict;
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
