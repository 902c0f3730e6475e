// Prices as admins manage them, against the real database and the real booking flow: a price change reaches new
// orders at once and never a paid or checked-out one, the booking fee is in the order's total, its payment and its
// refund, a custom ticket type is offered at checkout with its note, stale saves are refused, the suggested plan
// follows the cinema's own clock, and bad values change nothing.
import { TZDate } from "@date-fns/tz";
import { beforeAll, describe, expect, it } from "vitest";
import type { AdminPricePlan, PricePlanFormValues } from "@/server/prices";
import { pricePlanFormSchema } from "@/server/prices/schemas";
import {
  accessTokenOf,
  approvePayment,
  checkedOutOrder,
  createBookingScreening,
  guestKey,
  holdSeats,
  mailTo,
  orderRow,
  paidOrder,
  withBookingHarness,
  type BookingScreening,
} from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createTestUser } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

let adminId: string;

beforeAll(async () => {
  adminId = (await createTestUser(h.services, { role: "ADMIN" })).user.id;
});

const prices = () => h.services.prices;

async function planOf(screening: BookingScreening): Promise<AdminPricePlan> {
  const plans = await prices().listPricePlans(screening.cinemaId);
  return plans.find((plan) => plan.id === screening.pricePlanId)!;
}

/** The plan as its edit form holds it, with some prices changed. */
function formOf(plan: AdminPricePlan, overrides: Partial<PricePlanFormValues> = {}, amounts: Record<string, number | null> = {}) {
  const ticketPrices = plan.ticketPrices.map((p) => ({ ticketType: p.ticketType, amount: p.amount as number | null }));
  for (const [ticketType, amount] of Object.entries(amounts)) {
    const found = ticketPrices.find((p) => p.ticketType === ticketType);
    if (found) found.amount = amount;
    else ticketPrices.push({ ticketType, amount });
  }
  return {
    id: plan.id,
    version: plan.version,
    name: plan.name,
    currency: plan.currency,
    band: plan.band,
    format: plan.format,
    bookingFeeAmount: plan.bookingFeeAmount,
    bookingFeeMode: plan.bookingFeeMode,
    active: plan.active,
    ticketPrices,
    seatKindSurcharges: plan.seatKindSurcharges,
    formatSurcharges: plan.formatSurcharges,
    ...overrides,
  };
}

const adults = (screening: BookingScreening, ...labels: string[]) => Object.fromEntries(screening.seats(...labels).map((id) => [id, "ADULT"]));

describe("a price change", () => {
  it("applies to new quotes and orders at once, and leaves paid and checked-out orders as they were", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const paid = await paidOrder(h, screening, ["A1"]);
    const pending = await checkedOutOrder(h, screening, ["A2"]);
    // A basket held before the change (its hold lives in Redis until checkout, so no ticket carries a price yet; the
    // layout is cached).
    const early = await holdSeats(h, screening, ["A3"]);
    expect((await orderRow(h.services.db, early.orderId)).tickets).toEqual([]);

    const plan = await planOf(screening);
    await prices().updatePricePlan({ ...formOf(plan, {}, { ADULT: 1500 }), actorId: adminId });

    const paidRow = await orderRow(h.services.db, paid.orderId);
    expect([paidRow.status, paidRow.totalAmount, paidRow.tickets.map((t) => t.priceAmount)]).toEqual(["PAID", 1200, [1200]]);
    const pendingRow = await orderRow(h.services.db, pending.basket.orderId);
    expect([pendingRow.totalAmount, pendingRow.tickets.map((t) => t.priceAmount)]).toEqual([1200, [1200]]);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: pending.payment.id } })).amount).toBe(1200);

    // The screening page and the quote read the new price at once.
    const page = await h.services.catalogue.screeningById(screening.screeningId);
    expect(page.prices.tickets.find((t) => t.ticketType === "ADULT")?.amount).toBe(1500);
    const quote = await h.booking.quote({ orderId: early.orderId, holderKey: early.holderKey, ticketTypes: adults(screening, "A3") });
    expect(quote.total).toBe(1500);

    // The basket held before the change, and one held after it, are both charged the new price.
    const fresh = await holdSeats(h, screening, ["A4"]);
    for (const [basket, label] of [[early, "A3"], [fresh, "A4"]] as const) {
      const result = await h.booking.checkout({
        orderId: basket.orderId,
        holderKey: basket.holderKey,
        email: "new.price@example.test",
        ticketTypes: adults(screening, label),
      });
      expect(result.total).toBe(1500);
      expect((await orderRow(h.services.db, basket.orderId)).tickets.map((t) => t.priceAmount)).toEqual([1500]);
    }
    // The customer who checked out before the change pays what they were quoted.
    await approvePayment(h, pending.payment.providerRef);
    await h.booking.settlePaidOrder({ orderId: pending.basket.orderId, paymentId: pending.payment.id });
    const settled = await orderRow(h.services.db, pending.basket.orderId);
    expect([settled.status, settled.totalAmount]).toEqual(["PAID", 1200]);
  });
});

