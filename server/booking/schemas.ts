// Booking's public contract over HTTP: what the orders router accepts and returns, and the checkout form's rules.
// Shared by the router, the domain's callers and the browser form, so the form shows the message the server would.
// Kept free of Prisma and server imports so client components can import it.
import { z } from "zod";
import { emailSchema } from "@/server/accounts/schemas";
import {
  certificateSchema,
  orderStatusSchema,
  paymentStatusSchema,
  refundStatusSchema,
  seatKindSchema,
  ticketStatusSchema,
  ticketTypeSchema,
} from "@/server/db/schemas";

// ─── Pieces ──────────────────────────────────────────────────────────────────

const idSchema = z
  .string()
  .trim()
  .min(1, "Missing id")
  .max(64, "That id is too long")
  .regex(/^[A-Za-z0-9_-]+$/, "That is not a valid id");

export const orderIdSchema = idSchema;

/** Seat id → ticket type, one entry per held seat. */
export const ticketTypesSchema = z
  .record(idSchema, ticketTypeSchema)
  .refine((types) => Object.keys(types).length <= 100, "Too many seats in one booking");

export const promoCodeSchema = z
  .string()
  .trim()
  .max(40, "That promo code is too long")
  .regex(/^[A-Za-z0-9_-]*$/, "Promo codes contain only letters and digits");

/** The guest's order link token (see server/booking/tokens.ts). */
export const accessTokenSchema = z.string().trim().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/);

export const customerNameSchema = z.string().trim().max(100, "Use at most 100 characters.");

/** The checkout form in the browser. */
export const checkoutFormSchema = z.object({
  email: emailSchema,
  name: customerNameSchema,
  ticketTypes: ticketTypesSchema,
});
export type CheckoutFormValues = z.infer<typeof checkoutFormSchema>;

// ─── Inputs ──────────────────────────────────────────────────────────────────

/** Concessions added at checkout for collection at the counter (productId, quantity); none when absent. */
export const concessionLinesInputSchema = z
  .array(z.object({ productId: idSchema, quantity: z.number().int().min(1).max(20) }))
  .max(20);

export const quoteInputSchema = z.object({
  orderId: orderIdSchema,
  ticketTypes: ticketTypesSchema,
  promoCode: promoCodeSchema.optional(),
  concessions: concessionLinesInputSchema.optional(),
});

export const checkoutInputSchema = z.object({
  orderId: orderIdSchema,
  ticketTypes: ticketTypesSchema,
  promoCode: promoCodeSchema.optional(),
  concessions: concessionLinesInputSchema.optional(),
  email: emailSchema,
  name: customerNameSchema.optional(),
});

export const cancelInputSchema = z.object({ orderId: orderIdSchema });

export const currentInputSchema = z.union([z.object({ orderId: orderIdSchema }), z.object({ screeningId: idSchema })]);

export const byReferenceInputSchema = z.object({
  reference: z.string().trim().min(4, "That is not an order reference").max(32, "That is not an order reference"),
  token: accessTokenSchema.optional(),
});

export const requestRefundInputSchema = z.object({ orderId: orderIdSchema, token: accessTokenSchema.optional() });

export const ticketInputSchema = z.object({ code: z.string().trim().min(1).max(64), token: accessTokenSchema.optional() });

// ─── Outputs ─────────────────────────────────────────────────────────────────
// The TypeScript types booking's functions return (ScreeningSummary, BasketView, Quote, OrderView, TicketView,
// AttentionItem, …) are inferred from these schemas, next to the functions that build them: the router validates
// exactly what the domain declares.

export const screeningSummarySchema = z.object({
  id: z.string(),
  /** The advertised time: doors and the pre-show. */
  startsAt: z.date(),
  endsAt: z.date(),
  /** "Film starts at": startsAt + the pre-show (server/scheduling). */
  featureStartsAt: z.date(),
  formatLabel: z.string(),
  film: z.object({ title: z.string(), slug: z.string(), posterUrl: z.string(), certificate: certificateSchema, runtimeMinutes: z.number() }),
  hallName: z.string(),
  cinema: z.object({ slug: z.string(), name: z.string(), address: z.string(), city: z.string(), postcode: z.string(), timeZone: z.string() }),
});

/** A ticket's seat and type with their labels, as a quote line, an order's ticket and the ticket page show them. */
const ticketLineFields = {
  seatLabel: z.string(),
  seatKind: seatKindSchema,
  seatKindLabel: z.string(),
  ticketType: ticketTypeSchema,
  ticketTypeLabel: z.string(),
};

export const ticketOptionSchema = z.object({
  ticketType: ticketTypeSchema,
  label: z.string(),
  /** The cinema's age or ID note for the type ("Under 15", "Valid student ID required"), shown at checkout. */
  note: z.string().nullable(),
  /** The ticket type's price with the format surcharge, before any seat surcharge. */
  amount: z.number().int(),
});
const lastPaymentSchema = z.object({ status: paymentStatusSchema, failureReason: z.string().nullable() });

