// The box office's contract over HTTP (staff): the cinemas and a cinema's day with how full each screening is; finding
// a booking and its detail; staff refunds; exchanges.
import { z } from "zod";
import { orderStatusSchema, screeningFormatSchema, screeningStatusSchema, ticketStatusSchema } from "@/server/db/schemas";

export const cinemaSummarySchema = z.object({ slug: z.string(), name: z.string(), timeZone: z.string() });

export const dayOverviewInputSchema = z.object({
  cinemaSlug: z.string().max(100).optional(),
  date: z.iso.date({ error: "Use a date like 2026-11-27" }).optional(),
});

/** One screening of a cinema day with how full it is (the counter adds how many are in). */
export const dayScreeningSchema = z.object({
  id: z.string(),
  startsAt: z.date(),
  endsAt: z.date(),
  format: screeningFormatSchema,
  status: screeningStatusSchema,
  film: z.object({ title: z.string(), slug: z.string(), certificate: z.string() }),
  hall: z.object({ id: z.string(), name: z.string() }),
  capacity: z.number(),
  sold: z.number(),
  held: z.number(),
  /** Held seats as a share (0–1) of the unsold ones, and whether that is high enough to flag (held-share.ts). */
  heldShare: z.number(),
  heldWarning: z.boolean(),
});

export const dayOverviewSchema = z.object({
  cinema: cinemaSummarySchema.nullable(),
  date: z.date().nullable(),
  screenings: z.array(dayScreeningSchema),
});

// ─── Find a booking ─────────────────────────────────────────────────────────

const tenderSchema = z.enum(["cash", "card", "comp", "web"]);

export const findInputSchema = z.object({
  query: z.string().trim().min(1, "Type a reference, a ticket code, an email or a last name.").max(500),
  screeningId: z.string().max(100).nullish(),
});

export const findResultSchema = z.object({
  kind: z.enum(["reference", "ticket", "email", "name"]),
  results: z.array(
    z.object({
      id: z.string(),
      reference: z.string(),
      status: orderStatusSchema,
      channel: z.string(),
      customerName: z.string().nullable(),
      email: z.string().nullable(),
      totalAmount: z.number(),
      currency: z.string(),
      createdAt: z.date(),
      ticketCount: z.number(),
      itemCount: z.number(),
      screening: z.object({ id: z.string(), startsAt: z.date(), filmTitle: z.string(), hallName: z.string(), timeZone: z.string() }).nullable(),
    }),
  ),
});

export const orderIdInputSchema = z.object({ orderId: z.string().min(1).max(100) });

export const orderDetailSchema = z.object({
  id: z.string(),
  reference: z.string(),
  status: orderStatusSchema,
  statusReason: z.string().nullable(),
  channel: z.string(),
  customerName: z.string().nullable(),
  email: z.string().nullable(),
  currency: z.string(),
  subtotalAmount: z.number(),
  discountAmount: z.number(),
  bookingFeeAmount: z.number(),
  totalAmount: z.number(),
  createdAt: z.date(),
  paidAt: z.date().nullable(),
  refundedAt: z.date().nullable(),
  needsAttention: z.boolean(),
  soldBy: z.string().nullable(),
  managerRefundAbove: z.number(),
  screening: z
    .object({ id: z.string(), startsAt: z.date(), filmTitle: z.string(), hallName: z.string(), cinemaName: z.string(), timeZone: z.string(), refundsOpen: z.boolean() })
    .nullable(),
  tickets: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      status: ticketStatusSchema,
      exchanged: z.boolean(),
      seatLabel: z.string(),
      ticketType: z.string(),
      ticketTypeLabel: z.string(),
      priceAmount: z.number(),
      checkedInAt: z.date().nullable(),
      checkedInBy: z.string().nullable(),
    }),
  ),
  items: z.array(z.object({ id: z.string(), name: z.string(), quantity: z.number(), unitPriceAmount: z.number(), status: z.string(), collectedAt: z.date().nullable() })),
  payments: z.array(
    z.object({
      id: z.string(),
      tender: tenderSchema,
      provider: z.string(),
      amount: z.number(),
      status: z.string(),
      succeededAt: z.date().nullable(),
      tenderedAmount: z.number().nullable(),
      changeAmount: z.number().nullable(),
      note: z.string().nullable(),
      till: z.string().nullable(),
      shiftStaff: z.string().nullable(),
    }),
  ),
  refunds: z.array(
    z.object({
      id: z.string(),
      amount: z.number(),
      status: z.string(),
      reason: z.string(),
      reasonCode: z.string().nullable(),
      tender: tenderSchema,
      createdAt: z.date(),
      needsAttention: z.boolean(),
      staff: z.string().nullable(),
      approvedBy: z.string().nullable(),
      till: z.string().nullable(),
    }),
  ),
  exchanges: z.array(
    z.object({ direction: z.enum(["to", "from"]), reference: z.string(), orderId: z.string(), differenceAmount: z.number(), at: z.date().nullable() }),
  ),
  history: z.array(
    z.object({ id: z.string(), action: z.string(), details: z.record(z.string(), z.unknown()), createdAt: z.date(), actor: z.string().nullable() }),
  ),
});