describe("the booking fee", () => {
  it("is added per ticket after the discount, charged, shown, emailed and refunded with the rest", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const plan = await planOf(screening);
    await prices().updatePricePlan({ ...formOf(plan, { bookingFeeAmount: 75, bookingFeeMode: "PER_TICKET" }), actorId: adminId });

    const basket = await holdSeats(h, screening, ["B1", "B2"]);
    const quote = await h.booking.quote({ orderId: basket.orderId, holderKey: basket.holderKey, ticketTypes: adults(screening, "B1", "B2") });
    expect([quote.subtotal, quote.bookingFee, quote.total]).toEqual([2400, 150, 2550]);
    expect((await h.services.catalogue.screeningById(screening.screeningId)).prices.bookingFee).toEqual({ amount: 75, mode: "PER_TICKET" });

    const order = await paidOrder(h, screening, ["C1"]);
    const row = await orderRow(h.services.db, order.orderId);
    // C1 is premium: 1200 + 300, plus one ticket's fee.
    expect([row.subtotalAmount, row.bookingFeeAmount, row.totalAmount]).toEqual([1500, 75, 1575]);
    expect(order.payment.amount).toBe(1575);
    const view = await h.booking.orderForViewer({ reference: order.reference, accessToken: accessTokenOf(order.result.orderPath) });
    expect([view.subtotalAmount, view.bookingFeeAmount, view.totalAmount]).toEqual([1500, 75, 1575]);
    const [confirmation] = await mailTo(h.services.db, order.customer);
    expect(confirmation?.html).toContain("Booking fee");

    const requested = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
    expect(await h.booking.processRefund({ refundId: requested.refundId! })).toEqual({ status: "SUCCEEDED" });
    expect((await h.services.db.refund.findUniqueOrThrow({ where: { id: requested.refundId! } })).amount).toBe(1575);
  });

  it("per order is charged once, and a promo code never discounts it", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const plan = await planOf(screening);
    await prices().updatePricePlan({ ...formOf(plan, { bookingFeeAmount: 99, bookingFeeMode: "PER_ORDER" }), actorId: adminId });
    const { basket } = await checkedOutOrder(h, screening, ["A1", "A2", "A3"]);
    const row = await orderRow(h.services.db, basket.orderId);
    expect([row.subtotalAmount, row.bookingFeeAmount, row.totalAmount]).toEqual([3600, 99, 3699]);
  });
});

