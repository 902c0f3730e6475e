// The counter basket: seats held for the customer at the till, through the web's own path (booking's openBasket and
// holdSeats, the inventory's hold.lua and the partial unique index), so a seat can't be had at the counter and online
// at once. The basket's holder key is the clerk's shift (`counter:<shiftId>`), its channel BOX_OFFICE.
import { ticketOptions, type PricePlanRates } from "@/server/booking/pricing";
import { pricePlanRatesSelect } from "@/server/catalogue";
import { badRequest, conflict, notFound } from "@/server/errors";
import { counterHolder, requireOpenShift, type Actor, type CounterContext, type OpenShift } from "./context";
import type { CounterBasket, CounterQuote } from "./schemas";

export interface OverrideRequest {
  reason: string;
  managerPin?: string;
}

export function createBasket(ctx: CounterContext) {
  const { db, booking, inventory, approvals, audit } = ctx;

  async function screeningAt(shift: OpenShift, screeningId: string) {
    const screening = await db.screening.findUnique({
      where: { id: screeningId },
      select: { id: true, format: true, hall: { select: { cinemaId: true } }, pricePlan: { select: pricePlanRatesSelect } },
    });
    if (!screening) throw notFound("That screening");
    // The drawer belongs to a cinema: another cinema's screenings are sold at that cinema's tills.
    if (screening.hall.cinemaId !== shift.cinemaId) {
      throw conflict("That screening is at another cinema: sell it at a till there.", { reason: "WRONG_CINEMA" });
    }
    return screening;
  }

  /** The screening's live seat map with the counter basket's seats marked, and the ticket types on sale. */
  async function basket(input: { actor: Actor; screeningId: string }): Promise<CounterBasket> {
    const shift = await requireOpenShift(ctx, input.actor.id);
    const screening = await screeningAt(shift, input.screeningId);
    const map = await booking.seatMapFor({ screeningId: input.screeningId, holderKey: counterHolder(shift.id) });
    return {
      screeningId: input.screeningId,
      orderId: map.orderId,
      seatMap: map,
      ticketOptions: ticketOptions(screening.pricePlan as PricePlanRates, screening.format),
    };
  }

  /**
   * A waiver of the seat rules asked for at the counter. The inventory decides who may waive (staff); the counter
   * adds that a clerk needs a manager (their role, or their PIN at the till), so an override always has a manager's
   * name on it in the audit log.
   */
  async function approveOverride(actor: Actor, override: OverrideRequest | undefined, context: Record<string, string>) {
    if (!override) return undefined;
    const { approverId } = await approvals.approve({ actor, managerPin: override.managerPin, what: "Seat-rule overrides" });
    const granted = await inventory.staffOverride({ userId: actor.id, reason: override.reason });
    await audit.record({
      actorId: actor.id,
      action: "counter.override_approved",
      entityType: "Screening",
      entityId: context.screeningId ?? null,
      details: { reason: override.reason, approvedById: approverId, ...context },
    });
    return { ...granted, approverId };
  }

  async function openCounterBasket(shift: OpenShift, screeningId: string) {
    return booking.openBasket({ screeningId, holderKey: counterHolder(shift.id), userId: null, channel: "BOX_OFFICE" });
  }

  /** Holds seats in the counter basket (all or none), with an approved override if one is asked for. */
  async function hold(input: { actor: Actor; screeningId: string; seatIds: string[]; requestKey: string; override?: OverrideRequest }) {
    const shift = await requireOpenShift(ctx, input.actor.id);
    await screeningAt(shift, input.screeningId);
    const override = await approveOverride(input.actor, input.override, { screeningId: input.screeningId, at: "hold" });
    await openCounterBasket(shift, input.screeningId);
    const result = await booking.holdSeats({
      screeningId: input.screeningId,
      seatIds: input.seatIds,
      requestKey: input.requestKey,
      holderKey: counterHolder(shift.id),
      userId: input.actor.id,
      overrideReason: override?.reason,
    });
    return { orderId: result.orderId, seats: result.seats.map((s) => ({ seatId: s.seatId, label: s.label })), waived: result.waived };
  }

  /** "Best N": the inventory's best-available seats (as the web's "Choose for me"), held at once for the counter. */
  async function holdBest(input: { actor: Actor; screeningId: string; count: number; requestKey: string }) {
    const shift = await requireOpenShift(ctx, input.actor.id);
    await screeningAt(shift, input.screeningId);
    const best = await inventory.bestAvailable({ screeningId: input.screeningId, count: input.count });
    await openCounterBasket(shift, input.screeningId);
    const result = await booking.holdSeats({
      screeningId: input.screeningId,
      seatIds: best.seatIds,
      requestKey: input.requestKey,
      holderKey: counterHolder(shift.id),
      userId: input.actor.id,
    });
    return { orderId: result.orderId, seats: result.seats.map((s) => ({ seatId: s.seatId, label: s.label })), waived: result.waived };
  }

  async function release(input: { actor: Actor; screeningId: string; seatIds?: string[] }) {
    const shift = await requireOpenShift(ctx, input.actor.id);
    return booking.releaseSeats({ screeningId: input.screeningId, seatIds: input.seatIds, holderKey: counterHolder(shift.id) });
  }

  /** Prices the concession lines from the catalogue of the cinema (what take() will charge). */
  async function priceItems(currency: string, lines: Array<{ productId: string; quantity: number }>) {
    if (lines.length === 0) return [];
    const merged = new Map<string, number>();
    for (const line of lines) merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
    const products = await db.product.findMany({ where: { id: { in: [...merged.keys()] }, active: true } });
    return [...merged].map(([productId, quantity]) => {
      const product = products.find((p) => p.id === productId);
      if (!product) throw badRequest("One of those products is not on sale.", { reason: "UNKNOWN_PRODUCT" });
      if (product.currency !== currency) throw badRequest(`${product.name} is priced in ${product.currency}.`, { reason: "CURRENCY_MISMATCH" });
      return { productId, name: product.name, quantity, unitAmount: product.priceAmount, amount: product.priceAmount * quantity };
    });
  }

  /**
   * The running total: the basket's tickets priced by booking's quote (the web's prices), plus the concessions, with
   * no booking fee (a counter sale isn't a booking made online).
   */
  async function quote(input: {
    actor: Actor;
    screeningId?: string;
    ticketTypes: Record<string, string>;
    concessions: Array<{ productId: string; quantity: number }>;
  }): Promise<CounterQuote> {
    const shift = await requireOpenShift(ctx, input.actor.id);
    let lines: CounterQuote["lines"] = [];
    let currency = shift.currency;
    if (input.screeningId) {
      await screeningAt(shift, input.screeningId);
      const basket = await booking.currentBasket({ screeningId: input.screeningId, holderKey: counterHolder(shift.id) });
      const held = basket ? await db.ticket.count({ where: { orderId: basket.id, status: "HELD" } }) : 0;
      if (basket && held > 0) {
        const priced = await booking.quote({ orderId: basket.id, holderKey: counterHolder(shift.id), ticketTypes: input.ticketTypes });
        lines = priced.lines;
        currency = priced.currency;
      }
    }
    const items = await priceItems(currency, input.concessions);
    const ticketsSubtotal = lines.reduce((sum, line) => sum + line.amount, 0);
    const itemsSubtotal = items.reduce((sum, item) => sum + item.amount, 0);
    return { currency, lines, items, ticketsSubtotal, itemsSubtotal, bookingFee: 0, total: ticketsSubtotal + itemsSubtotal };
  }

  async function catalogue(input: { actor: Actor; cinemaId: string }) {
    const products = await ctx.concessions.catalogue({ cinemaId: input.cinemaId });
    return products.map(({ id, name, category, priceAmount, currency, inStock }) => ({ id, name, category, priceAmount, currency, inStock }));
  }

  return { basket, hold, holdBest, release, quote, catalogue, approveOverride, screeningAt, priceItems };
}

export type CounterBaskets = ReturnType<typeof createBasket>;