// ─── Staff refunds ──────────────────────────────────────────────────────────

export const refundReasonCodeSchema = z.enum(["CUSTOMER_REQUEST", "WRONG_BOOKING", "SCREENING_PROBLEM", "DUPLICATE", "OTHER"]);
const managerPinSchema = z.string().trim().max(8).nullish();

export const staffRefundInputSchema = z.object({
  orderId: z.string().min(1).max(100),
  ticketIds: z.array(z.string().max(100)).max(50).optional(),
  itemIds: z.array(z.string().max(100)).max(50).optional(),
  reasonCode: refundReasonCodeSchema,
  note: z.string().max(500).nullish(),
  managerPin: managerPinSchema,
});

const refundLineSchema = z.object({ refundId: z.string(), tender: tenderSchema, amount: z.number(), status: z.enum(["PENDING", "SUCCEEDED", "FAILED"]) });

export const staffRefundResultSchema = z.object({
  amount: z.number(),
  orderStatus: z.string(),
  refunds: z.array(refundLineSchema),
  approvedById: z.string().nullable(),
});

// ─── Exchanges ──────────────────────────────────────────────────────────────

export const exchangeTargetsInputSchema = z.object({ orderId: z.string().min(1).max(100) });
export const exchangeTargetsSchema = z.array(
  z.object({ id: z.string(), startsAt: z.date(), format: screeningFormatSchema, filmTitle: z.string(), hallName: z.string() }),
);

export const prepareExchangeInputSchema = z.object({
  orderId: z.string().min(1).max(100),
  ticketIds: z.array(z.string().max(100)).min(1).max(20),
  toScreeningId: z.string().min(1).max(100),
  seatIds: z.array(z.string().max(100)).max(20).optional(),
  seatLabels: z.array(z.string().trim().max(8)).max(20).optional(),
});

export const exchangeQuoteSchema = z.object({
  exchangeId: z.string(),
  toOrderId: z.string(),
  toReference: z.string(),
  currency: z.string(),
  oldAmount: z.number(),
  newAmount: z.number(),
  difference: z.number(),
  seats: z.array(z.object({ seatId: z.string(), label: z.string(), ticketType: z.string(), priceAmount: z.number() })),
  holdExpiresAt: z.date().nullable(),
});

export const completeExchangeInputSchema = z.object({
  exchangeId: z.string().min(1).max(100),
  tender: z.enum(["cash", "card"]).nullish(),
  tenderedAmount: z.number().int().min(0).max(10_000_000).nullish(),
  managerPin: managerPinSchema,
});

export const completeExchangeResultSchema = z.object({
  toOrderId: z.string(),
  toReference: z.string(),
  difference: z.number(),
  changeAmount: z.number(),
  refunds: z.array(refundLineSchema),
});

export const exchangeIdInputSchema = z.object({ exchangeId: z.string().min(1).max(100) });
