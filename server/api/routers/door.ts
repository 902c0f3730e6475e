// Issue 11's door procedures. Thin by design: zod in and out, one service call each.
import { z } from "zod";
import {
  checkInInputSchema,
  checkInResultSchema,
  countersInputSchema,
  doorCounterSchema,
  doorDayInputSchema,
  doorDaySchema,
} from "@/server/door/schemas";
import { createTRPCRouter, staffProcedure } from "../trpc";

export const doorRouter = createTRPCRouter({
  /** Today's screenings at the staff member's cinema (or the one asked for), with admitted / sold. */
  today: staffProcedure
    .input(doorDayInputSchema)
    .output(doorDaySchema)
    .query(({ ctx, input }) => ctx.services.door.today({ ...input, staffId: ctx.session.user.id })),

  counters: staffProcedure
    .input(countersInputSchema)
    .output(z.array(doorCounterSchema))
    .query(({ ctx, input }) => ctx.services.door.counters(input)),

  checkIn: staffProcedure
    .input(checkInInputSchema)
    .output(checkInResultSchema)
    .mutation(({ ctx, input }) => ctx.services.door.checkIn({ ...input, staffId: ctx.session.user.id })),
});
