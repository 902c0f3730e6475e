// Admins manage concession products and their stock (issue 11). Thin by design: zod in and out, one service call each.
import {
  adminProductListSchema,
  adminProductSchema,
  changeStockInput,
  createProductInput,
  stockChangeResultSchema,
  updateProductInput,
} from "@/server/concessions/schemas";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const adminConcessionsRouter = createTRPCRouter({
  list: adminProcedure.output(adminProductListSchema).query(({ ctx }) => ctx.services.concessions.listProducts()),

  create: adminProcedure
    .input(createProductInput)
    .output(adminProductSchema)
    .mutation(({ ctx, input }) => ctx.services.concessions.createProduct({ ...input, actorId: ctx.session.user.id })),

  update: adminProcedure
    .input(updateProductInput)
    .output(adminProductSchema)
    .mutation(({ ctx, input }) => ctx.services.concessions.updateProduct({ ...input, actorId: ctx.session.user.id })),

  changeStock: adminProcedure
    .input(changeStockInput)
    .output(stockChangeResultSchema)
    .mutation(({ ctx, input }) => ctx.services.concessions.changeStock({ ...input, actorId: ctx.session.user.id })),
});
