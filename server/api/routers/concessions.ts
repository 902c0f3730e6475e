// Issue 11's concessions procedures for staff: what a cinema sells, its stock movements, and restocking or counting
// with a reason. Thin by design: zod in and out, one service call each.
import { z } from "zod";
import {
  catalogueItemSchema,
  changeStockInput,
  cinemaInput,
  collectItemsInput,
  collectItemsResultSchema,
  stockChangeResultSchema,
  stockMovementSchema,
  stockMovementsInput,
} from "@/server/concessions/schemas";
import { createTRPCRouter, publicProcedure, staffProcedure } from "../trpc";

export const concessionsRouter = createTRPCRouter({
  /** What the cinema sells now (the web checkout's add-ons too: public, like the programme). */
  catalogue: publicProcedure
    .input(cinemaInput)
    .output(z.array(catalogueItemSchema))
    .query(({ ctx, input }) => ctx.services.concessions.catalogue(input)),

  movements: staffProcedure
    .input(stockMovementsInput)
    .output(z.array(stockMovementSchema))
    .query(({ ctx, input }) => ctx.services.concessions.movements(input)),

  changeStock: staffProcedure
    .input(changeStockInput)
    .output(stockChangeResultSchema)
    .mutation(({ ctx, input }) => ctx.services.concessions.changeStock({ ...input, actorId: ctx.session.user.id })),

  /** Hands a web order's items over at the counter (sets collectedAt once; refunded items are refused). */
  collect: staffProcedure
    .input(collectItemsInput)
    .output(collectItemsResultSchema)
    .mutation(({ ctx, input }) => ctx.services.concessions.collect({ ...input, actorId: ctx.session.user.id })),
});
