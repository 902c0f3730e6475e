// Exchanges: tickets of a paid order moved to another screening (of any film). The same three phases serve staff at
// the counter and customers on their order page:
//   1. prepare: the new seats are HELD in an order of their own (the same inventory path as any basket), priced from
//      the new screening's plan with the old tickets' types, and an Exchange row (HELD) records what the swap is worth.
//      Nothing else has changed: giving up (abandon) only releases those seats.
//   2. swap: one PostgreSQL transaction retires the old tickets (REFUNDED), sells the new ones (SOLD, with door codes),
//      marks the new order PAID for the same customer, lets the caller write the money rows for the difference in the
//      same transaction, and marks the Exchange COMPLETED. Any failure rolls all of it back.
//   3. follow-ups, idempotent and safe to repeat: the seat stock in Redis (the old screening rebuilt, the new sale
//      mirrored). Money that must go through a provider after the swap (a refund of the difference) is the caller's.
// The swap is the only step with effects the customer can see; a retry of swap on a COMPLETED exchange only re-runs the
// follow-ups.
import { randomBytes } from "node:crypto";
import type { AuditLog } from "@/server/audit";
import { pricePlanRatesSelect } from "@/server/catalogue";
import type { Database } from "@/server/db";
import type { Prisma, SalesChannel } from "@/server/db/generated/client";
import { badRequest, conflict, isAppError, notFound } from "@/server/errors";
import type { Inventory } from "@/server/inventory";
import { assertRefundFits } from "@/server/payments";
import type { Baskets } from "./baskets";
import type { BookingContext } from "./context";
import { describeMinutes } from "./notifications";
import { mayView } from "./queries";
import { refundsOpen } from "./refund-cutoff";
import { priceTickets } from "./pricing";
import { newTicketCode } from "./tokens";
import { seatLabel } from "./views";

export type Transaction = Prisma.TransactionClient;

/** Where a test makes a step fail: each hook may throw. */
export interface ExchangeHooks {
  /** Inside the swap transaction, after every row is written and before it commits. */
  beforeSwapCommit?: (exchangeId: string) => Promise<void> | void;
  /** After the swap committed, before the Redis follow-ups. */
  afterSwapCommitted?: (exchangeId: string) => Promise<void> | void;
}

export interface ExchangeDeps {
  db: Database;
  inventory: Pick<Inventory, "hold" | "release" | "sell" | "rebuild" | "bestAvailable">;
  baskets: Pick<Baskets, "openBasket">;
  audit: AuditLog;
  now: () => Date;
  /** The guest access token's hash for an order (booking's link secret), so a guest's new order has its own link. */
  accessTokenHashFor: (orderId: string) => string;
  hooks?: ExchangeHooks;
}

export interface PrepareExchangeInput {
  fromOrderId: string;
  /** The old tickets to move (SOLD tickets of the order, not yet admitted). */
  ticketIds: string[];
  toScreeningId: string;
  /** The new seats, one per ticket; without them the best available seats are chosen. */
  seatIds?: string[];
  actorId: string | null;
  channel: SalesChannel;
}

export interface ExchangeQuote {
  exchangeId: string;
  toOrderId: string;
  toReference: string;
  currency: string;
  oldAmount: number;
  newAmount: number;
  /** newAmount − oldAmount: the customer pays this (> 0) or gets it back (< 0). */
  difference: number;
  seats: Array<{ seatId: string; label: string; ticketType: string; priceAmount: number }>;
  holdExpiresAt: Date | null;
}

/** Order.statusReason of an order all of whose tickets were exchanged: REFUNDED, its money moved to the new order. */
export const EXCHANGE_REASON = "EXCHANGED";

