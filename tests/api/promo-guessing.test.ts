// Promo codes can't be enumerated through the quote (issue 12, item 9): every quote or checkout that names a code is
// counted per address and per seat holder, unknown codes included, and the guess past the limit is refused before
// anything looks the code up, so a valid code and a made-up one get the same answer.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { rateLimits } from "@/server/rate-limit";
import { adults, createBookingScreening, createPromo, type BookingScreening } from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { withTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();
const clock = createClock();
let screening: BookingScreening;
let validCode: string;
let validCodeId: string;

beforeAll(async () => {
  screening = await createBookingScreening(services.db, clock);
  const promo = await createPromo(services.db, clock, { percentOff: 50 });
  validCode = promo.code;
  validCodeId = promo.id;
});

const randomAddress = () => `198.51.100.${randomBytes(1)[0]}, 10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
const madeUp = () => `GUESS${randomBytes(4).toString("hex").toUpperCase()}`;

async function refusalOf(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected a refusal, but it answered");
}

/** A signed-in customer holding one seat, with the basket's id. */
async function customerWithBasket(seat: string) {
  const { session } = await createTestUser(services, {});
  const caller = createTestCaller(services, session, { ip: randomAddress() });
  const { orderId } = await caller.seats.hold({ screeningId: screening.screeningId, seatIds: screening.seats(seat), requestKey: crypto.randomUUID() });
  return { session, orderId };
}

describe("promo code guesses", () => {
  it(`a holder's guess past ${rateLimits.promoGuessPerHolder.limit} is refused from any address, and a valid code then reveals nothing`, async () => {
    const { session, orderId } = await customerWithBasket("A1");
    // From a new address each time: the per-holder count is what stops this one.
    const quoteAs = (promoCode?: string) => createTestCaller(services, session, { ip: randomAddress() }).orders.quote({ orderId, ticketTypes: adults(screening, "A1"), promoCode });
    for (let guess = 1; guess <= rateLimits.promoGuessPerHolder.limit; guess++) {
      expect(await quoteAs(madeUp())).toMatchObject({ promo: null, discount: 0, promoError: "That promo code isn't valid." });
    }

    const onValid = await refusalOf(quoteAs(validCode));
    const onMadeUp = await refusalOf(quoteAs(madeUp()));
    expect(onValid.code).toBe("TOO_MANY_REQUESTS");
    // The same refusal whether or not the code exists: no discount, no description, no different message.
    expect([onMadeUp.code, onMadeUp.message.replace(/\d+/g, "N")]).toEqual([onValid.code, onValid.message.replace(/\d+/g, "N")]);
    expect(JSON.stringify(onValid)).not.toContain(validCode);

    // Checking out with the code counts against the same guesses, and is refused before anything is written.
    const checkout = createTestCaller(services, session, { ip: randomAddress() }).orders.checkout({
      orderId,
      ticketTypes: adults(screening, "A1"),
      promoCode: validCode,
      email: session.user.email,
    });
    expect((await refusalOf(checkout)).code).toBe("TOO_MANY_REQUESTS");
    expect(await services.db.order.findUniqueOrThrow({ where: { id: orderId }, select: { promoCodeId: true, checkoutStartedAt: true } })).toEqual({
      promoCodeId: null,
      checkoutStartedAt: null,
    });
    expect((await services.db.promoCode.findUniqueOrThrow({ where: { id: validCodeId } })).redemptions).toBe(0);

    // Prices without a code are no guess: the customer can still see what the seats cost.
    expect(await quoteAs()).toMatchObject({ total: expect.any(Number), promo: null, promoError: null });
  });

  it(`an address's guess past ${rateLimits.promoGuessPerIp.limit} is refused whoever makes it`, async () => {
    const address = randomAddress();
    const someone = (): AppSession => ({ user: { id: `guesser-${randomBytes(6).toString("hex")}`, email: "guesser@example.test", name: "G", role: "CUSTOMER" } });
    // Guesses at an order that isn't theirs still count: the limit runs before the order is looked up.
    const { orderId } = await customerWithBasket("A2");
    const guessAs = (session: AppSession, promoCode: string) =>
      createTestCaller(services, session, { ip: address }).orders.quote({ orderId, ticketTypes: {}, promoCode });
    for (let guess = 1; guess <= rateLimits.promoGuessPerIp.limit; guess++) {
      expect((await refusalOf(guessAs(someone(), madeUp()))).code).toBe("NOT_FOUND");
    }
    expect((await refusalOf(guessAs(someone(), validCode))).code).toBe("TOO_MANY_REQUESTS");
    expect((await refusalOf(guessAs(someone(), madeUp()))).code).toBe("TOO_MANY_REQUESTS");
  });
});
