// Admins manage concession products and their stock (issue 11). Thin by design: zod in and out, one service call each.
import { createTRPCRouter } from "../trpc";

export const adminConcessionsRouter = createTRPCRouter({});
