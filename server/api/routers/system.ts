import { z } from "zod";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const systemRouter = createTRPCRouter({
  /** Touches nothing: the cost of the HTTP + tRPC stack alone, the ceiling the HTTP benchmark compares against. */
  ping: publicProcedure.output(z.object({ ok: z.literal(true) })).query(() => ({ ok: true as const })),
});
