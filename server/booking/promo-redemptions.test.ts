// Promo redemptions against the real database (issue 12, item 9): the per-customer limit holds for guests by their
// normalised email, also when one customer checks out many baskets at once or checks an order out again under
// another address; and the paths that end an unpaid order (cancel, expiry, a cancelled screening) give a use back
// exactly once, for the code the order really holds, however they race each other, a checkout or a settlement.
import { beforeAll, describe, expect, it } from "vitest";
import type { Prisma } from "@/server/db/generated/client";
import { customerEmailKey } from "@/server/booking/promos";
import {
  approvePayment,
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

const clock = createClock();
const h = withBookingHarness({ clock });

const ROWS = "ABCDEFGHIJ";
const PLAN = Array.from({ length: ROWS.length }, () => "SSSSSSSSSS");
let screening: BookingScreening;
let seatCursor = 0;
/** Seats nobody in this file has used yet (a fresh screening when one runs out). */
async function nextSeats(count: number): Promise<{ on: BookingScreening; labels: string[] }> {
  if (seatCursor + count > ROWS.length * 10) {
    screening = await createBookingScreening(h.services.db, clock, { plan: PLAN });
    seatCursor = 0;
  }
  const labels = Array.from({ length: count }, (_, i) => `${ROWS[Math.floor((seatCursor + i) / 10)]}${((seatCursor + i) % 10) + 1}`);
  seatCursor += count;
  return { on: screening, labels };
}

beforeAll(async () => {
  screening = await createBookingScreening(h.services.db, clock, { plan: PLAN });
});

async function promoWith(data: Prisma.PromoCodeUpdateInput = {}, options: Parameters<typeof createPromo>[2] = {}) {
  const promo = await createPromo(h.services.db, clock, options);
  return h.services.db.promoCode.update({ where: { id: promo.id }, data });
}

const redemptionsOf = async (id: string) => (await h.services.db.promoCode.findUniqueOrThrow({ where: { id } })).redemptions;
/** The uses the rule in promos.ts says a code has: its orders that are PENDING, PAID or REFUNDED. */
const usesOf = (id: string) => h.services.db.order.count({ where: { promoCodeId: id, status: { in: ["PENDING", "PAID", "REFUNDED"] } } });
const reasonOf = (result: PromiseSettledResult<unknown>) =>
  result.status === "rejected" ? ((result.reason as { details?: { reason?: string } }).details?.reason ?? String(result.reason)) : "OK";

/** A basket of one fresh seat, checked out with the code (a new guest unless `email` says who). */
async function checkedOutWith(code: string, email?: string) {
  const { on, labels } = await nextSeats(1);
  const basket = await holdSeats(h, on, labels);
  const { result, payment } = await checkoutBasket(h, on, basket, labels, { promoCode: code, email });
  return { on, labels, basket, result, payment: payment! };
}

describe("per-customer limit for guests", () => {
  it("matches a guest's earlier use under another case, spacing or +tag of the same address", async () => {
    expect(customerEmailKey("  Ann.Lee+Cinema@Example.COM ")).toBe("ann.lee@example.com");
    const once = await promoWith({ perCustomerLimit: 1 });
    const local = `ann-${crypto.randomUUID().slice(0, 8)}`;
    const first = await nextSeats(1);
    await paidOrder(h, first.on, first.labels, { email: `${local}+friday@example.com`, promoCode: once.code });

    for (const variant of [`${local.toUpperCase()}+saturday@EXAMPLE.com`, ` ${local}@example.com `]) {
      const again = await nextSeats(1);
      const basket = await holdSeats(h, again.on, again.labels);
      await expectRefusal(checkoutBasket(h, again.on, basket, again.labels, { promoCode: once.code, email: variant }), "PROMO_CUSTOMER_LIMIT");
      expect((await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } })).promoCodeId).toBeNull();
    }
    // Another mailbox is another customer (dots are not folded).
    await expect(checkedOutWith(once.code, `${local.replace("-", ".")}@example.com`)).resolves.toBeTruthy();
    expect(await redemptionsOf(once.id)).toBe(2);
  });

  it("30 baskets of one guest checked out at once under +tag variants of one address: exactly 1 gets the code", async () => {
    const once = await promoWith({ perCustomerLimit: 1 });
    const local = `greedy-${crypto.randomUUID().slice(0, 8)}`;
    const baskets = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const { on, labels } = await nextSeats(1);
        return { on, labels, basket: await holdSeats(h, on, labels) };
      }),
    );
    const results = await Promise.allSettled(
      baskets.map(({ on, labels, basket }, i) =>
        checkoutBasket(h, on, basket, labels, { promoCode: once.code, email: `${i % 2 ? local.toUpperCase() : local}+${i}@Example.com` }),
      ),
    );
    expect(results.map(reasonOf).sort()).toEqual(["OK", ...Array(29).fill("PROMO_CUSTOMER_LIMIT")]);
    expect(await redemptionsOf(once.id)).toBe(1);
    expect(await usesOf(once.id)).toBe(1);
  });

  it("checking an order out again under another address can't give that address a second use", async () => {
    const once = await promoWith({ perCustomerLimit: 1 });
    const [first, second] = [`first-${crypto.randomUUID().slice(0, 8)}@example.com`, `second-${crypto.randomUUID().slice(0, 8)}@example.com`];
    const a = await checkedOutWith(once.code, first);
    await checkedOutWith(once.code, second);
    await expectRefusal(checkoutBasket(h, a.on, a.basket, a.labels, { promoCode: once.code, email: second }), "PROMO_CUSTOMER_LIMIT");
    // Under its own address it may check out again (same order, same use).
    await expect(checkoutBasket(h, a.on, a.basket, a.labels, { promoCode: once.code, email: first })).resolves.toBeTruthy();
    expect(await redemptionsOf(once.id)).toBe(2);
  });
});

