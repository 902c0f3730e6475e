// What tickets cost. Pure functions over a screening's price plan and a promo code, shared by the quote (what the
// checkout page shows) and checkout (what the customer is charged), so the two can never disagree.
//
// A ticket costs its type's price (TicketPrice) + the seat kind's surcharge + the screening format's surcharge. A
// promo code takes a discount off the order's subtotal (not off each ticket): percentOff is rounded to the nearest
// minor unit, amountOff must be in the order's currency, and neither takes the total below zero. The plan's booking
// fee (per order or per ticket) is added after the discount: total = subtotal - discount + fee.
//
// The plan is always read fresh from PostgreSQL by the caller, so a price change applies to the next quote and
// checkout at once; tickets keep the priceAmount written when their order was checked out.
import type { BookingFeeMode, ScreeningFormat, SeatKind } from "@/server/db/generated/enums";
import { badRequest, conflict, type AppError } from "@/server/errors";
import { seatKindLabels, ticketTypeLabel } from "@/server/catalogue/labels";
import type { z } from "zod";
import { TZDate } from "@date-fns/tz";
import type { priceLineSchema, ticketOptionSchema } from "./schemas";

export interface PricePlanRates {
  currency: string;
  bookingFeeAmount: number;
  bookingFeeMode: BookingFeeMode;
  ticketPrices: Array<{ ticketType: string; amount: number }>;
  seatKindSurcharges: Array<{ seatKind: SeatKind; amount: number }>;
  formatSurcharges: Array<{ format: ScreeningFormat; amount: number }>;
  /** The plan's cinema's active ticket types, in the order the cinema chose. */
  cinema: { ticketTypes: Array<{ code: string; name: string; note: string | null }> };
}

export interface SeatToPrice {
  seatId: string;
  label: string;
  kind: SeatKind;
}

/** One seat's ticket in a quote: its type's price + the seat kind's surcharge + the format's surcharge. */
export type PriceLine = z.infer<typeof priceLineSchema>;
export type TicketOption = z.infer<typeof ticketOptionSchema>;

/** The ticket types on sale for a screening: the cinema's active types that the plan has a price for, in its order. */
export function ticketOptions(plan: PricePlanRates, format: ScreeningFormat): TicketOption[] {
  const formatSurcharge = plan.formatSurcharges.find((f) => f.format === format)?.amount ?? 0;
  return plan.cinema.ticketTypes.flatMap((type) => {
    const price = plan.ticketPrices.find((p) => p.ticketType === type.code);
    return price ? [{ ticketType: type.code, label: type.name, note: type.note, amount: price.amount + formatSurcharge }] : [];
  });
}

/** The plan's booking fee for an order of `ticketCount` tickets (nothing for an empty order). */
export function bookingFee(plan: Pick<PricePlanRates, "bookingFeeAmount" | "bookingFeeMode">, ticketCount: number): number {
  if (ticketCount === 0) return 0;
  return plan.bookingFeeMode === "PER_TICKET" ? plan.bookingFeeAmount * ticketCount : plan.bookingFeeAmount;
}

/**
 * One line per seat. `ticketTypes` maps seat id → ticket type code; with `requireEverySeat` each seat must have one
 * (at checkout), otherwise a seat without one is priced as the first type on sale, usually Adult (a quote while the
 * customer is still choosing). Only the ticket options (active types with a price) can be bought.
 */
export function priceTickets(input: {
  plan: PricePlanRates;
  format: ScreeningFormat;
  seats: SeatToPrice[];
  ticketTypes: Partial<Record<string, string>>;
  requireEverySeat: boolean;
}): { lines: PriceLine[]; subtotal: number } {
  const { plan, format, seats, ticketTypes } = input;
  const held = new Set(seats.map((s) => s.seatId));
  const strangers = Object.keys(ticketTypes).filter((seatId) => !held.has(seatId));
  if (strangers.length) {
    throw badRequest("Some of those seats aren't part of this booking. Please reload the page.", {
      reason: "SEAT_NOT_IN_BOOKING",
      seatIds: strangers,
    });
  }
  const formatSurcharge = plan.formatSurcharges.find((f) => f.format === format)?.amount ?? 0;
  const options = ticketOptions(plan, format);
  const lines = seats.map((seat): PriceLine => {
    const ticketType = ticketTypes[seat.seatId] ?? (input.requireEverySeat ? undefined : options[0]?.ticketType);
    if (!ticketType) {
      throw badRequest(`Choose a ticket type for seat ${seat.label}.`, { reason: "TICKET_TYPE_MISSING", seatIds: [seat.seatId] });
    }
    const option = options.find((o) => o.ticketType === ticketType);
    const price = option && plan.ticketPrices.find((p) => p.ticketType === ticketType);
    if (!option || !price) {
      throw badRequest(`${ticketTypeLabel(ticketType, plan.cinema.ticketTypes)} tickets aren't sold for this screening.`, {
        reason: "TICKET_TYPE_UNAVAILABLE",
        seatIds: [seat.seatId],
      });
    }
    const seatKindSurcharge = plan.seatKindSurcharges.find((s) => s.seatKind === seat.kind)?.amount ?? 0;
    return {
      seatId: seat.seatId,
      seatLabel: seat.label,
      seatKind: seat.kind,
      seatKindLabel: seatKindLabels[seat.kind],
      ticketType,
      ticketTypeLabel: option.label,
      baseAmount: price.amount,
      seatKindSurcharge,
      formatSurcharge,
      amount: price.amount + seatKindSurcharge + formatSurcharge,
    };
  });
  return { lines, subtotal: lines.reduce((sum, line) => sum + line.amount, 0) };
}

