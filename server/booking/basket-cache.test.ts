// The seat map's calls without PostgreSQL: once a holder's web basket exists, a hold, a release and the seat map find
// it in Redis (basket-cache.ts) and the screening's status in a short in-process cache, so they send no statement.
// And what may not go wrong because of it: every change that ends a basket or starts its checkout makes the next
// call see it, a Redis flush falls back to PostgreSQL, and two first holds at once open one basket.
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { SCREENING_STATUS_FRESH_MS } from "@/server/booking/baskets";
import { createClock } from "@/tests/support/clock";
import { approvePayment, checkoutBasket, createBookingScreening, guestKey, orderRow, requestKey, withBookingHarness, type BookingHarness } from "@/tests/support/booking";
import { expectAppError } from "@/tests/support/errors";
import { countStatements, statementsOf } from "@/tests/support/statements";

const clock = createClock();
const h = withBookingHarness({ clock });

type Screening = Awaited<ReturnType<typeof createBookingScreening>>;
// Rows A to H, ten seats each.
const newScreening = () => createBookingScreening(h.services.db, clock, { plan: Array.from({ length: 8 }, () => "SSSSSSSSSS") });

const hold = (screening: Screening, holderKey: string, ...labels: string[]) =>
  h.booking.holdSeats({
    screeningId: screening.screeningId,
    seatIds: screening.seats(...labels),
    requestKey: requestKey(),
    holderKey,
    userId: null,
    client: { address: "203.0.113.7" },
  });
const release = (screening: Screening, holderKey: string, ...labels: string[]) =>
  h.booking.releaseSeats({ screeningId: screening.screeningId, seatIds: screening.seats(...labels), holderKey });

/** What a Redis flush or restart looks like to this screening: its seat state and its cached baskets gone. */
async function flushScreeningAndBaskets(harness: BookingHarness, screeningId: string) {
  const prefix = String(harness.services.redis.options.keyPrefix ?? "");
  const raw = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true, maxRetriesPerRequest: 2 });
  try {
    let cursor = "0";
    let deleted = 0;
    do {
      const [next, keys] = await raw.scan(cursor, "MATCH", `${prefix}*{s:${screeningId}}*`, "COUNT", 500);
      if (keys.length) deleted += await raw.del(...keys);
      cursor = next;
    } while (cursor !== "0");
    return deleted;
  } finally {
    raw.disconnect();
  }
}

describe("the seat map's calls once the basket exists", () => {
  it("hold, release and the seat map send no statement to PostgreSQL", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const first = await hold(screening, holder, "A1");
    expect(await countStatements(() => hold(screening, holder, "A2"))).toBe(0);
    expect(await countStatements(() => release(screening, holder, "A1"))).toBe(0);
    const map = await statementsOf(() => h.booking.seatMapFor({ screeningId: screening.screeningId, holderKey: holder }));
    expect(map).toEqual([]);
    // Still the one basket, and what it holds is what PostgreSQL will be asked about at checkout.
    expect((await hold(screening, holder, "A3")).orderId).toBe(first.orderId);
    const seats = await h.services.inventory.orderSeats({ screeningId: screening.screeningId, orderId: first.orderId });
    expect(seats.map((s) => s.label)).toEqual(["A2", "A3"]);
  });

  it("after a Redis flush finds the same basket in PostgreSQL, and caches it again", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const first = await hold(screening, holder, "B1");
    expect(await flushScreeningAndBaskets(h, screening.screeningId)).toBeGreaterThan(0);
    const statements = await statementsOf(() => hold(screening, holder, "B2"));
    expect(statements.some((s) => s.includes('FROM "public"."Order"'))).toBe(true);
    expect(await countStatements(() => hold(screening, holder, "B3"))).toBe(0);
    const again = await hold(screening, holder, "B4");
    expect(again.orderId).toBe(first.orderId);
    expect(await h.services.db.order.count({ where: { holderKey: holder } })).toBe(1);
  });

  it("two first holds of one holder at once open one basket", async () => {
    const screening = await newScreening();
    for (let round = 0; round < 5; round++) {
      const holder = guestKey();
      const [one, two] = await Promise.all([hold(screening, holder, `C${2 * round + 1}`), hold(screening, holder, `C${2 * round + 2}`)]);
      expect(one.orderId).toBe(two.orderId);
      expect(await h.services.db.order.count({ where: { holderKey: holder } })).toBe(1);
    }
  });
});

