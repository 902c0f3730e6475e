// The shapes booking hands to pages (through the orders router) and the Prisma selects that feed them. The shapes
// themselves are the zod schemas in schemas.ts, which the router validates; the types here are inferred from them.
import { formatLabels, seatKindLabels, ticketTypeLabel } from "@/server/catalogue/labels";
import type { Prisma } from "@/server/db/generated/client";
import type { z } from "zod";
import { isUnfulfilled } from "./context";
import { refundCutoffAt, refundsOpen } from "./refund-cutoff";
import type { orderTicketViewSchema, orderViewSchema, screeningSummarySchema, ticketViewSchema } from "./schemas";
import type { Seated } from "./seated";

export const screeningSummarySelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  preShowMinutes: true,
  format: true,
  film: { select: { title: true, slug: true, posterUrl: true, certificate: true, runtimeMinutes: true } },
  hall: {
    select: {
      name: true,
      cinema: {
        select: {
          slug: true,
          name: true,
          address: true,
          city: true,
          postcode: true,
          timeZone: true,
          // Every type, retired ones too: a ticket keeps the type it was sold as.
          ticketTypes: { select: { code: true, name: true } },
        },
      },
    },
  },
} satisfies Prisma.ScreeningSelect;

export type ScreeningSummary = z.infer<typeof screeningSummarySchema>;

export function toScreeningSummary(s: Prisma.ScreeningGetPayload<{ select: typeof screeningSummarySelect }>): ScreeningSummary {
  return {
    id: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    featureStartsAt: new Date(s.startsAt.getTime() + s.preShowMinutes * 60_000),
    formatLabel: formatLabels[s.format],
    film: s.film,
    hallName: s.hall.name,
    cinema: { slug: s.hall.cinema.slug, name: s.hall.cinema.name, address: s.hall.cinema.address, city: s.hall.cinema.city, postcode: s.hall.cinema.postcode, timeZone: s.hall.cinema.timeZone },
  };
}

type SummaryRow = Prisma.ScreeningGetPayload<{ select: typeof screeningSummarySelect }>;

/** The name of a ticket type as the screening's cinema calls it. */
export const ticketTypeName = (screening: SummaryRow, code: string) => ticketTypeLabel(code, screening.hall.cinema.ticketTypes);

const seatSelect = { select: { rowLabel: true, number: true, kind: true } } as const;
export const seatLabel = (seat: { rowLabel: string; number: number }) => `${seat.rowLabel}${seat.number}`;
export const seatOrder: Prisma.TicketOrderByWithRelationInput[] = [{ seat: { gridRow: "asc" } }, { seat: { gridCol: "asc" } }];

/** A ticket's seat and type with their labels: schemas.ts's ticketLineFields, shared by an order's tickets and a ticket. */
function ticketLine(ticket: Prisma.TicketGetPayload<{ select: { ticketType: true; seat: typeof seatSelect } }>, screening: SummaryRow) {
  return {
    seatLabel: seatLabel(ticket.seat),
    seatKind: ticket.seat.kind,
    seatKindLabel: seatKindLabels[ticket.seat.kind],
    ticketType: ticket.ticketType,
    ticketTypeLabel: ticketTypeName(screening, ticket.ticketType),
  };
}

// ─── Orders ──────────────────────────────────────────────────────────────────

/** What every description of an order starts from (its page, its emails): who, what status, the money, the show. */
export const orderSummarySelect = {
  id: true,
  reference: true,
  status: true,
  statusReason: true,
  userId: true,
  email: true,
  customerName: true,
  currency: true,
  subtotalAmount: true,
  discountAmount: true,
  bookingFeeAmount: true,
  totalAmount: true,
  paidAt: true,
  promoCode: { select: { code: true, description: true } },
  screening: { select: screeningSummarySelect },
} satisfies Prisma.OrderSelect;

export const orderViewSelect = {
  ...orderSummarySelect,
  expiresAt: true,
  checkoutStartedAt: true,
  refundedAt: true,
  createdAt: true,
  accessTokenHash: true,
  tickets: {
    where: { status: { in: ["HELD", "SOLD", "REFUNDED"] } },
    orderBy: seatOrder,
    select: { id: true, code: true, status: true, ticketType: true, priceAmount: true, seat: seatSelect },
  },
  // A replaced checkout's items (RELEASED) are not part of the order any more; a refunded one's still are.
  items: {
    where: { status: { in: ["RESERVED", "SOLD", "REFUNDED"] } },
    orderBy: { createdAt: "asc" },
    select: { productId: true, quantity: true, unitPriceAmount: true, status: true, collectedAt: true, product: { select: { name: true } } },
  },
  payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, failureReason: true } },
  refunds: {
    where: { reason: "CUSTOMER_REQUEST" },
    orderBy: { createdAt: "desc" },
    take: 1,
    select: { status: true, amount: true, needsAttention: true },
  },
} satisfies Prisma.OrderSelect;

