// Promo code restrictions at checkout, against the real database: films, cinemas, days, ticket count and types are
// refused with their own message and change nothing; the per-customer limit matches by user id or email; and the
// total and per-customer limits hold when 50 checkouts with one code run at once.
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/server/db/generated/client";
import { isoDayOfWeek } from "@/server/booking/pricing";
import {
  checkoutBasket,
  createBookingScreening,
  createPromo,
  holdSeats,
  paidOrder,
  withBookingHarness,
  type BookingScreening,
} from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { expectRefusal } from "@/tests/support/errors";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

let screening: BookingScreening;
let other: BookingScreening;
let filmId: string;
let cinemaId: string;

const ALL_SEATS = Array.from({ length: 7 }, (_, row) => Array.from({ length: 8 }, (_, n) => `${String.fromCharCode(65 + row)}${n + 1}`)).flat();

beforeAll(async () => {
  screening = await createBookingScreening(h.services.db, clock, { plan: Array.from({ length: 7 }, () => "SSSSSSSS") });
  other = await createBookingScreening(h.services.db, clock);
  const row = await h.services.db.screening.findUniqueOrThrow({
    where: { id: screening.screeningId },
    select: { filmId: true, hall: { select: { cinemaId: true } } },
  });
  filmId = row.filmId;
  cinemaId = row.hall.cinemaId;
});

async function promoWith(data: Prisma.PromoCodeUpdateInput, options: Parameters<typeof createPromo>[2] = {}) {
  const promo = await createPromo(h.services.db, clock, options);
  return h.services.db.promoCode.update({ where: { id: promo.id }, data });
}

const redemptionsOf = async (id: string) => (await h.services.db.promoCode.findUniqueOrThrow({ where: { id } })).redemptions;

/** Checks out these seats of the screening with the code; a fresh guest unless told. */
async function checkoutWith(
  on: BookingScreening,
  labels: string[],
  code: string,
  extra: { email?: string; userId?: string | null; ticketTypes?: Record<string, "ADULT" | "CHILD" | "SENIOR" | "STUDENT"> } = {},
) {
  const basket = await holdSeats(h, on, labels, extra.userId ? `user:${extra.userId}` : undefined, extra.userId ?? null);
  return { basket, checkout: checkoutBasket(h, on, basket, labels, { ...extra, promoCode: code }) };
}

let seatCursor = 0;
const nextSeats = (count: number) => {
  const seats = ALL_SEATS.slice(seatCursor, seatCursor + count);
  seatCursor += count;
  return seats;
};

describe("restrictions", () => {
  it("refuses a code for another film or cinema, and accepts it for its own", async () => {
    const forOtherFilm = await promoWith({ filmIds: ["some-other-film"] });
    const attempt = await checkoutWith(other, ["A1"], forOtherFilm.code);
    const error = await expectRefusal(attempt.checkout, "PROMO_FILM");
    expect(error.message).toBe("That promo code can't be used for this film.");
    expect(await redemptionsOf(forOtherFilm.id)).toBe(0);
    expect((await h.services.db.order.findUniqueOrThrow({ where: { id: attempt.basket.orderId } })).promoCodeId).toBeNull();

    const forOtherCinema = await promoWith({ cinemaIds: ["some-other-cinema"] });
    expect((await expectRefusal((await checkoutWith(other, ["A2"], forOtherCinema.code)).checkout, "PROMO_CINEMA")).message).toBe(
      "That promo code can't be used at this cinema.",
    );

    const forThisOne = await promoWith({ filmIds: [filmId], cinemaIds: [cinemaId] });
    const { checkout } = await checkoutWith(screening, nextSeats(1), forThisOne.code);
    await expect(checkout).resolves.toBeTruthy();
    expect(await redemptionsOf(forThisOne.id)).toBe(1);
  });

  it("refuses a code on another day of the week (the cinema's day), and the quote says why", async () => {
    const startsAt = (await h.services.db.screening.findUniqueOrThrow({ where: { id: screening.screeningId } })).startsAt;
    const day = isoDayOfWeek(startsAt, "Europe/London");
    const otherDay = (day % 7) + 1;
    const wrongDay = await promoWith({ daysOfWeek: [otherDay] });
    const labels = nextSeats(1);
    const { basket, checkout } = await checkoutWith(screening, labels, wrongDay.code);
    const error = await expectRefusal(checkout, "PROMO_DAY");
    expect(error.message).toMatch(/^That promo code is only for screenings on \w+days\.$/);
    const quote = await h.booking.quote({ ...basket, ticketTypes: {}, promoCode: wrongDay.code });
    expect(quote.promoError).toBe(error.message);
    expect(quote.discount).toBe(0);

    const rightDay = await promoWith({ daysOfWeek: [day, otherDay] });
    await expect(checkoutBasket(h, screening, basket, labels, { promoCode: rightDay.code })).resolves.toBeTruthy();
  });

  it("needs the minimum number of tickets and only the allowed ticket types", async () => {
    const family = await promoWith({ minTickets: 3, ticketTypes: ["ADULT", "CHILD"] });
    const two = nextSeats(2);
    const short = await checkoutWith(screening, two, family.code);
    expect((await expectRefusal(short.checkout, "PROMO_MIN_TICKETS")).message).toBe("That promo code needs at least 3 tickets in one booking.");

    const three = nextSeats(3);
    const [a, b, c] = screening.seats(...three) as [string, string, string];
    const withSenior = await checkoutWith(screening, three, family.code, { ticketTypes: { [a]: "ADULT", [b]: "CHILD", [c]: "SENIOR" } });
    expect((await expectRefusal(withSenior.checkout, "PROMO_TICKET_TYPE")).message).toBe("That promo code is only for Adult and Child tickets.");
    expect(await redemptionsOf(family.id)).toBe(0);

    const ok = await checkoutBasket(h, screening, withSenior.basket, three, {
      promoCode: family.code,
      ticketTypes: { [a]: "ADULT", [b]: "CHILD", [c]: "CHILD" },
    });
    expect(ok.result.total).toBe(Math.round((1200 + 800 + 800) * 0.9));
    expect(await redemptionsOf(family.id)).toBe(1);
  });
});