export function createExchanges(deps: ExchangeDeps) {
  const { db, inventory, audit, now } = deps;

  async function loadFrom(orderId: string) {
    const order = await db.order.findUnique({
      where: { id: orderId },
      select: {
        id: true,
        status: true,
        currency: true,
        screeningId: true,
        userId: true,
        email: true,
        customerName: true,
        tickets: {
          where: { status: "SOLD" },
          select: { id: true, seatId: true, ticketType: true, priceAmount: true, checkedInAt: true, seat: { select: { gridRow: true, gridCol: true } } },
        },
      },
    });
    if (!order) throw notFound("That order");
    return order;
  }

  /** Phase 1: the new seats held and priced; the old order untouched. */
  async function prepare(input: PrepareExchangeInput): Promise<ExchangeQuote> {
    const from = await loadFrom(input.fromOrderId);
    if (from.status !== "PAID") throw conflict("Only a paid booking can be exchanged.", { reason: "NOT_EXCHANGEABLE" });
    const ticketIds = [...new Set(input.ticketIds)];
    if (ticketIds.length === 0) throw badRequest("Choose at least one ticket to exchange.", { reason: "NO_TICKETS" });
    const tickets = ticketIds.map((id) => from.tickets.find((t) => t.id === id));
    if (tickets.some((t) => !t)) throw conflict("Some of those tickets can't be exchanged (refunded or not part of this order).", { reason: "TICKET_NOT_SOLD" });
    const old = tickets.map((t) => t!).sort((a, b) => a.seat.gridRow - b.seat.gridRow || a.seat.gridCol - b.seat.gridCol);
    if (old.some((t) => t.checkedInAt)) throw conflict("A ticket that has been admitted can't be exchanged.", { reason: "ALREADY_ADMITTED" });
    if (input.toScreeningId === from.screeningId) throw badRequest("Choose a different screening to exchange to.", { reason: "SAME_SCREENING" });
    if (input.seatIds && input.seatIds.length !== old.length) {
      throw badRequest(`Choose ${old.length} seat${old.length === 1 ? "" : "s"}, one for each ticket.`, { reason: "SEAT_COUNT" });
    }
    const seatIds = input.seatIds ?? (await inventory.bestAvailable({ screeningId: input.toScreeningId, count: old.length })).seatIds;

    // Its own holder key: the customer's basket for that screening (if any) stays theirs.
    const holderKey = `exchange:${from.id}:${randomBytes(8).toString("hex")}`;
    const basket = await deps.baskets.openBasket({ screeningId: input.toScreeningId, holderKey, userId: from.userId, channel: input.channel });
    let held;
    try {
      held = await inventory.hold({ screeningId: input.toScreeningId, orderId: basket.id, seatIds, requestKey: `exchange-${basket.id}` });
    } catch (error) {
      await db.order.updateMany({ where: { id: basket.id, status: "PENDING" }, data: { status: "CANCELLED", cancelledAt: now(), updatedAt: now() } });
      throw error;
    }
    try {
      const screening = await db.screening.findUniqueOrThrow({
        where: { id: input.toScreeningId },
        select: { format: true, pricePlan: { select: pricePlanRatesSelect } },
      });
      const heldTickets = await db.ticket.findMany({
        where: { orderId: basket.id, status: "HELD" },
        select: { seatId: true, seat: { select: { rowLabel: true, number: true, kind: true, gridRow: true, gridCol: true } } },
      });
      const newSeats = heldTickets.sort((a, b) => a.seat.gridRow - b.seat.gridRow || a.seat.gridCol - b.seat.gridCol);
      // Each new seat keeps the type of the old ticket in the same position; a type the new plan doesn't sell falls
      // back to the plan's first (usually Adult).
      const sellable = new Set(screening.pricePlan.ticketPrices.map((p) => p.ticketType));
      const ticketTypes = Object.fromEntries(newSeats.flatMap((s, i) => (sellable.has(old[i]!.ticketType) ? [[s.seatId, old[i]!.ticketType]] : [])));
      const { lines, subtotal } = priceTickets({
        plan: screening.pricePlan,
        format: screening.format,
        seats: newSeats.map((s) => ({ seatId: s.seatId, label: seatLabel(s.seat), kind: s.seat.kind })),
        ticketTypes,
        requireEverySeat: false,
      });
      if (screening.pricePlan.currency !== from.currency) throw conflict("That screening is sold in another currency.", { reason: "CURRENCY_MISMATCH" });
      const oldAmount = old.reduce((sum, t) => sum + t.priceAmount, 0);
      const exchange = await db.$transaction(async (tx) => {
        for (const line of lines) {
          await tx.ticket.updateMany({
            where: { orderId: basket.id, seatId: line.seatId, status: "HELD" },
            data: { ticketType: line.ticketType, priceAmount: line.amount, updatedAt: now() },
          });
        }
        await tx.order.update({
          where: { id: basket.id },
          data: { subtotalAmount: subtotal, totalAmount: subtotal, email: from.email, customerName: from.customerName, updatedAt: now() },
        });
        const row = await tx.exchange.create({
          data: {
            fromOrderId: from.id,
            toOrderId: basket.id,
            ticketIds: old.map((t) => t.id),
            currency: from.currency,
            oldAmount,
            newAmount: subtotal,
            differenceAmount: subtotal - oldAmount,
            staffId: input.actorId,
            createdAt: now(),
          },
        });
        await audit.record(
          {
            actorId: input.actorId,
            action: "order.exchange_prepared",
            entityType: "Order",
            entityId: from.id,
            details: { exchangeId: row.id, toOrderId: basket.id, toScreeningId: input.toScreeningId, oldAmount, newAmount: subtotal },
          },
          tx,
        );
        return row;
      });
      return {
        exchangeId: exchange.id,
        toOrderId: basket.id,
        toReference: basket.reference,
        currency: from.currency,
        oldAmount,
        newAmount: subtotal,
        difference: subtotal - oldAmount,
        seats: lines.map((l) => ({ seatId: l.seatId, label: l.seatLabel, ticketType: l.ticketType, priceAmount: l.amount })),
        holdExpiresAt: held.holdExpiresAt,
      };
    } catch (error) {
      await releaseBasket(basket.id, input.toScreeningId);
      throw error;
    }
  }

  async function releaseBasket(orderId: string, screeningId: string) {
    await db.order.updateMany({ where: { id: orderId, status: "PENDING" }, data: { status: "CANCELLED", cancelledAt: now(), updatedAt: now() } });
    await inventory.release({ screeningId, orderId }).catch((error) => {
      // The holds run out by themselves; the seats are only unavailable until then.
      console.error(`[booking] exchange seats of ${orderId} not released at once`, error);
    });
  }

  async function load(exchangeId: string) {
    const exchange = await db.exchange.findUnique({ where: { id: exchangeId } });
    if (!exchange) throw notFound("That exchange");
    return exchange;
  }

  /** Gives up a prepared exchange: its new seats go back on sale; the old tickets never changed. Idempotent. */
  async function abandon(input: { exchangeId: string; actorId: string | null }): Promise<void> {
    const exchange = await load(input.exchangeId);
    if (exchange.status === "COMPLETED") throw conflict("That exchange has already been made.", { reason: "EXCHANGE_DONE" });
    const to = await db.order.findUniqueOrThrow({ where: { id: exchange.toOrderId }, select: { screeningId: true } });
    const changed = await db.$transaction(async (tx) => {
      const updated = await tx.exchange.updateMany({ where: { id: exchange.id, status: "HELD" }, data: { status: "ABANDONED" } });
      if (updated.count === 1) {
        await audit.record(
          { actorId: input.actorId, action: "order.exchange_abandoned", entityType: "Order", entityId: exchange.fromOrderId, details: { exchangeId: exchange.id } },
          tx,
        );
      }
      return updated.count === 1;
    });
    if (changed || exchange.status === "ABANDONED") await releaseBasket(exchange.toOrderId, to.screeningId!);
  }

  /**
   * Phase 2 and 3: the swap in one transaction, then the follow-ups. `money` writes the rows for the difference inside
   * the transaction (a cash payment on the new order, a refund against the old payment); if it throws, nothing of the
   * swap remains. On a COMPLETED exchange only the follow-ups run again.
   */
  async function swap(input: {
    exchangeId: string;
    actorId: string | null;
    approvedById?: string | null;
    /** The clerk and their shift for a counter exchange (the new order's staffId and shiftId). */
    staffId?: string | null;
    shiftId?: string | null;
    money?: (tx: Transaction, exchange: { id: string; fromOrderId: string; toOrderId: string; differenceAmount: number; currency: string }) => Promise<void>;
  }): Promise<{ status: "COMPLETED"; toOrderId: string; replayed: boolean }> {
    const exchange = await load(input.exchangeId);
    if (exchange.status === "ABANDONED") throw conflict("That exchange was given up. Please start again.", { reason: "EXCHANGE_ABANDONED" });
    const [from, to] = await Promise.all([
      db.order.findUniqueOrThrow({ where: { id: exchange.fromOrderId }, select: { id: true, screeningId: true, userId: true, accessTokenHash: true } }),
      db.order.findUniqueOrThrow({ where: { id: exchange.toOrderId }, select: { id: true, screeningId: true } }),
    ]);
    let replayed = exchange.status === "COMPLETED";
    if (!replayed) {
      const at = now();
      replayed = await db.$transaction(async (tx) => {
        // The exchange row is the lock: two swaps of one exchange queue here and the second finds it COMPLETED.
        const [locked] = await tx.$queryRaw<Array<{ status: string }>>`
          SELECT "status"::text AS "status" FROM "Exchange" WHERE "id" = ${exchange.id} FOR UPDATE`;
        if (locked?.status === "COMPLETED") return true;
        if (locked?.status !== "HELD") throw conflict("That exchange was given up. Please start again.", { reason: "EXCHANGE_ABANDONED" });
        await tx.$queryRaw`SELECT "id" FROM "Order" WHERE "id" = ${from.id} FOR UPDATE`;

        const retired = await tx.ticket.updateMany({
          where: { id: { in: exchange.ticketIds }, orderId: from.id, status: "SOLD", checkedInAt: null },
          data: { status: "REFUNDED", updatedAt: at },
        });
        if (retired.count !== exchange.ticketIds.length) {
          throw conflict("Some of the tickets were refunded, exchanged or admitted meanwhile. Please start again.", { reason: "TICKETS_CHANGED" });
        }
        // A hold past its deadline still sells if nobody took the seat (its ticket is still live, as in inventory.sell).
        const held = await tx.ticket.findMany({ where: { orderId: to.id, status: "HELD" }, select: { id: true } });
        if (held.length !== exchange.ticketIds.length) {
          throw conflict("The new seats are no longer held. Please choose them again.", { reason: "HOLD_LOST" });
        }
        for (const ticket of held) {
          await tx.ticket.update({ where: { id: ticket.id }, data: { status: "SOLD", code: newTicketCode(), holdExpiresAt: null, updatedAt: at } });
        }
        const paid = await tx.order.updateMany({
          where: { id: to.id, status: "PENDING" },
          data: {
            status: "PAID",
            paidAt: at,
            holderKey: null,
            checkoutStartedAt: at,
            expiresAt: at,
            staffId: input.staffId ?? undefined,
            shiftId: input.shiftId ?? undefined,
            // A guest reaches the new order through a link of its own; an owner needs none.
            accessTokenHash: from.userId ? null : from.accessTokenHash ? deps.accessTokenHashFor(to.id) : null,
            statusReason: null,
            updatedAt: at,
          },
        });
        if (paid.count !== 1) throw conflict("The new seats are no longer held. Please choose them again.", { reason: "HOLD_LOST" });
        const remaining = await tx.ticket.count({ where: { orderId: from.id, status: "SOLD" } });
        const items = await tx.orderItem.count({ where: { orderId: from.id, status: "SOLD" } });
        if (remaining === 0 && items === 0) {
          await tx.order.update({ where: { id: from.id }, data: { status: "REFUNDED", refundedAt: at, statusReason: EXCHANGE_REASON, updatedAt: at } });
        }
        await input.money?.(tx, exchange);
        await tx.exchange.update({ where: { id: exchange.id }, data: { status: "COMPLETED", completedAt: at, approvedById: input.approvedById ?? null } });
        const details = { exchangeId: exchange.id, fromOrderId: from.id, toOrderId: to.id, difference: exchange.differenceAmount, tickets: exchange.ticketIds.length };
        await audit.record({ actorId: input.actorId, action: "order.exchanged_out", entityType: "Order", entityId: from.id, details }, tx);
        await audit.record({ actorId: input.actorId, action: "order.exchanged_in", entityType: "Order", entityId: to.id, details }, tx);
        await deps.hooks?.beforeSwapCommit?.(exchange.id);
        return false;
      });
    }
    await followUps(exchange.id, from.screeningId, to.screeningId);
    return { status: "COMPLETED", toOrderId: to.id, replayed };
  }

  /** Redis catches up with what PostgreSQL committed. Safe to repeat; a failure leaves seats looking taken, never sold twice. */
  async function followUps(exchangeId: string, fromScreeningId: string | null, toScreeningId: string | null) {
    await deps.hooks?.afterSwapCommitted?.(exchangeId);
    const exchange = await load(exchangeId);
    const sold = await db.ticket.findMany({ where: { orderId: exchange.toOrderId, status: "SOLD" }, select: { seatId: true } });
    if (toScreeningId && sold.length) {
      await inventory.sell({ screeningId: toScreeningId, orderId: exchange.toOrderId, seatIds: sold.map((t) => t.seatId) }).catch((error) => {
        if (!isAppError(error)) console.error(`[booking] exchange ${exchangeId}: new seats not mirrored yet`, error);
      });
    }
    if (fromScreeningId) {
      await inventory.rebuild(fromScreeningId).catch((error) => console.error(`[booking] exchange ${exchangeId}: old seats not freed in Redis yet`, error));
    }
  }

  return { prepare, swap, abandon, load };
}

