// What the box office's counter sale (server/counter) needs from booking and nothing more: an order for concessions
// alone (no screening, so no basket of seats), and the guest link that a counter customer's emailed tickets carry.
// The sale itself (tenders, the drawer, the card terminal) is server/counter's; seats and prices stay booking's and
// the inventory's, reached through the same calls as the web (openBasket, holdSeats, quote, issueTickets).
import { isUniqueViolation } from "@/server/db/errors";
import { newOrderReference } from "./baskets";
import type { BookingContext } from "./context";
import { hashAccessToken } from "./tokens";

export function createCounterSupport(ctx: BookingContext) {
  /** A PENDING box-office order at a cinema without a screening (concessions only), owned by the counter's holder key. */
  async function openConcessionsOrder(input: { cinemaId: string; currency: string; holderKey: string; minutes?: number }) {
    const now = ctx.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return await ctx.db.order.create({
          data: {
            reference: newOrderReference(),
            holderKey: input.holderKey,
            cinemaId: input.cinemaId,
            screeningId: null,
            channel: "BOX_OFFICE",
            currency: input.currency,
            subtotalAmount: 0,
            totalAmount: 0,
            expiresAt: new Date(now.getTime() + (input.minutes ?? 10) * 60_000),
            createdAt: now,
          },
          select: { id: true, reference: true, expiresAt: true },
        });
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /** The hash stored on an order so that its emailed guest links (orderPath/ticketPath) open it. */
  const guestAccessHash = (orderId: string) => hashAccessToken(ctx.accessTokenFor(orderId));

  return { openConcessionsOrder, guestAccessHash, orderPath: ctx.orderPath };
}

export type CounterSupport = ReturnType<typeof createCounterSupport>;