describe("ticket types", () => {
  it("a custom type with a note is offered at checkout, sold under its name, and withdrawn when retired", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const member = await prices().createTicketType({
      cinemaId: screening.cinemaId,
      code: "MEMBER",
      name: "Member",
      note: "Show your membership card",
      sortOrder: 15,
      actorId: adminId,
    });
    const plan = await planOf(screening);
    await prices().updatePricePlan({ ...formOf(plan, {}, { MEMBER: 700 }), actorId: adminId });

    const basket = await holdSeats(h, screening, ["A1"]);
    const view = await h.booking.current({ holderKey: basket.holderKey, orderId: basket.orderId });
    expect(view!.ticketOptions.map((o) => [o.ticketType, o.label, o.note, o.amount])).toEqual([
      ["ADULT", "Adult", null, 1200],
      ["MEMBER", "Member", "Show your membership card", 700],
      ["CHILD", "Child", "Under 15", 800],
      ["SENIOR", "Senior", "65 and over", 900],
    ]);
    const result = await h.booking.checkout({
      orderId: basket.orderId,
      holderKey: basket.holderKey,
      email: "member@example.test",
      ticketTypes: { [screening.seat("A1")]: "MEMBER" },
    });
    expect(result.total).toBe(700);
    const order = await h.booking.orderForViewer({ reference: basket.reference, accessToken: accessTokenOf(result.orderPath) });
    expect(order.tickets.map((t) => [t.ticketType, t.ticketTypeLabel, t.priceAmount])).toEqual([["MEMBER", "Member", 700]]);

    await prices().setTicketTypeActive({ id: member.id, version: member.version, active: false, actorId: adminId });
    const later = await holdSeats(h, screening, ["A5"]);
    expect((await h.booking.current({ holderKey: later.holderKey, orderId: later.orderId }))!.ticketOptions.map((o) => o.ticketType)).toEqual([
      "ADULT",
      "CHILD",
      "SENIOR",
    ]);
    await expectAppError(
      h.booking.checkout({ orderId: later.orderId, holderKey: later.holderKey, email: "m2@example.test", ticketTypes: { [screening.seat("A5")]: "MEMBER" } }),
      "BAD_REQUEST",
      "TICKET_TYPE_UNAVAILABLE",
    );
    // What was sold as a retired type keeps its name.
    expect((await h.booking.orderForViewer({ reference: basket.reference, accessToken: accessTokenOf(result.orderPath) })).tickets[0]!.ticketTypeLabel).toBe("Member");
  });

  it("every new cinema starts with the four standard types; a code is unique per cinema; reordering is version-checked", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const types = await prices().listTicketTypes(screening.cinemaId);
    expect(types.map((t) => t.code)).toEqual(["ADULT", "CHILD", "SENIOR", "STUDENT"]);
    await expectAppError(
      prices().createTicketType({ cinemaId: screening.cinemaId, code: "CHILD", name: "Kid", note: "", sortOrder: 1, actorId: adminId }),
      "CONFLICT",
      "CODE_TAKEN",
    );
    const reversed = [...types].reverse().map((t) => ({ id: t.id, version: t.version }));
    const reordered = await prices().reorderTicketTypes({ cinemaId: screening.cinemaId, order: reversed, actorId: adminId });
    expect(reordered.map((t) => t.code)).toEqual(["STUDENT", "SENIOR", "CHILD", "ADULT"]);
    // The same (now stale) list again is refused whole.
    await expectAppError(prices().reorderTicketTypes({ cinemaId: screening.cinemaId, order: reversed, actorId: adminId }), "CONFLICT", "STALE_VERSION");
    const audit = await h.services.db.auditLog.findMany({ where: { entityType: "TicketType", action: "ticket_type.reordered", entityId: { in: types.map((t) => t.id) } } });
    expect(audit.length).toBeGreaterThan(0);
  });
});

describe("optimistic concurrency and audit", () => {
  it("refuses the second of two saves made from the same version, and audits the first with before and after", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const plan = await planOf(screening);
    const saved = await prices().updatePricePlan({ ...formOf(plan, {}, { ADULT: 1300 }), actorId: adminId });
    expect(saved.version).toBe(plan.version + 1);
    const error = await expectAppError(prices().updatePricePlan({ ...formOf(plan, {}, { ADULT: 1400 }), actorId: adminId }), "CONFLICT", "STALE_VERSION");
    expect(error.message).toBe("This price plan was changed by someone else. Reload to see their changes.");
    expect((await planOf(screening)).ticketPrices.find((p) => p.ticketType === "ADULT")?.amount).toBe(1300);

    const [entry, ...rest] = await h.services.db.auditLog.findMany({ where: { entityType: "PricePlan", entityId: plan.id } });
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actorId: adminId, action: "price_plan.updated" });
    const details = entry!.details as { before: { ticketPrices: Record<string, number> }; after: { ticketPrices: Record<string, number> } };
    expect([details.before.ticketPrices.ADULT, details.after.ticketPrices.ADULT]).toEqual([1200, 1300]);

    const [type] = await prices().listTicketTypes(screening.cinemaId);
    await prices().updateTicketType({ id: type!.id, version: type!.version, name: "Grown-up", note: "", sortOrder: 10, actorId: adminId });
    const stale = await expectAppError(
      prices().updateTicketType({ id: type!.id, version: type!.version, name: "Adult", note: "", sortOrder: 10, actorId: adminId }),
      "CONFLICT",
      "STALE_VERSION",
    );
    expect(stale.message).toBe("This ticket type was changed by someone else. Reload to see their changes.");
  });
});

