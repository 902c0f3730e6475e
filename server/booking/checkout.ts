// The basket at checkout: what it holds and costs (current, quote), paying for it (checkout) and giving it up
// (cancel). A basket is a PENDING order that belongs to a holder key ("user:<id>" or "guest:<token>"): only that
// holder can see or change it, and leaving and coming back finds it again.
import { pricePlanRatesSelect } from "@/server/catalogue";
import type { OrderStatus } from "@/server/db/generated/enums";
import type { z } from "zod";
import { seatKindLabels } from "@/server/catalogue/labels";
import { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound, type AppError } from "@/server/errors";
import type { Baskets } from "./baskets";
import { logError, utcSql, type BookingContext } from "./context";
import { type Seated, seated } from "./seated";
import { bookingFee, normalisePromoCode, priceTickets, promoDiscount, promoRefusal, ticketOptions, type PromoBooking } from "./pricing";
import { giveBackPromo, lockOrder, perCustomerRefusal, redeemPromo } from "./promos";
import type { Settlement } from "./settlement";
import type { basketSchema, basketSeatSchema, checkoutResultSchema, quoteSchema } from "./schemas";
import { hashAccessToken } from "./tokens";
import type { ConcessionLine } from "@/server/concessions";
import { InventoryUnavailableError, type CommittedHold } from "@/server/inventory";
import { screeningSummarySelect, seatLabel, seatOrder, toScreeningSummary } from "./views";

const basketSelect = {
  id: true,
  reference: true,
  status: true,
  statusReason: true,
  holderKey: true,
  userId: true,
  email: true,
  customerName: true,
  screeningId: true,
  currency: true,
  expiresAt: true,
  checkoutStartedAt: true,
  promoCodeId: true,
  promoCode: { select: { code: true } },
  screening: {
    select: {
      ...screeningSummarySelect,
      filmId: true,
      hall: { select: { ...screeningSummarySelect.hall.select, cinemaId: true } },
      pricePlan: { select: pricePlanRatesSelect },
    },
  },
  tickets: {
    where: { status: "HELD" },
    orderBy: seatOrder,
    select: { seatId: true, ticketType: true, holdExpiresAt: true, seat: { select: { rowLabel: true, number: true, kind: true } } },
  },
  payments: { orderBy: { createdAt: "desc" }, take: 1, select: { status: true, failureReason: true } },
  // Whether a payment has already succeeded (then the basket is being confirmed), in the same statement.
  _count: { select: { payments: { where: { status: "SUCCEEDED" } } } },
  items: { where: { status: "RESERVED" }, orderBy: { productId: "asc" }, select: { productId: true, quantity: true, unitPriceAmount: true } },
} satisfies Prisma.OrderSelect;

type BasketRow = Seated<Prisma.OrderGetPayload<{ select: typeof basketSelect }>>;

export type BasketSeat = z.infer<typeof basketSeatSchema>;
/** open, expired, cancelled or paid: described on basketSchema's `state`. */
export type BasketState = BasketView["state"];
export type BasketView = z.infer<typeof basketSchema>;
export type Quote = z.infer<typeof quoteSchema>;

export interface CheckoutInput {
  orderId: string;
  /** The caller's holder key; null (no cookie yet) can't own a basket, so it finds none. */
  holderKey: string | null;
  /** The signed-in customer, who then owns the order (and needs no token to see it). */
  userId?: string | null;
  email: string;
  name?: string | null;
  ticketTypes: Record<string, string>;
  promoCode?: string | null;
  /** Concessions to collect at the counter; a checkout replaces what the previous one reserved. */
  concessions?: ConcessionLine[];
}

export type CheckoutResult = z.infer<typeof checkoutResultSchema>;

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** Less time than this left to pay is no use to anyone. */
const MIN_SECONDS_TO_PAY = 60;

/** A checked-out seat as the checkout statement writes it: the inventory's committed hold, priced. */
interface CheckoutTicket extends CommittedHold {
  ticketType: string;
  amount: number;
}

const epochUtc = (column: string) => Prisma.raw(`(to_timestamp(${column} / 1000.0) AT TIME ZONE 'UTC')`);

