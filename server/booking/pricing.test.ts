// Prices: ticket types, seat-kind and format surcharges, promo codes. The pure rules first, then the quote the
// checkout page shows, against a real screening, basket and promo codes in PostgreSQL.
import { describe, expect, it } from "vitest";
import { priceTickets, promoDiscount, promoRefusal, type PricePlanRates, type PromoRules } from "./pricing";
import { createClock } from "@/tests/support/clock";
import {
  createBookingScreening,
  createPromo,
  holdSeats,
  withBookingHarness,
} from "@/tests/support/booking";

const plan: PricePlanRates = {
  currency: "GBP",
  bookingFeeAmount: 0,
  bookingFeeMode: "PER_ORDER",
  cinema: {
    ticketTypes: [
      { code: "ADULT", name: "Adult", note: null },
      { code: "CHILD", name: "Child", note: "Under 15" },
      { code: "SENIOR", name: "Senior", note: null },
    ],
  },
  ticketPrices: [
    { ticketType: "ADULT", amount: 1200 },
    { ticketType: "CHILD", amount: 800 },
  ],
  seatKindSurcharges: [{ seatKind: "PREMIUM", amount: 300 }],
  formatSurcharges: [{ format: "IMAX", amount: 250 }],
};

const seats = [
  { seatId: "a1", label: "A1", kind: "STANDARD" as const },
  { seatId: "c1", label: "C1", kind: "PREMIUM" as const },
];

describe("priceTickets", () => {
  it("adds the seat kind's and the format's surcharges to each ticket type's price", () => {
    const { lines, subtotal } = priceTickets({ plan, format: "IMAX", seats, ticketTypes: { a1: "CHILD", c1: "ADULT" }, requireEverySeat: true });
    expect(lines.map((l) => [l.seatLabel, l.ticketType, l.baseAmount, l.seatKindSurcharge, l.formatSurcharge, l.amount])).toEqual([
      ["A1", "CHILD", 800, 0, 250, 1050],
      ["C1", "ADULT", 1200, 300, 250, 1750],
    ]);
    expect(subtotal).toBe(2800);
  });

  it("prices a 2D screening without the format surcharge", () => {
    const { subtotal } = priceTickets({ plan, format: "TWO_D", seats, ticketTypes: { a1: "ADULT", c1: "ADULT" }, requireEverySeat: true });
    expect(subtotal).toBe(1200 + 1500);
  });

  it("refuses a ticket type the plan doesn't sell, a missing type at checkout, and a seat not in the booking", () => {
    expect(() => priceTickets({ plan, format: "TWO_D", seats, ticketTypes: { a1: "SENIOR", c1: "ADULT" }, requireEverySeat: true })).toThrow(
      "Senior tickets aren't sold for this screening.",
    );
    expect(() => priceTickets({ plan, format: "TWO_D", seats, ticketTypes: { a1: "ADULT" }, requireEverySeat: true })).toThrow(
      "Choose a ticket type for seat C1.",
    );
    expect(() => priceTickets({ plan, format: "TWO_D", seats, ticketTypes: { zz: "ADULT" }, requireEverySeat: false })).toThrow(
      "aren't part of this booking",
    );
  });

  it("prices a seat without a type as an adult while the customer is still choosing", () => {
    const { lines } = priceTickets({ plan, format: "TWO_D", seats, ticketTypes: { a1: "CHILD" }, requireEverySeat: false });
    expect(lines.map((l) => l.ticketType)).toEqual(["CHILD", "ADULT"]);
  });
});

