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

export const quoteInputSchema = z.object({
  orderId: orderIdSchema,
  ticketTypes: ticketTypesSchema,
  promoCode: promoCodeSchema.optional(),
});

export const checkoutInputSchema = z.object({
  orderId: orderIdSchema,
  ticketTypes: ticketTypesSchema,
  promoCode: promoCodeSchema.optional(),
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

export const screeningSummarySchema = z.object({
  id: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  formatLabel: z.string(),
  film: z.object({ title: z.string(), slug: z.string(), posterUrl: z.string(), certificate: certificateSchema, runtimeMinutes: z.number() }),
  hallName: z.string(),
  cinema: z.object({ name: z.string(), address: z.string(), city: z.string(), postcode: z.string(), timeZone: z.string() }),
});

const ticketOptionSchema = z.object({ ticketType: ticketTypeSchema, label: z.string(), amount: z.number().int() });
const lastPaymentSchema = z.object({ status: paymentStatusSchema, failureReason: z.string().nullable() });

export const basketSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
  state: z.enum(["open", "expired", "cancelled", "paid"]),
  screening: screeningSummarySchema,
  seats: z.array(
    z.object({
      seatId: z.string(),
      label: z.string(),
      kind: seatKindSchema,
      kindLabel: z.string(),
      ticketType: ticketTypeSchema,
      holdExpiresAt: z.date(),
    }),
  ),
  deadline: z.date().nullable(),
  email: z.string().nullable(),
  customerName: z.string().nullable(),
  promoCode: z.string().nullable(),
  checkoutStarted: z.boolean(),
  currency: z.string(),
  ticketOptions: z.array(ticketOptionSchema),
  lastPayment: lastPaymentSchema.nullable(),
  orderPath: z.string(),
});

export const quoteSchema = z.object({
  orderId: z.string(),
  currency: z.string(),
  lines: z.array(
    z.object({
      seatId: z.string(),
      seatLabel: z.string(),
      seatKind: seatKindSchema,
      seatKindLabel: z.string(),
      ticketType: ticketTypeSchema,
      ticketTypeLabel: z.string(),
      baseAmount: z.number().int(),
      seatKindSurcharge: z.number().int(),
      formatSurcharge: z.number().int(),
      amount: z.number().int(),
    }),
  ),
  subtotal: z.number().int(),
  discount: z.number().int(),
  total: z.number().int(),
  promo: z.object({ code: z.string(), description: z.string() }).nullable(),
  promoError: z.string().nullable(),
  ticketOptions: z.array(ticketOptionSchema),
});

export const checkoutResultSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  expiresAt: z.date(),
  redirectUrl: z.string(),
  orderPath: z.string(),
  total: z.number().int(),
  currency: z.string(),
});

export const orderViewSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
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
  totalAmount: z.number().int(),
  promoCode: z.object({ code: z.string(), description: z.string() }).nullable(),
  expiresAt: z.date(),
  paidAt: z.date().nullable(),
  refundedAt: z.date().nullable(),
  createdAt: z.date(),
  screening: screeningSummarySchema,
  tickets: z.array(
    z.object({
      id: z.string(),
      code: z.string().nullable(),
      status: ticketStatusSchema,
      seatLabel: z.string(),
      seatKind: seatKindSchema,
      seatKindLabel: z.string(),
      ticketType: ticketTypeSchema,
      ticketTypeLabel: z.string(),
      priceAmount: z.number().int(),
      path: z.string().nullable(),
    }),
  ),
  payment: lastPaymentSchema.nullable(),
  refund: z.object({ status: refundStatusSchema, amount: z.number().int(), needsAttention: z.boolean() }).nullable(),
  refundable: z.boolean(),
  refundCutoffAt: z.date(),
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
  valid: z.boolean(),
  seatLabel: z.string(),
  seatKind: seatKindSchema,
  seatKindLabel: z.string(),
  ticketType: ticketTypeSchema,
  ticketTypeLabel: z.string(),
  priceAmount: z.number().int(),
  currency: z.string(),
  checkedInAt: z.date().nullable(),
  customerName: z.string().nullable(),
  orderReference: z.string(),
  orderPath: z.string(),
  screening: screeningSummarySchema,
});

// ─── Staff: orders needing attention ─────────────────────────────────────────

export const attentionItemSchema = z.object({
  orderId: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
  statusReason: z.string().nullable(),
  email: z.string().nullable(),
  customerName: z.string().nullable(),
  totalAmount: z.number().int(),
  currency: z.string(),
  screening: screeningSummarySchema,
  problems: z.array(z.string()),
  refunds: z.array(
    z.object({
      id: z.string(),
      amount: z.number().int(),
      reason: z.string(),
      status: refundStatusSchema,
      attempts: z.number().int(),
      needsAttention: z.boolean(),
    }),
  ),
  history: z.array(z.object({ action: z.string(), at: z.date(), details: z.unknown() })),
  updatedAt: z.date(),
});

export const retryRefundInputSchema = z.object({ refundId: idSchema });
export const retryRefundResultSchema = z.object({ status: z.enum(["SUCCEEDED", "RETRYING"]) });

export const resolveAttentionFormSchema = z.object({
  note: z.string().trim().min(5, "Say what was done (at least 5 characters).").max(500, "Use at most 500 characters."),
});
export const resolveAttentionInputSchema = resolveAttentionFormSchema.extend({ orderId: orderIdSchema });
