// Holds, releases, extensions and sales against the real PostgreSQL and Redis of the test run. Time is injected:
// no test waits for a deadline.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import pg from "pg";
import { createTestServices, testDatabaseUrl, testRedisKeyPrefix, type TestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";
import { createBaskets } from "@/server/booking/baskets";
import { createInventory, type Inventory, type SeatChange } from ".";
import { countDoubleSold, createTestOrders, createTestScreening, type HallPlan } from "@/tests/support/screenings";
import { createClock } from "@/tests/support/clock";
import { expectRefusal } from "@/tests/support/errors";
import { flushScreening, postgresSeatStates, redisSeatStates } from "@/tests/support/inventory";

const clock = createClock();
let services: TestServices;
let inventory: Inventory;
let keyPrefix: string;

beforeAll(() => {
  services = createTestServices({ now: clock.now });
  inventory = services.inventory;
  keyPrefix = testRedisKeyPrefix();
});

afterAll(async () => {
  await inventory.close();
  await services.dispose();
});

const ROWS_3x10: HallPlan = ["SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS"];
let keyCounter = 0;
const key = (label = "req") => `${label}-${Date.now().toString(36)}-${++keyCounter}`;

async function setup(plan: HallPlan = ROWS_3x10, options: { preventSingleGaps?: boolean; maxSeatsPerOrder?: number; orders?: number } = {}) {
  const screening = await createTestScreening(services.db, {
    plan,
    startsAt: new Date(clock.ms() + 24 * 3600_000),
    preventSingleGaps: options.preventSingleGaps ?? false,
    maxSeatsPerOrder: options.maxSeatsPerOrder,
  });
  const orders = await createTestOrders(services.db, screening.screeningId, options.orders ?? 3, clock.now());
  const hold = (orderId: string, labels: string[], extra: { requestKey?: string; holdSeconds?: number } = {}) =>
    inventory.hold({
      screeningId: screening.screeningId,
      orderId,
      seatIds: screening.seats(...labels),
      requestKey: extra.requestKey ?? key(),
      holdSeconds: extra.holdSeconds,
    });
  return { ...screening, orders, hold };
}

async function tickets(screeningId: string) {
  return services.db.ticket.findMany({
    where: { screeningId },
    select: { seatId: true, orderId: true, status: true, holdExpiresAt: true, priceAmount: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Redis agrees with PostgreSQL about every seat of the screening. */
async function expectStoresAgree(screeningId: string) {
  const pg = await postgresSeatStates(services.db, screeningId, clock.ms());
  const redis = await redisSeatStates(services.redis, inventory.internals.keysOf(screeningId).seats, clock.ms());
  expect(Object.fromEntries(redis)).toEqual(Object.fromEntries(pg));
}

describe("hold", () => {
  it("holds seats for an order in Redis and PostgreSQL, and shows them in the seat map", async () => {
    const s = await setup();
    const [buyer, other] = s.orders as [string, string];
    const result = await s.hold(buyer, ["B4", "B5"], { holdSeconds: 300 });

    expect(result.seats.map((x) => x.label)).toEqual(["B4", "B5"]);
    expect(result.holdExpiresAt?.getTime()).toBe(clock.ms() + 300_000);
    expect(result.replayed).toBe(false);
    const rows = await tickets(s.screeningId);
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.status === "HELD" && r.orderId === buyer && r.priceAmount === 1200)).toBe(true);
    expect(rows[0]!.holdExpiresAt!.getTime()).toBe(clock.ms() + 300_000);

    const mine = await inventory.seatMap({ screeningId: s.screeningId, viewerOrderId: buyer });
    const theirs = await inventory.seatMap({ screeningId: s.screeningId, viewerOrderId: other });
    const b4 = (map: typeof mine) => map.seats.find((x) => x.label === "B4")!;
    expect(b4(mine)).toMatchObject({ state: "held", mine: true });
    expect(b4(mine).holdExpiresAt?.getTime()).toBe(clock.ms() + 300_000);
    expect(b4(theirs)).toMatchObject({ state: "held", mine: false, holdExpiresAt: null });
    expect(mine.counts).toMatchObject({ held: 2, free: 28, sold: 0, blocked: 0, total: 30 });
    expect(mine.source).toBe("redis");
    await expectStoresAgree(s.screeningId);
  });

  it("is all or nothing: one taken seat refuses the whole request, naming it", async () => {
    const s = await setup();
    const [first, second] = s.orders as [string, string];
    await s.hold(first, ["A5"]);
    const error = await expectRefusal(s.hold(second, ["A3", "A4", "A5"]), "SEAT_TAKEN");
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toBe("Sorry, seat A5 has just been taken. Please choose other seats.");
    expect((await tickets(s.screeningId)).filter((t) => t.orderId === second)).toHaveLength(0);
    const map = await inventory.seatMap({ screeningId: s.screeningId });
    expect(map.seats.filter((x) => x.state === "held").map((x) => x.label)).toEqual(["A5"]);
  });

  it("lets the same order hold more seats, and re-holding its own seats keeps their deadline", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    const first = await s.hold(buyer, ["C1", "C2"], { holdSeconds: 300 });
    clock.advance(60_000);
    const second = await s.hold(buyer, ["C2", "C3"], { holdSeconds: 300 });
    expect(second.seats.find((x) => x.label === "C2")!.holdExpiresAt).toEqual(first.holdExpiresAt);
    expect(second.seats.find((x) => x.label === "C3")!.holdExpiresAt!.getTime()).toBe(clock.ms() + 300_000);
    const rows = await tickets(s.screeningId);
    expect(rows.filter((r) => r.status === "HELD")).toHaveLength(3);
    await expectStoresAgree(s.screeningId);
  });

  it("refuses a basket that is not PENDING, and puts the seats back", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    await services.db.order.update({ where: { id: buyer }, data: { status: "EXPIRED", email: "gone@test.marquee.local" } });
    await expectRefusal(s.hold(buyer, ["A1", "A2"]), "BASKET_CLOSED");
    const map = await inventory.seatMap({ screeningId: s.screeningId });
    expect(map.counts.held).toBe(0);
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: { in: ["HELD", "SOLD"] } } })).toBe(0);
  });

  it("refuses cancelled screenings, closed sales and bad input with clear errors", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    await expectRefusal(s.hold(buyer, ["A1"], { requestKey: "short" }), "BAD_REQUEST_KEY");
    await expectRefusal(
      inventory.hold({ screeningId: s.screeningId, orderId: buyer, seatIds: ["nope"], requestKey: key() }),
      "UNKNOWN_SEAT",
    );
    await expectRefusal(
      inventory.hold({ screeningId: s.screeningId, orderId: buyer, seatIds: [], requestKey: key() }),
      "NO_SEATS",
    );
    const late = createInventory({
      db: services.db,
      redis: services.redis,
      audit: services.audit,
      now: () => new Date(clock.ms() + 25 * 3600_000),
    });
    await expectRefusal(late.hold({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1"), requestKey: key() }), "SALES_CLOSED");
  });
});