export const basketSeatSchema = z.object({
  seatId: z.string(),
  label: z.string(),
  kind: seatKindSchema,
  kindLabel: z.string(),
  /** What checkout last recorded for the seat (adult until then). */
  ticketType: ticketTypeSchema,
  holdExpiresAt: z.date(),
});

export const basketSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
  /**
   * - open: seats held, can be paid for
   * - expired: the holds or the order ran out (or the order expired)
   * - cancelled: the customer cancelled it
   * - paid: paid (or a verified payment is being settled): see the order page
   */
  state: z.enum(["open", "expired", "cancelled", "paid"]),
  screening: screeningSummarySchema,
  /** Seats still held. */
  seats: z.array(basketSeatSchema),
  /** When the basket runs out: the earliest hold deadline (and the payment deadline once checkout has started). */
  deadline: z.date().nullable(),
  email: z.string().nullable(),
  customerName: z.string().nullable(),
  promoCode: z.string().nullable(),
  checkoutStarted: z.boolean(),
  currency: z.string(),
  ticketOptions: z.array(ticketOptionSchema),
  lastPayment: lastPaymentSchema.nullable(),
  /** The order page (with the guest's token). */
  orderPath: z.string(),
  /** The screening's cinema: its concessions can be added (concessions.catalogue). */
  cinemaId: z.string(),
  /** Concessions the last checkout reserved (a new checkout replaces them). */
  concessions: z.array(z.object({ productId: z.string(), quantity: z.number().int() })),
});

/** A concession line of a quote or an order: collected at the counter. */
export const itemLineSchema = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int(),
  unitAmount: z.number().int(),
  /** quantity × unitAmount. */
  amount: z.number().int(),
});

export const priceLineSchema = z.object({
  seatId: z.string(),
  ...ticketLineFields,
  baseAmount: z.number().int(),
  seatKindSurcharge: z.number().int(),
  formatSurcharge: z.number().int(),
  /** baseAmount + seatKindSurcharge + formatSurcharge. */
  amount: z.number().int(),
});

export const quoteSchema = z.object({
  orderId: z.string(),
  currency: z.string(),
  lines: z.array(priceLineSchema),
  /** Concessions for collection at the counter. */
  items: z.array(itemLineSchema),
  /** Tickets and items; a promo code's discount is worked out on the tickets alone. */
  subtotal: z.number().int(),
  discount: z.number().int(),
  /** The price plan's booking fee for this order, added after the discount. */
  bookingFee: z.number().int(),
  /** subtotal - discount + bookingFee. */
  total: z.number().int(),
  promo: z.object({ code: z.string(), description: z.string() }).nullable(),
  /** Why the promo code asked for doesn't apply (the quote is then without it). */
  promoError: z.string().nullable(),
  ticketOptions: z.array(ticketOptionSchema),
});

export const checkoutResultSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  /** Pay before this (the seat holds end at the same instant). */
  expiresAt: z.date(),
  /** Where to send the browser: the provider's hosted payment page, or the order page when nothing is to be paid. */
  redirectUrl: z.string(),
  orderPath: z.string(),
  total: z.number().int(),
  currency: z.string(),
});

export const orderTicketViewSchema = z.object({
  id: z.string(),
  /** Only once the ticket is valid (sold): it is what gets you in. */
  code: z.string().nullable(),
  status: ticketStatusSchema,
  ...ticketLineFields,
  priceAmount: z.number().int(),
  /** Site-relative link to the printable ticket (with the guest's token). */
  path: z.string().nullable(),
});

export const orderViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
  /**
   * Where the order stands, as the customer sees it:
   * - checkout: seats held, not paid yet (no payment started, or the last attempt was replaced)
   * - awaiting_payment: a payment was started; nothing verified has arrived from the provider yet
   * - confirming: the provider confirmed the payment; tickets are being issued
   * - declined: the last payment attempt failed; the order can still be paid until it expires
   * - unfulfilled_refund: the booking can't be delivered (the payment arrived after the seats had gone, or settling it
   *   failed for good); the payment is being refunded in full
   * - confirmed, refund_requested, refunded, expired, cancelled: what they say
   */
  phase: z.enum([
    "checkout",
    "awaiting_payment",
    "confirming",
    "declined",
    "unfulfilled_refund",
    "confirmed",
    "refund_requested",
    "refunded",
    "expired",
    "cancelled",
  ]),
  statusReason: z.string().nullable(),
  email: z.string().nullable(),
  customerName: z.string().nullable(),
  currency: z.string(),
  subtotalAmount: z.number().int(),
  discountAmount: z.number().int(),
  bookingFeeAmount: z.number().int(),
  totalAmount: z.number().int(),
  promoCode: z.object({ code: z.string(), description: z.string() }).nullable(),
  expiresAt: z.date(),
  paidAt: z.date().nullable(),
  refundedAt: z.date().nullable(),
  createdAt: z.date(),
  screening: screeningSummarySchema,
  tickets: z.array(orderTicketViewSchema),
  /** Concessions paid for (or reserved while unpaid), to collect at the counter. */
  items: z.array(itemLineSchema.extend({ status: z.enum(["RESERVED", "SOLD", "RELEASED", "REFUNDED"]), collected: z.boolean() })),
  payment: lastPaymentSchema.nullable(),
  refund: z.object({ status: refundStatusSchema, amount: z.number().int(), needsAttention: z.boolean() }).nullable(),
  /** The customer may ask for a refund now. */
  refundable: z.boolean(),
  /** Refunds close at this instant. */
  refundCutoffAt: z.date(),
  /** While the order can still be paid: the checkout page to try again. */
  checkoutPath: z.string().nullable(),
});

