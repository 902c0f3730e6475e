// Everything a printed ticket and receipt show, read for one order by its reference. Any paid order prints, web or
// counter: a web customer without a phone can have their tickets printed at the box office.
import { ticketQrSvg } from "@/server/booking/qr";
import { certificateLabels, formatLabels, seatKindLabels, ticketTypeLabel } from "@/server/catalogue/labels";
import { notFound, preconditionFailed } from "@/server/errors";
import { counterTenders } from "@/server/payments/tenders";
import type { PrintingContext } from "./context";
import type { PrintSheet } from "./schemas";

const tenderLabels: Record<string, string> = {
  [counterTenders.cash]: "Cash",
  [counterTenders.card]: "Card",
  [counterTenders.complimentary]: "Complimentary",
};

export async function loadSheet(ctx: PrintingContext, reference: string): Promise<PrintSheet> {
  const order = await ctx.db.order.findUnique({
    where: { reference: reference.trim().toUpperCase() },
    select: {
      id: true,
      reference: true,
      channel: true,
      status: true,
      createdAt: true,
      paidAt: true,
      customerName: true,
      currency: true,
      subtotalAmount: true,
      discountAmount: true,
      bookingFeeAmount: true,
      totalAmount: true,
      shiftId: true,
      staff: { select: { name: true } },
      shift: { select: { till: { select: { name: true } } } },
      cinema: {
        select: { name: true, address: true, city: true, postcode: true, timeZone: true, ticketTypes: { select: { code: true, name: true } } },
      },
      screening: {
        select: {
          startsAt: true,
          preShowMinutes: true,
          format: true,
          film: { select: { title: true, certificate: true } },
          hall: { select: { name: true } },
        },
      },
      tickets: {
        where: { status: { in: ["SOLD", "REFUNDED"] } },
        orderBy: [{ seat: { gridRow: "asc" } }, { seat: { gridCol: "asc" } }],
        select: {
          id: true,
          code: true,
          status: true,
          ticketType: true,
          priceAmount: true,
          currency: true,
          seat: { select: { rowLabel: true, number: true, kind: true } },
        },
      },
      items: {
        where: { status: { in: ["SOLD", "REFUNDED"] } },
        orderBy: { createdAt: "asc" },
        select: { quantity: true, unitPriceAmount: true, currency: true, status: true, product: { select: { name: true } } },
      },
      payments: {
        where: { status: { in: ["SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED"] } },
        orderBy: [{ succeededAt: "asc" }, { id: "asc" }],
        select: { provider: true, amount: true, currency: true, tenderedAmount: true, changeAmount: true, note: true },
      },
      refunds: { where: { status: "SUCCEEDED" }, orderBy: { createdAt: "asc" }, select: { amount: true, currency: true, createdAt: true } },
    },
  });
  if (!order) throw notFound("That booking");
  if (order.status === "PENDING" || order.status === "EXPIRED" || order.status === "CANCELLED") {
    throw preconditionFailed("This booking isn't paid, so there is nothing to print.");
  }
  const cinema = order.cinema;
  if (!cinema) throw notFound("That booking's cinema");
  const prints = await ctx.db.printRecord.groupBy({
    by: ["ticketId", "kind"],
    where: { orderId: order.id },
    _max: { copy: true },
  });
  const printed = (kind: "TICKET" | "RECEIPT", ticketId: string | null) =>
    prints.find((p) => p.kind === kind && p.ticketId === ticketId)?._max.copy ?? 0;

  const typeName = (code: string) => ticketTypeLabel(code, cinema.ticketTypes);
  const seat = (t: (typeof order.tickets)[number]) => `${t.seat.rowLabel}${t.seat.number}`;
  const valid = order.tickets.filter((t) => t.status === "SOLD");
  const tickets = await Promise.all(
    valid.map(async (t) => ({
      id: t.id,
      code: t.code,
      seatLabel: seat(t),
      seatKindLabel: seatKindLabels[t.seat.kind],
      ticketTypeLabel: typeName(t.ticketType),
      priceAmount: t.priceAmount,
      currency: t.currency,
      qrSvg: await ticketQrSvg(t.code),
      printed: printed("TICKET", t.id),
    })),
  );
  const s = order.screening;
  return {
    order: {
      id: order.id,
      reference: order.reference,
      channel: order.channel,
      status: order.status,
      createdAt: order.createdAt,
      paidAt: order.paidAt,
      customerName: order.customerName,
      clerkName: order.staff?.name ?? null,
      tillName: order.shift?.till.name ?? null,
      shiftId: order.shiftId,
      currency: order.currency,
      subtotalAmount: order.subtotalAmount,
      discountAmount: order.discountAmount,
      bookingFeeAmount: order.bookingFeeAmount,
      totalAmount: order.totalAmount,
    },
    cinema: { name: cinema.name, address: cinema.address, city: cinema.city, postcode: cinema.postcode, timeZone: cinema.timeZone },
    screening: s
      ? {
          filmTitle: s.film.title,
          certificate: certificateLabels[s.film.certificate],
          formatLabel: formatLabels[s.format],
          startsAt: s.startsAt,
          featureStartsAt: new Date(s.startsAt.getTime() + s.preShowMinutes * 60_000),
          hallName: s.hall.name,
        }
      : null,
    tickets,
    lines: [
      ...order.tickets.map((t) => ({
        label: `${typeName(t.ticketType)} · ${seat(t)}`,
        quantity: 1,
        amount: t.priceAmount,
        currency: t.currency,
        refunded: t.status === "REFUNDED",
      })),
      ...order.items.map((i) => ({
        label: i.product.name,
        quantity: i.quantity,
        amount: i.quantity * i.unitPriceAmount,
        currency: i.currency,
        refunded: i.status === "REFUNDED",
      })),
    ],
    tenders: order.payments.map((p) => ({
      label: tenderLabels[p.provider] ?? "Paid online",
      amount: p.amount,
      currency: p.currency,
      tenderedAmount: p.tenderedAmount,
      changeAmount: p.changeAmount,
      note: p.note,
    })),
    refunds: order.refunds,
    receiptPrinted: printed("RECEIPT", null),
  };
}