describe("idempotent retries", () => {
  it("answers a repeated request key with the same result and no second hold", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    const requestKey = key("idem");
    const first = await s.hold(buyer, ["A1", "A2"], { requestKey });
    clock.advance(1_000);
    const again = await s.hold(buyer, ["A1", "A2"], { requestKey });
    expect(again.replayed).toBe(true);
    expect(again.seats).toEqual(first.seats);
    expect(again.holdExpiresAt).toEqual(first.holdExpiresAt);
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId } })).toBe(2);
  });

  it("replays a hold that was released since without holding the seats again", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    const requestKey = key("idem");
    const first = await s.hold(buyer, ["A1"], { requestKey });
    await inventory.release({ screeningId: s.screeningId, orderId: buyer });
    const again = await s.hold(buyer, ["A1"], { requestKey });
    expect(again).toMatchObject({ replayed: true, holdExpiresAt: first.holdExpiresAt });
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: "HELD" } })).toBe(0);
    expect((await inventory.seatMap({ screeningId: s.screeningId })).counts.held).toBe(0);
  });

  it("replays a refusal, and refuses a key reused for different seats", async () => {
    const s = await setup();
    const [first, second] = s.orders as [string, string];
    const holder = await s.hold(first, ["A1"]);
    const requestKey = key("idem");
    await expectRefusal(s.hold(second, ["A1"], { requestKey }), "SEAT_TAKEN");
    await inventory.release({ screeningId: s.screeningId, orderId: first });
    expect(holder.seats).toHaveLength(1);
    // The seat is free now, but this request was answered: the retry gets the same answer.
    await expectRefusal(s.hold(second, ["A1"], { requestKey }), "SEAT_TAKEN");
    await expectRefusal(s.hold(second, ["A2"], { requestKey }), "KEY_REUSED");
  });

  it("completes a hold whose process died between Redis and PostgreSQL when the client retries", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    const crashing = createInventory({
      db: services.db,
      redis: services.redis,
      audit: services.audit,
      now: clock.now,
      hooks: {
        afterRedisHold: () => {
          throw new Error("process died");
        },
      },
    });
    const requestKey = key("crash");
    await expect(
      crashing.hold({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("B1", "B2"), requestKey }),
    ).rejects.toThrow("process died");
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId } })).toBe(0);

    const retried = await s.hold(buyer, ["B1", "B2"], { requestKey });
    expect(retried.replayed).toBe(false);
    const rows = await tickets(s.screeningId);
    expect(rows.map((r) => [r.status, r.orderId])).toEqual([
      ["HELD", buyer],
      ["HELD", buyer],
    ]);
    await expectStoresAgree(s.screeningId);
  });
});

