// Tills, shifts and cash-up. Thin by design: zod in and out, one service call each; the rules live in server/shifts.
import { z } from "zod";
import {
  cashMovementInputSchema,
  cashMovementResultSchema,
  closeResultSchema,
  closeShiftInputSchema,
  correctionInputSchema,
  openShiftInputSchema,
  shiftIdInputSchema,
  shiftReportSchema,
  shiftSummarySchema,
  signOffInputSchema,
  tillsInputSchema,
  tillsSchema,
  zReportInputSchema,
  zReportSchema,
} from "@/server/shifts/schemas";
import { createTRPCRouter, managerProcedure, staffProcedure } from "../trpc";

export const shiftsRouter = createTRPCRouter({
  /** The signed-in clerk's open shift, or null (the sale screen shows it). */
  currentShift: staffProcedure
    .output(shiftSummarySchema.nullable())
    .query(({ ctx }) => ctx.services.shifts.currentShift({ actor: ctx.session.user })),

  tills: staffProcedure
    .input(tillsInputSchema)
    .output(tillsSchema)
    .query(({ ctx, input }) => ctx.services.shifts.tills({ actor: ctx.session.user, cinemaId: input?.cinemaId })),

  open: staffProcedure
    .input(openShiftInputSchema)
    .output(shiftSummarySchema)
    .mutation(({ ctx, input }) => ctx.services.shifts.open({ actor: ctx.session.user, ...input })),

  /** A drop, payout or pay-in on the clerk's open shift. */
  recordCash: staffProcedure
    .input(cashMovementInputSchema)
    .output(cashMovementResultSchema)
    .mutation(({ ctx, input }) => ctx.services.shifts.recordMovement({ actor: ctx.session.user, ...input })),

  report: staffProcedure
    .input(shiftIdInputSchema)
    .output(shiftReportSchema)
    .query(({ ctx, input }) => ctx.services.shifts.report({ actor: ctx.session.user, shiftId: input.shiftId })),

  close: staffProcedure
    .input(closeShiftInputSchema)
    .output(closeResultSchema)
    .mutation(({ ctx, input }) => ctx.services.shifts.close({ actor: ctx.session.user, ...input })),

  /** A manager (signed in, or by PIN at the clerk's till) signs off a closed shift's variance. */
  signOff: staffProcedure
    .input(signOffInputSchema)
    .output(closeResultSchema)
    .mutation(({ ctx, input }) => ctx.services.shifts.signOff({ actor: ctx.session.user, ...input })),

  correct: managerProcedure
    .input(correctionInputSchema)
    .output(cashMovementResultSchema)
    .mutation(({ ctx, input }) => ctx.services.shifts.correct({ actor: ctx.session.user, ...input })),

  zReport: managerProcedure
    .input(zReportInputSchema)
    .output(zReportSchema)
    .query(({ ctx, input }) => ctx.services.shifts.zReport({ actor: ctx.session.user, ...input })),

  /** The clerk's recent shifts (their own), newest first, for reopening a closed shift's report. */
  recent: staffProcedure
    .output(z.array(shiftSummarySchema.extend({ closedAt: z.date().nullable() })))
    .query(({ ctx }) => ctx.services.shifts.recent({ actor: ctx.session.user })),
});