export type Exchanges = ReturnType<typeof createExchanges>;

// ─── What paid for an order ─────────────────────────────────────────────────

export interface FundingPayment {
  id: string;
  orderId: string;
  provider: string;
  currency: string;
  amount: number;
  /** What has not been refunded yet (every Refund row counts, as in payments: a failed one may have paid out). */
  remaining: number;
}

/**
 * The payments that paid for an order's tickets: its own, and for an order an exchange created, those of the orders
 * its tickets came from (the old tickets' value moved with them). Locked when `lock` is set, in id order, so that two
 * refunds of one chain queue instead of both spending the same remainder.
 */
export async function fundingPayments(tx: Transaction, orderId: string, options: { lock?: boolean } = {}): Promise<FundingPayment[]> {
  const orderIds = [orderId];
  for (let current = orderId, depth = 0; depth < 20; depth++) {
    const link = await tx.exchange.findFirst({ where: { toOrderId: current, status: "COMPLETED" }, select: { fromOrderId: true } });
    if (!link || orderIds.includes(link.fromOrderId)) break;
    orderIds.push(link.fromOrderId);
    current = link.fromOrderId;
  }
  const payments = await tx.payment.findMany({
    where: { orderId: { in: orderIds }, status: { in: ["SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED"] }, failureReason: null },
    orderBy: { id: "asc" },
    select: { id: true, orderId: true, provider: true, currency: true, amount: true },
  });
  if (payments.length === 0) return [];
  if (options.lock) {
    const ids = payments.map((p) => p.id);
    await tx.$queryRaw`SELECT "id" FROM "Payment" WHERE "id" = ANY(${ids}::text[]) ORDER BY "id" FOR UPDATE`;
  }
  const refunded = await tx.refund.groupBy({ by: ["paymentId"], where: { paymentId: { in: payments.map((p) => p.id) } }, _sum: { amount: true } });
  return payments.map((p) => ({ ...p, remaining: p.amount - (refunded.find((r) => r.paymentId === p.id)?._sum.amount ?? 0) }));
}

