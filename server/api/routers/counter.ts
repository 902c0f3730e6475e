// Issue 11's counter procedures (the sale screen). Thin by design: zod in and out, one service call each; the rules
// (open shift, approvals, seats, tenders) live in server/counter.
import { z } from "zod";
import type { SeatChange } from "@/server/inventory";
import {
  counterBasketSchema,
  counterBestInputSchema,
  counterCatalogueInputSchema,
  counterDayInputSchema,
  counterDaySchema,
  counterHoldInputSchema,
  counterHoldResultSchema,
  counterProductSchema,
  counterQuoteInputSchema,
  counterQuoteSchema,
  counterReleaseInputSchema,
  counterSaleInputSchema,
  counterSaleResultSchema,
  counterScreeningInputSchema,
} from "@/server/counter/schemas";
import { releaseResultSchema } from "@/server/inventory/schemas";
import { fromCallbackSubscription } from "../subscriptions";
import { createTRPCRouter, staffProcedure } from "../trpc";

export const counterRouter = createTRPCRouter({
  /** Today's screenings at the clerk's cinema (or the one chosen) with sold / held / checked in, and the clerk's shift. */
  day: staffProcedure
    .input(counterDayInputSchema)
    .output(counterDaySchema)
    .query(({ ctx, input }) => ctx.services.counter.day({ actor: ctx.session.user, cinemaId: input?.cinemaId })),

  /** Seat changes of several screenings on one stream (the day list's live occupancy). */
  dayChanges: staffProcedure
    .input(z.object({ screeningIds: z.array(z.string().min(1).max(64)).max(100) }))
    .subscription(({ ctx, input, signal }) =>
      fromCallbackSubscription<SeatChange>(async (onChange) => {
        const unsubscribes = await Promise.all(input.screeningIds.map((id) => ctx.services.inventory.subscribeToSeatChanges(id, onChange)));
        return async () => void (await Promise.all(unsubscribes.map((unsubscribe) => unsubscribe())));
      }, signal),
    ),

  basket: staffProcedure
    .input(counterScreeningInputSchema)
    .output(counterBasketSchema)
    .query(({ ctx, input }) => ctx.services.counter.basket({ actor: ctx.session.user, ...input })),

  hold: staffProcedure
    .input(counterHoldInputSchema)
    .output(counterHoldResultSchema)
    .mutation(({ ctx, input }) => ctx.services.counter.hold({ actor: ctx.session.user, ...input })),

  holdBest: staffProcedure
    .input(counterBestInputSchema)
    .output(counterHoldResultSchema)
    .mutation(({ ctx, input }) => ctx.services.counter.holdBest({ actor: ctx.session.user, ...input })),

  release: staffProcedure
    .input(counterReleaseInputSchema)
    .output(releaseResultSchema)
    .mutation(({ ctx, input }) => ctx.services.counter.release({ actor: ctx.session.user, ...input })),

  quote: staffProcedure
    .input(counterQuoteInputSchema)
    .output(counterQuoteSchema)
    .query(({ ctx, input }) => ctx.services.counter.quote({ actor: ctx.session.user, ...input })),

  catalogue: staffProcedure
    .input(counterCatalogueInputSchema)
    .output(z.array(counterProductSchema))
    .query(({ ctx, input }) => ctx.services.counter.catalogue({ actor: ctx.session.user, ...input })),

  sell: staffProcedure
    .input(counterSaleInputSchema)
    .output(counterSaleResultSchema)
    .mutation(({ ctx, input }) => ctx.services.counter.sell({ actor: ctx.session.user, ...input })),
});
