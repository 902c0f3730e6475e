// Seats kept for a payment that succeeded. A customer's holds end at the checkout deadline (at most 20 minutes after
// the first hold), but settling the payment can take longer: the workflow engine may be down, the inline settlement
// may fail, and then the provider's redelivery or reconciliation settles it minutes later. Meanwhile the seats must
// not lapse to the next buyer (that would end in a refund of a customer who paid in time). So as soon as a payment is
// recorded SUCCEEDED, its order's holds are moved to now + paidHoldSeconds, past the usual maximum, in Redis and in
// PostgreSQL (Ticket.holdExpiresAt, which is what lets another hold release an expired one) and the order's own
// deadline with them; reconciliation does it again before each attempt to settle.
import { isAppError } from "@/server/errors";
import { logError, type BookingContext } from "./context";

/**
 * What payments' statement recording the success already established (the payment SUCCEEDED, the order PENDING, its
 * screening, and whether the order's deadline was moved with it): the read below is skipped.
 */
export interface KnownPaid {
  screeningId: string;
  orderDeadlineKept: boolean;
}

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
  async function keepSeatsForPayment(input: { orderId: string; paymentId: string; known?: KnownPaid }): Promise<KeptSeats> {
    try {
      if (input.known) return await keep(input.orderId, input.known.screeningId, input.known.orderDeadlineKept);
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
      return await keep(input.orderId, order.screeningId, false);
    } catch (error) {
      // A PENDING order whose holds all ran out has nothing to keep: settlement finds the seats gone and refunds.
      if (isAppError(error) && error.details?.reason === "NO_HOLD") return nothing;
      logError(`could not keep the seats of order ${input.orderId} for payment ${input.paymentId}`, error);
      return nothing;
    }
  }

  async function keep(orderId: string, screeningId: string, deadlineKept: boolean): Promise<KeptSeats> {
    const { holdExpiresAt, seatIds } = await inventory.extend({ screeningId, orderId, holdSeconds: ctx.options.paidHoldSeconds, paid: true });
    // The order's deadline follows its seats, so nothing reads the basket as run out while its payment settles.
    if (!deadlineKept) {
      await db.order.updateMany({
        where: { id: orderId, status: "PENDING", expiresAt: { lt: holdExpiresAt } },
        data: { expiresAt: holdExpiresAt },
      });
    }
    return { kept: seatIds.length, until: holdExpiresAt };
  }

  /** Where a paid order's deadline goes while it settles: payments moves it there in the statement recording the success. */
  const paidHoldUntil = () => new Date(ctx.now().getTime() + ctx.options.paidHoldSeconds * 1000);

  return { keepSeatsForPayment, paidHoldUntil };
}

export type PaidHolds = ReturnType<typeof createPaidHolds>;
