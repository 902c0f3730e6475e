// The screenings scheduler (/admin/screenings). Thin by design: the rules are in server/scheduling. Staff may read
// the week and a cancellation's progress; admins change.
import {
  cancellationInput,
  cancellationProgressSchema,
  cancelScreeningInput,
  publishWeekInput,
  runInput,
  runPreviewSchema,
  schedulingOptionsSchema,
  screeningCreateSchema,
  screeningEditSchema,
  timingSettingSchema,
  timingSettingsInput,
  timingSettingsSchema,
  weekInput,
  weekViewSchema,
} from "@/server/scheduling/schemas";
import { z } from "zod";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../trpc";

export const screeningsAdminRouter = createTRPCRouter({
  week: staffProcedure
    .input(weekInput)
    .output(weekViewSchema)
    .query(({ ctx, input }) => ctx.services.scheduling.weekView(input)),

  choices: staffProcedure
    .input(timingSettingsInput)
    .output(schedulingOptionsSchema)
    .query(({ ctx, input }) => ctx.services.scheduling.choices(input)),

  cancellation: staffProcedure
    .input(cancellationInput)
    .output(cancellationProgressSchema.nullable())
    .query(({ ctx, input }) => ctx.services.scheduling.cancellationProgress(input)),

  timing: staffProcedure
    .input(timingSettingsInput)
    .output(timingSettingsSchema)
    .query(({ ctx, input }) => ctx.services.scheduling.timingSettings(input)),

  previewRun: adminProcedure
    .input(runInput)
    .output(runPreviewSchema)
    .mutation(({ ctx, input }) => ctx.services.scheduling.previewRun(input)),

  createRun: adminProcedure
    .input(runInput)
    .output(z.object({ screeningIds: z.array(z.string()) }))
    .mutation(({ ctx, input }) => ctx.services.scheduling.createRun({ ...input, actorId: ctx.session.user.id })),

  create: adminProcedure
    .input(screeningCreateSchema)
    .output(z.object({ screeningId: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.scheduling.createScreening({ ...input, actorId: ctx.session.user.id })),

  update: adminProcedure
    .input(screeningEditSchema)
    .output(z.object({ emailed: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.scheduling.updateScreening({ ...input, actorId: ctx.session.user.id })),

  publishWeek: adminProcedure
    .input(publishWeekInput)
    .output(z.object({ published: z.number() }))
    .mutation(({ ctx, input }) => ctx.services.scheduling.publishWeek({ ...input, actorId: ctx.session.user.id })),

  cancel: adminProcedure
    .input(cancelScreeningInput)
    .output(z.object({ cancellationId: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.scheduling.cancelScreening({ ...input, actorId: ctx.session.user.id })),

  /** Finishes a cancellation now (the engine is down, or to retry): the same idempotent steps as the function. */
  finishCancellation: adminProcedure
    .input(z.object({ cancellationId: z.string().min(1).max(100) }))
    .output(cancellationProgressSchema)
    .mutation(({ ctx, input }) => ctx.services.scheduling.processCancellation({ cancellationId: input.cancellationId, includeFailed: true })),

  setTiming: adminProcedure
    .input(timingSettingSchema)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.scheduling.setTiming({ ...input, actorId: ctx.session.user.id });
      return { ok: true as const };
    }),
});
