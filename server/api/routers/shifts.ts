// Issue 11's shifts procedures. Thin by design: zod in and out, one service call each.
import { createTRPCRouter } from "../trpc";

export const shiftsRouter = createTRPCRouter({});