describe("release, extend and sell", () => {
  it("releases holds in both stores, idempotently", async () => {
    const s = await setup();
    const [buyer, other] = s.orders as [string, string];
    await s.hold(buyer, ["A1", "A2", "A3"]);
    expect((await inventory.release({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A3") })).released).toEqual(
      s.seats("A3"),
    );
    expect((await inventory.release({ screeningId: s.screeningId, orderId: buyer })).released.sort()).toEqual(
      s.seats("A1", "A2").sort(),
    );
    expect((await inventory.release({ screeningId: s.screeningId, orderId: buyer })).released).toEqual([]);
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: "RELEASED" } })).toBe(3);
    await s.hold(other, ["A1", "A2", "A3"]);
    await expectStoresAgree(s.screeningId);
  });

  it("sells held seats all or nothing; a repeated sale is a no-op", async () => {
    const s = await setup();
    const [buyer, other] = s.orders as [string, string];
    await s.hold(buyer, ["A1", "A2"]);
    await expectRefusal(inventory.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1", "A2", "A3") }), "HOLD_LOST");
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: "SOLD" } })).toBe(0);

    const sale = await inventory.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1", "A2") });
    expect(sale.soldNow.sort()).toEqual(s.seats("A1", "A2").sort());
    const again = await inventory.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1", "A2") });
    expect(again.soldNow).toEqual([]);
    const map = await inventory.seatMap({ screeningId: s.screeningId, viewerOrderId: buyer });
    expect(map.seats.filter((x) => x.state === "sold").map((x) => [x.label, x.mine])).toEqual([
      ["A1", true],
      ["A2", true],
    ]);
    await expectRefusal(s.hold(other, ["A2"]), "SEAT_TAKEN");
    expect((await inventory.release({ screeningId: s.screeningId, orderId: buyer })).released).toEqual([]);
    await expectStoresAgree(s.screeningId);
  });

  it("extends a hold, never beyond the maximum hold time", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    const start = clock.ms();
    await s.hold(buyer, ["A1", "A2"], { holdSeconds: 120 });
    clock.advance(100_000);
    const extended = await inventory.extend({ screeningId: s.screeningId, orderId: buyer, holdSeconds: 300 });
    expect(extended.holdExpiresAt.getTime()).toBe(clock.ms() + 300_000);
    const rows = await tickets(s.screeningId);
    expect(rows.every((r) => r.holdExpiresAt!.getTime() === clock.ms() + 300_000)).toBe(true);

    clock.advance(1_000_000); // 1,100 s after the hold; the maximum is 1,200 s
    const capped = await inventory.extend({ screeningId: s.screeningId, orderId: buyer, holdSeconds: 600 });
    expect(capped.holdExpiresAt.getTime()).toBe(start + inventory.options.maxHoldSeconds * 1000);
    clock.advance(200_000);
    await expectRefusal(inventory.extend({ screeningId: s.screeningId, orderId: buyer }), "HOLD_LIMIT");
  });
});

