// Showtimes and single screenings, public. Thin by design: validation here, rules and queries in server/catalogue.
import {
  filtersSchema,
  programmeDaySchema,
  screeningByIdInputSchema,
  screeningDetailsSchema,
  showtimesInputSchema,
  showtimesResultSchema,
  todaysShowtimesInputSchema,
} from "@/server/catalogue/schemas";
import type { SeatChange } from "@/server/inventory";
import { fromCallbackSubscription } from "../subscriptions";
import { createTRPCRouter, publicProcedure } from "../trpc";
import { screeningInputSchema, seatMapSchema } from "@/server/inventory/schemas";

export const screeningsRouter = createTRPCRouter({
  today: publicProcedure
    .input(todaysShowtimesInputSchema.optional())
    .output(programmeDaySchema)
    .query(({ ctx, input }) => ctx.services.catalogue.todaysShowtimes(input ?? {})),

  list: publicProcedure
    .input(showtimesInputSchema.optional())
    .output(showtimesResultSchema)
    .query(({ ctx, input }) => ctx.services.catalogue.showtimes(input ?? {})),

  filters: publicProcedure
    .input(todaysShowtimesInputSchema.optional())
    .output(filtersSchema)
    .query(({ ctx, input }) => ctx.services.catalogue.filters(input ?? {})),

  byId: publicProcedure
    .input(screeningByIdInputSchema)
    .output(screeningDetailsSchema)
    .query(({ ctx, input }) => ctx.services.catalogue.screeningById(input.id)),

  seatMap: publicProcedure
    .input(screeningInputSchema)
    .output(seatMapSchema)
    .query(({ ctx, input }) => ctx.services.booking.seatMapFor({ ...input, holderKey: ctx.holder.current })),

  /** Pushes every seat change of a screening as it happens, from whichever app process made it (Redis pub/sub). */
  seatChanges: publicProcedure
    .input(screeningInputSchema)
    .subscription(({ ctx, input, signal }) =>
      fromCallbackSubscription<SeatChange>(
        (onChange) => ctx.services.inventory.subscribeToSeatChanges(input.screeningId, onChange),
        signal,
      ),
    ),
});