describe("validation", () => {
  it("refuses negative amounts in the shared schema, beside their fields", () => {
    const base = {
      name: "Plan",
      currency: "GBP",
      band: "ANY" as const,
      format: null,
      bookingFeeAmount: 0,
      bookingFeeMode: "PER_ORDER" as const,
      active: true,
      ticketPrices: [{ ticketType: "ADULT", amount: 1000 }],
      seatKindSurcharges: [],
      formatSurcharges: [],
    };
    const issues = (input: PricePlanFormValues) => pricePlanFormSchema.safeParse(input).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];
    expect(issues(base)).toEqual([]);
    expect(issues({ ...base, ticketPrices: [{ ticketType: "ADULT", amount: -100 }] })).toEqual([["ticketPrices.0.amount", "Amounts can't be negative"]]);
    expect(issues({ ...base, bookingFeeAmount: -1 })).toEqual([["bookingFeeAmount", "Amounts can't be negative"]]);
    expect(issues({ ...base, seatKindSurcharges: [{ seatKind: "PREMIUM", amount: -5 }] })).toEqual([["seatKindSurcharges.0.amount", "Amounts can't be negative"]]);
    expect(issues({ ...base, ticketPrices: [{ ticketType: "ADULT", amount: null }] })).toEqual([["ticketPrices", "Price at least one ticket type"]]);
    expect(issues({ ...base, currency: "pounds" })[0]?.[0]).toBe("currency");
  });

  it("refuses a second currency at one cinema, an unknown ticket type and a taken name, changing nothing", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const plan = await planOf(screening);
    const values = { ...formOf(plan, { name: "Euro plan", currency: "EUR" }), cinemaId: screening.cinemaId, actorId: adminId };
    const mismatch = await expectAppError(prices().createPricePlan(values), "BAD_REQUEST", "CURRENCY_MISMATCH");
    expect(mismatch.details?.field).toBe("currency");
    const unknown = await expectAppError(
      prices().createPricePlan({ ...values, currency: "GBP", ticketPrices: [{ ticketType: "NOBODY", amount: 100 }] }),
      "BAD_REQUEST",
      "UNKNOWN_TICKET_TYPE",
    );
    expect(unknown.details?.field).toBe("ticketPrices");
    await expectAppError(prices().createPricePlan({ ...values, currency: "GBP", name: plan.name }), "CONFLICT", "NAME_TAKEN");
    // The plan's currency can't move under orders in it either.
    await paidOrder(h, screening, ["A1"]);
    await expectAppError(prices().updatePricePlan({ ...formOf(plan, { currency: "EUR" }), actorId: adminId }), "BAD_REQUEST", "CURRENCY_MISMATCH");
    expect((await prices().listPricePlans(screening.cinemaId)).map((p) => [p.name, p.currency, p.version])).toEqual([[plan.name, "GBP", plan.version]]);
    // And the database refuses a negative price even if code forgot to.
    await expect(h.services.db.ticketPrice.update({ where: { pricePlanId_ticketType: { pricePlanId: plan.id, ticketType: "ADULT" } }, data: { amount: -1 } })).rejects.toThrow();
  });
});

