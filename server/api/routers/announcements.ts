// Announcements for admins (/admin/announcements); staff may read the list. Thin by design: the rules are in
// server/programme, and the public site reads announcements through films.announcements (server/catalogue).
import {
  adminAnnouncementSchema,
  announcementListInput,
  announcementListSchema,
  createAnnouncementInput,
  deleteAnnouncementInput,
  updateAnnouncementInput,
} from "@/server/programme/schemas";
import { z } from "zod";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../trpc";

export const announcementsRouter = createTRPCRouter({
  list: staffProcedure
    .input(announcementListInput)
    .output(announcementListSchema)
    .query(({ ctx, input }) => ctx.services.programme.listAnnouncements(input)),

  create: adminProcedure
    .input(createAnnouncementInput)
    .output(adminAnnouncementSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.createAnnouncement({ ...input, actorId: ctx.session.user.id })),

  update: adminProcedure
    .input(updateAnnouncementInput)
    .output(adminAnnouncementSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.updateAnnouncement({ ...input, actorId: ctx.session.user.id })),

  delete: adminProcedure
    .input(deleteAnnouncementInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.programme.deleteAnnouncement({ ...input, actorId: ctx.session.user.id })),
});
