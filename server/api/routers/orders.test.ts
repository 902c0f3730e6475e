// The orders router in-process, through the same context, middleware and error mapping as HTTP requests: input
// validation, the holder cookie, sign-in, the per-address checkout limit.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { describe, expect, it } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { HOLDER_COOKIE, holderKeyFor, signedHolderToken } from "@/server/api/holder";
import type { Services } from "@/server/services";
import { adults, createBookingScreening, holdSeats, withBookingHarness } from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { rejectionOf } from "@/tests/support/errors";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

/** A browser: an optional guest cookie, an optional session, an address. */
function browser(options: { guestToken?: string; session?: AppSession | null; ip?: string } = {}) {
  // These services carry this file's booking (over the in-test payment provider) whatever server/services.ts wires.
  const services = { ...h.services, booking: h.booking } as unknown as Services;
  const cookie = options.guestToken ? `${HOLDER_COOKIE}=${signedHolderToken(options.guestToken)}` : undefined;
  return createTestCaller(services, options.session ?? null, { ip: options.ip ?? "203.0.113.50", cookie }).orders;
}

const newGuestToken = () => randomBytes(24).toString("base64url");

async function failure(promise: Promise<unknown>) {
  const error = await rejectionOf(promise, "the call to fail");
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("orders router", () => {
  it("checks out a guest's basket and shows the order only with its token", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const guestToken = newGuestToken();
    const basket = await holdSeats(h, screening, ["A1"], holderKeyFor(null, guestToken)!);
    const guest = browser({ guestToken });

    const current = await guest.current({ screeningId: screening.screeningId });
    expect(current).toMatchObject({ orderId: basket.orderId, state: "open" });
    const quote = await guest.quote({ orderId: basket.orderId, ticketTypes: adults(screening, "A1") });
    expect(quote.total).toBe(1200);

    const result = await guest.checkout({
      orderId: basket.orderId,
      ticketTypes: adults(screening, "A1"),
      email: "Router.Guest@Test.Marquee.Local",
      name: "Router Guest",
      promoCode: "",
    });
    expect(result.redirectUrl).toMatch(/^https:\/\/pay\.example\.test\//);
    const token = new URL(result.orderPath, "http://x").searchParams.get("token")!;

    expect(await guest.byReference({ reference: result.reference, token })).toMatchObject({ phase: "awaiting_payment", email: "router.guest@test.marquee.local" });
    expect((await failure(browser().byReference({ reference: result.reference }))).code).toBe("NOT_FOUND");
    // Another browser can't touch the basket.
    const stranger = browser({ guestToken: newGuestToken() });
    expect((await failure(stranger.cancel({ orderId: basket.orderId }))).code).toBe("NOT_FOUND");
    expect((await failure(stranger.current({ orderId: basket.orderId }))).code).toBe("NOT_FOUND");

    expect(await guest.cancel({ orderId: basket.orderId })).toEqual({ status: "CANCELLED", screeningId: screening.screeningId });
  });

  it("refuses malformed input before it reaches booking", async () => {
    const guest = browser({ guestToken: newGuestToken() });
    const valid = { orderId: "order_1", ticketTypes: { seat_1: "ADULT" as const }, email: "ok@example.com" };
    const cases: Array<[string, Promise<unknown>, string]> = [
      ["email", guest.checkout({ ...valid, email: "not-an-email" }), "email"],
      ["ticket type", guest.checkout({ ...valid, ticketTypes: { seat_1: "vip; drop" } }), "ticketTypes"],
      ["promo code", guest.checkout({ ...valid, promoCode: "DROP TABLE" }), "promoCode"],
      ["order id", guest.quote({ orderId: "../../etc", ticketTypes: {} }), "orderId"],
      ["name", guest.checkout({ ...valid, name: "x".repeat(101) }), "name"],
      ["reference", guest.byReference({ reference: "AB" }), "reference"],
    ];
    for (const [label, call, field] of cases) {
      const error = await failure(call);
      expect(error.code, label).toBe("BAD_REQUEST");
      expect(error.cause, label).toBeInstanceOf(ZodError);
      expect((error.cause as ZodError).issues[0]?.path[0], label).toBe(field);
    }
  });

  it("has nothing for a browser without a holder cookie", async () => {
    const anonymous = browser();
    expect(await anonymous.current({ screeningId: "screening_1" })).toBeNull();
    expect((await failure(anonymous.quote({ orderId: "order_1", ticketTypes: {} }))).code).toBe("NOT_FOUND");
    expect((await failure(anonymous.checkout({ orderId: "order_1", ticketTypes: {}, email: "a@example.com" }))).code).toBe("NOT_FOUND");
  });

  it("lists a customer's orders only when signed in", async () => {
    expect((await failure(browser().mine())).code).toBe("UNAUTHORIZED");
    const { session } = await createTestUser(h.services);
    expect(await browser({ session }).mine()).toEqual({ upcoming: [], past: [] });
  });

  it("limits checkouts per address", async () => {
    const guest = browser({ guestToken: newGuestToken(), ip: `198.51.100.${Math.floor(Math.random() * 200) + 1}` });
    const attempt = () => guest.checkout({ orderId: "no_such_order", ticketTypes: {}, email: "a@example.com" });
    for (let i = 0; i < 30; i++) expect((await failure(attempt())).code).toBe("NOT_FOUND");
    const limited = await failure(attempt());
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
  });
});
