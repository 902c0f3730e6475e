// The production web server (`npm start`, `npm run demo`, the e2e tests): Next.js's request handler behind a
// node:http server that does one extra thing, stamping each request with the address of the socket it came from.
//
// Why not `next start`: Next fills in X-Forwarded-For from the socket only when the client sent none, so a route
// handler can't tell a header Next wrote from one the client made up, and per-address rate limits would count
// whatever address the client chose. Here any client-sent copy of CLIENT_ADDRESS_HEADER is deleted and the header is
// set from the socket; server/rate-limit/client-address.ts reads it when TRUSTED_PROXY_HOPS is 0 (no proxy in front).
//
// It also serves the tRPC API outside Next's request path: requests under /api/trpc/ go to the handler that
// instrumentation.ts's register() leaves on globalThis (lib/trpc/api-server.ts: same router, context, session and
// cross-site refusal as the Next route, at a fraction of the cost per request); everything else goes to Next.
//
// And it runs one worker process per core (node:cluster, WEB_CONCURRENCY, default: the number of cores): the primary
// only supervises (forks, replaces a worker that dies, passes SIGTERM on); the workers share the listening socket.
// WEB_CONCURRENCY=1 serves from this one process.
//
// Flags as `next start`: -p/--port (or PORT, default 3000), -H/--hostname (or HOSTNAME, default 0.0.0.0).
// Plain JavaScript so that it runs with `node` alone, with nothing compiled first.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import os from "node:os";
import { pathToFileURL } from "node:url";

/** Set only by this server. Keep in step with server/rate-limit/client-address.ts (a test checks they match). */
export const CLIENT_ADDRESS_HEADER = "x-marquee-client-address";

/**
 * Wraps a Node request handler so that every request carries the socket's address in CLIENT_ADDRESS_HEADER, and
 * never a copy the client sent.
 * @param {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown} handle
 */
export function withClientAddress(handle) {
  return (req, res) => {
    // Node folds repeated headers into one value under the lower-case name; rawHeaders keeps what the client sent,
    // but Next reads req.headers, which is what is cleaned here.
    delete req.headers[CLIENT_ADDRESS_HEADER];
    const address = req.socket.remoteAddress;
    if (address) req.headers[CLIENT_ADDRESS_HEADER] = address.startsWith("::ffff:") ? address.slice(7) : address;
    return handle(req, res);
  };
}

export function parseServeArguments(args, environment = process.env) {
  const options = { port: Number(environment.PORT ?? 3000), hostname: environment.HOSTNAME ?? "0.0.0.0" };
  for (let i = 0; i < args.length; i += 1) {
    const [flag, inline] = args[i].split("=", 2);
    const value = () => inline ?? args[++i];
    if (flag === "-p" || flag === "--port") options.port = Number(value());
    else if (flag === "-H" || flag === "--hostname") options.hostname = value();
    else throw new Error(`serve: unknown argument ${args[i]} (use -p <port> and -H <hostname>)`);
  }
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) throw new Error("serve: bad port");
  return options;
}

/** Keep in step with lib/trpc/api-server.ts (a test checks they match). */
export const API_HANDLER_KEY = Symbol.for("marquee.api-handler");
export const API_BASE_PATH = "/api/trpc/";

/**
 * Sends /api/trpc/* to the API handler when there is one, everything else (and the API too, without one) to Next.
 * @param {(req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown} nextHandle
 * @param {((req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => unknown) | undefined} apiHandle
 */
export function routeRequests(nextHandle, apiHandle) {
  if (!apiHandle) return nextHandle;
  return (req, res) => (req.url?.startsWith(API_BASE_PATH) ? apiHandle(req, res) : nextHandle(req, res));
}

/** How many worker processes to run: WEB_CONCURRENCY, or one per core. */
export function workerCount(environment = process.env) {
  const configured = environment.WEB_CONCURRENCY;
  if (configured === undefined || configured === "") return os.availableParallelism();
  const count = Number(configured);
  if (!Number.isInteger(count) || count < 1) throw new Error(`serve: WEB_CONCURRENCY must be a whole number ≥ 1, not ${configured}`);
  return count;
}

async function serve({ port, hostname }) {
  const { default: next } = await import("next");
  const app = next({ dev: false, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // In production Next runs instrumentation.ts's register() on its first request; it must run before this server
  // listens, as it leaves the API handler on globalThis. Next's own once-only entry point (a module Next keeps out of
  // its bundles, so this is the instance Next calls) runs it now, and Next doesn't run it again.
  const { ensureInstrumentationRegistered } = createRequire(import.meta.url)("next/dist/server/lib/router-utils/instrumentation-globals.external.js");
  await ensureInstrumentationRegistered(process.cwd(), ".next");
  // SERVE_API_THROUGH_NEXT=1 serves the API through Next's route, as before (bench:http-cpu compares the two).
  const api = process.env.SERVE_API_THROUGH_NEXT === "1" ? undefined : globalThis[API_HANDLER_KEY];
  if (!api && process.env.SERVE_API_THROUGH_NEXT !== "1") console.warn("serve: no API handler from instrumentation.ts; /api/trpc is served by Next");
  const server = createServer(withClientAddress(routeRequests((req, res) => handle(req, res), api)));
  server.listen(port, hostname, () => {
    if (cluster.isPrimary) console.log(`▲ Marquee listening on http://${hostname}:${port}`);
  });
  // Let requests in flight finish when the process is asked to stop (Playwright and the demo send SIGTERM).
  // Open server-sent event streams (live seat maps) never finish on their own, so they get three seconds.
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

function supervise(options, workers) {
  let stopping = false;
  let listening = 0;
  cluster.on("listening", (worker) => {
    worker.ready = true;
    listening += 1;
    if (listening === workers) console.log(`▲ Marquee listening on http://${options.hostname}:${options.port} (${workers} workers)`);
  });
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    // A worker that never served (bad configuration: register() exits on it) would fail again: stop everything.
    if (!worker.ready) {
      console.error(`serve: a worker exited before it was listening (${signal ?? code}); stopping`);
      stop(1);
      return;
    }
    console.error(`serve: worker ${worker.process.pid} died (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    const running = Object.values(cluster.workers ?? {});
    if (running.length === 0) process.exit();
    for (const worker of running) worker?.process.kill("SIGTERM");
    // Each worker gives its requests three seconds; past that, stop regardless.
    setTimeout(() => process.exit(), 5000).unref();
  };
  process.once("SIGTERM", () => stop());
  process.once("SIGINT", () => stop());
  for (let i = 0; i < workers; i += 1) cluster.fork();
}

async function main() {
  const options = parseServeArguments(process.argv.slice(2));
  process.env.NODE_ENV ??= "production";
  const workers = cluster.isPrimary ? workerCount() : 1;
  if (cluster.isPrimary && workers > 1) supervise(options, workers);
  else await serve(options);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