describe("suggestPricePlan", () => {
  /** Local wall-clock time `days` days after the next Wednesday (in London) from the real date. */
  function londonWednesday(plusDays: number, hour: number, minute = 0): Date {
    const today = new TZDate(Date.now(), "Europe/London");
    const toWednesday = (3 - today.getDay() + 7) % 7 || 7;
    return new Date(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + toWednesday + plusDays, hour, minute, "Europe/London").getTime());
  }

  it("picks the most specific band on the cinema's clock, then the plan made for the format", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const plan = await planOf(screening);
    const make = (name: string, band: PricePlanFormValues["band"], format: PricePlanFormValues["format"] = null, active = true) =>
      prices().createPricePlan({ ...formOf(plan, { name, band, format, active }), cinemaId: screening.cinemaId, actorId: adminId });
    // The screening's own plan is ANY.
    await make("Matinee", "MATINEE");
    await make("Evening", "EVENING");
    await make("IMAX evening", "EVENING", "IMAX");
    await make("Weekend", "WEEKEND");
    await make("Old weekend", "WEEKEND", null, false);
    const suggest = (startsAt: Date, format: "TWO_D" | "IMAX" | "THREE_D" = "TWO_D") =>
      prices().suggestPricePlan({ cinemaId: screening.cinemaId, format, startsAt }).then((s) => s?.name ?? null);

    expect(await suggest(londonWednesday(0, 14, 0))).toBe("Matinee");
    expect(await suggest(londonWednesday(0, 16, 59))).toBe("Matinee");
    expect(await suggest(londonWednesday(0, 17, 0))).toBe("Evening");
    expect(await suggest(londonWednesday(0, 19, 30), "IMAX")).toBe("IMAX evening");
    expect(await suggest(londonWednesday(0, 19, 30), "THREE_D")).toBe("Evening");
    // Saturday and Sunday, at any time.
    expect(await suggest(londonWednesday(3, 11, 0))).toBe("Weekend");
    expect(await suggest(londonWednesday(4, 21, 0), "IMAX")).toBe("Weekend");
    const detail = await prices().suggestPricePlan({ cinemaId: screening.cinemaId, format: "TWO_D", startsAt: londonWednesday(3, 20, 0) });
    expect(detail?.screeningBands).toEqual(["WEEKEND", "EVENING", "ANY"]);
  });

  it("reads the band in the cinema's own time zone, falls back to ANY, and suggests nothing without a fitting plan", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    await h.services.db.cinema.update({ where: { id: screening.cinemaId }, data: { timeZone: "America/New_York" } });
    const plan = await planOf(screening);
    await prices().createPricePlan({ ...formOf(plan, { name: "NY weekend", band: "WEEKEND" }), cinemaId: screening.cinemaId, actorId: adminId });
    // Friday 21:00 in New York is already Saturday in UTC (and London): still a weekday evening there.
    const today = new TZDate(Date.now(), "America/New_York");
    const toFriday = (5 - today.getDay() + 7) % 7 || 7;
    const fridayNight = new Date(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + toFriday, 21, 0, "America/New_York").getTime());
    expect(fridayNight.getUTCDay()).toBe(6);
    expect((await prices().suggestPricePlan({ cinemaId: screening.cinemaId, format: "TWO_D", startsAt: fridayNight }))?.id).toBe(plan.id);
    const saturday = new Date(fridayNight.getTime() + 12 * 3600_000);
    expect((await prices().suggestPricePlan({ cinemaId: screening.cinemaId, format: "TWO_D", startsAt: saturday }))?.name).toBe("NY weekend");

    await prices().updatePricePlan({ ...formOf(plan, { format: "IMAX" }), actorId: adminId });
    expect(await prices().suggestPricePlan({ cinemaId: screening.cinemaId, format: "TWO_D", startsAt: fridayNight })).toBeNull();
  });
});

describe("checkout without the standard adult type", () => {
  it("prices an unchosen seat as the first type on sale", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const adult = (await prices().listTicketTypes(screening.cinemaId)).find((t) => t.code === "ADULT")!;
    await prices().setTicketTypeActive({ id: adult.id, version: adult.version, active: false, actorId: adminId });
    const basket = await holdSeats(h, screening, ["A1"], guestKey());
    const quote = await h.booking.quote({ orderId: basket.orderId, holderKey: basket.holderKey, ticketTypes: {} });
    expect(quote.lines.map((l) => [l.ticketType, l.amount])).toEqual([["CHILD", 800]]);
  });
});
