import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTRPCContext, retryAfterSeconds } from "@/server/api/trpc";
import { getAppSession } from "@/lib/auth/next-auth";

const handler = async (request: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async ({ resHeaders }) =>
      createTRPCContext({ headers: request.headers, session: await getAppSession(), resHeaders }),
    // 429 and 503 say when to come back (tRPC sets the status from the error's code).
    responseMeta({ errors }) {
      const seconds = retryAfterSeconds(errors);
      return seconds ? { headers: new Headers({ "retry-after": String(seconds) }) } : {};
    },
  });

export { handler as GET, handler as POST };
