import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { hasRole } from "@/server/accounts/roles";
import { createTRPCRouter, publicProcedure, rateLimited } from "../trpc";

const seatKindSchema = z.enum(["STANDARD", "PREMIUM", "WHEELCHAIR", "COMPANION"]);
export const screeningIdSchema = z.string().min(1, "Choose a screening").max(64);
const seatIdsSchema = z
  .array(z.string().min(1).max(64))
  .min(1, "Choose at least one seat")
  .max(100, "Too many seats in one request")
  .refine((ids) => new Set(ids).size === ids.length, "Each seat can only be chosen once");

const seatMapSeatSchema = z.object({
  id: z.string(),
  label: z.string(),
  rowLabel: z.string(),
  number: z.number(),
  gridRow: z.number(),
  gridCol: z.number(),
  kind: seatKindSchema,
  zone: z.string().nullable(),
  state: z.enum(["free", "held", "sold", "blocked"]),
  mine: z.boolean(),
  holdExpiresAt: z.date().nullable(),
});

export const seatMapSchema = z.object({
  screeningId: z.string(),
  hall: z.object({
    id: z.string(),
    name: z.string(),
    gridRows: z.number(),
    gridCols: z.number(),
    screenPosition: z.enum(["TOP", "BOTTOM"]),
    preventSingleGaps: z.boolean(),
    maxSeatsPerOrder: z.number(),
  }),
  seats: z.array(seatMapSeatSchema),
  counts: z.object({ free: z.number(), held: z.number(), sold: z.number(), blocked: z.number(), total: z.number() }),
  source: z.enum(["redis", "postgres"]),
  generatedAt: z.date(),
  orderId: z.string().nullable(),
});

const holdResultSchema = z.object({
  screeningId: z.string(),
  orderId: z.string(),
  seats: z.array(
    z.object({ seatId: z.string(), label: z.string(), status: z.enum(["held", "sold"]), holdExpiresAt: z.date().nullable() }),
  ),
  holdExpiresAt: z.date().nullable(),
  waived: z.array(z.enum(["LIMIT", "COMPANION", "GAP"])),
  replayed: z.boolean(),
});

// The seat engine over HTTP. Guests hold through their browser token, customers as themselves; the inventory module
// owns every rule (limits, gaps, wheelchair spaces, expiry) and PostgreSQL has the last word on each seat.
export const seatsRouter = createTRPCRouter({
  hold: publicProcedure
    .input(
      z.object({
        screeningId: screeningIdSchema,
        seatIds: seatIdsSchema,
        requestKey: z.string().uuid("The request key must be a UUID"),
        /** Staff only: waive the per-order limit, the companion rule or the single-gap rule, with a reason. */
        overrideReason: z.string().trim().min(5, "Give a reason of at least 5 characters").max(300).optional(),
      }),
    )
    .use(rateLimited("holdPerIp", "holdPerHolder"))
    .output(holdResultSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.overrideReason && !hasRole(ctx.session?.user, "STAFF")) {
        throw new TRPCError({ code: "FORBIDDEN", message: "Only staff can override seat rules." });
      }
      const holderKey = ctx.holder.ensure();
      const basket = await ctx.services.inventory.openBasket({
        screeningId: input.screeningId,
        holderKey,
        userId: ctx.session?.user.id ?? null,
      });
      return ctx.services.inventory.hold({
        screeningId: input.screeningId,
        orderId: basket.id,
        seatIds: input.seatIds,
        requestKey: `${holderKey}:${input.requestKey}`,
        override:
          input.overrideReason && ctx.session ? { staffUserId: ctx.session.user.id, reason: input.overrideReason } : undefined,
      });
    }),

  release: publicProcedure
    .input(z.object({ screeningId: screeningIdSchema, seatIds: seatIdsSchema.optional() }))
    .output(z.object({ released: z.array(z.string()) }))
    .mutation(async ({ ctx, input }) => {
      const basket = ctx.holder.current
        ? await ctx.services.inventory.currentBasket({ screeningId: input.screeningId, holderKey: ctx.holder.current })
        : null;
      if (!basket) return { released: [] };
      return ctx.services.inventory.release({ screeningId: input.screeningId, orderId: basket.id, seatIds: input.seatIds });
    }),

  bestAvailable: publicProcedure
    .input(
      z.object({
        screeningId: screeningIdSchema,
        count: z.number().int("Choose a whole number of seats").min(1, "Choose at least one seat").max(100),
        kind: seatKindSchema.optional(),
        zone: z.string().max(50).optional(),
      }),
    )
    .output(
      z.object({
        seatIds: z.array(z.string()),
        seats: z.array(
          z.object({ id: z.string(), label: z.string(), kind: seatKindSchema, zone: z.string().nullable(), gridRow: z.number(), gridCol: z.number() }),
        ),
        arrangement: z.enum(["together", "split-rows", "scattered"]),
      }),
    )
    .query(({ ctx, input }) => ctx.services.inventory.bestAvailable(input)),
});
