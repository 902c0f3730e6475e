// The public film catalogue. Thin by design: validation here, rules and queries in server/catalogue.
import { z } from "zod";
import {
  advertSchema,
  advertsInputSchema,
  announcementSchema,
  announcementsInputSchema,
  filmBySlugInputSchema,
  filmCardSchema,
  filmPageSchema,
  searchInputSchema,
  searchResultSchema,
} from "@/server/catalogue/schemas";
import { createTRPCRouter, publicProcedure } from "../trpc";

export const filmsRouter = createTRPCRouter({
  nowShowing: publicProcedure
    .output(z.array(filmCardSchema))
    .query(({ ctx }) => ctx.services.catalogue.nowShowing()),

  comingSoon: publicProcedure
    .output(z.array(filmCardSchema))
    .query(({ ctx }) => ctx.services.catalogue.comingSoon()),

  bySlug: publicProcedure
    .input(filmBySlugInputSchema)
    .output(filmPageSchema)
    .query(({ ctx, input }) => ctx.services.catalogue.filmBySlug(input.slug)),

  search: publicProcedure
    .input(searchInputSchema)
    .output(searchResultSchema)
    .query(({ ctx, input }) => ctx.services.catalogue.search(input)),

  // The home page's marketing slots live with the catalogue that feeds them.
  adverts: publicProcedure
    .input(advertsInputSchema)
    .output(z.array(advertSchema))
    .query(({ ctx, input }) => ctx.services.catalogue.activeAdverts(input.placement, { cinemaSlug: input.cinemaSlug })),

  announcements: publicProcedure
    .input(announcementsInputSchema.optional())
    .output(z.array(announcementSchema))
    .query(({ ctx, input }) => ctx.services.catalogue.activeAnnouncements(input ?? {})),
});
