// Checkout and cancel against the real PostgreSQL, Redis, inventory and payments module.
import { describe, expect, it } from "vitest";
import { hashAccessToken } from "./tokens";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { FAKE_PROVIDER } from "@/tests/support/payments";
import {
  adults,
  checkoutBasket,
  createBookingScreening,
  createPromo,
  guestKey,
  holdSeats,
  liveTickets,
  mailTo,
  orderRow,
  requestKey,
  withBookingHarness,
} from "@/tests/support/booking";

const clock = createClock();
const h = withBookingHarness({ clock });

/** Everything checkout could have written, to prove a refusal wrote nothing. */
async function snapshot(orderId: string) {
  const order = await orderRow(h.services.db, orderId);
  const payments = await h.services.db.payment.count({ where: { orderId } });
  return { order, payments };
}

describe("checkout", () => {
  it("prices the tickets, gives the customer ten minutes to pay, and starts the payment", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["A1", "C1"]);
    const [a1, c1] = screening.seats("A1", "C1") as [string, string];

    const { result, payment } = await checkoutBasket(h, screening, basket, ["A1", "C1"], {
      email: "  Guest.Buyer@Test.Marquee.Local ",
      ticketTypes: { [a1]: "CHILD", [c1]: "ADULT" },
    });

    const deadline = clock.ms() + 10 * 60_000;
    expect(result).toMatchObject({ orderId: basket.orderId, reference: basket.reference, total: 800 + 1500, currency: "GBP" });
    expect(result.expiresAt.getTime()).toBe(deadline);
    expect(result.redirectUrl).toMatch(/^https:\/\/pay\.example\.test\/fake_/);

    const order = await orderRow(h.services.db, basket.orderId);
    expect(order).toMatchObject({
      status: "PENDING",
      email: "guest.buyer@test.marquee.local",
      customerName: "Test Buyer",
      subtotalAmount: 2300,
      discountAmount: 0,
      totalAmount: 2300,
      userId: null,
    });
    expect(order.expiresAt.getTime()).toBe(deadline);
    expect(order.checkoutStartedAt?.getTime()).toBe(clock.ms());
    const held = order.tickets.filter((t) => t.status === "HELD");
    expect(held.map((t) => [t.seatId, t.ticketType, t.priceAmount])).toEqual(
      expect.arrayContaining([
        [a1, "CHILD", 800],
        [c1, "ADULT", 1500],
      ]),
    );
    // The holds end with the payment deadline.
    expect(held.every((t) => t.holdExpiresAt?.getTime() === deadline)).toBe(true);

    // A guest reaches the order through a link carrying a token; only its hash is stored.
    expect(order.accessTokenHash).toMatch(/^[0-9a-f]{64}$/);
    const token = new URL(result.orderPath, "http://x").searchParams.get("token")!;
    expect(hashAccessToken(token)).toBe(order.accessTokenHash);
    expect(result.orderPath).toBe(`/orders/${basket.reference}?token=${token}`);

    expect(payment).toMatchObject({ provider: FAKE_PROVIDER, status: "PENDING", amount: 2300, currency: "GBP" });
    expect(decodeURIComponent(result.redirectUrl)).toContain(`http://marquee.test/orders/${basket.reference}?token=${token}`);
    expect(h.events.published).toContainEqual({
      name: "order/checkout.started",
      data: { orderId: basket.orderId, expiresAt: new Date(deadline).toISOString() },
      id: `checkout-${basket.orderId}-${deadline}`,
    });
  });

  it("gives a signed-in customer the order without a token", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const user = await h.services.db.user.create({
      data: { email: `owner-${Date.now()}@test.marquee.local`, name: "Owner", passwordHash: "x" },
    });
    const basket = await holdSeats(h, screening, ["A1"], `user:${user.id}`, user.id);
    const { result } = await checkoutBasket(h, screening, basket, ["A1"], { userId: user.id });
    expect(result.orderPath).toBe(`/orders/${basket.reference}`);
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order).toMatchObject({ userId: user.id, accessTokenHash: null });
  });

  it("refuses a basket whose hold has run out, and changes nothing", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["A1", "A2"]);
    clock.advance(9 * 60_000); // past the seat-map hold (SEAT_HOLD_MINUTES, 5 by default)
    const before = await snapshot(basket.orderId);

    const error = await expectAppError(
      h.booking.checkout({ ...basket, email: "late@test.marquee.local", ticketTypes: adults(screening, "A1", "A2") }),
      "CONFLICT",
      "HOLD_EXPIRED",
    );
    expect(error.message).toBe("Your hold on A1, A2 ran out. Please choose your seats again.");
    expect(await snapshot(basket.orderId)).toEqual(before);
  });

  it("treats someone else's basket as one that doesn't exist", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["A1"]);
    const before = await snapshot(basket.orderId);

    await expectAppError(
      h.booking.checkout({ orderId: basket.orderId, holderKey: guestKey(), email: "thief@test.marquee.local", ticketTypes: adults(screening, "A1") }),
      "NOT_FOUND",
    );
    await expectAppError(h.booking.quote({ orderId: basket.orderId, holderKey: guestKey(), ticketTypes: {} }), "NOT_FOUND");
    await expectAppError(h.booking.cancel({ orderId: basket.orderId, holderKey: guestKey() }), "NOT_FOUND");
    expect(await h.booking.current({ orderId: basket.orderId, holderKey: guestKey() }).catch((e: Error) => e.message)).toBe(
      "That booking was not found.",
    );
    expect(await snapshot(basket.orderId)).toEqual(before);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["B1", "B2"]);
    const [b1, b2] = screening.seats("B1", "B2") as [string, string];
    const before = await snapshot(basket.orderId);
    const attempt = (extra: Partial<Parameters<typeof h.booking.checkout>[0]>) =>
      h.booking.checkout({ ...basket, email: "ok@test.marquee.local", ticketTypes: { [b1]: "ADULT", [b2]: "ADULT" }, ...extra });

    expect((await expectAppError(attempt({ email: "not-an-email" }), "BAD_REQUEST", "INVALID_EMAIL")).message).toBe(
      "Enter a valid email address.",
    );
    expect((await expectAppError(attempt({ ticketTypes: { [b1]: "ADULT" } }), "BAD_REQUEST", "TICKET_TYPE_MISSING")).message).toBe(
      "Choose a ticket type for seat B2.",
    );
    expect((await expectAppError(attempt({ ticketTypes: { [b1]: "ADULT", [b2]: "STUDENT" } }), "BAD_REQUEST", "TICKET_TYPE_UNAVAILABLE")).message).toBe(
      "Student tickets aren't sold for this screening.",
    );
    await expectAppError(attempt({ ticketTypes: { [b1]: "ADULT", [b2]: "ADULT", [screening.seat("A8")]: "ADULT" } }), "BAD_REQUEST", "SEAT_NOT_IN_BOOKING");
    await expectAppError(attempt({ promoCode: "NOPE" }), "BAD_REQUEST", "PROMO_UNKNOWN");
    const expired = await createPromo(h.services.db, clock, { validFrom: new Date(clock.ms() - 20_000), validUntil: new Date(clock.ms() - 10_000) });
    await expectAppError(attempt({ promoCode: expired.code }), "BAD_REQUEST", "PROMO_EXPIRED");

    expect(await snapshot(basket.orderId)).toEqual(before);
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: expired.id } })).redemptions).toBe(0);
  });

  it("redeems a limited promo code atomically: two checkouts race for the last use, one gets it", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock, { percentOff: 50, maxRedemptions: 1 });
    const first = await holdSeats(h, screening, ["A1"]);
    const second = await holdSeats(h, screening, ["A5"]);

    const results = await Promise.allSettled([
      h.booking.checkout({ ...first, email: "one@test.marquee.local", ticketTypes: adults(screening, "A1"), promoCode: promo.code }),
      h.booking.checkout({ ...second, email: "two@test.marquee.local", ticketTypes: adults(screening, "A5"), promoCode: promo.code }),
    ]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as Error).message).toBe("That promo code has been used up.");
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(1);
    const discounted = await h.services.db.order.findMany({ where: { id: { in: [first.orderId, second.orderId] }, promoCodeId: promo.id } });
    expect(discounted).toHaveLength(1);
    expect(discounted[0]).toMatchObject({ subtotalAmount: 1200, discountAmount: 600, totalAmount: 600 });
  });

  it("lets a customer who comes back check out again: same order, one redemption, a new payment attempt", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock, { amountOff: 200 });
    const basket = await holdSeats(h, screening, ["A3", "A4"]);
    const [a3, a4] = screening.seats("A3", "A4") as [string, string];

    const first = await checkoutBasket(h, screening, basket, ["A3", "A4"], { promoCode: promo.code });
    clock.advance(2 * 60_000);
    const again = await checkoutBasket(h, screening, basket, ["A3", "A4"], { promoCode: promo.code, ticketTypes: { [a3]: "CHILD", [a4]: "ADULT" } });

    expect(again.result.reference).toBe(first.result.reference);
    expect(again.result.total).toBe(800 + 1200 - 200);
    expect(again.result.expiresAt.getTime()).toBe(clock.ms() + 10 * 60_000);
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(1);
    const payments = await h.services.db.payment.findMany({ where: { orderId: basket.orderId }, orderBy: { createdAt: "asc" } });
    expect(payments.map((p) => [p.status, p.amount])).toEqual([
      ["FAILED", 2200],
      ["PENDING", 1800],
    ]);
    // Dropping the code gives its redemption back.
    await checkoutBasket(h, screening, basket, ["A3", "A4"]);
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(0);
  });

  it("counts a promo code once when the same basket is checked out twice at once (a double click)", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock, { percentOff: 20 });
    const basket = await holdSeats(h, screening, ["C7"]);
    const attempt = () =>
      h.booking.checkout({ ...basket, email: "twice@test.marquee.local", ticketTypes: adults(screening, "C7"), promoCode: promo.code });

    const results = await Promise.allSettled([attempt(), attempt()]);

    expect(results.some((r) => r.status === "fulfilled")).toBe(true);
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(1);
    expect(await h.services.db.payment.count({ where: { orderId: basket.orderId, status: "PENDING" } })).toBe(1);
  });

  it("confirms a free booking (100% promo code) at once, without a payment", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock, { percentOff: 100 });
    const basket = await holdSeats(h, screening, ["B5"]);
    const email = `free-${Date.now()}@test.marquee.local`;

    const { result } = await checkoutBasket(h, screening, basket, ["B5"], { promoCode: promo.code, email });

    expect(result.total).toBe(0);
    expect(result.redirectUrl).toBe(result.orderPath);
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("PAID");
    expect(order.tickets.filter((t) => t.status === "SOLD")).toHaveLength(1);
    expect(await h.services.db.payment.count({ where: { orderId: basket.orderId } })).toBe(0);
    expect((await mailTo(h.services.db, email)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
  });
});