/**
 * Splits a refund over the payments that funded it, never more than what is left of each: provider and card payments
 * first (the money goes back the way it came without emptying the drawer), cash last, each in the order taken.
 * Throws REFUND_EXCEEDS_PAYMENT if the payments can't cover it.
 */
export function allocateRefund(payments: FundingPayment[], amount: number, rank: (provider: string) => number): Array<{ payment: FundingPayment; amount: number }> {
  if (!Number.isSafeInteger(amount) || amount < 0) throw badRequest("A refund must be a whole, positive amount.", { reason: "INVALID_AMOUNT" });
  const ordered = [...payments].sort((a, b) => rank(a.provider) - rank(b.provider));
  const parts: Array<{ payment: FundingPayment; amount: number }> = [];
  let left = amount;
  for (const payment of ordered) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, payment.remaining));
    if (take > 0) parts.push({ payment, amount: take });
    left -= take;
  }
  if (left > 0) throw conflict("That refund is more than what is left of the payment.", { reason: "REFUND_EXCEEDS_PAYMENT" });
  return parts;
}

// ─── Customers exchanging their own web booking ────────────────────────────

/**
 * A customer moves their own web booking to another screening from the order page, before the refund cut-off, when
 * the new tickets cost the same or less (a dearer exchange would need a new payment: that is done at the box office).
 * Any difference goes back to the web payment after the swap (a Refund row written in the swap, carried out through
 * payments, left to the attention desk if the provider keeps refusing).
 */
