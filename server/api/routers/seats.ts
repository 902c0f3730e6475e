import { TRPCError } from "@trpc/server";
import {
  bestAvailableInputSchema,
  bestAvailableResultSchema,
  holdInputSchema,
  holdResultSchema,
  releaseInputSchema,
  releaseResultSchema,
} from "@/server/inventory/schemas";
import { hasRole } from "@/server/accounts/roles";
import { createTRPCRouter, publicProcedure, rateLimited } from "../trpc";

// The seat engine over HTTP. Guests hold through their browser token, customers as themselves; the inventory module
// owns every rule (limits, gaps, wheelchair spaces, expiry) and PostgreSQL has the last word on each seat.
export const seatsRouter = createTRPCRouter({
  hold: publicProcedure
    .input(holdInputSchema)
    .use(rateLimited("holdPerIp", "holdPerHolder"))
    .output(holdResultSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.overrideReason && !hasRole(ctx.session?.user, "STAFF")) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only staff can override seat rules." });
      }
      const holderKey = ctx.holder.ensure();
      const basket = await ctx.services.booking.openBasket({
        screeningId: input.screeningId,
        holderKey,
        userId: ctx.session?.user.id ?? null,
      });
      return ctx.services.inventory.hold({
        screeningId: input.screeningId,
        orderId: basket.id,
        seatIds: input.seatIds,
        requestKey: `${holderKey}:${input.requestKey}`,
        override:
          input.overrideReason && ctx.session ? { staffUserId: ctx.session.user.id, reason: input.overrideReason } : undefined,
      });
    }),

  release: publicProcedure
    .input(releaseInputSchema)
    .output(releaseResultSchema)
    .mutation(async ({ ctx, input }) => {
      const basket = ctx.holder.current
        ? await ctx.services.booking.currentBasket({ screeningId: input.screeningId, holderKey: ctx.holder.current })
        : null;
      if (!basket) return { released: [] };
      return ctx.services.inventory.release({ screeningId: input.screeningId, orderId: basket.id, seatIds: input.seatIds });
    }),

  bestAvailable: publicProcedure
    .input(bestAvailableInputSchema)
    .output(bestAvailableResultSchema)
    .query(({ ctx, input }) => ctx.services.inventory.bestAvailable(input)),
});
