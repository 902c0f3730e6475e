// The counter's contract over HTTP (staff): the day at a cinema, the counter basket of one screening, the running
// quote and the sale with its tenders. The router validates with these and the domain's types are their types.
import { z } from "zod";
import { priceLineSchema, ticketOptionSchema } from "@/server/booking/schemas";
import { seatMapSchema } from "@/server/inventory/schemas";
import { dayScreeningSchema } from "@/server/box-office/schemas";

const id = z.string().min(1).max(64);
const money = z.number().int().min(0).max(100_000_00);
const managerPin = z.string().trim().max(8).optional();

export const counterDayInputSchema = z.object({ cinemaId: id.optional() }).optional();

export const counterShiftSchema = z.object({
  id: z.string(),
  tillName: z.string(),
  cinemaId: z.string(),
  currency: z.string(),
  openedAt: z.date(),
});

export const counterScreeningSchema = dayScreeningSchema.extend({ checkedIn: z.number() });

export const counterDaySchema = z.object({
  cinemas: z.array(z.object({ id: z.string(), slug: z.string(), name: z.string() })),
  cinema: z.object({ id: z.string(), slug: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() }).nullable(),
  /** The clerk's open shift, or null: selling needs one (SHIFT_REQUIRED). */
  shift: counterShiftSchema.nullable(),
  terminal: z.object({ name: z.string(), simulated: z.boolean() }),
  screenings: z.array(counterScreeningSchema),
});

export const counterScreeningInputSchema = z.object({ screeningId: id });

export const counterBasketSchema = z.object({
  screeningId: z.string(),
  /** The counter basket's order (null until the first seat is held). */
  orderId: z.string().nullable(),
  seatMap: seatMapSchema,
  /** The ticket types on sale, in the cinema's order: number key n picks the n-th. */
  ticketOptions: z.array(ticketOptionSchema),
});

export const seatOverrideSchema = z.object({
  reason: z.string().trim().min(3, "Give a reason for overriding the seat rules.").max(200),
  /** A manager's PIN when the clerk is not a manager (an override needs a manager's approval). */
  managerPin,
});

export const counterHoldInputSchema = z.object({
  screeningId: id,
  seatIds: z.array(id).min(1).max(100),
  requestKey: z.string().uuid(),
  override: seatOverrideSchema.optional(),
});

export const counterBestInputSchema = z.object({
  screeningId: id,
  count: z.number().int().min(1).max(9),
  requestKey: z.string().uuid(),
});

export const counterHoldResultSchema = z.object({
  orderId: z.string(),
  seats: z.array(z.object({ seatId: z.string(), label: z.string() })),
  waived: z.array(z.string()),
});

export const counterReleaseInputSchema = z.object({ screeningId: id, seatIds: z.array(id).max(100).optional() });

export const concessionLineSchema = z.object({ productId: id, quantity: z.number().int().min(1).max(50) });

export const counterQuoteInputSchema = z.object({
  screeningId: id.optional(),
  /** Seat id → ticket type code; a seat left out is the first type on sale (usually Adult). */
  ticketTypes: z.record(z.string(), z.string().max(40)).default({}),
  concessions: z.array(concessionLineSchema).max(50).default([]),
});

export const counterItemLineSchema = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitAmount: z.number().int(),
  amount: z.number().int(),
});

export const counterQuoteSchema = z.object({
  currency: z.string(),
  lines: z.array(priceLineSchema),
  items: z.array(counterItemLineSchema),
  ticketsSubtotal: z.number().int(),
  itemsSubtotal: z.number().int(),
  /** Always 0 at the counter (see README: the web's booking fee is for booking online). */
  bookingFee: z.number().int(),
  total: z.number().int(),
});

export const tenderSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cash"), tendered: money }),
  z.object({ kind: z.literal("card"), simulate: z.enum(["approve", "decline"]).optional() }),
  z.object({
    kind: z.literal("split"),
    /** The cash part; the card pays the rest. */
    cashAmount: money,
    /** What the customer handed over for the cash part (default: exactly the cash part). */
    tendered: money.optional(),
    simulate: z.enum(["approve", "decline"]).optional(),
  }),
  z.object({
    kind: z.literal("comp"),
    reason: z.string().trim().min(3, "Give a reason for the complimentary sale.").max(200),
    managerPin,
  }),
]);

export const counterSaleInputSchema = z.object({
  screeningId: id.optional(),
  ticketTypes: z.record(z.string(), z.string().max(40)).default({}),
  concessions: z.array(concessionLineSchema).max(50).default([]),
  tender: tenderSchema,
  /** Optional: the customer's address for their tickets by email. */
  email: z.union([z.literal(""), z.email("Enter a valid email address").max(254)]).optional(),
  /** A waiver of the seat rules for the whole selection (with a manager's approval). */
  override: seatOverrideSchema.optional(),
  /** The client's idempotency key for this sale (a double press of Pay sells once). */
  requestKey: z.string().uuid(),
});

export const counterSaleResultSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  currency: z.string(),
  total: z.number().int(),
  changeDue: z.number().int(),
  tenders: z.array(z.object({ provider: z.string(), amount: z.number().int() })),
  seats: z.array(z.string()),
  printPath: z.string(),
  emailed: z.boolean(),
});

export const counterCatalogueInputSchema = z.object({ cinemaId: id });
export const counterProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  priceAmount: z.number().int(),
  currency: z.string(),
  inStock: z.number().int(),
});

export type CounterDay = z.infer<typeof counterDaySchema>;
export type CounterQuote = z.infer<typeof counterQuoteSchema>;
export type CounterSaleInput = z.infer<typeof counterSaleInputSchema>;
export type CounterSaleResult = z.infer<typeof counterSaleResultSchema>;
export type Tender = z.infer<typeof tenderSchema>;
export type CounterBasket = z.infer<typeof counterBasketSchema>;
