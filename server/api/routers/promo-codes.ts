// Promo codes for admins (/admin/promo-codes). Thin by design: the rules are in server/programme/promo-codes.ts, and
// checkout reads the same rows (server/booking).
import {
  adminPromoCodeSchema,
  createPromoCodeInput,
  deletePromoCodeInput,
  promoCodeBatchCodesSchema,
  promoCodeBatchFormSchema,
  promoCodeBatchInput,
  promoCodeListInput,
  promoCodeListSchema,
  setPromoCodeActiveInput,
  updatePromoCodeInput,
} from "@/server/programme/schemas";
import { z } from "zod";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const promoCodesRouter = createTRPCRouter({
  list: adminProcedure
    .input(promoCodeListInput)
    .output(promoCodeListSchema)
    .query(({ ctx, input }) => ctx.services.programme.listPromoCodes(input)),

  create: adminProcedure
    .input(createPromoCodeInput)
    .output(adminPromoCodeSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.createPromoCode({ ...input, actorId: ctx.session.user.id })),

  update: adminProcedure
    .input(updatePromoCodeInput)
    .output(adminPromoCodeSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.updatePromoCode({ ...input, actorId: ctx.session.user.id })),

  setActive: adminProcedure
    .input(setPromoCodeActiveInput)
    .output(adminPromoCodeSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.setPromoCodeActive({ ...input, actorId: ctx.session.user.id })),

  delete: adminProcedure
    .input(deletePromoCodeInput)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => ctx.services.programme.deletePromoCode({ ...input, actorId: ctx.session.user.id })),

  /** Generates single-use codes and returns them, for the CSV download. */
  generateBatch: adminProcedure
    .input(promoCodeBatchFormSchema)
    .output(promoCodeBatchCodesSchema)
    .mutation(({ ctx, input }) => ctx.services.programme.generatePromoCodeBatch({ ...input, actorId: ctx.session.user.id })),

  /** A batch's codes again, for downloading its CSV later. */
  batchCodes: adminProcedure
    .input(promoCodeBatchInput)
    .output(promoCodeBatchCodesSchema)
    .query(({ ctx, input }) => ctx.services.programme.promoCodeBatchCodes(input)),
});