describe("expiry without any job", () => {
  it("frees an expired hold for the next buyer in both stores", async () => {
    const s = await setup();
    const [late, next] = s.orders as [string, string];
    await s.hold(late, ["B5", "B6"], { holdSeconds: 60 });
    clock.advance(59_999);
    await expectRefusal(s.hold(next, ["B6"]), "SEAT_TAKEN");
    clock.advance(1);
    // At the deadline the seats count as free everywhere, though nothing has run in between.
    const map = await inventory.seatMap({ screeningId: s.screeningId });
    expect(map.counts.held).toBe(0);
    await s.hold(next, ["B6", "B7"]);
    const rows = await tickets(s.screeningId);
    expect(rows.filter((r) => r.status === "HELD").map((r) => r.orderId)).toEqual([late, next, next]);
    // B6's old ticket was released when the next buyer took the seat; B5's stays HELD but expired (it counts as free).
    const b6 = await services.db.ticket.findMany({ where: { seatId: s.seat("B6") }, select: { status: true, orderId: true } });
    expect(b6).toEqual(expect.arrayContaining([{ status: "RELEASED", orderId: late }, { status: "HELD", orderId: next }]));
    await expectStoresAgree(s.screeningId);
  });

  it("lets an expired hold that nobody took still be extended and sold", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    await s.hold(buyer, ["A1"], { holdSeconds: 60 });
    clock.advance(120_000);
    await inventory.seatMap({ screeningId: s.screeningId }); // observes and clears the expired hold in Redis
    const extended = await inventory.extend({ screeningId: s.screeningId, orderId: buyer, holdSeconds: 60 });
    expect(extended.holdExpiresAt.getTime()).toBe(clock.ms() + 60_000);
    clock.advance(120_000);
    const sale = await inventory.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1") });
    expect(sale.soldNow).toEqual(s.seats("A1"));
    await expectStoresAgree(s.screeningId);
  });

  it("refuses to extend or sell an expired hold once someone else took the seat", async () => {
    const s = await setup();
    const [slow, quick] = s.orders as [string, string];
    await s.hold(slow, ["A1", "A2"], { holdSeconds: 60 });
    clock.advance(61_000);
    await s.hold(quick, ["A2"]);
    const extendError = await expectRefusal(
      inventory.extend({ screeningId: s.screeningId, orderId: slow, seatIds: s.seats("A1", "A2") }),
      "HOLD_LOST",
    );
    expect(extendError.message).toBe("Your hold on A2 ran out and the seat has been taken.");
    // Without the list, what is still held (A1) is extended, and the answer says so.
    const rest = await inventory.extend({ screeningId: s.screeningId, orderId: slow });
    expect(rest.seatIds).toEqual(s.seats("A1"));
    await expectRefusal(inventory.sell({ screeningId: s.screeningId, orderId: slow, seatIds: s.seats("A1", "A2") }), "HOLD_LOST");
    // Nothing of the slow order was sold; A1 is still its (expired) hold, A2 is the quick buyer's.
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: "SOLD" } })).toBe(0);
    expect(await countDoubleSold(services.db, s.screeningId)).toBe(0);
    await expectStoresAgree(s.screeningId);
  });
});

