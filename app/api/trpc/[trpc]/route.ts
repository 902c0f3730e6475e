import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { crossSiteRefusal, crossSiteResponse } from "@/server/api/cross-site";
import { createTRPCContext, retryAfterSeconds } from "@/server/api/trpc";
import { env } from "@/server/config/env";
import { getAppSession } from "@/lib/auth/next-auth";
import { hasSessionCookie } from "@/lib/auth/session-cookie";

const handler = async (request: Request) => {
  // Before the session is read or any procedure runs (server/api/cross-site.ts).
  const refusal = crossSiteRefusal(request, env().APP_URL);
  if (refusal) return crossSiteResponse(refusal);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async ({ resHeaders }) =>
      createTRPCContext({
        headers: request.headers,
        // No session cookie, no session: anonymous calls skip Auth.js and its check against the database.
        session: hasSessionCookie(request.headers.get("cookie")) ? await getAppSession() : null,
        resHeaders,
      }),
    // 429 and 503 say when to come back (tRPC sets the status from the error's code).
    responseMeta({ errors }) {
      const seconds = retryAfterSeconds(errors);
      return seconds ? { headers: new Headers({ "retry-after": String(seconds) }) } : {};
    },
  });
};

export { handler as GET, handler as POST };
