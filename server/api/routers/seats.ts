// The seat engine over HTTP. Thin by design: guests hold through their browser token, customers as themselves;
// booking keeps the basket the seats are held in, the inventory owns every seat rule (limits, gaps, wheelchair
// spaces, expiry, who may override them) and PostgreSQL has the last word on each seat.
import {
  bestAvailableInputSchema,
  bestAvailableResultSchema,
  holdInputSchema,
  holdResultSchema,
  releaseInputSchema,
  releaseResultSchema,
} from "@/server/inventory/schemas";
import { createTRPCRouter, publicProcedure, rateLimited } from "../trpc";

export const seatsRouter = createTRPCRouter({
  hold: publicProcedure
    .input(holdInputSchema)
    .use(rateLimited("holdPerIp", "holdPerHolder"))
    .output(holdResultSchema)
    .mutation(({ ctx, input }) =>
      ctx.services.booking.holdSeats({
        ...input,
        holderKey: ctx.holder.ensure(),
        userId: ctx.session?.user.id ?? null,
        client: { address: ctx.ip },
      }),
    ),

  release: publicProcedure
    .input(releaseInputSchema)
    .output(releaseResultSchema)
    .mutation(({ ctx, input }) => ctx.services.booking.releaseSeats({ ...input, holderKey: ctx.holder.current })),

  bestAvailable: publicProcedure
    .input(bestAvailableInputSchema)
    .output(bestAvailableResultSchema)
    .query(({ ctx, input }) => ctx.services.inventory.bestAvailable(input)),
});
