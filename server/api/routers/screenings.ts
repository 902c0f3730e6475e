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
import { createTRPCRouter, publicProcedure } from "../trpc";

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
});
