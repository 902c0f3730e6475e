// Seats kept for a payment that succeeded. A customer's holds end at the checkout deadline (at most 20 minutes after
// the first hold), but settling the payment can take longer: the workflow engine may be down, the inline settlement
// may fail, and then the provider's redelivery or reconciliation settles it minutes later. Meanwhile the seats must
// not lapse to the next buyer (that would end in a refund of a customer who paid in time). So as soon as a payment is
// recorded SUCCEEDED, its order's holds are moved to now + paidHoldSeconds, past the usual maximum, in Redis and in
// PostgreSQL (Ticket.holdExpiresAt, which is what lets another hold release an expired one) and the order's own
// deadline with them; reconciliation does it again before each attempt to settle.
import { logError, type BookingContext } from "./context";

export interface KeptSeats {
  /** How many held seats are now kept for the payment. */
  kept: number;
  until: Date | null;
}

export function createPaidHolds(ctx: BookingContext) {
  const { db, inventory } = ctx;
  const nothing: KeptSeats = { kept: 0, until: null };

  /**
   * Keeps the order's held seats for its succeeded payment. Never throws: a seat already taken is settlement's to
   * refund, and anything else (Redis down, sales closed) is tried again by reconciliation before it settles.
   */
  async function keepSeatsForPayment(input: { orderId: string; paymentId: string }): Promise<KeptSeats> {
    try {
      // The payment with its order, in one statement.
      const payment = await db.payment.findUnique({
        where: { id: input.paymentId },
        select: {
          orderId: true,
          status: true,
          order: { select: { screeningId: true, status: true, tickets: { where: { status: "HELD" }, select: { id: true }, take: 1 } } },
        },
      });
      if (!payment || payment.orderId !== input.orderId || payment.status !== "SUCCEEDED") return nothing;
      const { order } = payment;
      if (!order?.screeningId || order.tickets.length === 0 || (order.status !== "PENDING" && order.status !== "PAID")) return nothing;
      const { holdExpiresAt, seatIds } = await inventory.extend({
        screeningId: order.screeningId,
        orderId: input.orderId,
        holdSeconds: ctx.options.paidHoldSeconds,
        paid: true,
      });
      // The order's deadline follows its seats, so nothing reads the basket as run out while its payment settles.
      await db.order.updateMany({
        where: { id: input.orderId, status: "PENDING", expiresAt: { lt: holdExpiresAt } },
        data: { expiresAt: holdExpiresAt },
      });
      return { kept: seatIds.length, until: holdExpiresAt };
    } catch (error) {
      logError(`could not keep the seats of order ${input.orderId} for payment ${input.paymentId}`, error);
      return nothing;
    }
  }

  return { keepSeatsForPayment };
}

export type PaidHolds = ReturnType<typeof createPaidHolds>;