describe("Redis and PostgreSQL", () => {
  it("rebuilds a flushed screening from PostgreSQL", async () => {
    const s = await setup();
    const [a, b, c] = s.orders as [string, string, string];
    await s.hold(a, ["A1", "A2"]);
    await s.hold(b, ["B1"]);
    await inventory.sell({ screeningId: s.screeningId, orderId: b, seatIds: s.seats("B1") });
    expect(await flushScreening(keyPrefix, s.screeningId)).toBeGreaterThan(0);

    await expectRefusal(s.hold(c, ["A2", "A3"]), "SEAT_TAKEN");
    await expectRefusal(s.hold(c, ["B1"]), "SEAT_TAKEN");
    const map = await inventory.seatMap({ screeningId: s.screeningId, viewerOrderId: a });
    expect(map.seats.filter((x) => x.state !== "free").map((x) => `${x.label}:${x.state}:${x.mine}`)).toEqual([
      "A1:held:true",
      "A2:held:true",
      "B1:sold:false",
    ]);
    await expectStoresAgree(s.screeningId);
  });

  it("rebuilds when only one of a screening's keys is lost (evicted or deleted)", async () => {
    const s = await setup();
    const [a, b] = s.orders as [string, string];
    await s.hold(a, ["A1"]);
    const keys = inventory.internals.keysOf(s.screeningId);
    await services.redis.del(keys.layout);
    await s.hold(b, ["A2"]); // not "unknown seat": the state is rebuilt first
    await services.redis.del(keys.seats);
    await expectRefusal(s.hold(b, ["A1"]), "SEAT_TAKEN");
    await services.redis.del(keys.owners);
    expect((await inventory.release({ screeningId: s.screeningId, orderId: b })).released).toEqual(s.seats("A2"));
    await expectStoresAgree(s.screeningId);
  });

  it("never gives one seat to two buyers when Redis is flushed in the middle of a hold", async () => {
    const s = await setup();
    const [first, second] = s.orders as [string, string];
    let secondResult: Promise<unknown> | null = null;
    const racing = createInventory({
      db: services.db,
      redis: services.redis,
      audit: services.audit,
      now: clock.now,
      hooks: {
        // After the first buyer's Redis step, Redis loses everything, and a second buyer's whole hold runs.
        afterRedisHold: async ({ orderId }) => {
          if (orderId !== first) return;
          await flushScreening(keyPrefix, s.screeningId);
          secondResult = s.hold(second, ["C4", "C5"]);
          await secondResult;
        },
      },
    });
    await expectRefusal(
      racing.hold({ screeningId: s.screeningId, orderId: first, seatIds: s.seats("C5", "C6"), requestKey: key() }),
      "SEAT_TAKEN",
    );
    await expect(secondResult).resolves.toBeDefined();
    const live = await services.db.ticket.findMany({
      where: { screeningId: s.screeningId, status: { in: ["HELD", "SOLD"] } },
      select: { seatId: true, orderId: true },
    });
    expect(live.map((t) => t.orderId)).toEqual([second, second]);
    expect(await countDoubleSold(services.db, s.screeningId)).toBe(0);
    await expectStoresAgree(s.screeningId);
  });

  it("keeps a sale when Redis is flushed between the sale and its mirror in Redis", async () => {
    const s = await setup();
    const [buyer, other] = s.orders as [string, string];
    const selling = createInventory({
      db: services.db,
      redis: services.redis,
      audit: services.audit,
      now: clock.now,
      hooks: { afterSaleCommitted: () => flushScreening(keyPrefix, s.screeningId).then(() => {}) },
    });
    await s.hold(buyer, ["A1", "A2"]);
    await selling.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1", "A2") });
    await expectRefusal(s.hold(other, ["A1"]), "SEAT_TAKEN");
    expect((await inventory.seatMap({ screeningId: s.screeningId })).counts.sold).toBe(2);
    await expectStoresAgree(s.screeningId);
  });

  it("lets PostgreSQL win when Redis has lost a hold, and repairs Redis", async () => {
    const s = await setup();
    const [holder, other] = s.orders as [string, string];
    await s.hold(holder, ["A4"]);
    await services.redis.hdel(inventory.internals.keysOf(s.screeningId).seats, s.seat("A4"));
    expect((await inventory.seatMap({ screeningId: s.screeningId })).counts.held).toBe(0);

    await expectRefusal(s.hold(other, ["A3", "A4"]), "SEAT_TAKEN");
    const map = await inventory.seatMap({ screeningId: s.screeningId, viewerOrderId: holder });
    expect(map.seats.filter((x) => x.state !== "free").map((x) => `${x.label}:${x.mine}`)).toEqual(["A4:true"]);
    expect(await services.db.ticket.count({ where: { orderId: other, status: { in: ["HELD", "SOLD"] } } })).toBe(0);
    await expectStoresAgree(s.screeningId);
  });

  it("treats a hold only Redis knows (its process died) as taken until its deadline", async () => {
    const s = await setup();
    const [ghost, buyer] = s.orders as [string, string];
    const dying = createInventory({
      db: services.db,
      redis: services.redis,
      audit: services.audit,
      now: clock.now,
      hooks: {
        afterRedisHold: () => {
          throw new Error("killed");
        },
      },
    });
    await expect(
      dying.hold({ screeningId: s.screeningId, orderId: ghost, seatIds: s.seats("A1"), requestKey: key(), holdSeconds: 60 }),
    ).rejects.toThrow("killed");
    await expectRefusal(s.hold(buyer, ["A1"]), "SEAT_TAKEN");
    clock.advance(60_000);
    await s.hold(buyer, ["A1"]);
    await expectStoresAgree(s.screeningId);
  });
});

