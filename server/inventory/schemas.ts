// The seat engine's public contract over HTTP: what the seats and screenings routers accept and return. Shared by
// the routers and the browser's seat map. Kept free of Prisma's runtime and server imports so client components
// can import it.
import { z } from "zod";
import { screenPositionSchema, seatKindSchema } from "@/server/db/schemas";

export const screeningIdSchema = z.string().min(1, "Choose a screening").max(64);

export const seatIdsSchema = z
  .array(z.string().min(1).max(64))
  .min(1, "Choose at least one seat")
  .max(100, "Too many seats in one request")
  .refine((ids) => new Set(ids).size === ids.length, "Each seat can only be chosen once");

/** The rules staff can waive with a reason (blocked seats and taken seats are never waived). */
export const waivableRuleSchema = z.enum(["LIMIT", "COMPANION", "GAP"]);

export const seatStateSchema = z.enum(["free", "held", "sold", "blocked"]);

export const screeningInputSchema = z.object({ screeningId: screeningIdSchema });

export const seatMapSeatSchema = z.object({
  id: z.string(),
  label: z.string(),
  rowLabel: z.string(),
  number: z.number(),
  gridRow: z.number(),
  gridCol: z.number(),
  kind: seatKindSchema,
  zone: z.string().nullable(),
  state: seatStateSchema,
  /** Held or bought by the viewer's order. */
  mine: z.boolean(),
  /** Only for the viewer's own holds. */
  holdExpiresAt: z.date().nullable(),
});

export const seatMapSchema = z.object({
  screeningId: z.string(),
  hall: z.object({
    id: z.string(),
    name: z.string(),
    gridRows: z.number(),
    gridCols: z.number(),
    screenPosition: screenPositionSchema,
    preventSingleGaps: z.boolean(),
    maxSeatsPerOrder: z.number(),
  }),
  seats: z.array(seatMapSeatSchema),
  counts: z.object({ free: z.number(), held: z.number(), sold: z.number(), blocked: z.number(), total: z.number() }),
  source: z.enum(["redis", "postgres"]),
  generatedAt: z.date(),
  orderId: z.string().nullable(),
});

export const holdInputSchema = z.object({
  screeningId: screeningIdSchema,
  seatIds: seatIdsSchema,
  requestKey: z.string().uuid("The request key must be a UUID"),
  /** Staff only: waive the per-order limit, the companion rule or the single-gap rule, with a reason. */
  overrideReason: z.string().trim().min(5, "Give a reason of at least 5 characters").max(300).optional(),
});

export const heldSeatSchema = z.object({
  seatId: z.string(),
  label: z.string(),
  /** "sold" when this order had already bought the seat. */
  status: z.enum(["held", "sold"]),
  holdExpiresAt: z.date().nullable(),
});

export const holdResultSchema = z.object({
  screeningId: z.string(),
  orderId: z.string(),
  seats: z.array(heldSeatSchema),
  /** The earliest deadline among the held seats (null if all of them are already sold to this order). */
  holdExpiresAt: z.date().nullable(),
  /** Rules a staff override waived for this hold (each one is in the audit log). */
  waived: z.array(waivableRuleSchema),
  /** True when this answer is the stored outcome of an earlier request with the same key. */
  replayed: z.boolean(),
});

export const releaseInputSchema = z.object({ screeningId: screeningIdSchema, seatIds: seatIdsSchema.optional() });
export const releaseResultSchema = z.object({ released: z.array(z.string()) });

export const bestAvailableInputSchema = z.object({
  screeningId: screeningIdSchema,
  count: z.number().int("Choose a whole number of seats").min(1, "Choose at least one seat").max(100),
  kind: seatKindSchema.optional(),
  zone: z.string().max(50).optional(),
});

export const bestAvailableResultSchema = z.object({
  seatIds: z.array(z.string()),
  seats: z.array(
    z.object({ id: z.string(), label: z.string(), kind: seatKindSchema, zone: z.string().nullable(), gridRow: z.number(), gridCol: z.number() }),
  ),
  arrangement: z.enum(["together", "split-rows", "scattered"]),
});

export type HoldRequest = z.infer<typeof holdInputSchema>;
