// Finding a booking at the counter. One search box takes what the customer shows or says: an order reference, a
// ticket's door code or its QR code (a USB scanner types the code or the order/ticket link), an email address, or a
// last name (narrowed to a screening when one is picked). The detail is everything staff need to help: tickets,
// concessions, payments with their tender and shift, refunds, exchanges and the order's audit history.
import type { Prisma } from "@/server/db/generated/client";
import { TICKET_CODE_PATTERN } from "@/server/booking/tokens";
import { refundsOpen } from "@/server/booking/refund-cutoff";
import { badRequest, notFound } from "@/server/errors";
import type { BoxOfficeContext } from "./context";
import { tenderOf } from "./staff-refunds";

export type FindKind = "reference" | "ticket" | "email" | "name";

/** What the search box holds, read as one of the four keys. */
export function readQuery(raw: string): { kind: FindKind; value: string } {
  const text = raw.trim();
  if (!text) throw badRequest("Type a reference, a ticket code, an email or a last name.", { reason: "EMPTY_QUERY" });
  // A scanned link: /orders/REF?token=… or /tickets/CODE?token=…, absolute or not.
  const link = /\/(orders|tickets)\/([A-Za-z0-9]+)/.exec(text);
  if (link) return link[1] === "orders" ? { kind: "reference", value: link[2]!.toUpperCase() } : { kind: "ticket", value: link[2]!.toUpperCase() };
  const compact = text.replace(/[\s-]/g, "").toUpperCase();
  if (TICKET_CODE_PATTERN.test(compact)) return { kind: "ticket", value: compact };
  if (text.includes("@")) return { kind: "email", value: text.toLowerCase() };
  if (/^[A-Z0-9]{6,12}$/.test(compact) && /\d/.test(compact)) return { kind: "reference", value: compact };
  return { kind: "name", value: text };
}

const resultSelect = {
  id: true,
  reference: true,
  status: true,
  channel: true,
  customerName: true,
  email: true,
  totalAmount: true,
  currency: true,
  createdAt: true,
  screening: { select: { id: true, startsAt: true, film: { select: { title: true } }, hall: { select: { name: true, cinema: { select: { timeZone: true } } } } } },
  _count: { select: { tickets: { where: { status: { in: ["SOLD", "REFUNDED"] } } }, items: true } },
} satisfies Prisma.OrderSelect;

const refundSelect = {
  id: true,
  amount: true,
  status: true,
  reason: true,
  reasonCode: true,
  createdAt: true,
  needsAttention: true,
  payment: { select: { provider: true } },
  staff: { select: { name: true, email: true } },
  approvedBy: { select: { name: true, email: true } },
  shift: { select: { till: { select: { name: true } } } },
} satisfies Prisma.RefundSelect;

