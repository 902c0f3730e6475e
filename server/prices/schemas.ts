// Prices' HTTP contract, shared by the tRPC router and the admin's forms (the same schema validates in the browser
// and again on the server). Safe for client components: zod and the generated enums only.
import { z } from "zod";
import { BookingFeeMode, PriceBand } from "@/server/db/generated/enums";
import { screeningFormatSchema, seatKindSchema, ticketTypeCodeSchema } from "@/server/db/schemas";

export const priceBandSchema = z.enum(PriceBand);
export const bookingFeeModeSchema = z.enum(BookingFeeMode);

const idSchema = z.string().min(1).max(100);
const versionSchema = z.number().int().min(1);

/** Minor units (pence). Never negative: a price or fee below zero is refused here and by CHECKs in SQL. */
export const amountSchema = z
  .number({ error: "Enter an amount like 9.50" })
  .int({ error: "Enter an amount like 9.50" })
  .min(0, { error: "Amounts can't be negative" })
  .max(100_000_00, { error: "That amount is too large" });

// ─── Ticket types ────────────────────────────────────────────────────────────

const ticketTypeFields = {
  name: z.string({ error: "Name the ticket type" }).trim().min(1, { error: "Name the ticket type" }).max(40, { error: "Keep it to 40 characters" }),
  /** Shown at checkout beside the type: an age range or the ID to bring. Blank for none. */
  note: z.string().trim().max(120, { error: "Keep it to 120 characters" }),
  sortOrder: z.number({ error: "Enter a whole number" }).int({ error: "Enter a whole number" }).min(0).max(100_000),
};

/** The create form; the code is chosen once and never changes (tickets and prices refer to it). */
export const ticketTypeFormSchema = z.object({ code: ticketTypeCodeSchema, ...ticketTypeFields });
export type TicketTypeFormValues = z.infer<typeof ticketTypeFormSchema>;

export const createTicketTypeInput = ticketTypeFormSchema.extend({ cinemaId: idSchema });
export const updateTicketTypeInput = z.object({ id: idSchema, version: versionSchema, ...ticketTypeFields });
export const setTicketTypeActiveInput = z.object({ id: idSchema, version: versionSchema, active: z.boolean() });
/** The cinema's types in their new order, each with the version it was shown at. */
export const reorderTicketTypesInput = z.object({
  cinemaId: idSchema,
  order: z.array(z.object({ id: idSchema, version: versionSchema })).min(1).max(100),
});

export const adminTicketTypeSchema = z.object({
  id: z.string(),
  cinemaId: z.string(),
  code: z.string(),
  name: z.string(),
  note: z.string().nullable(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
  /** Tickets ever sold or held as this type at this cinema. */
  ticketsCount: z.number().int(),
});
export type AdminTicketType = z.infer<typeof adminTicketTypeSchema>;

// ─── Price plans ─────────────────────────────────────────────────────────────

const pricePlanFields = {
  name: z.string({ error: "Name the plan" }).trim().min(1, { error: "Name the plan" }).max(60, { error: "Keep it to 60 characters" }),
  currency: z
    .string({ error: "Enter a currency" })
    .trim()
    .regex(/^[A-Z]{3}$/, { error: "Use a three-letter currency code such as GBP" }),
  band: priceBandSchema,
  /** The format the plan is meant for, or null for any. */
  format: screeningFormatSchema.nullable(),
  bookingFeeAmount: amountSchema,
  bookingFeeMode: bookingFeeModeSchema,
  active: z.boolean(),
  /** One entry per ticket type code; a null amount means the plan doesn't sell that type. */
  ticketPrices: z.array(z.object({ ticketType: ticketTypeCodeSchema, amount: amountSchema.nullable() })).max(100),
  seatKindSurcharges: z.array(z.object({ seatKind: seatKindSchema, amount: amountSchema })).max(10),
  formatSurcharges: z.array(z.object({ format: screeningFormatSchema, amount: amountSchema })).max(10),
};

type PlanShape = { ticketPrices: Array<{ ticketType: string; amount: number | null }>; seatKindSurcharges: Array<{ seatKind: string }>; formatSurcharges: Array<{ format: string }> };

function checkPlan(value: PlanShape, ctx: z.RefinementCtx) {
  if (!value.ticketPrices.some((p) => p.amount !== null)) {
    ctx.addIssue({ code: "custom", message: "Price at least one ticket type", path: ["ticketPrices"] });
  }
  const twice = <T,>(items: T[], key: (item: T) => string) => items.some((item, i) => items.findIndex((other) => key(other) === key(item)) !== i);
  if (twice(value.ticketPrices, (p) => p.ticketType)) ctx.addIssue({ code: "custom", message: "Each ticket type once", path: ["ticketPrices"] });
  if (twice(value.seatKindSurcharges, (s) => s.seatKind)) ctx.addIssue({ code: "custom", message: "Each seat kind once", path: ["seatKindSurcharges"] });
  if (twice(value.formatSurcharges, (f) => f.format)) ctx.addIssue({ code: "custom", message: "Each format once", path: ["formatSurcharges"] });
}

export const pricePlanFormSchema = z.object(pricePlanFields).superRefine(checkPlan);
export type PricePlanFormValues = z.infer<typeof pricePlanFormSchema>;

export const createPricePlanInput = z.object({ cinemaId: idSchema, ...pricePlanFields }).superRefine(checkPlan);
export const updatePricePlanInput = z.object({ id: idSchema, version: versionSchema, ...pricePlanFields }).superRefine(checkPlan);

export const adminPricePlanSchema = z.object({
  id: z.string(),
  cinemaId: z.string(),
  name: z.string(),
  currency: z.string(),
  band: priceBandSchema,
  format: screeningFormatSchema.nullable(),
  bookingFeeAmount: z.number().int(),
  bookingFeeMode: bookingFeeModeSchema,
  active: z.boolean(),
  version: z.number().int(),
  ticketPrices: z.array(z.object({ ticketType: z.string(), amount: z.number().int() })),
  seatKindSurcharges: z.array(z.object({ seatKind: seatKindSchema, amount: z.number().int() })),
  formatSurcharges: z.array(z.object({ format: screeningFormatSchema, amount: z.number().int() })),
  /** Screenings still to come that sell on this plan. */
  upcomingScreenings: z.number().int(),
});
export type AdminPricePlan = z.infer<typeof adminPricePlanSchema>;

// ─── The admin page ──────────────────────────────────────────────────────────

export const pricesOverviewInput = z.object({ cinemaId: idSchema.optional() });

export const pricesOverviewSchema = z.object({
  cinemas: z.array(z.object({ id: z.string(), name: z.string(), timeZone: z.string() })),
  /** The cinema shown (the one asked for, else the first); null when there are no cinemas. */
  cinemaId: z.string().nullable(),
  ticketTypes: z.array(adminTicketTypeSchema),
  pricePlans: z.array(adminPricePlanSchema),
});
export type PricesOverview = z.infer<typeof pricesOverviewSchema>;

// ─── Suggesting a plan (the scheduler's default) ─────────────────────────────

export const suggestPricePlanInput = z.object({ cinemaId: idSchema, format: screeningFormatSchema, startsAt: z.date() });
export type SuggestPricePlanInput = z.infer<typeof suggestPricePlanInput>;

export const suggestedPricePlanSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    band: priceBandSchema,
    format: screeningFormatSchema.nullable(),
    /** The bands the screening falls in, most specific first (e.g. WEEKEND, EVENING, ANY). */
    screeningBands: z.array(priceBandSchema),
  })
  .nullable();
export type SuggestedPricePlan = z.infer<typeof suggestedPricePlanSchema>;
