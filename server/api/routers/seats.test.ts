// The seats router in-process, through the same context, middleware and error mapping as HTTP requests: the holder
// cookie, the hold rate limits (the rateLimited middleware), and who may override the seat rules (the inventory
// decides; the router has no rule of its own).
import { randomBytes, randomUUID } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { HOLDER_COOKIE, signedHolderToken } from "@/server/api/holder";
import { rateLimitRule } from "@/server/rate-limit";
import { createClock } from "@/tests/support/clock";
import { rejectionOf } from "@/tests/support/errors";
import { createTestScreening, type TestScreening } from "@/tests/support/screenings";
import { withTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";

const clock = createClock();
const services = withTestServices({ now: clock.now });

function browser(options: { session?: AppSession | null; guestToken?: string } = {}) {
  const cookie = options.guestToken ? `${HOLDER_COOKIE}=${signedHolderToken(options.guestToken)}` : undefined;
  return createTestCaller(services, options.session ?? null, { ip: `198.51.100.${1 + (randomBytes(1)[0]! % 200)}`, cookie });
}

const screeningFor = (maxSeatsPerOrder = 4): Promise<TestScreening> =>
  createTestScreening(services.db, { plan: ["SSSSSSSS", "SSSSSSSS"], startsAt: new Date(clock.ms() + 2 * 86_400_000), maxSeatsPerOrder });

async function failure(promise: Promise<unknown>) {
  const error = await rejectionOf(promise, "the call to fail");
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

const ordersOf = (screeningId: string) => services.db.order.findMany({ where: { screeningId }, select: { id: true, holderKey: true } });

describe("seats router", () => {
  it("holds for a guest's cookie, shows the seats as theirs, and releases them", async () => {
    const screening = await screeningFor();
    const guestToken = randomBytes(24).toString("base64url");
    const guest = browser({ guestToken });

    const held = await guest.seats.hold({ screeningId: screening.screeningId, seatIds: screening.seats("A1", "A2"), requestKey: randomUUID() });
    expect(held.seats.map((s) => s.status)).toEqual(["held", "held"]);
    const map = await guest.screenings.seatMap({ screeningId: screening.screeningId });
    expect(map.orderId).toBe(held.orderId);
    expect(map.seats.filter((s) => s.mine).map((s) => s.label)).toEqual(["A1", "A2"]);
    // Another browser sees them held, not theirs, and has nothing to release.
    const stranger = browser({ guestToken: randomBytes(24).toString("base64url") });
    expect((await stranger.screenings.seatMap({ screeningId: screening.screeningId })).seats.filter((s) => s.mine)).toEqual([]);
    expect(await stranger.seats.release({ screeningId: screening.screeningId })).toEqual({ released: [] });

    expect((await guest.seats.release({ screeningId: screening.screeningId, seatIds: screening.seats("A2") })).released).toEqual(screening.seats("A2"));
    expect((await guest.screenings.seatMap({ screeningId: screening.screeningId })).seats.filter((s) => s.mine).map((s) => s.label)).toEqual(["A1"]);
  });

  it("refuses a customer's override of the seat rules with FORBIDDEN, before any basket is opened", async () => {
    const screening = await screeningFor(2);
    const { session } = await createTestUser(services, { role: "CUSTOMER" });
    const refused = await failure(
      browser({ session }).seats.hold({
        screeningId: screening.screeningId,
        seatIds: screening.seats("A1", "A2", "A3"),
        requestKey: randomUUID(),
        overrideReason: "Family of three, agreed at the desk",
      }),
    );
    expect(refused.code).toBe("FORBIDDEN");
    expect(await ordersOf(screening.screeningId)).toEqual([]);
    // A guest can't either.
    expect((await failure(browser().seats.hold({
      screeningId: screening.screeningId,
      seatIds: screening.seats("A1", "A2", "A3"),
      requestKey: randomUUID(),
      overrideReason: "Family of three, agreed at the desk",
    }))).code).toBe("FORBIDDEN");
    expect(await ordersOf(screening.screeningId)).toEqual([]);
  });

  it("lets staff waive the per-order limit with a reason, and records it", async () => {
    const screening = await screeningFor(2);
    const { user, session } = await createTestUser(services, { role: "STAFF" });
    const held = await browser({ session }).seats.hold({
      screeningId: screening.screeningId,
      seatIds: screening.seats("B1", "B2", "B3"),
      requestKey: randomUUID(),
      overrideReason: "Family of three, agreed at the desk",
    });
    expect(held.waived).toEqual(["LIMIT"]);
    const audit = await services.db.auditLog.findFirst({ where: { action: "seats.hold_override", entityId: screening.screeningId } });
    expect(audit).toMatchObject({ actorId: user.id });
  });

  it("counts holds per holder through the middleware: past the limit, nothing is held", async () => {
    const screening = await screeningFor();
    const { user, session } = await createTestUser(services, { role: "CUSTOMER" });
    const { limit } = rateLimitRule("holdPerHolder");
    for (let i = 0; i < limit; i++) await services.rateLimiter.consume("holdPerHolder", `user:${user.id}`);
    const limited = await failure(
      browser({ session }).seats.hold({ screeningId: screening.screeningId, seatIds: screening.seats("A5"), requestKey: randomUUID() }),
    );
    expect(limited.code).toBe("TOO_MANY_REQUESTS");
    expect(await ordersOf(screening.screeningId)).toEqual([]);
  });
});
