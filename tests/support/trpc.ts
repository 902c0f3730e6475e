// Calls tRPC procedures in-process, through the same context, middleware and error mapping as HTTP requests.
import type { AppSession } from "@/server/accounts/roles";
import { appRouter } from "@/server/api/root";
import { createCallerFactory, createTRPCContext } from "@/server/api/trpc";
import type { Services } from "@/server/services";

const createCaller = createCallerFactory(appRouter);

/**
 * `ip` lets rate-limit tests act as different clients (everyone else shares one documentation address); `cookie` is
 * the request's Cookie header.
 */
export function createTestCaller(services: Services, session: AppSession | null, options: { ip?: string; cookie?: string } = {}) {
  const headers = testRequestHeaders(options);
  return createCaller(() => createTRPCContext({ headers, session, services }));
}

/** The request headers of a client at `ip` (as our proxy reports it) sending `cookie`. */
export function testRequestHeaders(options: { ip?: string; cookie?: string } = {}): Headers {
  const headers = new Headers({ "x-forwarded-for": options.ip ?? "203.0.113.7" });
  if (options.cookie) headers.set("cookie", options.cookie);
  return headers;
}