export interface PromoRules {
  id: string;
  code: string;
  description: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  validFrom: Date;
  validUntil: Date;
  maxRedemptions: number | null;
  redemptions: number;
  active: boolean;
  minTickets: number;
  /** Restrictions: an empty list means any. Ticket types are text codes (ADULT, …); days are ISO (1 = Monday). */
  filmIds: string[];
  cinemaIds: string[];
  ticketTypes: string[];
  daysOfWeek: number[];
}

/** What a promo code's restrictions are checked against: the screening and the tickets chosen so far. */
export interface PromoBooking {
  filmId: string;
  cinemaId: string;
  startsAt: Date;
  /** The cinema's zone: the day of the week is the cinema's. */
  timeZone: string;
  ticketTypes: string[];
}

export const ISO_DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

/** 1 (Monday) … 7 (Sunday) of an instant on a zone's wall clock. */
export function isoDayOfWeek(at: Date, timeZone: string): number {
  const day = new TZDate(at, timeZone).getDay();
  return day === 0 ? 7 : day;
}

function listed(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? "") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}

/** Why the code's restrictions rule this booking out, or null. Checked in this order so the message names one reason. */
export function promoRestrictionRefusal(promo: PromoRules, booking: PromoBooking): AppError | null {
  const refuse = (message: string, reason: string) => badRequest(message, { reason });
  if (promo.filmIds.length && !promo.filmIds.includes(booking.filmId)) {
    return refuse("That promo code can't be used for this film.", "PROMO_FILM");
  }
  if (promo.cinemaIds.length && !promo.cinemaIds.includes(booking.cinemaId)) {
    return refuse("That promo code can't be used at this cinema.", "PROMO_CINEMA");
  }
  if (promo.daysOfWeek.length && !promo.daysOfWeek.includes(isoDayOfWeek(booking.startsAt, booking.timeZone))) {
    const days = [...promo.daysOfWeek].sort((a, b) => a - b).map((day) => `${ISO_DAY_NAMES[day - 1]}s`);
    return refuse(`That promo code is only for screenings on ${listed(days)}.`, "PROMO_DAY");
  }
  if (booking.ticketTypes.length < promo.minTickets) {
    return refuse(`That promo code needs at least ${promo.minTickets} tickets in one booking.`, "PROMO_MIN_TICKETS");
  }
  if (promo.ticketTypes.length && booking.ticketTypes.some((type) => !promo.ticketTypes.includes(type))) {
    const names = promo.ticketTypes.map((type) => ticketTypeLabel(type));
    return refuse(`That promo code is only for ${listed(names)} tickets.`, "PROMO_TICKET_TYPE");
  }
  return null;
}

/** Codes are stored upper-cased; customers type them any way. */
export function normalisePromoCode(code: string): string {
  return code.trim().toUpperCase();
}

/**
 * Why a promo code can't be used, or null if it can. `redeemedByThisOrder`: the order already counts towards the
 * code's redemptions (a customer who comes back to checkout), so a code that has just run out still applies to it.
 */
export function promoRefusal(
  promo: PromoRules | null,
  context: { currency: string; now: Date; redeemedByThisOrder: boolean; booking?: PromoBooking },
): AppError | null {
  if (!promo || !promo.active) return badRequest("That promo code isn't valid.", { reason: "PROMO_UNKNOWN" });
  if (context.now < promo.validFrom) return badRequest("That promo code isn't valid yet.", { reason: "PROMO_NOT_STARTED" });
  if (context.now >= promo.validUntil) return badRequest("That promo code has expired.", { reason: "PROMO_EXPIRED" });
  if (promo.amountOff !== null && promo.currency !== context.currency) {
    return badRequest("That promo code can't be used for this booking.", { reason: "PROMO_CURRENCY" });
  }
  if (!context.redeemedByThisOrder && promo.maxRedemptions !== null && promo.redemptions >= promo.maxRedemptions) {
    return conflict("That promo code has been used up.", { reason: "PROMO_EXHAUSTED" });
  }
  return context.booking ? promoRestrictionRefusal(promo, context.booking) : null;
}

/** The discount a valid promo code gives on a subtotal. */
export function promoDiscount(promo: Pick<PromoRules, "percentOff" | "amountOff">, subtotal: number): number {
  const discount = promo.percentOff !== null ? Math.round((subtotal * promo.percentOff) / 100) : (promo.amountOff ?? 0);
  return Math.min(Math.max(discount, 0), subtotal);
}
