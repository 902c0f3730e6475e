// Calls tRPC procedures in-process, through the same context, middleware and error mapping as HTTP requests.
import type { AppSession } from "@/server/accounts/roles";
import { appRouter } from "@/server/api/root";
import { createCallerFactory, createTRPCContext } from "@/server/api/trpc";
import { CLIENT_ADDRESS_HEADER } from "@/server/rate-limit/client-address";
import type { Services } from "@/server/services";

const createCaller = createCallerFactory(appRouter);

/**
 * `ip` lets rate-limit tests act as different clients (everyone else shares one documentation address); `cookie` is
 * the request's Cookie header.
 */
export function createTestCaller(services: Services, session: AppSession | null, options: { ip?: string; cookie?: string } = {}) {
  // As the production server (scripts/serve.mjs) stamps every request with its socket's address.
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: options.ip ?? "203.0.113.7" });
  if (options.cookie) headers.set("cookie", options.cookie);
  return createCaller(createTRPCContext({ headers, session, services }));
}