/** Runs `body` while another connection holds `promoCodeId`'s row lock; `locked` resolves once the lock is held. */
function holdingPromoLock(promoCodeId: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holderPid!: number;
  const locked = new Promise<void>((resolve, reject) => {
    h.services.db
      .$transaction(
        async (tx) => {
          const [row] = await tx.$queryRaw<Array<{ pid: number }>>`SELECT pg_backend_pid() AS "pid"`;
          holderPid = row!.pid;
          await tx.$queryRaw`SELECT 1 FROM "PromoCode" WHERE "id" = ${promoCodeId} FOR UPDATE`;
          resolve();
          await released;
        },
        { timeout: 60_000 },
      )
      .catch(reject);
  });
  return { locked, release, pid: () => holderPid };
}

/** Waits (polling PostgreSQL, not the clock) until some session is blocked by session `pid`, and returns its pid. */
async function blockedBy(pid: number): Promise<number> {
  for (let attempt = 0; attempt < 2000; attempt++) {
    const rows = await h.services.db.$queryRaw<Array<{ pid: number }>>`
      SELECT pid FROM pg_stat_activity WHERE ${pid}::int = ANY(pg_blocking_pids(pid))`;
    if (rows[0]) return rows[0].pid;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`nothing got blocked by session ${pid}`);
}

/** A new code with one bystander's pending use (so that a use wrongly given back shows) and `count` orders of our own. */
async function codeWithOrders(count: number) {
  const code = await promoWith();
  await checkedOutWith(code.code);
  const orders = [];
  for (let i = 0; i < count; i++) orders.push(await checkedOutWith(code.code));
  return { code, orders };
}

describe("ending an unpaid order gives its use back exactly once", () => {
  it("a cancel racing a checkout that switches the order to another code gives back the code the order holds", async () => {
    const [x, y] = [await promoWith(), await promoWith()];
    await checkedOutWith(x.code); // someone else's use of X, so that a use wrongly given back shows
    const mine = await checkedOutWith(x.code);
    expect([await redemptionsOf(x.id), await redemptionsOf(y.id)]).toEqual([2, 0]);

    // The switching checkout locks the order and then waits for Y's row; the cancel then waits for the order.
    const lock = holdingPromoLock(y.id);
    await lock.locked;
    const switching = checkoutBasket(h, mine.on, mine.basket, mine.labels, { promoCode: y.code }).then(
      () => "OK",
      (error: unknown) => String(error),
    );
    const checkoutPid = await blockedBy(lock.pid());
    const cancelling = h.booking.cancel(mine.basket);
    await blockedBy(checkoutPid);
    lock.release();
    await switching;
    await expect(cancelling).resolves.toMatchObject({ status: "CANCELLED" });

    expect(await h.services.db.order.findUniqueOrThrow({ where: { id: mine.basket.orderId }, select: { status: true, promoCodeId: true } })).toEqual({
      status: "CANCELLED",
      promoCodeId: y.id,
    });
    // X keeps the other customer's use; Y's use came back with the cancel.
    expect([await redemptionsOf(x.id), await redemptionsOf(y.id)]).toEqual([1, 0]);
  });

  it("cancel racing expiry on 10 orders: each use comes back once", async () => {
    const { code, orders } = await codeWithOrders(10);
    expect(await redemptionsOf(code.id)).toBe(11);
    // Past every deadline; the bystander's order stays PENDING because nothing expires it.
    clock.advance(11 * 60_000);
    const results = await Promise.allSettled(orders.flatMap((o) => [h.booking.cancel(o.basket), h.booking.expireOrder({ orderId: o.basket.orderId })]));
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    const statuses = await h.services.db.order.findMany({ where: { id: { in: orders.map((o) => o.basket.orderId) } }, select: { status: true } });
    expect(statuses.every((o) => o.status === "CANCELLED" || o.status === "EXPIRED")).toBe(true);
    expect(await redemptionsOf(code.id)).toBe(1);
    expect(await usesOf(code.id)).toBe(1);
  });

  it("cancel racing the payment's success and settlement on 8 orders: the count matches the orders that keep a use", async () => {
    const { code, orders } = await codeWithOrders(8);
    const results = await Promise.allSettled(
      orders.flatMap((o) => [
        h.booking.cancel(o.basket),
        (async () => {
          await approvePayment(h, o.payment.providerRef);
          return h.booking.settlePaidOrder({ orderId: o.basket.orderId, paymentId: o.payment.id });
        })(),
      ]),
    );
    // A cancel may lose to the payment (ALREADY_PAID); nothing else fails.
    expect(results.map(reasonOf).filter((r) => r !== "OK" && r !== "ALREADY_PAID")).toEqual([]);
    expect(await redemptionsOf(code.id)).toBe(await usesOf(code.id));
  });

  it("a cancelled screening's sweep racing the customer's cancel gives each use back once", async () => {
    const { code, orders } = await codeWithOrders(6);
    const results = await Promise.allSettled(
      orders.flatMap((o) => [h.booking.cancel(o.basket), h.booking.endOrderOfCancelledScreening({ orderId: o.basket.orderId })]),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    expect(await redemptionsOf(code.id)).toBe(1);
    expect(await usesOf(code.id)).toBe(1);
  });
});
