// Concession stock against the real PostgreSQL and Redis: sales racing to zero (with Redis's counters flushed in the
// middle), all-or-nothing orders, give-backs that count once, the gate refusing before PostgreSQL, and stock changes
// by staff reaching both.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isAppError } from "@/server/errors";
import { stockKeys } from "@/server/concessions";
import { expectRefusal } from "@/tests/support/errors";
import { createTestServices, withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();

async function cinema() {
  const tag = randomBytes(5).toString("hex");
  return services.db.cinema.create({
    data: { slug: `snack-${tag}`, name: `Snacks ${tag}`, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone: "Europe/London" },
  });
}

async function product(cinemaId: string, quantity: number, name = `Popcorn ${randomBytes(4).toString("hex")}`) {
  const created = await services.db.product.create({ data: { name, category: "Popcorn", currency: "GBP", priceAmount: 450 } });
  await services.db.productStock.create({ data: { productId: created.id, cinemaId, quantity } });
  return created;
}

async function orders(cinemaId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `ord_${randomBytes(10).toString("hex")}`);
  await services.db.order.createMany({
    data: ids.map((id) => ({
      id,
      reference: randomBytes(6).toString("hex").toUpperCase(),
      cinemaId,
      currency: "GBP",
      subtotalAmount: 0,
      totalAmount: 0,
      expiresAt: new Date(Date.now() + 3600_000),
    })),
  });
  return ids;
}

const shelf = async (productId: string, cinemaId: string) =>
  (await services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId, cinemaId } } })).quantity;

const movementSum = async (productId: string, cinemaId: string) =>
  (await services.db.stockMovement.aggregate({ where: { productId, cinemaId }, _sum: { delta: true } }))._sum.delta ?? 0;

const flushCounters = (cinemaId: string) => services.redis.del(stockKeys(cinemaId).stock, stockKeys(cinemaId).epoch);

async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (isAppError(error)) return String(error.details?.reason ?? error.code);
    throw error;
  }
}