/**
 * Writes a checkout onto a PENDING order of this holder together with its HELD tickets, in one statement. Until
 * checkout a web basket's holds live in Redis alone, so this is where PostgreSQL first hears of them and the partial
 * unique index ticket_one_live_per_seat decides: a ticket of another order's hold that has run out is released first,
 * the order's own tickets from an earlier checkout are repriced and given the new deadline, and the rest are
 * inserted (ON CONFLICT … DO NOTHING). The order is written only if every seat has its ticket. `withoutPromo`: only
 * if the order holds no promo code (and it is left without one).
 *
 * Returns whether the order was written, the seats that have this order's ticket, and the tickets inserted (which a
 * caller outside a transaction must undo if the order was not written).
 */
async function writeCheckout(
  sql: Pick<Prisma.TransactionClient, "$queryRaw">,
  target: { orderId: string; screeningId: string; holderKey: string | null },
  order: {
    email: string;
    customerName: string | null;
    userId: string | null;
    subtotalAmount: number;
    discountAmount: number;
    bookingFeeAmount: number;
    totalAmount: number;
    promoCodeId?: string | null;
    expiresAt: Date;
    checkoutStartedAt: Date;
    accessTokenHash: string | null;
  },
  tickets: CheckoutTicket[],
  now: Date,
  options: { withoutPromo: boolean },
): Promise<{ written: boolean; placed: string[]; inserted: string[] }> {
  const { orderId, screeningId, holderKey } = target;
  const [row] = await sql.$queryRaw<Array<{ written: number; placed: string[]; inserted: string[] }>>`
    WITH v AS (
      SELECT * FROM unnest(${tickets.map((t) => t.id)}::text[], ${tickets.map((t) => t.seatId)}::text[],
        ${tickets.map((t) => t.ticketType)}::text[], ${tickets.map((t) => t.amount)}::int[],
        ${tickets.map((t) => t.holdExpiresAt.getTime())}::float8[], ${tickets.map((t) => t.heldSince.getTime())}::float8[],
        ${tickets.map((t) => t.code)}::text[])
        AS v("id", "seatId", "ticketType", "priceAmount", "expiresMs", "sinceMs", "code")
    ), freed AS (
      UPDATE "Ticket" t SET "status" = 'RELEASED', "updatedAt" = ${utcSql(now)}
      WHERE t."screeningId" = ${screeningId} AND t."seatId" IN (SELECT "seatId" FROM v) AND t."status" = 'HELD'
        AND t."holdExpiresAt" <= ${utcSql(now)} AND t."orderId" <> ${orderId}
      RETURNING t."id"
    ), mine AS (
      SELECT "seatId" FROM "Ticket"
      WHERE "orderId" = ${orderId} AND "screeningId" = ${screeningId} AND "status" = 'HELD' AND "seatId" IN (SELECT "seatId" FROM v)
    ), inserted AS (
      INSERT INTO "Ticket" ("id", "orderId", "screeningId", "seatId", "ticketType", "currency", "priceAmount", "status",
                            "holdExpiresAt", "code", "createdAt", "updatedAt")
      SELECT v."id", o."id", o."screeningId", v."seatId", v."ticketType", o."currency", v."priceAmount", 'HELD',
             ${epochUtc(`v."expiresMs"`)}, v."code", ${epochUtc(`v."sinceMs"`)}, ${utcSql(now)}
      FROM v JOIN "Order" o ON o."id" = ${orderId} AND o."status" = 'PENDING' AND o."holderKey" = ${holderKey} AND o."screeningId" = ${screeningId}
      -- The scalar subquery runs first (an InitPlan), so expired tickets are released before any row is inserted.
      WHERE v."seatId" NOT IN (SELECT "seatId" FROM mine) AND (SELECT count(*) FROM freed) >= 0
      ON CONFLICT ("screeningId", "seatId") WHERE "status" IN ('HELD', 'SOLD') DO NOTHING
      RETURNING "id", "seatId"
    ), complete AS (
      SELECT (SELECT count(*) FROM mine) + (SELECT count(*) FROM inserted) = (SELECT count(*) FROM v) AS "ok"
    ), written AS (
      UPDATE "Order" SET
        "email" = ${order.email}, "customerName" = ${order.customerName}, "userId" = ${order.userId},
        "subtotalAmount" = ${order.subtotalAmount}, "discountAmount" = ${order.discountAmount},
        "bookingFeeAmount" = ${order.bookingFeeAmount}, "totalAmount" = ${order.totalAmount},
        "promoCodeId" = ${order.promoCodeId ?? null}, "expiresAt" = ${utcSql(order.expiresAt)},
        "checkoutStartedAt" = ${utcSql(order.checkoutStartedAt)}, "accessTokenHash" = ${order.accessTokenHash}, "updatedAt" = ${utcSql(now)}
      WHERE "id" = ${orderId} AND "status" = 'PENDING' AND "holderKey" = ${holderKey} AND (SELECT "ok" FROM complete)
        ${options.withoutPromo ? Prisma.sql`AND "promoCodeId" IS NULL` : Prisma.empty}
      RETURNING "id"
    ), priced AS (
      UPDATE "Ticket" t SET "ticketType" = v."ticketType", "priceAmount" = v."priceAmount",
        "holdExpiresAt" = ${epochUtc(`v."expiresMs"`)}, "updatedAt" = ${utcSql(now)}
      FROM written, v
      WHERE t."orderId" = written."id" AND t."seatId" = v."seatId" AND t."status" = 'HELD'
      RETURNING t."id"
    )
    SELECT (SELECT count(*) FROM written)::int AS "written", (SELECT count(*) FROM priced)::int AS "priced",
           ARRAY(SELECT "seatId" FROM mine UNION ALL SELECT "seatId" FROM inserted) AS "placed",
           ARRAY(SELECT "id" FROM inserted) AS "inserted"`;
  return { written: (row?.written ?? 0) === 1, placed: row?.placed ?? [], inserted: row?.inserted ?? [] };
}

