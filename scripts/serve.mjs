// The production web server (`npm start`, `npm run demo`, the e2e tests): Next.js's request handler behind a
// node:http server that does one extra thing, stamping each request with the address of the socket it came from.
//
// Why not `next start`: Next fills in X-Forwarded-For from the socket only when the client sent none, so a route
// handler can't tell a header Next wrote from one the client made up, and per-address rate limits would count
// whatever address the client chose. Here any client-sent copy of CLIENT_ADDRESS_HEADER is deleted and the header is
// set from the socket; server/rate-limit/client-address.ts reads it when TRUSTED_PROXY_HOPS is 0 (no proxy in front).
//
// Flags as `next start`: -p/--port (or PORT, default 3000), -H/--hostname (or HOSTNAME, default 0.0.0.0).
// Plain JavaScript so that it runs with `node` alone, with nothing compiled first.
import { createServer } from "node:http";
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

async function main() {
  const { port, hostname } = parseServeArguments(process.argv.slice(2));
  process.env.NODE_ENV ??= "production";
  const { default: next } = await import("next");
  const app = next({ dev: false, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  const server = createServer(withClientAddress((req, res) => handle(req, res)));
  server.listen(port, hostname, () => console.log(`▲ Marquee listening on http://${hostname}:${port}`));
  // Let requests in flight finish when the process is asked to stop (Playwright and the demo send SIGTERM).
  // Open server-sent event streams (live seat maps) never finish on their own, so they get three seconds.
  const stop = () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 3000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
