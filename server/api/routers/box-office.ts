// The staff console's reads and the attention desk. Thin by design: rules in server/box-office and server/booking.
import { z } from "zod";
import {
  cinemaSummarySchema,
  completeExchangeInputSchema,
  completeExchangeResultSchema,
  dayOverviewInputSchema,
  dayOverviewSchema,
  exchangeIdInputSchema,
  exchangeQuoteSchema,
  exchangeTargetsInputSchema,
  exchangeTargetsSchema,
  findInputSchema,
  findResultSchema,
  orderDetailSchema,
  orderIdInputSchema,
  prepareExchangeInputSchema,
  staffRefundInputSchema,
  staffRefundResultSchema,
} from "@/server/box-office/schemas";
import {
  attentionItemSchema,
  unmatchedPaymentEventSchema,
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

  /** Provider events that named no payment we know, newest first. */
  unmatchedPaymentEvents: staffProcedure
    .output(z.array(unmatchedPaymentEventSchema))
    .query(({ ctx }) => ctx.services.booking.unmatchedPaymentEvents()),

  retryRefund: staffProcedure
    .input(retryRefundInputSchema)
    .output(retryRefundResultSchema)
    .mutation(({ ctx, input }) => ctx.services.booking.retryRefund({ refundId: input.refundId, staffId: ctx.session.user.id })),

  resolveAttention: staffProcedure
    .input(resolveAttentionInputSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.booking.resolveAttention({ ...input, staffId: ctx.session.user.id })),

  // ── Find a booking ──
  find: staffProcedure
    .input(findInputSchema)
    .output(findResultSchema)
    .query(({ ctx, input }) => ctx.services.boxOffice.find(input)),

  orderDetail: staffProcedure
    .input(orderIdInputSchema)
    .output(orderDetailSchema)
    .query(({ ctx, input }) => ctx.services.boxOffice.orderDetail(input)),

  // ── Staff refunds (a manager's approval, when needed, is the PIN in the input or the caller's role) ──
  refund: staffProcedure
    .input(staffRefundInputSchema)
    .output(staffRefundResultSchema)
    .mutation(({ ctx, input }) => ctx.services.boxOffice.refund({ ...input, actor: ctx.session.user })),

  // ── Exchanges ──
  exchangeTargets: staffProcedure
    .input(exchangeTargetsInputSchema)
    .output(exchangeTargetsSchema)
    .query(({ ctx, input }) => ctx.services.boxOffice.exchangeTargetsFor(input)),

  prepareExchange: staffProcedure
    .input(prepareExchangeInputSchema)
    .output(exchangeQuoteSchema)
    .mutation(({ ctx, input }) => ctx.services.boxOffice.prepareExchange({ ...input, actor: ctx.session.user })),

  completeExchange: staffProcedure
    .input(completeExchangeInputSchema)
    .output(completeExchangeResultSchema)
    .mutation(({ ctx, input }) => ctx.services.boxOffice.completeExchange({ ...input, actor: ctx.session.user })),

  abandonExchange: staffProcedure
    .input(exchangeIdInputSchema)
    .output(z.void())
    .mutation(({ ctx, input }) => ctx.services.boxOffice.abandonExchange({ ...input, actor: ctx.session.user })),
});
