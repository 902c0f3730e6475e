// The API server (lib/trpc/api-server.ts, what scripts/serve.mjs serves /api/trpc/* with) on a local port, so that
// route tests can send the same Request to it over real HTTP as they hand the Next route. Requests keep their own
// client address header: the socket stamping is serve.mjs's and has its own test.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApiHandler } from "@/lib/trpc/api-server";

export interface ApiServer {
  /** Sends `request` (any origin) to the API server: same method, path, query, headers and body. */
  fetch(request: Request): Promise<Response>;
  close(): Promise<void>;
}

export async function startApiServer(): Promise<ApiServer> {
  const server = createServer(createApiHandler());
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    async fetch(request) {
      const url = new URL(request.url);
      return fetch(`http://127.0.0.1:${port}${url.pathname}${url.search}`, {
        method: request.method,
        headers: request.headers,
        body: request.method === "GET" || request.method === "HEAD" ? undefined : await request.text(),
        redirect: "manual",
      });
    },
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/**
 * What a route test compares between the API server and the Next route: status, content type, Retry-After and the
 * body (parsed if JSON), without the stack trace tRPC adds outside production (it differs by path).
 */
export async function answerOf(response: Response) {
  const text = await response.text();
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).filter(([key]) => key !== "stack").map(([key, v]) => [key, strip(v)]));
    return value;
  };
  let body: unknown = text;
  try {
    body = strip(JSON.parse(text));
  } catch {
    // not JSON: compared as text
  }
  return { status: response.status, contentType: response.headers.get("content-type"), retryAfter: response.headers.get("retry-after"), body };
}