/** A refusal found inside the checkout's transaction: thrown to roll it back, answered once the seats are resynced. */
class SeatsRefused extends Error {
  constructor(readonly seatIds: string[]) {
    super("seats refused by PostgreSQL");
  }
}

export function createCheckout(ctx: BookingContext, settlement: Settlement, baskets: Pick<Baskets, "currentBasket" | "forgetBasket">) {
  const { db, inventory } = ctx;

  async function loadBasket(orderId: string, holderKey: string | null): Promise<BasketRow> {
    const order = await db.order.findUnique({ where: { id: orderId }, select: basketSelect });
    // Someone else's basket looks exactly like one that doesn't exist.
    if (!order || !order.holderKey || order.holderKey !== holderKey) throw notFound("That booking");
    return seated(order);
  }

  /**
   * The basket with the seats it holds as the inventory's Redis state has them (a web basket's holds live only there
   * until checkout), each with the ticket type an earlier checkout gave it. `fallback`: while Redis is unreachable,
   * the tickets PostgreSQL has (those of a checked-out order) instead of refusing.
   */
  async function withHeldSeats(order: BasketRow, fallback: boolean): Promise<BasketRow> {
    if (order.status !== "PENDING") return order;
    let seats;
    try {
      seats = await inventory.orderSeats({ screeningId: order.screeningId, orderId: order.id });
    } catch (error) {
      if (fallback && error instanceof InventoryUnavailableError) return order;
      throw error;
    }
    const typeOf = new Map(order.tickets.map((t) => [t.seatId, t.ticketType]));
    const tickets = seats
      .filter((s) => s.holdExpiresAt !== null)
      .map((s) => ({
        seatId: s.seatId,
        ticketType: typeOf.get(s.seatId) ?? "ADULT",
        holdExpiresAt: s.holdExpiresAt,
        seat: { rowLabel: s.rowLabel, number: s.number, kind: s.kind },
      }));
    return { ...order, tickets };
  }

  const liveSeats = (order: BasketRow, now: Date) => order.tickets.filter((t) => t.holdExpiresAt && t.holdExpiresAt > now);

  function closedError(order: BasketRow): AppError {
    switch (order.status) {
      case "PAID":
      case "REFUNDED":
        return conflict("This booking has already been paid for.", { reason: "ALREADY_PAID" });
      case "CANCELLED":
        return conflict("This booking was cancelled. Please choose your seats again.", { reason: "BASKET_CLOSED" });
      default:
        return conflict("This booking has expired. Please choose your seats again.", { reason: "BASKET_CLOSED" });
    }
  }

  const hasSucceededPayment = (order: BasketRow) => order._count.payments > 0;

  function toBasketView(order: BasketRow): BasketView {
    const now = ctx.now();
    const seats = liveSeats(order, now);
    const settling = order.status === "PENDING" && hasSucceededPayment(order);
    const deadlines = [...seats.map((t) => t.holdExpiresAt!.getTime()), order.expiresAt.getTime()];
    const deadline = seats.length ? new Date(Math.min(...deadlines)) : null;
    const state: BasketState =
      order.status === "PAID" || order.status === "REFUNDED" || settling
        ? "paid"
        : order.status === "CANCELLED"
          ? "cancelled"
          : order.status === "EXPIRED" || !deadline || deadline <= now
            ? "expired"
            : "open";
    return {
      orderId: order.id,
      reference: order.reference,
      status: order.status,
      state,
      screening: toScreeningSummary(order.screening),
      seats: state === "open" ? seats.map((t) => ({
        seatId: t.seatId,
        label: seatLabel(t.seat),
        kind: t.seat.kind,
        kindLabel: seatKindLabels[t.seat.kind],
        ticketType: t.ticketType,
        holdExpiresAt: t.holdExpiresAt!,
      })) : [],
      deadline: state === "open" ? deadline : null,
      email: order.email,
      customerName: order.customerName,
      promoCode: order.promoCode?.code ?? null,
      checkoutStarted: !!order.checkoutStartedAt,
      currency: order.currency,
      ticketOptions: ticketOptions(order.screening.pricePlan, order.screening.format),
      lastPayment: order.payments[0] ?? null,
      orderPath: ctx.orderPath(order),
      cinemaId: order.screening.hall.cinemaId,
      concessions: order.items.map((item) => ({ productId: item.productId, quantity: item.quantity })),
    };
  }

  /** The lines merged by product and sorted by its id, so that two choices compare equal when they are. */
  function mergeLines(lines: ConcessionLine[] | undefined): ConcessionLine[] {
    const merged = new Map<string, number>();
    for (const line of lines ?? []) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
    return [...merged].map(([productId, quantity]) => ({ productId, quantity })).sort((a, b) => a.productId.localeCompare(b.productId));
  }

  /** Concession lines priced at today's prices, in the order's currency; an unknown or inactive product is refused. */
  async function priceItems(order: BasketRow, lines: ConcessionLine[]): Promise<Quote["items"]> {
    if (lines.length === 0) return [];
    const products = await db.product.findMany({
      where: { id: { in: lines.map((l) => l.productId) }, active: true, currency: order.currency },
      select: { id: true, name: true, priceAmount: true },
    });
    return lines.map((line) => {
      const product = products.find((p) => p.id === line.productId);
      if (!product) throw badRequest("One of those snacks is no longer on sale. Please reload the page.", { reason: "UNKNOWN_PRODUCT" });
      return { productId: product.id, name: product.name, quantity: line.quantity, unitAmount: product.priceAmount, amount: line.quantity * product.priceAmount };
    });
  }

  /**
   * Makes the order's reserved concessions exactly `lines`: kept if they already are, otherwise the previous ones go
   * back to the shelf and the new ones are taken (all or nothing, OUT_OF_STOCK naming what is short). Returns what the
   * order now holds, at the prices recorded when it was taken.
   */
  async function reserveItems(order: BasketRow, lines: ConcessionLine[], userId: string | null) {
    const held = order.items.map((i) => ({ productId: i.productId, quantity: i.quantity }));
    if (JSON.stringify(held) === JSON.stringify(lines)) return order.items.reduce((sum, i) => sum + i.quantity * i.unitPriceAmount, 0);
    if (held.length) await ctx.concessions.giveBack({ orderId: order.id, as: "RELEASED", userId });
    if (lines.length === 0) return 0;
    const taken = await ctx.concessions.take({ orderId: order.id, cinemaId: order.screening.hall.cinemaId, lines, userId });
    return taken.reduce((sum, i) => sum + i.quantity * i.unitPriceAmount, 0);
  }

  /** The holder's basket: by order id (the checkout page), or their open basket for a screening. */
  async function current(input: { holderKey: string | null; orderId?: string; screeningId?: string }): Promise<BasketView | null> {
    if (!input.holderKey) return null;
    let orderId = input.orderId;
    if (!orderId && input.screeningId) {
      orderId = (await baskets.currentBasket({ screeningId: input.screeningId, holderKey: input.holderKey }))?.id;
    }
    if (!orderId) return null;
    return toBasketView(await withHeldSeats(await loadBasket(orderId, input.holderKey), true));
  }

  /** The buyer chose seats that are no longer this basket's holds (a Redis flush lost them, or they were let go). */
  async function seatsReleased(seatIds: string[]): Promise<AppError> {
    const seats = await db.seat.findMany({ where: { id: { in: seatIds } }, orderBy: [{ gridRow: "asc" }, { gridCol: "asc" }], select: { rowLabel: true, number: true } });
    const labels = seats.map((seat) => seatLabel(seat)).join(", ");
    return conflict(
      `Your ${seatIds.length === 1 ? "seat" : "seats"} ${labels} ${seatIds.length === 1 ? "was" : "were"} released while you were choosing. Please choose your seats again; nothing has been charged.`,
      { reason: "HOLD_LOST", seatIds },
    );
  }

  async function findPromo(code: string) {
    return db.promoCode.findUnique({ where: { code: normalisePromoCode(code) } });
  }

  /** The screening and ticket types a promo code's restrictions are checked against. */
  function promoBooking(order: BasketRow, ticketTypes: string[]): PromoBooking {
    return {
      filmId: order.screening.filmId,
      cinemaId: order.screening.hall.cinemaId,
      startsAt: order.screening.startsAt,
      timeZone: order.screening.hall.cinema.timeZone,
      ticketTypes,
    };
  }

  function price(order: BasketRow, ticketTypes: Partial<Record<string, string>>, seats: BasketRow["tickets"], requireEverySeat: boolean) {
    return priceTickets({
      plan: order.screening.pricePlan,
      format: order.screening.format,
      seats: seats.map((t) => ({ seatId: t.seatId, label: seatLabel(t.seat), kind: t.seat.kind })),
      ticketTypes,
      requireEverySeat,
    });
  }

  /** The price of the basket with these ticket types and promo code; an unusable promo code is explained, not thrown. */
  async function quote(input: {
    orderId: string;
    holderKey: string | null;
    ticketTypes: Partial<Record<string, string>>;
    promoCode?: string | null;
    concessions?: ConcessionLine[];
  }): Promise<Quote> {
    const order = await withHeldSeats(await loadBasket(input.orderId, input.holderKey), true);
    if (order.status !== "PENDING") throw closedError(order);
    const now = ctx.now();
    const seats = liveSeats(order, now);
    if (seats.length === 0) {
      throw conflict("Your seats are no longer held. Please choose them again.", { reason: "HOLD_EXPIRED" });
    }
    const { lines, subtotal: ticketsSubtotal } = price(order, input.ticketTypes, seats, false);
    const items = await priceItems(order, mergeLines(input.concessions));
    const subtotal = ticketsSubtotal + items.reduce((sum, item) => sum + item.amount, 0);
    let discount = 0;
    let promo: Quote["promo"] = null;
    let promoError: string | null = null;
    if (input.promoCode?.trim()) {
      const found = await findPromo(input.promoCode);
      const refusal = promoRefusal(found, {
        currency: order.currency,
        now,
        redeemedByThisOrder: !!found && found.id === order.promoCodeId,
        booking: promoBooking(order, lines.map((line) => line.ticketType)),
      });
      if (refusal || !found) promoError = refusal?.message ?? "That promo code isn't valid.";
      else {
        // Promo codes are about tickets (their restrictions are films, days and ticket types): snacks pay full price.
        discount = promoDiscount(found, ticketsSubtotal);
        promo = { code: found.code, description: found.description };
      }
    }
    const fee = bookingFee(order.screening.pricePlan, lines.length);
    return {
      orderId: order.id,
      currency: order.currency,
      lines,
      items,
      subtotal,
      discount,
      bookingFee: fee,
      total: subtotal - discount + fee,
      promo,
      promoError,
      ticketOptions: ticketOptions(order.screening.pricePlan, order.screening.format),
    };
  }

  /**
   * Starts paying for the basket: prices its held seats with the chosen ticket types (and promo code), gives the
   * customer checkoutMinutes to pay by extending the holds to one deadline, and creates the payment. Everything is
   * checked before anything is written, so a refusal changes nothing. Calling it again (the customer came back, or
   * changed their mind about ticket types) updates the same order and starts a new payment attempt.
   */
  async function checkout(input: CheckoutInput): Promise<CheckoutResult> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL_PATTERN.test(email) || email.length > 254) throw badRequest("Enter a valid email address.", { reason: "INVALID_EMAIL" });
    const name = input.name?.trim() || null;
    if (name && name.length > 100) throw badRequest("Your name can be at most 100 characters.", { reason: "INVALID_NAME" });

    const loaded = await loadBasket(input.orderId, input.holderKey);
    if (loaded.status !== "PENDING") throw closedError(loaded);
    if (hasSucceededPayment(loaded)) {
      throw conflict("We've received your payment and are confirming your booking.", { reason: "ALREADY_PAID" });
    }
    // The seats as Redis has them: a web basket's holds live only there until this checkout writes them.
    const order = await withHeldSeats(loaded, false);
    const now = ctx.now();
    const chosen = Object.keys(input.ticketTypes);
    // None of the chosen seats is held any more: the basket's holds were lost (a Redis flush) or ran out and were
    // cleared. (Some held and some not: pricing names the strangers.)
    const gone = chosen.filter((seatId) => !order.tickets.some((t) => t.seatId === seatId));
    if (gone.length && gone.length === chosen.length) throw await seatsReleased(gone);
    if (order.tickets.length === 0) {
      throw conflict("Your seats are no longer held. Please choose them again.", { reason: "HOLD_EXPIRED" });
    }
    const lapsed = order.tickets.filter((t) => !t.holdExpiresAt || t.holdExpiresAt <= now);
    if (lapsed.length) {
      const labels = lapsed.map((t) => seatLabel(t.seat)).join(", ");
      throw conflict(`Your hold on ${labels} ran out. Please choose your seats again.`, {
        reason: "HOLD_EXPIRED",
        seatIds: lapsed.map((t) => t.seatId),
      });
    }
    const seatIds = order.tickets.map((t) => t.seatId);
    // Holds let a buyer click G6 before G7; what is bought must not strand a single seat (before anything is written).
    await inventory.checkSelectionRules({ screeningId: order.screeningId, orderId: order.id, seatIds });
    const { lines, subtotal: ticketsSubtotal } = price(order, input.ticketTypes, order.tickets, true);
    const itemLines = mergeLines(input.concessions);
    // Checked before anything is written; reserveItems below re-reads the prices it records.
    await priceItems(order, itemLines);
    let promo: { id: string; discount: number } | null = null;
    if (input.promoCode?.trim()) {
      const found = await findPromo(input.promoCode);
      const refusal = promoRefusal(found, {
        currency: order.currency,
        now,
        redeemedByThisOrder: !!found && found.id === order.promoCodeId,
        booking: promoBooking(order, lines.map((line) => line.ticketType)),
      });
      if (refusal) throw refusal;
      promo = { id: found!.id, discount: promoDiscount(found!, ticketsSubtotal) };
    }
    const discount = promo?.discount ?? 0;
    const fee = bookingFee(order.screening.pricePlan, lines.length);

    // From here on the basket's releases must reach PostgreSQL: the seat map's calls stop using its cached copy
    // before anything is written (basket-cache.ts).
    await baskets.forgetBasket({ screeningId: order.screeningId, holderKey: order.holderKey, orderId: order.id });
    // Redis first, atomically: every seat still this order's live hold, all moved to the checkout deadline.
    const committed = await inventory.commitHolds({
      screeningId: order.screeningId,
      orderId: order.id,
      seatIds,
      holdSeconds: ctx.options.checkoutMinutes * 60,
    });
    const expiresAt = committed.holdExpiresAt;
    if (expiresAt.getTime() - now.getTime() < MIN_SECONDS_TO_PAY * 1000) {
      throw conflict("Your seats have been held for as long as we can. Please choose them again.", { reason: "HOLD_LIMIT" });
    }
    const lineOf = new Map(lines.map((l) => [l.seatId, l]));
    const tickets = committed.tickets.map((t) => ({ ...t, ticketType: lineOf.get(t.seatId)!.ticketType, amount: lineOf.get(t.seatId)!.amount }));

    const userId = order.userId ?? input.userId ?? null;
    // The stock is taken before the payment starts, so what is paid for is on the shelf for collection.
    const subtotal = ticketsSubtotal + (await reserveItems(order, itemLines, userId));
    const total = subtotal - discount + fee;
    const written = {
      email,
      customerName: name,
      userId,
      subtotalAmount: subtotal,
      discountAmount: discount,
      bookingFeeAmount: fee,
      totalAmount: total,
      expiresAt,
      checkoutStartedAt: now,
      // Guests reach their order through a link keyed by this token; signed-in owners need none.
      accessTokenHash: userId ? null : hashAccessToken(ctx.accessTokenFor(order.id)),
    };
    const target = { orderId: order.id, screeningId: order.screeningId, holderKey: input.holderKey };
    const refused = (placed: string[]) => seatIds.filter((id) => !placed.includes(id));
    // No promo code before or now (the common case): one statement, on condition that the order still has none, so
    // there is no redemption to count or give back. Otherwise (or if a concurrent checkout attached a code
    // meanwhile) the transaction below, under the order's row lock.
    let plain = false;
    if (!promo && !order.promoCodeId) {
      const attempt = await writeCheckout(db, target, written, tickets, now, { withoutPromo: true });
      plain = attempt.written;
      if (!attempt.written && refused(attempt.placed).length) {
        // Another order's live ticket on a seat (Redis had lost it: a flush). Nothing was written for the order; the
        // tickets this statement inserted are undone, Redis learns PostgreSQL's word, and nothing is charged.
        await db.ticket.updateMany({ where: { id: { in: attempt.inserted }, status: "HELD" }, data: { status: "RELEASED", updatedAt: now } });
        throw await inventory.refuseCommitted({ screeningId: order.screeningId, orderId: order.id, seatIds: refused(attempt.placed) });
      }
    }
    let redeemed: string | null = null;
    if (!plain) {
      try {
        redeemed = await db.$transaction(async (tx) => {
          // Locked so that two checkouts of one basket at once (a double click) count its promo code once.
          const locked = await lockOrder(tx, order.id);
          if (locked?.status !== "PENDING") throw conflict("This booking has expired. Please choose your seats again.", { reason: "BASKET_CLOSED" });
          const previousPromo = locked.promoCodeId;
          const nextPromo = promo?.id ?? null;
          if (nextPromo) {
            // perCustomerRefusal locks the code's row first, so this customer's other checkouts with the code queue
            // here and each counts the ones committed before it; the conditional increment then holds the total limit.
            const refusal = await perCustomerRefusal(tx, nextPromo, { orderId: order.id, userId, email });
            if (refusal) throw refusal;
          }
          if (nextPromo && nextPromo !== previousPromo && !(await redeemPromo(tx, nextPromo, now))) {
            throw conflict("That promo code has been used up.", { reason: "PROMO_EXHAUSTED" });
          }
          if (previousPromo && previousPromo !== nextPromo) await giveBackPromo(tx, previousPromo);
          const attempt = await writeCheckout(tx, target, { ...written, promoCodeId: nextPromo }, tickets, now, { withoutPromo: false });
          // Rolled back, with the promo redemption: a seat PostgreSQL refused is never paid for.
          if (!attempt.written && refused(attempt.placed).length) throw new SeatsRefused(refused(attempt.placed));
          if (!attempt.written) throw conflict("This booking has expired. Please choose your seats again.", { reason: "BASKET_CLOSED" });
          // The code this checkout redeemed (not one an earlier checkout of the basket already counted).
          return nextPromo && nextPromo !== previousPromo ? nextPromo : null;
        });
      } catch (error) {
        if (!(error instanceof SeatsRefused)) throw error;
        throw await inventory.refuseCommitted({ screeningId: order.screeningId, orderId: order.id, seatIds: error.seatIds });
      }
    }

    const owner = { id: order.id, reference: order.reference, userId };
    const orderPath = ctx.orderPath(owner);
    const result = { orderId: order.id, reference: order.reference, expiresAt, orderPath, total, currency: order.currency };
    if (total === 0) {
      await settlement.completeFreeOrder(order.id);
      return { ...result, redirectUrl: orderPath };
    }
    let payment: Awaited<ReturnType<typeof ctx.payments.startPayment>>;
    try {
      payment = await ctx.payments.startPayment({
        orderId: order.id,
        provider: ctx.options.paymentProvider,
        returnUrl: ctx.absolute(orderPath),
      });
    } catch (error) {
      // No payment was started (the provider refused or was unreachable), so the customer can't be paying with the
      // code: give its redemption back now rather than at expiry. The seats stay held to the deadline, to try again.
      if (redeemed) await unredeem(order.id, redeemed, discount);
      throw error;
    }
    // The order times out by itself (holds and expiresAt are compared with the clock), so a lost event only delays
    // the "booking expired" email until reconciliation.
    await ctx.events
      .publish("order/checkout.started", { orderId: order.id, expiresAt: expiresAt.toISOString() }, { id: `checkout-${order.id}-${expiresAt.getTime()}` })
      .catch((error) => logError(`could not publish order/checkout.started for ${order.id}`, error));
    return { ...result, redirectUrl: payment.redirectUrl };
  }

  /**
   * Undoes a checkout's promo redemption after its payment failed to start: the order (locked, still PENDING and still
   * naming the code, with no payment started for its discounted price) drops the code and its discount, and the code
   * counts one use fewer. A checkout that changed the order meanwhile owns it now and is left alone.
   */
  async function unredeem(orderId: string, promoCodeId: string, discount: number) {
    await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ status: string; promoCodeId: string | null; totalAmount: number }>>`
        SELECT "status"::text AS "status", "promoCodeId", "totalAmount" FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
      if (locked?.status !== "PENDING" || locked.promoCodeId !== promoCodeId) return;
      // A second checkout of the basket (a double click) may have started a payment for the discounted price.
      const paying = await tx.payment.count({ where: { orderId, status: "PENDING", amount: locked.totalAmount } });
      if (paying > 0) return;
      await tx.order.update({
        where: { id: orderId },
        data: { promoCodeId: null, discountAmount: 0, totalAmount: { increment: discount }, updatedAt: ctx.now() },
      });
      await giveBackPromo(tx, promoCodeId);
    });
  }

  /** The customer gives the basket up: PENDING → CANCELLED and the seats are free at once. Idempotent. */
  async function cancel(input: { orderId: string; holderKey: string | null }): Promise<{ status: OrderStatus; screeningId: string }> {
    const order = await loadBasket(input.orderId, input.holderKey);
    if (order.status === "PAID" || order.status === "REFUNDED") {
      throw conflict("This booking has been paid for. You can ask for a refund on its order page.", { reason: "ALREADY_PAID" });
    }
    if (order.status === "PENDING") {
      const paymentReceived = conflict("We've received your payment and are confirming your booking.", { reason: "ALREADY_PAID" });
      if (hasSucceededPayment(order)) throw paymentReceived;
      const now = ctx.now();
      await baskets.forgetBasket({ screeningId: order.screeningId, holderKey: order.holderKey, orderId: order.id });
      const cancelled = await db.$transaction(async (tx) => {
        // The redemption given back is the one the locked row holds: a checkout that switched codes since the read
        // above has committed (or waits for this), and an expiry racing this one finds the order no longer PENDING.
        const locked = await lockOrder(tx, order.id);
        if (locked?.status !== "PENDING") return false;
        const updated = await tx.order.updateMany({
          where: { id: order.id, status: "PENDING", statusReason: null, payments: { none: { status: "SUCCEEDED" } } },
          data: { status: "CANCELLED", cancelledAt: now, updatedAt: now },
        });
        if (updated.count === 1 && locked.promoCodeId) await giveBackPromo(tx, locked.promoCodeId);
        if (updated.count === 1) await ctx.concessions.giveBack({ orderId: order.id, as: "RELEASED", userId: null, tx });
        return updated.count === 1;
      });
      if (!cancelled) {
        // Expired meanwhile (fine: the seats go back either way), or paid meanwhile (not cancellable any more).
        const latest = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
        if (latest.status !== "CANCELLED" && latest.status !== "EXPIRED") throw paymentReceived;
      }
    }
    await inventory.release({ screeningId: order.screeningId, orderId: order.id });
    const final = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
    return { status: final.status, screeningId: order.screeningId };
  }

  return { current, quote, checkout, cancel };
}

export type Checkout = ReturnType<typeof createCheckout>;