describe("seat changes", () => {
  it("publishes holds, releases, sales and observed expiries on the screening's channel", async () => {
    const s = await setup();
    const [buyer, other] = s.orders as [string, string];
    const changes: SeatChange[] = [];
    await inventory.seatMap({ screeningId: s.screeningId }); // load first, so the "rebuild" message is not in the list
    const stop = await inventory.subscribeToSeatChanges(s.screeningId, (change) => changes.push(change));
    // A second process's inventory (its own Redis connection) sees the same messages.
    const elsewhere = createTestServices({ now: clock.now });
    const remote: SeatChange[] = [];
    const stopRemote = await elsewhere.inventory.subscribeToSeatChanges(s.screeningId, (change) => remote.push(change));

    await s.hold(buyer, ["A1", "A2"], { holdSeconds: 60 });
    await inventory.release({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A2") });
    await s.hold(other, ["B1"]);
    await inventory.sell({ screeningId: s.screeningId, orderId: other, seatIds: s.seats("B1") });
    clock.advance(60_000);
    await inventory.seatMap({ screeningId: s.screeningId });

    const summary = (list: SeatChange[]) =>
      list.map((c) => `${c.reason}:${c.seats.map((x) => `${s.seatIds.indexOf(x.seatId)}=${x.state}`).sort().join(",")}`);
    const expected = ["hold:0=held,1=held", "release:1=free", "hold:10=held", "sale:10=sold", "expiry:0=free"];
    // Everything was published before the calls returned; a round trip on each subscription connection flushes it.
    await inventory.internals.syncSubscriptions();
    await elsewhere.inventory.internals.syncSubscriptions();
    expect(summary(changes)).toEqual(expected);
    expect(summary(remote)).toEqual(expected);
    expect(changes.every((c) => c.screeningId === s.screeningId)).toBe(true);
    await stop();
    await stopRemote();
    await elsewhere.inventory.close();
    await elsewhere.dispose();
  });
});

describe("when Redis is unreachable", () => {
  it("refuses holds with a retry-later error and serves the seat map from PostgreSQL", async () => {
    const s = await setup();
    const [buyer] = s.orders as [string];
    await s.hold(buyer, ["A1"]);
    const { createRedis } = await import("@/server/redis/client");
    const deadRedis = createRedis({ url: "redis://127.0.0.1:1", keyPrefix });
    deadRedis.on("error", () => {});
    const offline = createInventory({ db: services.db, redis: deadRedis, audit: services.audit, now: clock.now });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const error = await expectRefusal(
        offline.hold({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A2"), requestKey: key() }),
        "INVENTORY_UNAVAILABLE",
      );
      expect(error.code).toBe("SERVICE_UNAVAILABLE");
      expect(error.details?.retryAfterSeconds).toBe(5);
      const map = await offline.seatMap({ screeningId: s.screeningId, viewerOrderId: buyer });
      expect(map.source).toBe("postgres");
      expect(map.seats.filter((x) => x.state === "held").map((x) => `${x.label}:${x.mine}`)).toEqual(["A1:true"]);
      // A sale doesn't need Redis: PostgreSQL decides, Redis catches up.
      await offline.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1") });
      expect(logged).toHaveBeenCalledWith("[inventory] sale not mirrored to Redis", expect.anything());
    } finally {
      logged.mockRestore();
      deadRedis.disconnect();
    }
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: "SOLD" } })).toBe(1);
  });
});