describe("promo codes", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const promo = (overrides: Partial<PromoRules> = {}): PromoRules => ({
    id: "p",
    code: "SAVE",
    description: "",
    percentOff: 10,
    amountOff: null,
    currency: null,
    validFrom: new Date("2026-11-01T00:00:00Z"),
    validUntil: new Date("2027-01-01T00:00:00Z"),
    maxRedemptions: null,
    redemptions: 0,
    active: true,
    minTickets: 1,
    filmIds: [],
    cinemaIds: [],
    ticketTypes: [],
    daysOfWeek: [],
    ...overrides,
  });
  const context = { currency: "GBP", now, redeemedByThisOrder: false };

  it("takes a percentage off the subtotal, rounded to the nearest minor unit", () => {
    expect(promoDiscount(promo({ percentOff: 15 }), 2395)).toBe(359); // 359.25
    expect(promoDiscount(promo({ percentOff: 15 }), 2390)).toBe(359); // 358.5 rounds up
    expect(promoDiscount(promo({ percentOff: 100 }), 2390)).toBe(2390);
  });

  it("takes an amount off, never more than the subtotal", () => {
    expect(promoDiscount(promo({ percentOff: null, amountOff: 250, currency: "GBP" }), 2400)).toBe(250);
    expect(promoDiscount(promo({ percentOff: null, amountOff: 5000, currency: "GBP" }), 2400)).toBe(2400);
  });

  it("says why a code doesn't apply: unknown, inactive, not yet valid, expired, used up, other currency", () => {
    const reason = (p: PromoRules | null, extra: Partial<typeof context> = {}) => promoRefusal(p, { ...context, ...extra })?.details?.reason;
    expect(reason(null)).toBe("PROMO_UNKNOWN");
    expect(reason(promo({ active: false }))).toBe("PROMO_UNKNOWN");
    expect(reason(promo({ validFrom: new Date("2026-12-02T00:00:00Z") }))).toBe("PROMO_NOT_STARTED");
    expect(reason(promo({ validUntil: now }))).toBe("PROMO_EXPIRED");
    expect(reason(promo({ maxRedemptions: 3, redemptions: 3 }))).toBe("PROMO_EXHAUSTED");
    expect(reason(promo({ percentOff: null, amountOff: 200, currency: "EUR" }))).toBe("PROMO_CURRENCY");
    expect(reason(promo())).toBeUndefined();
  });

  it("checks films, cinemas, days (on the cinema's clock), ticket count and ticket types, each with its own message", () => {
    // Sunday 2026-12-06 23:30 UTC is already Monday 00:30 in Berlin.
    const booking = { filmId: "f1", cinemaId: "c1", startsAt: new Date("2026-12-06T23:30:00Z"), timeZone: "Europe/London", ticketTypes: ["ADULT", "CHILD"] };
    const refusal = (p: PromoRules, extra: Partial<typeof booking> = {}) => promoRefusal(p, { ...context, booking: { ...booking, ...extra } });
    expect(refusal(promo({ filmIds: ["f2"] }))?.message).toBe("That promo code can't be used for this film.");
    expect(refusal(promo({ filmIds: ["f2", "f1"] }))).toBeNull();
    expect(refusal(promo({ cinemaIds: ["c2"] }))?.message).toBe("That promo code can't be used at this cinema.");
    expect(refusal(promo({ cinemaIds: ["c1"] }))).toBeNull();
    expect(refusal(promo({ daysOfWeek: [1, 2] }))?.message).toBe("That promo code is only for screenings on Mondays and Tuesdays.");
    expect(refusal(promo({ daysOfWeek: [7] }))).toBeNull();
    expect(refusal(promo({ daysOfWeek: [1] }), { timeZone: "Europe/Berlin" })).toBeNull();
    expect(refusal(promo({ minTickets: 3 }))?.message).toBe("That promo code needs at least 3 tickets in one booking.");
    expect(refusal(promo({ minTickets: 2 }))).toBeNull();
    expect(refusal(promo({ ticketTypes: ["ADULT", "STUDENT"] }))?.message).toBe("That promo code is only for Adult and Student tickets.");
    expect(refusal(promo({ ticketTypes: ["ADULT", "CHILD"] }))).toBeNull();
    expect(refusal(promo({ ticketTypes: ["ADULT"] }))?.details?.reason).toBe("PROMO_TICKET_TYPE");
  });

  it("still applies a used-up code to the order that already counts towards it", () => {
    expect(promoRefusal(promo({ maxRedemptions: 3, redemptions: 3 }), { ...context, redeemedByThisOrder: true })).toBeNull();
  });
});

describe("quote", () => {
  const clock = createClock();
  const h = withBookingHarness({ clock });

  it("prices the held seats with their ticket types, surcharges and a promo code", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    const basket = await holdSeats(h, screening, ["A1", "C1"]);
    const promo = await createPromo(h.services.db, clock, { amountOff: 300 });
    const [a1, c1] = screening.seats("A1", "C1") as [string, string];

    const quote = await h.booking.quote({ ...basket, ticketTypes: { [a1]: "CHILD", [c1]: "SENIOR" }, promoCode: promo.code.toLowerCase() });

    expect(quote.lines.map((l) => [l.seatLabel, l.ticketType, l.amount])).toEqual([
      ["A1", "CHILD", 800 + 250],
      ["C1", "SENIOR", 900 + 300 + 250],
    ]);
    expect(quote).toMatchObject({ currency: "GBP", subtotal: 2500, discount: 300, total: 2200, promoError: null, promo: { code: promo.code } });
    expect(quote.ticketOptions.map((o) => [o.ticketType, o.amount])).toEqual([
      ["ADULT", 1450],
      ["CHILD", 1050],
      ["SENIOR", 1150],
    ]);
  });

  it("explains a promo code that doesn't apply instead of failing, and quotes without it", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["A2"]);
    const expired = await createPromo(h.services.db, clock, { validUntil: new Date(clock.ms() - 1000), validFrom: new Date(clock.ms() - 10_000) });
    const usedUp = await createPromo(h.services.db, clock, { maxRedemptions: 1 });
    await h.services.db.promoCode.update({ where: { id: usedUp.id }, data: { redemptions: 1 } });

    const withExpired = await h.booking.quote({ ...basket, ticketTypes: {}, promoCode: expired.code });
    expect(withExpired).toMatchObject({ subtotal: 1200, discount: 0, total: 1200, promo: null, promoError: "That promo code has expired." });
    const withUsedUp = await h.booking.quote({ ...basket, ticketTypes: {}, promoCode: usedUp.code });
    expect(withUsedUp.promoError).toBe("That promo code has been used up.");
    const withUnknown = await h.booking.quote({ ...basket, ticketTypes: {}, promoCode: "NOSUCHCODE" });
    expect(withUnknown.promoError).toBe("That promo code isn't valid.");
  });

  it("takes a percentage promo off the whole order", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["B1", "B2", "B3"]);
    const promo = await createPromo(h.services.db, clock, { percentOff: 15 });
    const quote = await h.booking.quote({ ...basket, ticketTypes: {}, promoCode: promo.code });
    expect(quote).toMatchObject({ subtotal: 3600, discount: 540, total: 3060 });
  });
});
