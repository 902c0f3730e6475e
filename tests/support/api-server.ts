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