describe("baskets", () => {
  it("opens one basket per holder and screening", async () => {
    const s = await setup();
    // Baskets are booking's Order rows; the inventory only says whether, and for how long, one may be opened.
    const baskets = createBaskets({ db: services.db, inventory, now: clock.now });
    const first = await baskets.openBasket({ screeningId: s.screeningId, holderKey: "guest-token-1" });
    const again = await baskets.openBasket({ screeningId: s.screeningId, holderKey: "guest-token-1" });
    const other = await baskets.openBasket({ screeningId: s.screeningId, holderKey: "guest-token-2" });
    expect(again.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    expect(first.reference).toMatch(/^[A-Z2-9]{8}$/);
    expect((await baskets.currentBasket({ screeningId: s.screeningId, holderKey: "guest-token-1" }))?.id).toBe(first.id);
    expect(await baskets.currentBasket({ screeningId: s.screeningId, holderKey: "guest-token-3" })).toBeNull();
    const held = await inventory.hold({ screeningId: s.screeningId, orderId: first.id, seatIds: s.seats("A1"), requestKey: key() });
    expect(held.seats).toHaveLength(1);
    const user = await createTestUser(services);
    const signedIn = await baskets.openBasket({ screeningId: s.screeningId, holderKey: user.user.id, userId: user.user.id });
    expect((await services.db.order.findUnique({ where: { id: signedIn.id } }))?.userId).toBe(user.user.id);
  });
});

describe("through a node-postgres pool", () => {
  it("holds, expires, extends, sells and releases exactly like the Prisma path", async () => {
    const pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 3 });
    const direct = createInventory({ db: services.db, redis: services.redis, audit: services.audit, now: clock.now, pool });
    try {
      const s = await setup();
      const [slow, quick] = s.orders as [string, string];
      const hold = (orderId: string, labels: string[], holdSeconds?: number) =>
        direct.hold({ screeningId: s.screeningId, orderId, seatIds: s.seats(...labels), requestKey: key("pool"), holdSeconds });
      const first = await hold(slow, ["A1", "A2"], 60);
      expect(first.holdExpiresAt?.getTime()).toBe(clock.ms() + 60_000);
      await expectRefusal(hold(quick, ["A2"]), "SEAT_TAKEN");
      clock.advance(60_000);
      await hold(quick, ["A2", "A3"]);
      await expectRefusal(direct.extend({ screeningId: s.screeningId, orderId: slow, seatIds: s.seats("A1", "A2") }), "HOLD_LOST");
      await expectRefusal(direct.sell({ screeningId: s.screeningId, orderId: slow, seatIds: s.seats("A1", "A2") }), "HOLD_LOST");
      expect((await direct.sell({ screeningId: s.screeningId, orderId: slow, seatIds: s.seats("A1") })).soldNow).toEqual(s.seats("A1"));
      expect((await direct.release({ screeningId: s.screeningId, orderId: quick, seatIds: s.seats("A3") })).released).toEqual(s.seats("A3"));
      const rows = await tickets(s.screeningId);
      const seatLabel = (seatId: string) => `A${s.seatIds.indexOf(seatId) + 1}`;
      expect(rows.map((r) => `${seatLabel(r.seatId)}:${r.status}:${r.orderId === slow ? "slow" : "quick"}`).sort()).toEqual([
        "A1:SOLD:slow",
        "A2:HELD:quick",
        "A2:RELEASED:slow",
        "A3:RELEASED:quick",
      ]);
      await expectStoresAgree(s.screeningId);
    } finally {
      await direct.close();
      await pool.end();
    }
  });
});