export function createCustomerExchanges(
  ctx: Pick<BookingContext, "db" | "now" | "options" | "payments" | "orderPath">,
  exchanges: Exchanges,
) {
  const { db } = ctx;

  async function ownOrder(orderId: string, viewer: { userId?: string | null; accessToken?: string | null }) {
    const order = await db.order.findUnique({
      where: { id: orderId },
      select: { id: true, status: true, channel: true, userId: true, accessTokenHash: true, screening: { select: { startsAt: true, hall: { select: { cinemaId: true } } } } },
    });
    if (!order || !mayView(order, viewer) || !order.screening) throw notFound("That booking");
    if (order.status !== "PAID" || order.channel !== "WEB") throw conflict("This booking can't be changed online. Please ask at the box office.", { reason: "NOT_EXCHANGEABLE" });
    if (!refundsOpen(order.screening.startsAt, ctx.options.refundCutoffMinutes, ctx.now())) {
      throw conflict(`Bookings can be changed until ${describeMinutes(ctx.options.refundCutoffMinutes)} before the show.`, { reason: "EXCHANGE_CUTOFF" });
    }
    return order;
  }

  /** Other screenings at the booking's cinema the customer can move to. */
  async function targets(input: { orderId: string; userId?: string | null; accessToken?: string | null }) {
    const order = await ownOrder(input.orderId, input);
    const now = ctx.now();
    const rows = await db.screening.findMany({
      where: {
        status: "SCHEDULED",
        startsAt: { gt: new Date(now.getTime() + ctx.options.refundCutoffMinutes * 60_000), lt: new Date(now.getTime() + 14 * 24 * 3600_000) },
        hall: { cinemaId: order.screening!.hall.cinemaId },
        film: { status: "PUBLISHED" },
        NOT: { orders: { some: { id: order.id } } },
      },
      orderBy: { startsAt: "asc" },
      take: 200,
      select: { id: true, startsAt: true, format: true, film: { select: { title: true } }, hall: { select: { name: true } } },
    });
    return rows.map((s) => ({ id: s.id, startsAt: s.startsAt, format: s.format, filmTitle: s.film.title, hallName: s.hall.name }));
  }

  /** Holds the best seats at the new screening for every ticket; refused (and let go) if it would cost more. */
  async function prepare(input: { orderId: string; toScreeningId: string; userId?: string | null; accessToken?: string | null }): Promise<ExchangeQuote> {
    const order = await ownOrder(input.orderId, input);
    const tickets = await db.ticket.findMany({ where: { orderId: order.id, status: "SOLD" }, select: { id: true } });
    const quote = await exchanges.prepare({
      fromOrderId: order.id,
      ticketIds: tickets.map((t) => t.id),
      toScreeningId: input.toScreeningId,
      actorId: input.userId ?? null,
      channel: "WEB",
    });
    if (quote.difference > 0) {
      await exchanges.abandon({ exchangeId: quote.exchangeId, actorId: input.userId ?? null });
      throw conflict("That screening costs more. To pay the difference, please change your booking at the box office.", { reason: "COSTS_MORE" });
    }
    return quote;
  }

  async function ownExchange(input: { exchangeId: string; userId?: string | null; accessToken?: string | null }) {
    const exchange = await exchanges.load(input.exchangeId);
    await ownOrder(exchange.fromOrderId, input).catch(async (error) => {
      // Already swapped: the old order is no longer PAID, so it is checked for access alone.
      if (exchange.status !== "COMPLETED") throw error;
      const from = await db.order.findUniqueOrThrow({ where: { id: exchange.fromOrderId }, select: { userId: true, accessTokenHash: true } });
      if (!mayView(from, input)) throw notFound("That exchange");
    });
    return exchange;
  }

  /** The swap; a difference in the customer's favour goes back to their payment. Answers the new order's reference. */
  async function confirm(input: { exchangeId: string; userId?: string | null; accessToken?: string | null }) {
    const exchange = await ownExchange(input);
    if (exchange.differenceAmount > 0) throw conflict("That screening costs more. Please change your booking at the box office.", { reason: "COSTS_MORE" });
    let refundIds: Array<{ id: string; paymentId: string; orderId: string; amount: number }> = [];
    await exchanges.swap({
      exchangeId: exchange.id,
      actorId: input.userId ?? null,
      money: async (tx, ex) => {
        if (ex.differenceAmount === 0) return;
        const funding = await fundingPayments(tx, ex.fromOrderId, { lock: true });
        const parts = allocateRefund(funding, -ex.differenceAmount, () => 0);
        refundIds = [];
        for (const part of parts) {
          await assertRefundFits(tx, { paymentId: part.payment.id, amount: part.amount, currency: part.payment.currency });
          const refund = await tx.refund.create({
            data: {
              id: `refund_exchange_${ex.id}_${part.payment.id}`,
              paymentId: part.payment.id,
              orderId: part.payment.orderId,
              currency: part.payment.currency,
              amount: part.amount,
              reason: "EXCHANGE_DIFFERENCE",
              reasonCode: "EXCHANGE",
              createdAt: ctx.now(),
              updatedAt: ctx.now(),
            },
          });
          refundIds.push({ id: refund.id, paymentId: refund.paymentId, orderId: refund.orderId, amount: refund.amount });
        }
      },
    });
    for (const refund of refundIds) {
      await ctx.payments
        .refundPayment({ paymentId: refund.paymentId, orderId: refund.orderId, amount: refund.amount, reason: "EXCHANGE_DIFFERENCE", idempotencyKey: refund.id })
        .catch((error) => console.error(`[booking] exchange refund ${refund.id} will be retried from the attention desk`, error));
    }
    const to = await db.order.findUniqueOrThrow({ where: { id: exchange.toOrderId }, select: { id: true, reference: true, userId: true } });
    return { reference: to.reference, orderId: to.id, orderPath: ctx.orderPath(to), refunded: Math.max(0, -exchange.differenceAmount) };
  }

  async function abandon(input: { exchangeId: string; userId?: string | null; accessToken?: string | null }) {
    const exchange = await ownExchange(input);
    await exchanges.abandon({ exchangeId: exchange.id, actorId: input.userId ?? null });
  }

  return { targets, prepare, confirm, abandon };
}
