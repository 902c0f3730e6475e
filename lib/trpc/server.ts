import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { appRouter } from "@/server/api/root";
import { createCallerFactory, createTRPCContext } from "@/server/api/trpc";
import { getAppSession } from "@/lib/auth/next-auth";

const createCaller = createCallerFactory(appRouter);

/**
 * The tRPC API for React Server Components: the same procedures, middleware and authorization as over HTTP,
 * called in-process. Cached per request.
 */
export const serverApi = cache(async () => {
  const requestHeaders = new Headers(await headers());
  return createCaller(await createTRPCContext({ headers: requestHeaders, session: await getAppSession() }));
});