describe("concession stock", () => {
  it("50 concurrent takes of 1 against a stock of 20 sell exactly 20, with Redis flushed mid-way", async () => {
    const c = await cinema();
    const popcorn = await product(c.id, 20);
    const ids = await orders(c.id, 50);
    const take = (orderId: string) => outcome(services.concessions.take({ orderId, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 1 }], userId: null }));
    // The first wave loads the counters; the flush lands while the second is in flight, so some of it reloads from
    // PostgreSQL while earlier sales may not have committed there yet (Redis high: PostgreSQL refuses and corrects).
    const first = Promise.all(ids.slice(0, 25).map(take));
    const second = Promise.all(ids.slice(25).map(async (id, i) => {
      if (i === 5) await flushCounters(c.id);
      return take(id);
    }));
    const results = [...(await first), ...(await second)];
    expect(results.filter((r) => r === "OK")).toHaveLength(20);
    expect(results.filter((r) => r !== "OK").every((r) => r === "OUT_OF_STOCK")).toBe(true);
    expect(await shelf(popcorn.id, c.id)).toBe(0);
    // The shelf started at 20 with no movement: the movements sum to what left it.
    expect(await movementSum(popcorn.id, c.id)).toBe(-20);
    expect(await services.db.orderItem.count({ where: { productId: popcorn.id, status: "RESERVED" } })).toBe(20);
    // Redis never claims less than PostgreSQL has (it would refuse sales there is stock for).
    const counter = (await services.concessions.gateCounters(c.id))[popcorn.id];
    expect(counter === undefined || counter >= 0).toBe(true);
  });

  it("two app processes selling combos (popcorn + cola) at once never sell half an order or below zero", async () => {
    const c = await cinema();
    const popcorn = await product(c.id, 10);
    const cola = await product(c.id, 15, `Cola ${randomBytes(3).toString("hex")}`);
    const ids = await orders(c.id, 30);
    // A second "process": its own Redis connection and database pool, the same Redis keys and database.
    const other = createTestServices();
    try {
      const lines = [{ productId: popcorn.id, quantity: 1 }, { productId: cola.id, quantity: 1 }];
      const results = await Promise.all(
        ids.map(async (orderId, i) => {
          if (i === 12) await flushCounters(c.id);
          const concessions = i % 2 ? other.concessions : services.concessions;
          return outcome(concessions.take({ orderId, cinemaId: c.id, lines, userId: null }));
        }),
      );
      expect(results.filter((r) => r === "OK")).toHaveLength(10);
      expect([await shelf(popcorn.id, c.id), await shelf(cola.id, c.id)]).toEqual([0, 5]);
      // Every order has both items or none.
      const items = await services.db.orderItem.groupBy({ by: ["orderId"], where: { orderId: { in: ids } }, _count: true });
      expect(items.every((group) => group._count === 2)).toBe(true);
      expect(items).toHaveLength(10);
      expect([await movementSum(popcorn.id, c.id), await movementSum(cola.id, c.id)]).toEqual([-10, -10]);
    } finally {
      await other.dispose();
    }
  });

  it("refuses from Redis without touching PostgreSQL once it knows the shelf is empty", async () => {
    const c = await cinema();
    const cola = await product(c.id, 1, `Cola ${randomBytes(3).toString("hex")}`);
    const [a, b] = await orders(c.id, 2);
    await services.concessions.take({ orderId: a!, cinemaId: c.id, lines: [{ productId: cola.id, quantity: 1 }], userId: null });
    expect((await services.concessions.gateCounters(c.id))[cola.id]).toBe(0);
    // PostgreSQL is made to look full behind Redis's back: a refusal now can only have come from the gate.
    await services.db.productStock.update({ where: { productId_cinemaId: { productId: cola.id, cinemaId: c.id } }, data: { quantity: 5 } });
    await expectRefusal(services.concessions.take({ orderId: b!, cinemaId: c.id, lines: [{ productId: cola.id, quantity: 1 }], userId: null }), "OUT_OF_STOCK");
    expect(await shelf(cola.id, c.id)).toBe(5);
  });

  it("a sale Redis let through and PostgreSQL refused corrects Redis", async () => {
    const c = await cinema();
    const nachos = await product(c.id, 3, `Nachos ${randomBytes(3).toString("hex")}`);
    const [a, b] = await orders(c.id, 2);
    await services.concessions.take({ orderId: a!, cinemaId: c.id, lines: [{ productId: nachos.id, quantity: 1 }], userId: null });
    // Someone emptied the shelf in PostgreSQL without telling Redis (2 left there as far as it knows).
    await services.db.productStock.update({ where: { productId_cinemaId: { productId: nachos.id, cinemaId: c.id } }, data: { quantity: 0 } });
    await expectRefusal(services.concessions.take({ orderId: b!, cinemaId: c.id, lines: [{ productId: nachos.id, quantity: 1 }], userId: null }), "OUT_OF_STOCK");
    // The counter went, and the next sale reloads it from the truth.
    expect((await services.concessions.gateCounters(c.id))[nachos.id]).toBeUndefined();
    await expectRefusal(services.concessions.take({ orderId: b!, cinemaId: c.id, lines: [{ productId: nachos.id, quantity: 1 }], userId: null }), "OUT_OF_STOCK");
    expect((await services.concessions.gateCounters(c.id))[nachos.id]).toBe(0);
  });

  it("takes all the lines of an order or none of them, in Redis and in PostgreSQL", async () => {
    const c = await cinema();
    const popcorn = await product(c.id, 5);
    const water = await product(c.id, 1, `Water ${randomBytes(3).toString("hex")}`);
    const [a, b, d] = await orders(c.id, 3);
    const lines = [{ productId: popcorn.id, quantity: 2 }, { productId: water.id, quantity: 2 }];
    const refusal = await expectRefusal(services.concessions.take({ orderId: a!, cinemaId: c.id, lines, userId: null }), "OUT_OF_STOCK");
    expect(refusal.details?.products).toEqual([water.name]);
    expect([await shelf(popcorn.id, c.id), await shelf(water.id, c.id)]).toEqual([5, 1]);
    expect(await services.db.orderItem.count({ where: { orderId: a! } })).toBe(0);

    // The same with the gate out of the way (Redis says yes, PostgreSQL says no to the second line): still nothing.
    await flushCounters(c.id);
    await services.db.productStock.update({ where: { productId_cinemaId: { productId: water.id, cinemaId: c.id } }, data: { quantity: 5 } });
    await services.concessions.take({ orderId: b!, cinemaId: c.id, lines: [{ productId: water.id, quantity: 1 }], userId: null }); // loads counters
    await services.db.productStock.update({ where: { productId_cinemaId: { productId: water.id, cinemaId: c.id } }, data: { quantity: 1 } });
    await expectRefusal(services.concessions.take({ orderId: d!, cinemaId: c.id, lines, userId: null }), "OUT_OF_STOCK");
    expect(await shelf(popcorn.id, c.id)).toBe(5);
    expect(await services.db.orderItem.count({ where: { orderId: d! } })).toBe(0);
    // Both counters were dropped, so Redis can't keep the 2 popcorn it counted for the refused order.
    expect(await services.concessions.gateCounters(c.id)).toEqual({});

    const taken = await services.concessions.take({ orderId: d!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 2 }, { productId: popcorn.id, quantity: 1 }], userId: null });
    expect(taken.map((t) => [t.productId, t.quantity])).toEqual([[popcorn.id, 3]]);
    await expectRefusal(services.concessions.take({ orderId: d!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 1 }], userId: null }), "ITEMS_TAKEN");
    expect(await shelf(popcorn.id, c.id)).toBe(2);
    // Redis had counted the refused second take: its counter went with the refusal.
    expect((await services.concessions.gateCounters(c.id))[popcorn.id]).toBeUndefined();
  });

  it("gives an order's items back once, however many give-backs race", async () => {
    const c = await cinema();
    const popcorn = await product(c.id, 10);
    const [a] = await orders(c.id, 1);
    await services.concessions.take({ orderId: a!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 4 }], userId: null });
    expect(await shelf(popcorn.id, c.id)).toBe(6);
    const returned = await Promise.all(Array.from({ length: 12 }, () => services.concessions.giveBack({ orderId: a!, as: "RELEASED", userId: null })));
    expect(returned.reduce((sum, n) => sum + n, 0)).toBe(1);
    expect(await shelf(popcorn.id, c.id)).toBe(10);
    expect(await movementSum(popcorn.id, c.id)).toBe(0);
    // Redis follows: the next sale can have all ten.
    const [b] = await orders(c.id, 1);
    await services.concessions.take({ orderId: b!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 10 }], userId: null });
    expect(await shelf(popcorn.id, c.id)).toBe(0);
  });

  it("staff stock changes (count, delivery, waste) move PostgreSQL and Redis, each a movement with its note, audited", async () => {
    const c = await cinema();
    const popcorn = await product(c.id, 2);
    const { user } = await createTestUser(services, { role: "STAFF" });
    const [a, b] = await orders(c.id, 2);
    await expectRefusal(services.concessions.take({ orderId: a!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 3 }], userId: null }), "OUT_OF_STOCK");
    expect((await services.concessions.gateCounters(c.id))[popcorn.id]).toBe(2);

    const received = await services.concessions.changeStock({ productId: popcorn.id, cinemaId: c.id, mode: "RECEIVE", quantity: 24, note: "Tuesday delivery", actorId: user.id });
    expect(received).toMatchObject({ quantity: 26, delta: 24 });
    await services.concessions.take({ orderId: a!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 3 }], userId: null });
    const counted = await services.concessions.changeStock({ productId: popcorn.id, cinemaId: c.id, mode: "SET", quantity: 20, note: "Stock take", actorId: user.id });
    expect(counted).toMatchObject({ quantity: 20, delta: -3 });
    await expectRefusal(
      services.concessions.changeStock({ productId: popcorn.id, cinemaId: c.id, mode: "WASTE", quantity: 21, note: "Dropped", actorId: user.id }),
      "BELOW_ZERO",
    );
    await services.concessions.changeStock({ productId: popcorn.id, cinemaId: c.id, mode: "WASTE", quantity: 20, note: "Stale batch", actorId: user.id });
    await expectRefusal(services.concessions.take({ orderId: b!, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 1 }], userId: null }), "OUT_OF_STOCK");

    const movements = await services.concessions.movements({ cinemaId: c.id, productId: popcorn.id, limit: 10 });
    expect(movements.map((m) => [m.delta, m.reason])).toEqual([
      [-20, "WASTE: Stale batch"],
      [-3, "COUNT: Stock take"],
      [-3, "SALE"],
      [24, "RESTOCK: Tuesday delivery"],
    ]);
    expect(2 + (await movementSum(popcorn.id, c.id))).toBe(await shelf(popcorn.id, c.id));
    expect(await services.db.auditLog.count({ where: { entityId: popcorn.id, action: "product.stock_changed" } })).toBe(3);
  });

  it("stays correct with Redis unreachable: PostgreSQL alone decides", async () => {
    const c = await cinema();
    const popcorn = await product(c.id, 3);
    const ids = await orders(c.id, 8);
    const { createConcessions } = await import("@/server/concessions");
    const { createRedis } = await import("@/server/redis/client");
    const dead = createRedis({ url: "redis://127.0.0.1:1", keyPrefix: "nowhere:" });
    const offline = createConcessions({ db: services.db, redis: dead, audit: services.audit });
    const quiet = console.error;
    console.error = () => {};
    try {
      const results = await Promise.all(ids.map((orderId) => outcome(offline.take({ orderId, cinemaId: c.id, lines: [{ productId: popcorn.id, quantity: 1 }], userId: null }))));
      expect(results.filter((r) => r === "OK")).toHaveLength(3);
    } finally {
      console.error = quiet;
      dead.disconnect();
    }
    expect(await shelf(popcorn.id, c.id)).toBe(0);
  });
});
