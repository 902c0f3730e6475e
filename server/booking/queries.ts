// What customers may read about their orders and tickets. Every read checks the viewer: the signed-in owner, or a
// guest presenting the order's access token. Anyone else gets NOT_FOUND, exactly as for an order that doesn't exist,
// so references and ticket codes can't be probed.
import type { Prisma } from "@/server/db/generated/client";
import { notFound } from "@/server/errors";
import type { BookingContext } from "./context";
import { seated } from "./seated";
import { accessTokenMatches, TICKET_CODE_PATTERN } from "./tokens";
import { orderViewSelect, ticketViewSelect, toOrderView, toTicketView, type OrderView, type TicketView } from "./views";

export interface Viewer {
  userId?: string | null;
  accessToken?: string | null;
}

export function mayView(order: { userId: string | null; accessTokenHash: string | null }, viewer: Viewer): boolean {
  if (viewer.userId && order.userId === viewer.userId) return true;
  return accessTokenMatches(viewer.accessToken, order.accessTokenHash);
}

const REFERENCE_PATTERN = /^[A-Z0-9]{4,32}$/;
const MY_ORDERS_LIMIT = 100;

export function createQueries(ctx: BookingContext) {
  const { db } = ctx;

  const view = (row: Prisma.OrderGetPayload<{ select: typeof orderViewSelect }>) => {
    const order = seated(row);
    return toOrderView(order, {
      now: ctx.now(),
      refundCutoffMinutes: ctx.options.refundCutoffMinutes,
      ticketPath: (code) => ctx.ticketPath(order, code),
    });
  };

  return {
    async orderForViewer(input: { reference: string } & Viewer): Promise<OrderView> {
      const reference = input.reference.trim().toUpperCase();
      if (!REFERENCE_PATTERN.test(reference)) throw notFound("That order");
      const order = await db.order.findUnique({ where: { reference }, select: orderViewSelect });
      // Baskets never reach checkout's order page: until checkout nobody has anything to look at.
      if (!order || !order.checkoutStartedAt || !mayView(order, input)) throw notFound("That order");
      return view(order);
    },

    /** The customer's booked orders (paid or refunded), soonest show first, split at now. */
    async myOrders(input: { userId: string }): Promise<{ upcoming: OrderView[]; past: OrderView[] }> {
      const orders = await db.order.findMany({
        where: {
          userId: input.userId,
          OR: [{ status: { in: ["PAID", "REFUNDED"] } }, { statusReason: { not: null }, status: { not: "PENDING" } }],
        },
        orderBy: { screening: { startsAt: "asc" } },
        take: MY_ORDERS_LIMIT,
        select: orderViewSelect,
      });
      const now = ctx.now();
      const views = orders.map(view);
      return {
        upcoming: views.filter((o) => o.screening.endsAt > now),
        past: views.filter((o) => o.screening.endsAt <= now).reverse(),
      };
    },

    async ticketByCode(input: { code: string } & Viewer): Promise<TicketView> {
      const code = input.code.trim().toUpperCase();
      if (!TICKET_CODE_PATTERN.test(code)) throw notFound("That ticket");
      const ticket = await db.ticket.findUnique({ where: { code }, select: ticketViewSelect });
      if (!ticket || (ticket.status !== "SOLD" && ticket.status !== "REFUNDED") || !mayView(ticket.order, input)) {
        throw notFound("That ticket");
      }
      return toTicketView(ticket, ctx.orderPath(ticket.order));
    },
  };
}

export type Queries = ReturnType<typeof createQueries>;
