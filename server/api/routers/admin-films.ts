// Films for admins (/admin/films), mounted as admin.films; staff may read the list and a film. Thin by design: the
// rules are in server/programme/films.ts, and the public site reads films through the `films` router
// (server/catalogue), which shows published films only.
import { z } from "zod";
import {
  adminFilmSchema,
  createFilmInput,
  deleteFilmInput,
  filmIdInput,
  filmListInput,
  filmListSchema,
  futureScreeningsSchema,
  setFilmStatusInput,
  updateFilmInput,
} from "@/server/programme/film-schemas";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../trpc";

export const adminFilmsRouter = createTRPCRouter({
  list: staffProcedure
    .input(filmListInput)
    .output(filmListSchema)
    .query(({ ctx, input }) => ctx.services.programme.listFilms(input)),

  get: staffProcedure
    .input(filmIdInput)
    .output(adminFilmSchema)
    .query(({ ctx, input }) => ctx.services.programme.getFilm(input)),

  futureScreenings: staffProcedure
    .input(filmIdInput)
    .output(futureScreeningsSchema)
    .query(({ ctx, input }) => ctx.services.programme.filmFutureScreenings(input)),

  create: adminProcedure
    .input(createFilmInput)
    .output(adminFilmSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.createFilm({ ...input, actorId: ctx.session.user.id })),

  update: adminProcedure
    .input(updateFilmInput)
    .output(adminFilmSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.updateFilm({ ...input, actorId: ctx.session.user.id })),

  setStatus: adminProcedure
    .input(setFilmStatusInput)
    .output(adminFilmSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.setFilmStatus({ ...input, actorId: ctx.session.user.id })),

  delete: adminProcedure
    .input(deleteFilmInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.programme.deleteFilm({ ...input, actorId: ctx.session.user.id })),
});