export type OrderViewRow = Seated<Prisma.OrderGetPayload<{ select: typeof orderViewSelect }>>;

/** Where the order stands, as the customer sees it: the phases are described on orderViewSchema's `phase`. */
export type OrderPhase = OrderView["phase"];
export type OrderTicketView = z.infer<typeof orderTicketViewSchema>;
export type OrderView = z.infer<typeof orderViewSchema>;

export function orderPhase(order: OrderViewRow, now: Date): OrderPhase {
  const payment = order.payments[0];
  if (isUnfulfilled(order.statusReason) && order.status !== "REFUNDED") return "unfulfilled_refund";
  switch (order.status) {
    case "PAID":
      if (order.tickets.some((t) => t.status === "HELD")) return "confirming";
      return order.refunds[0] && order.refunds[0].status !== "SUCCEEDED" ? "refund_requested" : "confirmed";
    case "REFUNDED":
      return "refunded";
    case "EXPIRED":
      return "expired";
    case "CANCELLED":
      return "cancelled";
    case "PENDING":
      if (payment?.status === "SUCCEEDED") return "confirming";
      if (order.expiresAt <= now) return "expired";
      if (payment?.status === "PENDING") return "awaiting_payment";
      if (payment?.status === "FAILED" && payment.failureReason !== "SUPERSEDED") return "declined";
      return "checkout";
  }
}

export function toOrderView(
  order: OrderViewRow,
  context: { now: Date; refundCutoffMinutes: number; ticketPath: (code: string) => string },
): OrderView {
  const phase = orderPhase(order, context.now);
  const cutoff = refundCutoffAt(order.screening.startsAt, context.refundCutoffMinutes);
  return {
    id: order.id,
    reference: order.reference,
    status: order.status,
    phase,
    statusReason: order.statusReason,
    email: order.email,
    customerName: order.customerName,
    currency: order.currency,
    subtotalAmount: order.subtotalAmount,
    discountAmount: order.discountAmount,
    bookingFeeAmount: order.bookingFeeAmount,
    totalAmount: order.totalAmount,
    promoCode: order.promoCode,
    expiresAt: order.expiresAt,
    paidAt: order.paidAt,
    refundedAt: order.refundedAt,
    createdAt: order.createdAt,
    screening: toScreeningSummary(order.screening),
    tickets: order.tickets.map((t) => ({
      id: t.id,
      code: t.status === "SOLD" ? t.code : null,
      status: t.status,
      ...ticketLine(t, order.screening),
      priceAmount: t.priceAmount,
      path: t.status === "SOLD" ? context.ticketPath(t.code) : null,
    })),
    items: order.items.map((item) => ({
      productId: item.productId,
      name: item.product.name,
      quantity: item.quantity,
      unitAmount: item.unitPriceAmount,
      amount: item.quantity * item.unitPriceAmount,
      status: item.status,
      collected: item.collectedAt !== null,
    })),
    payment: order.payments[0] ?? null,
    refund: order.refunds[0] ?? null,
    refundable: phase === "confirmed" && refundsOpen(order.screening.startsAt, context.refundCutoffMinutes, context.now),
    refundCutoffAt: cutoff,
    checkoutPath: phase === "declined" || phase === "checkout" || phase === "awaiting_payment" ? `/checkout/${order.id}` : null,
  };
}

// ─── Tickets ─────────────────────────────────────────────────────────────────

export const ticketViewSelect = {
  id: true,
  code: true,
  status: true,
  ticketType: true,
  priceAmount: true,
  currency: true,
  checkedInAt: true,
  seat: seatSelect,
  order: {
    select: {
      id: true,
      reference: true,
      userId: true,
      accessTokenHash: true,
      customerName: true,
      status: true,
      items: { where: { status: "SOLD" }, orderBy: { createdAt: "asc" }, select: { quantity: true, product: { select: { name: true } } } },
    },
  },
  screening: { select: screeningSummarySelect },
} satisfies Prisma.TicketSelect;

export type TicketView = z.infer<typeof ticketViewSchema>;

export function toTicketView(ticket: Prisma.TicketGetPayload<{ select: typeof ticketViewSelect }>, orderPath: string): TicketView {
  return {
    code: ticket.code,
    status: ticket.status,
    valid: ticket.status === "SOLD" && ticket.order.status === "PAID",
    ...ticketLine(ticket, ticket.screening),
    priceAmount: ticket.priceAmount,
    currency: ticket.currency,
    checkedInAt: ticket.checkedInAt,
    customerName: ticket.order.customerName,
    orderReference: ticket.order.reference,
    collect: ticket.order.items.map((item) => ({ name: item.product.name, quantity: item.quantity })),
    orderPath,
    screening: toScreeningSummary(ticket.screening),
  };
}
