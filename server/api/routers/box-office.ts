import { z } from "zod";
import {
  attentionItemSchema,
  resolveAttentionInputSchema,
  retryRefundInputSchema,
  retryRefundResultSchema,
} from "@/server/booking/schemas";
import { createTRPCRouter, staffProcedure } from "../trpc";

export const boxOfficeRouter = createTRPCRouter({
  dayOverview: staffProcedure
    .input(
      z.object({
        cinemaSlug: z.string().max(100).optional(),
        date: z.iso.date({ error: "Use a date like 2026-11-27" }).optional(),
      }),
    )
    .output(
      z.object({
        cinema: z.object({ slug: z.string(), name: z.string(), timeZone: z.string() }).nullable(),
        date: z.date().nullable(),
        screenings: z.array(
          z.object({
            id: z.string(),
            startsAt: z.date(),
            endsAt: z.date(),
            format: z.enum(["TWO_D", "THREE_D", "IMAX"]),
            status: z.enum(["SCHEDULED", "CANCELLED"]),
            film: z.object({ title: z.string(), slug: z.string(), certificate: z.string() }),
            hall: z.object({ id: z.string(), name: z.string() }),
            capacity: z.number(),
            sold: z.number(),
            held: z.number(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => ctx.services.boxOffice.dayOverview(input)),

  cinemas: staffProcedure
    .output(z.array(z.object({ slug: z.string(), name: z.string(), timeZone: z.string() })))
    .query(({ ctx }) => ctx.services.boxOffice.cinemas()),

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
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await ctx.services.booking.resolveAttention({ orderId: input.orderId, staffId: ctx.session.user.id, note: input.note });
      return { ok: true as const };
    }),
});
