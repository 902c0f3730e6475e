import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/api/root";
import { createTRPCContext } from "@/server/api/trpc";
import { getAppSession } from "@/lib/auth/next-auth";

const handler = async (request: Request) =>
  fetchRequestHandler({
    endpoint: "/api/trpc",
    req: request,
    router: appRouter,
    createContext: async ({ resHeaders }) =>
      createTRPCContext({ headers: request.headers, session: await getAppSession(), resHeaders }),
  });

export { handler as GET, handler as POST };
