// Issue 11's counter procedures. Thin by design: zod in and out, one service call each.
import { createTRPCRouter } from "../trpc";

export const counterRouter = createTRPCRouter({});