export function createFinder(ctx: BoxOfficeContext) {
  const { db } = ctx;

  async function find(input: { query: string; screeningId?: string | null }) {
    const { kind, value } = readQuery(input.query);
    // Baskets nobody paid for are noise at the counter.
    const settled: Prisma.OrderWhereInput = { status: { in: ["PAID", "REFUNDED"] } };
    let where: Prisma.OrderWhereInput;
    switch (kind) {
      case "reference":
        where = { reference: value };
        break;
      case "ticket":
        where = { tickets: { some: { code: value } } };
        break;
      case "email":
        where = { ...settled, email: value };
        break;
      case "name":
        where = {
          ...settled,
          // A reference can be all letters: one typed as a word is tried as a reference too.
          OR: [{ customerName: { contains: value, mode: "insensitive" } }, { reference: value.toUpperCase() }],
          ...(input.screeningId ? { screeningId: input.screeningId } : {}),
        };
        break;
    }
    const rows = await db.order.findMany({ where, orderBy: { createdAt: "desc" }, take: 25, select: resultSelect });
    return {
      kind,
      results: rows.map(({ _count, screening, ...o }) => ({
        ...o,
        ticketCount: _count.tickets,
        itemCount: _count.items,
        screening: screening
          ? { id: screening.id, startsAt: screening.startsAt, filmTitle: screening.film.title, hallName: screening.hall.name, timeZone: screening.hall.cinema.timeZone }
          : null,
      })),
    };
  }

  async function orderDetail(input: { orderId: string }) {
    const order = await db.order.findUnique({
      where: { id: input.orderId },
      select: {
        ...resultSelect,
        subtotalAmount: true,
        discountAmount: true,
        bookingFeeAmount: true,
        paidAt: true,
        refundedAt: true,
        statusReason: true,
        needsAttention: true,
        staff: { select: { name: true, email: true } },
        screening: {
          select: {
            id: true,
            startsAt: true,
            film: { select: { title: true } },
            hall: { select: { name: true, cinema: { select: { name: true, timeZone: true, ticketTypes: { select: { code: true, name: true } } } } } },
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
            checkedInAt: true,
            checkedInBy: { select: { name: true, email: true } },
            seat: { select: { rowLabel: true, number: true } },
          },
        },
        items: { orderBy: { createdAt: "asc" }, select: { id: true, quantity: true, unitPriceAmount: true, status: true, collectedAt: true, product: { select: { name: true } } } },
        payments: {
          where: { status: { not: "PENDING" } },
          orderBy: { createdAt: "asc" },
          select: {
            id: true,
            provider: true,
            amount: true,
            status: true,
            succeededAt: true,
            tenderedAmount: true,
            changeAmount: true,
            note: true,
            shift: { select: { id: true, till: { select: { name: true } }, staff: { select: { name: true } } } },
          },
        },
        refunds: { orderBy: { createdAt: "asc" }, select: refundSelect },
      },
    });
    if (!order) throw notFound("That order");
    // Refunds of an exchanged order are rows against the payment of the order its tickets came from; its audit entries
    // name them.
    const audited = await db.auditLog.findMany({ where: { entityType: "Order", entityId: order.id, action: "order.staff_refund" }, select: { details: true } });
    const auditedRefundIds = audited.flatMap((a) => ((a.details as { refunds?: Array<{ id: string }> }).refunds ?? []).map((r) => r.id));
    const borrowed = auditedRefundIds.length
      ? await db.refund.findMany({ where: { id: { in: auditedRefundIds }, orderId: { not: order.id } }, orderBy: { createdAt: "asc" }, select: refundSelect })
      : [];
    const [history, exchangesOut, exchangesIn] = await Promise.all([
      db.auditLog.findMany({
        where: { entityType: "Order", entityId: order.id },
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: 50,
        select: { id: true, action: true, details: true, createdAt: true, actor: { select: { name: true, email: true } } },
      }),
      db.exchange.findMany({ where: { fromOrderId: order.id, status: "COMPLETED" }, select: { toOrderId: true, ticketIds: true, differenceAmount: true, completedAt: true } }),
      db.exchange.findMany({ where: { toOrderId: order.id, status: "COMPLETED" }, select: { fromOrderId: true, differenceAmount: true, completedAt: true } }),
    ]);
    const references = new Map(
      (
        await db.order.findMany({
          where: { id: { in: [...exchangesOut.map((e) => e.toOrderId), ...exchangesIn.map((e) => e.fromOrderId)] } },
          select: { id: true, reference: true },
        })
      ).map((o) => [o.id, o.reference]),
    );
    const exchangedTickets = new Set(exchangesOut.flatMap((e) => e.ticketIds));
    const types = order.screening?.hall.cinema.ticketTypes ?? [];
    const who = (u: { name: string | null; email: string } | null) => (u ? u.name || u.email : null);
    const { _count, screening, staff, tickets, items, payments, refunds, ...rest } = order;
    void _count;
    return {
      ...rest,
      soldBy: who(staff),
      screening: screening
        ? {
            id: screening.id,
            startsAt: screening.startsAt,
            filmTitle: screening.film.title,
            hallName: screening.hall.name,
            cinemaName: screening.hall.cinema.name,
            timeZone: screening.hall.cinema.timeZone,
            refundsOpen: refundsOpen(screening.startsAt, ctx.options.refundCutoffMinutes, ctx.now()),
          }
        : null,
      managerRefundAbove: ctx.options.managerRefundAbove,
      tickets: tickets.map((t) => ({
        id: t.id,
        code: t.code,
        status: t.status,
        exchanged: exchangedTickets.has(t.id),
        seatLabel: `${t.seat.rowLabel}${t.seat.number}`,
        ticketType: t.ticketType,
        ticketTypeLabel: types.find((type) => type.code === t.ticketType)?.name ?? t.ticketType,
        priceAmount: t.priceAmount,
        checkedInAt: t.checkedInAt,
        checkedInBy: who(t.checkedInBy),
      })),
      items: items.map((i) => ({ id: i.id, name: i.product.name, quantity: i.quantity, unitPriceAmount: i.unitPriceAmount, status: i.status, collectedAt: i.collectedAt })),
      payments: payments.map((p) => ({
        id: p.id,
        tender: tenderOf(p.provider),
        provider: p.provider,
        amount: p.amount,
        status: p.status,
        succeededAt: p.succeededAt,
        tenderedAmount: p.tenderedAmount,
        changeAmount: p.changeAmount,
        note: p.note,
        till: p.shift?.till.name ?? null,
        shiftStaff: p.shift?.staff.name ?? null,
      })),
      refunds: [...refunds, ...borrowed].map((r) => ({
        id: r.id,
        amount: r.amount,
        status: r.status,
        reason: r.reason,
        reasonCode: r.reasonCode,
        tender: tenderOf(r.payment.provider),
        createdAt: r.createdAt,
        needsAttention: r.needsAttention,
        staff: who(r.staff),
        approvedBy: who(r.approvedBy),
        till: r.shift?.till.name ?? null,
      })),
      exchanges: [
        ...exchangesOut.map((e) => ({ direction: "to" as const, reference: references.get(e.toOrderId) ?? "", orderId: e.toOrderId, differenceAmount: e.differenceAmount, at: e.completedAt })),
        ...exchangesIn.map((e) => ({ direction: "from" as const, reference: references.get(e.fromOrderId) ?? "", orderId: e.fromOrderId, differenceAmount: e.differenceAmount, at: e.completedAt })),
      ],
      history: history.map((h) => ({ id: h.id, action: h.action, details: h.details as Record<string, unknown>, createdAt: h.createdAt, actor: who(h.actor) })),
    };
  }

  /** Screenings from today on at the cinema (of any film), for the exchange picker. */
  async function exchangeTargets(input: { cinemaId?: string | null; fromScreeningId?: string | null; days?: number }) {
    const now = ctx.now();
    const until = new Date(now.getTime() + (input.days ?? 14) * 24 * 3600_000);
    const rows = await db.screening.findMany({
      where: {
        status: "SCHEDULED",
        startsAt: { gt: now, lt: until },
        film: { status: { not: "DRAFT" } },
        ...(input.cinemaId ? { hall: { cinemaId: input.cinemaId } } : {}),
        ...(input.fromScreeningId ? { id: { not: input.fromScreeningId } } : {}),
      },
      orderBy: { startsAt: "asc" },
      take: 300,
      select: { id: true, startsAt: true, format: true, film: { select: { title: true } }, hall: { select: { name: true } } },
    });
    return rows.map((s) => ({ id: s.id, startsAt: s.startsAt, format: s.format, filmTitle: s.film.title, hallName: s.hall.name }));
  }

  /** Where an order's tickets can go: other screenings at its cinema from now on. */
  async function exchangeTargetsFor(input: { orderId: string }) {
    const order = await db.order.findUnique({ where: { id: input.orderId }, select: { cinemaId: true, screeningId: true } });
    if (!order) throw notFound("That order");
    return exchangeTargets({ cinemaId: order.cinemaId, fromScreeningId: order.screeningId });
  }

  return { find, orderDetail, exchangeTargets, exchangeTargetsFor };
}