describe("per-customer limit", () => {
  it("counts a customer's uses by email for guests and by user id when signed in; an unpaid order gives its use back", async () => {
    const once = await promoWith({ perCustomerLimit: 1 });
    const email = uniqueTestEmail("once");
    await paidOrder(h, screening, nextSeats(1), { email, promoCode: once.code });

    const again = await checkoutWith(screening, nextSeats(1), once.code, { email });
    expect((await expectRefusal(again.checkout, "PROMO_CUSTOMER_LIMIT")).message).toBe("You've already used that promo code.");
    await expect((await checkoutWith(screening, nextSeats(1), once.code, { email: uniqueTestEmail("someone-else") })).checkout).resolves.toBeTruthy();

    // Signed in, under any email: the user id matches.
    const { user } = await createTestUser(h.services, {});
    await paidOrder(h, screening, nextSeats(1), { userId: user.id, email: uniqueTestEmail("first"), promoCode: once.code });
    await expectRefusal((await checkoutWith(screening, nextSeats(1), once.code, { userId: user.id, email: uniqueTestEmail("second") })).checkout, "PROMO_CUSTOMER_LIMIT");

    // A basket given up hands its use back.
    const twice = await promoWith({ perCustomerLimit: 1 });
    const guest = uniqueTestEmail("changed-mind");
    const first = await checkoutWith(screening, nextSeats(1), twice.code, { email: guest });
    await first.checkout;
    const blocked = await checkoutWith(screening, nextSeats(1), twice.code, { email: guest });
    await expectRefusal(blocked.checkout, "PROMO_CUSTOMER_LIMIT");
    await h.booking.cancel(first.basket);
    expect(await redemptionsOf(twice.id)).toBe(0);
    const afterCancel = await checkoutWith(screening, nextSeats(1), twice.code, { email: guest });
    await expect(afterCancel.checkout).resolves.toBeTruthy();
    expect(await redemptionsOf(twice.id)).toBe(1);
  });
});

describe("under concurrent checkouts", () => {
  it("50 checkouts at once with a code limited to 5 uses: exactly 5 succeed", async () => {
    const five = await promoWith({}, { maxRedemptions: 5 });
    const fresh = await createBookingScreening(h.services.db, clock, { plan: Array.from({ length: 7 }, () => "SSSSSSSS") });
    const baskets = await Promise.all(ALL_SEATS.slice(0, 50).map(async (label) => ({ label, basket: await holdSeats(h, fresh, [label]) })));
    const results = await Promise.allSettled(
      baskets.map(({ label, basket }) => checkoutBasket(h, fresh, basket, [label], { promoCode: five.code })),
    );
    const succeeded = results.filter((r) => r.status === "fulfilled");
    const reasons = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { details?: { reason?: string } }).details?.reason] : []));
    expect(succeeded).toHaveLength(5);
    expect(reasons).toEqual(Array(45).fill("PROMO_EXHAUSTED"));
    expect(await redemptionsOf(five.id)).toBe(5);
    expect(await h.services.db.order.count({ where: { promoCodeId: five.id } })).toBe(5);
  });

  it("50 checkouts at once by one customer with a once-per-customer code: exactly 1 succeeds", async () => {
    const once = await promoWith({ perCustomerLimit: 1 }, { maxRedemptions: 5 });
    const email = uniqueTestEmail("greedy");
    const fresh = await createBookingScreening(h.services.db, clock, { plan: Array.from({ length: 7 }, () => "SSSSSSSS") });
    const baskets = await Promise.all(ALL_SEATS.slice(0, 50).map(async (label) => ({ label, basket: await holdSeats(h, fresh, [label]) })));
    const results = await Promise.allSettled(
      baskets.map(({ label, basket }) => checkoutBasket(h, fresh, basket, [label], { promoCode: once.code, email })),
    );
    const reasons = results.flatMap((r) => (r.status === "rejected" ? [(r.reason as { details?: { reason?: string } }).details?.reason] : []));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(reasons).toEqual(Array(49).fill("PROMO_CUSTOMER_LIMIT"));
    expect(await redemptionsOf(once.id)).toBe(1);
  });
});