describe("every change that ends a basket or starts its checkout is seen by the next call", () => {
  it("checkout: a later release reaches PostgreSQL's tickets", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const basket = await hold(screening, holder, "D1", "D2");
    await hold(screening, holder, "D3");
    const { payment } = await checkoutBasket(h, screening, { orderId: basket.orderId, holderKey: holder }, ["D1", "D2", "D3"]);
    expect(payment).not.toBeNull();
    await release(screening, holder, "D3");
    const tickets = (await orderRow(h.services.db, basket.orderId)).tickets;
    expect(Object.fromEntries(tickets.map((t) => [t.seatId, t.status]))).toMatchObject({ [screening.seat("D3")]: "RELEASED", [screening.seat("D1")]: "HELD" });
  });

  it("a refused checkout leaves the basket open, read from PostgreSQL", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const basket = await hold(screening, holder, "D5");
    await expectAppError(checkoutBasket(h, screening, { orderId: basket.orderId, holderKey: holder }, ["D5"], { ticketTypes: { [screening.seat("D5")]: "NO_SUCH_TYPE" } }));
    expect((await hold(screening, holder, "D6")).orderId).toBe(basket.orderId);
  });

  it("payment: the next hold opens a new basket", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const basket = await hold(screening, holder, "E1");
    const { payment } = await checkoutBasket(h, screening, { orderId: basket.orderId, holderKey: holder }, ["E1"]);
    await approvePayment(h, payment!.providerRef);
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment!.id });
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("PAID");
    const next = await hold(screening, holder, "E2");
    expect(next.orderId).not.toBe(basket.orderId);
    expect(await countStatements(() => hold(screening, holder, "E3"))).toBe(0);
  });

  it("the customer's cancel: the next hold opens a new basket", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const basket = await hold(screening, holder, "F1");
    await h.booking.cancel({ orderId: basket.orderId, holderKey: holder });
    const next = await hold(screening, holder, "F1");
    expect(next.orderId).not.toBe(basket.orderId);
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("CANCELLED");
  });

  it("expiry: once the basket's time is up the next hold opens a new one", async () => {
    const screening = await newScreening();
    const holder = guestKey();
    const basket = await hold(screening, holder, "G1");
    const { expiresAt } = await orderRow(h.services.db, basket.orderId);
    clock.set(expiresAt.getTime());
    const next = await hold(screening, holder, "G2");
    expect(next.orderId).not.toBe(basket.orderId);
  });

  it("a screening cancelled or its film put back to draft stops selling within the status bound, cached basket or not", async () => {
    for (const change of ["cancelled", "draft"] as const) {
      const screening = await newScreening();
      const holder = guestKey();
      await hold(screening, holder, "H1");
      // Written as another process's admin would: nothing in this process is told.
      if (change === "cancelled") await h.services.db.screening.update({ where: { id: screening.screeningId }, data: { status: "CANCELLED" } });
      else {
        const { filmId } = await h.services.db.screening.findUniqueOrThrow({ where: { id: screening.screeningId }, select: { filmId: true } });
        await h.services.db.film.update({ where: { id: filmId }, data: { status: "DRAFT" } });
      }
      clock.advance(SCREENING_STATUS_FRESH_MS);
      if (change === "cancelled") await expectAppError(hold(screening, holder, "H2"), "CONFLICT", "SCREENING_CANCELLED");
      else await expectAppError(hold(screening, holder, "H2"), "NOT_FOUND");
    }
  });
});
