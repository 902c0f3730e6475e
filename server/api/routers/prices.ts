// Prices for admins (/admin/prices): ticket types and price plans per cinema. Staff may read; only admins change.
// Thin by design: the rules are in server/prices, and checkout prices tickets from the same rows (server/booking).
import {
  adminPricePlanSchema,
  adminTicketTypeSchema,
  createPricePlanInput,
  createTicketTypeInput,
  pricesOverviewInput,
  pricesOverviewSchema,
  reorderTicketTypesInput,
  setTicketTypeActiveInput,
  suggestedPricePlanSchema,
  suggestPricePlanInput,
  updatePricePlanInput,
  updateTicketTypeInput,
} from "@/server/prices/schemas";
import { z } from "zod";
import { adminProcedure, createTRPCRouter, staffProcedure } from "../trpc";

export const pricesRouter = createTRPCRouter({
  overview: staffProcedure
    .input(pricesOverviewInput)
    .output(pricesOverviewSchema)
    .query(({ ctx, input }) => ctx.services.prices.overview(input)),

  suggestPlan: staffProcedure
    .input(suggestPricePlanInput)
    .output(suggestedPricePlanSchema)
    .query(({ ctx, input }) => ctx.services.prices.suggestPricePlan(input)),

  createTicketType: adminProcedure
    .input(createTicketTypeInput)
    .output(adminTicketTypeSchema)
    .mutation(({ ctx, input }) => ctx.services.prices.createTicketType({ ...input, actorId: ctx.session.user.id })),

  updateTicketType: adminProcedure
    .input(updateTicketTypeInput)
    .output(adminTicketTypeSchema)
    .mutation(({ ctx, input }) => ctx.services.prices.updateTicketType({ ...input, actorId: ctx.session.user.id })),

  setTicketTypeActive: adminProcedure
    .input(setTicketTypeActiveInput)
    .output(adminTicketTypeSchema)
    .mutation(({ ctx, input }) => ctx.services.prices.setTicketTypeActive({ ...input, actorId: ctx.session.user.id })),

  reorderTicketTypes: adminProcedure
    .input(reorderTicketTypesInput)
    .output(z.array(adminTicketTypeSchema))
    .mutation(({ ctx, input }) => ctx.services.prices.reorderTicketTypes({ ...input, actorId: ctx.session.user.id })),

  createPricePlan: adminProcedure
    .input(createPricePlanInput)
    .output(adminPricePlanSchema)
    .mutation(({ ctx, input }) => ctx.services.prices.createPricePlan({ ...input, actorId: ctx.session.user.id })),

  updatePricePlan: adminProcedure
    .input(updatePricePlanInput)
    .output(adminPricePlanSchema)
    .mutation(({ ctx, input }) => ctx.services.prices.updatePricePlan({ ...input, actorId: ctx.session.user.id })),
});
