// Issue 11's concessions procedures. Thin by design: zod in and out, one service call each.
import { createTRPCRouter } from "../trpc";

export const concessionsRouter = createTRPCRouter({});
