// The staff console's reads and the attention desk. Thin by design: rules in server/box-office and server/booking.
import { z } from "zod";
import { cinemaSummarySchema, dayOverviewInputSchema, dayOverviewSchema } from "@/server/box-office/schemas";
import {
  attentionItemSchema,
  resolveAttentionInputSchema,
  retryRefundInputSchema,
  retryRefundResultSchema,
} from "@/server/booking/schemas";
import { createTRPCRouter, staffProcedure } from "../trpc";

export const boxOfficeRouter = createTRPCRouter({
  dayOverview: staffProcedure
    .input(dayOverviewInputSchema)
    .output(dayOverviewSchema)
    .query(({ ctx, input }) => ctx.services.boxOffice.dayOverview(input)),

  cinemas: staffProcedure.output(z.array(cinemaSummarySchema)).query(({ ctx }) => ctx.services.boxOffice.cinemas()),

  /** Orders the automatic retries and reconciliation handed to people. */
  attention: staffProcedure
    .output(z.array(attentionItemSchema))
    .query(({ ctx }) => ctx.services.booking.needingAttention()),

  retryRefund: staffProcedure
    .input(retryRefundInputSchema)
    .output(retryRefundResultSchema)
    .mutation(({ ctx, input }) => ctx.services.booking.retryRefund({ refundId: input.refundId, staffId: ctx.session.user.id })),

  resolveAttention: staffProcedure
    .input(resolveAttentionInputSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.booking.resolveAttention({ ...input, staffId: ctx.session.user.id })),
});
