// Cinemas, halls with their seat layouts, and seat blocks (/admin/cinemas). Staff may read; admins change. Thin by
// design: the rules are in server/venues.
import {
  cinemaIdInput,
  createCinemaInput,
  createHallInput,
  hallIdInput,
  saveHallInput,
  screeningIdInput,
  seatBlockInput,
  updateCinemaInput,
} from "@/server/venues/schemas";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../trpc";

export const venuesRouter = createTRPCRouter({
  listCinemas: staffProcedure.query(({ ctx }) => ctx.services.venues.listCinemas()),

  getCinema: staffProcedure.input(cinemaIdInput).query(({ ctx, input }) => ctx.services.venues.getCinema(input.id)),

  createCinema: adminProcedure
    .input(createCinemaInput)
    .mutation(({ ctx, input }) => ctx.services.venues.createCinema({ ...input, actorId: ctx.session.user.id })),

  updateCinema: adminProcedure
    .input(updateCinemaInput)
    .mutation(({ ctx, input }) => ctx.services.venues.updateCinema({ ...input, actorId: ctx.session.user.id })),

  getHall: staffProcedure.input(hallIdInput).query(({ ctx, input }) => ctx.services.venues.getHall(input.hallId)),

  createHall: adminProcedure
    .input(createHallInput)
    .mutation(({ ctx, input }) => ctx.services.venues.createHall({ ...input, actorId: ctx.session.user.id })),

  saveHall: adminProcedure
    .input(saveHallInput)
    .mutation(({ ctx, input }) => ctx.services.venues.saveHall({ ...input, actorId: ctx.session.user.id })),

  seatBlocks: staffProcedure.input(screeningIdInput).query(({ ctx, input }) => ctx.services.venues.listSeatBlocks(input.screeningId)),

  blockSeats: adminProcedure
    .input(seatBlockInput)
    .mutation(({ ctx, input }) => ctx.services.venues.blockSeats({ ...input, actorId: ctx.session.user.id })),

  unblockSeats: adminProcedure
    .input(seatBlockInput)
    .mutation(({ ctx, input }) => ctx.services.venues.unblockSeats({ ...input, actorId: ctx.session.user.id })),
});
