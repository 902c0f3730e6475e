// Starting a payment: a checkout at the provider for exactly what the order costs, then a PENDING Payment row that
// supersedes the order's older attempts.
import { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { formatDay, formatTime } from "@/server/format";
import { newId, PAYMENT_FAILURE, type PaymentsContext } from "./context";
import { LIVE_TICKET_STATUSES } from "@/server/inventory";

export interface StartPaymentInput {
  orderId: string;
  provider: string;
  returnUrl: string;
}

export function createStart(ctx: PaymentsContext) {
  const { db } = ctx;

  async function startPayment(input: StartPaymentInput): Promise<{ paymentId: string; redirectUrl: string }> {
    const provider = ctx.providerNamed(input.provider);
    if (!provider) throw badRequest("That payment method is not available.", { reason: "UNKNOWN_PROVIDER" });
    const order = await db.order.findUnique({
      where: { id: input.orderId },
      select: {
        id: true,
        reference: true,
        status: true,
        currency: true,
        totalAmount: true,
        screening: {
          select: { startsAt: true, film: { select: { title: true } }, hall: { select: { cinema: { select: { timeZone: true } } } } },
        },
        _count: { select: { tickets: { where: { status: { in: [...LIVE_TICKET_STATUSES] } } } } },
      },
    });
    if (!order) throw notFound("That order");
    if (order.status !== "PENDING") {
      throw conflict("This order can no longer be paid for.", { reason: "ORDER_NOT_PENDING", status: order.status });
    }
    if (order.totalAmount <= 0) throw badRequest("This order has nothing to pay.", { reason: "NOTHING_TO_PAY" });

    const { screening } = order;
    const tickets = order._count.tickets;
    const what = tickets > 0 ? `${tickets} ${tickets === 1 ? "ticket" : "tickets"}` : "Tickets";
    const zone = screening?.hall.cinema.timeZone;
    const description = screening
      ? `${what} for ${screening.film.title}, ${formatDay(screening.startsAt, zone!)} ${formatTime(screening.startsAt, zone!)}`
      : `Order ${order.reference}`;

    // The checkout comes first so that a Payment row always names a real providerRef. If we crash before inserting
    // the row, the provider keeps an open checkout nobody was sent to: harmless.
    const paymentId = newId("pay");
    const checkout = await provider.createCheckout({
      paymentId,
      orderReference: order.reference,
      amount: order.totalAmount,
      currency: order.currency,
      description,
      returnUrl: input.returnUrl,
    });

    await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ status: string; totalAmount: number; currency: string }>>`
        SELECT "status"::text AS "status", "totalAmount", "currency" FROM "Order" WHERE "id" = ${order.id} FOR UPDATE`;
      if (!locked || locked.status !== "PENDING") {
        throw conflict("This order can no longer be paid for.", { reason: "ORDER_NOT_PENDING" });
      }
      if (locked.totalAmount !== order.totalAmount || locked.currency !== order.currency) {
        throw conflict("The order changed while the payment was being set up. Please try again.", { reason: "ORDER_CHANGED" });
      }
      // One statement after the lock: this transaction's next snapshot sees every attempt committed before the lock
      // was granted, so none escapes being superseded (in one statement with the lock it would not).
      const at = new Date();
      const stamp = Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
      await tx.$executeRaw`
        WITH superseded AS (
          UPDATE "Payment" SET "status" = 'FAILED', "failureReason" = ${PAYMENT_FAILURE.superseded}, "updatedAt" = ${stamp}
          WHERE "orderId" = ${order.id} AND "status" = 'PENDING'
        )
        INSERT INTO "Payment" ("id", "orderId", "provider", "providerRef", "amount", "currency", "redirectUrl", "createdAt", "updatedAt")
        VALUES (${paymentId}, ${order.id}, ${input.provider}, ${checkout.providerRef}, ${order.totalAmount}, ${order.currency},
          ${checkout.redirectUrl}, ${stamp}, ${stamp})`;
    });
    return { paymentId, redirectUrl: checkout.redirectUrl };
  }

  return { startPayment };
}