describe("current", () => {
  it("finds the holder's basket by screening or order id, with its seats and deadline", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["C2", "C3"]);
    const byScreening = await h.booking.current({ holderKey: basket.holderKey, screeningId: screening.screeningId });
    const byOrder = await h.booking.current({ holderKey: basket.holderKey, orderId: basket.orderId });
    expect(byOrder).toEqual(byScreening);
    expect(byOrder).toMatchObject({ orderId: basket.orderId, state: "open", checkoutStarted: false, currency: "GBP" });
    expect(byOrder!.seats.map((s) => [s.label, s.kind, s.ticketType])).toEqual([
      ["C2", "PREMIUM", "ADULT"],
      ["C3", "PREMIUM", "ADULT"],
    ]);
    const holdMs = h.services.inventory.options.holdSeconds * 1000;
    expect(byOrder!.deadline?.getTime()).toBe(clock.ms() + holdMs);
    expect(await h.booking.current({ holderKey: guestKey(), screeningId: screening.screeningId })).toBeNull();

    clock.advance(holdMs);
    expect(await h.booking.current({ holderKey: basket.holderKey, orderId: basket.orderId })).toMatchObject({ state: "expired", seats: [], deadline: null });
  });
});

describe("cancel", () => {
  it("cancels the basket and frees its seats at once for anyone else", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const promo = await createPromo(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["B1", "B2"]);
    await checkoutBasket(h, screening, basket, ["B1", "B2"], { promoCode: promo.code });
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(1);

    const result = await h.booking.cancel(basket);

    expect(result).toEqual({ status: "CANCELLED", screeningId: screening.screeningId });
    expect(await liveTickets(h.services.db, screening.screeningId)).toEqual([]);
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.seats.filter((s) => ["B1", "B2"].includes(s.label)).map((s) => s.state)).toEqual(["free", "free"]);
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(0);
    // Someone else can have them straight away.
    const other = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: guestKey() });
    await h.services.inventory.hold({ screeningId: screening.screeningId, orderId: other.id, seatIds: screening.seats("B1", "B2"), requestKey: requestKey() });

    // Idempotent.
    expect(await h.booking.cancel(basket)).toEqual({ status: "CANCELLED", screeningId: screening.screeningId });
    await expectAppError(
      h.booking.checkout({ ...basket, email: "x@test.marquee.local", ticketTypes: adults(screening, "B1", "B2") }),
      "CONFLICT",
      "BASKET_CLOSED",
    );
  });
});
