// Calls tRPC procedures in-process, through the same context, middleware and error mapping as HTTP requests.
import type { AppSession } from "@/server/accounts/roles";
import { appRouter } from "@/server/api/root";
import { createCallerFactory, createTRPCContext } from "@/server/api/trpc";
import { CLIENT_ADDRESS_HEADER } from "@/server/rate-limit/client-address";
import type { Services } from "@/server/services";

const createCaller = createCallerFactory(appRouter);

/**
 * `ip` lets rate-limit tests act as different clients (everyone else shares one documentation address): it is the
 * socket's address, as the production server (scripts/serve.mjs) stamps it. `cookie` is the request's Cookie header;
 * `headers` adds any others (a client's own X-Forwarded-For, say).
 */
export function createTestCaller(
  services: Services,
  session: AppSession | null,
  options: { ip?: string; cookie?: string; headers?: Record<string, string> } = {},
) {
  const headers = testRequestHeaders(options);
  return createCaller(() => createTRPCContext({ headers, session, services }));
}

/** The request headers of a client at `ip` (the socket's address, as scripts/serve.mjs stamps it) sending `cookie`. */
export function testRequestHeaders(options: { ip?: string; cookie?: string; headers?: Record<string, string> } = {}): Headers {
  const headers = new Headers(options.headers);
  headers.set(CLIENT_ADDRESS_HEADER, options.ip ?? "203.0.113.7");
  if (options.cookie) headers.set("cookie", options.cookie);
  return headers;
}