export const myOrdersSchema = z.object({ upcoming: z.array(orderViewSchema), past: z.array(orderViewSchema) });

export const refundRequestResultSchema = z.object({
  refundId: z.string().nullable(),
  status: z.enum(["PENDING", "SUCCEEDED", "NEEDS_ATTENTION"]),
});

export const cancelResultSchema = z.object({ status: orderStatusSchema, screeningId: z.string() });

export const ticketViewSchema = z.object({
  code: z.string(),
  status: ticketStatusSchema,
  /** A sold ticket for an order that is still paid: good for entry. */
  valid: z.boolean(),
  ...ticketLineFields,
  priceAmount: z.number().int(),
  currency: z.string(),
  checkedInAt: z.date().nullable(),
  customerName: z.string().nullable(),
  orderReference: z.string(),
  /** The booking's concessions, to collect at the counter. */
  collect: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
  /** Site-relative link to the order (with the guest's token). */
  orderPath: z.string(),
  screening: screeningSummarySchema,
});

// ─── Staff: orders needing attention ─────────────────────────────────────────

export const attentionRefundSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  reason: z.string(),
  status: refundStatusSchema,
  attempts: z.number().int(),
  needsAttention: z.boolean(),
});

export const attentionItemSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
  statusReason: z.string().nullable(),
  email: z.string().nullable(),
  customerName: z.string().nullable(),
  totalAmount: z.number().int(),
  currency: z.string(),
  // Null for a box-office sale of concessions alone.
  screening: screeningSummarySchema.nullable(),
  /** The order's cinema's IANA zone, for its history's times. */
  timeZone: z.string(),
  /** What is wrong, in words staff can act on. */
  problems: z.array(z.string()),
  refunds: z.array(attentionRefundSchema),
  /** The latest audit entries about this order, newest first. */
  history: z.array(z.object({ action: z.string(), at: z.date(), details: z.unknown() })),
  updatedAt: z.date(),
});

/** A verified provider event that named no payment we know (PaymentEvent.paymentId null): staff look it up at the provider. */
export const unmatchedPaymentEventSchema = z.object({
  id: z.string(),
  provider: z.string(),
  providerEventId: z.string(),
  providerRef: z.string(),
  type: z.string(),
  amount: z.number().int().nullable(),
  currency: z.string().nullable(),
  /** Null: it named no payment we know. Otherwise why it was rejected (server/payments/screen.ts, REJECTED_EVENT). */
  rejectedReason: z.string().nullable(),
  receivedAt: z.date(),
});

export const retryRefundInputSchema = z.object({ refundId: idSchema });
export const retryRefundResultSchema = z.object({ status: z.enum(["SUCCEEDED", "RETRYING"]) });

export const resolveAttentionFormSchema = z.object({
  note: z.string().trim().min(5, "Say what was done (at least 5 characters).").max(500, "Use at most 500 characters."),
});
export const resolveAttentionInputSchema = resolveAttentionFormSchema.extend({ orderId: orderIdSchema });

// ─── Customers exchanging their own booking (exchanges.ts) ────────────────────

export const customerExchangeTargetsInputSchema = z.object({ orderId: orderIdSchema, token: accessTokenSchema.optional() });
export const customerExchangeTargetsSchema = z.array(
  z.object({ id: z.string(), startsAt: z.date(), format: z.enum(["TWO_D", "THREE_D", "IMAX"]), filmTitle: z.string(), hallName: z.string() }),
);
export const prepareCustomerExchangeInputSchema = z.object({
  orderId: orderIdSchema,
  toScreeningId: z.string().min(1).max(100),
  token: accessTokenSchema.optional(),
});
export const customerExchangeQuoteSchema = z.object({
  exchangeId: z.string(),
  currency: z.string(),
  oldAmount: z.number(),
  newAmount: z.number(),
  difference: z.number(),
  seats: z.array(z.object({ seatId: z.string(), label: z.string(), ticketType: z.string(), priceAmount: z.number() })),
  holdExpiresAt: z.date().nullable(),
});
export const customerExchangeInputSchema = z.object({ exchangeId: z.string().min(1).max(100), token: accessTokenSchema.optional() });
export const customerExchangeResultSchema = z.object({ reference: z.string(), orderId: z.string(), orderPath: z.string(), refunded: z.number() });
