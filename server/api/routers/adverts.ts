// Adverts for admins (admin.adverts.*). Thin by design: the rules are in server/programme, and the public site reads
// adverts through the catalogue (activeAdverts).
import {
  adminAdvertSchema,
  advertListInput,
  advertListSchema,
  advertVersionInput,
  createAdvertInput,
  preShowReelInput,
  preShowReelSchema,
  updateAdvertInput,
} from "@/server/programme/schemas";
import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const advertsRouter = createTRPCRouter({
  list: adminProcedure
    .input(advertListInput)
    .output(advertListSchema)
    .query(({ ctx, input }) => ctx.services.programme.listAdverts(input)),

  create: adminProcedure
    .input(createAdvertInput)
    .output(adminAdvertSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.createAdvert({ ...input, actorId: ctx.session.user.id })),

  update: adminProcedure
    .input(updateAdvertInput)
    .output(adminAdvertSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.updateAdvert({ ...input, actorId: ctx.session.user.id })),

  pause: adminProcedure
    .input(advertVersionInput)
    .output(adminAdvertSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.pauseAdvert({ ...input, actorId: ctx.session.user.id })),

  resume: adminProcedure
    .input(advertVersionInput)
    .output(adminAdvertSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.resumeAdvert({ ...input, actorId: ctx.session.user.id })),

  delete: adminProcedure
    .input(advertVersionInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.programme.deleteAdvert({ ...input, actorId: ctx.session.user.id })),

  /** The pre-show reel before a screening at a cinema and wall-clock time. */
  preShowReel: adminProcedure
    .input(preShowReelInput)
    .output(preShowReelSchema)
    .query(({ ctx, input }) => ctx.services.programme.preShowReelAt(input)),
});
