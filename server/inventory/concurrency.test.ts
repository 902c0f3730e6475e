// Many buyers at once, against the real PostgreSQL and Redis: several inventories in this process (each with its own
// Redis connection and database pool), Redis flushed in the middle, and a second Node process. The invariants:
// every request is answered with a hold or a clear refusal, no seat is ever held or sold twice, and PostgreSQL holds
// exactly what the buyers were told.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/server/errors";
import { createTestServices, testDatabaseUrl, testRedisKeyPrefix, type TestServices } from "@/tests/support/services";
import pg from "pg";
import { createInventory, type Inventory, type SeatChange } from ".";
import { countDoubleSold, createTestOrders, createTestScreening, type TestScreening } from "@/tests/support/screenings";
import { createClock } from "@/tests/support/clock";
import { expectRefusal } from "@/tests/support/errors";
import { flushScreening, postgresSeatStates, redisSeatStates } from "@/tests/support/inventory";
import { spawnSecondProcess } from "@/tests/support/spawn-second-process";

const clock = createClock();
let processes: TestServices[];
/** One inventory per "process"; the third writes through a node-postgres pool instead of Prisma. */
let inventories: Inventory[];
let pool: pg.Pool;

beforeAll(() => {
  // Three "app processes" in this one: separate Redis connections and database pools, the same clock.
  processes = Array.from({ length: 3 }, () => createTestServices({ now: clock.now }));
  pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 5 });
  const third = processes[2]!;
  inventories = [
    processes[0]!.inventory,
    processes[1]!.inventory,
    createInventory({ db: third.db, redis: third.redis, audit: third.audit, now: clock.now, pool }),
  ];
});

afterAll(async () => {
  for (const inventory of inventories) await inventory.close();
  for (const p of processes) await p.dispose();
  await pool.end();
});

function seededRandom(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

type Outcome = { ok: true; orderId: string; seatIds: string[] } | { ok: false; reason: string };

/** A random block of 1-3 adjacent seats in a random row, per order, all requested at once. */
async function stampede(
  s: TestScreening & { rows: string[][] },
  orderIds: string[],
  seed: number,
  label: string,
  rows: string[][] = s.rows,
): Promise<Outcome[]> {
  const random = seededRandom(seed);
  return Promise.all(
    orderIds.map(async (orderId, i): Promise<Outcome> => {
      const row = rows[Math.floor(random() * rows.length)]!;
      const size = 1 + Math.floor(random() * 3);
      const start = Math.floor(random() * (row.length - size + 1));
      const seatIds = row.slice(start, start + size);
      const inventory = inventories[i % inventories.length]!;
      try {
        await inventory.hold({ screeningId: s.screeningId, orderId, seatIds, requestKey: `${label}-${i}-${orderId}` });
        return { ok: true, orderId, seatIds };
      } catch (error) {
        return { ok: false, reason: isAppError(error) ? String(error.details?.reason) : `UNEXPECTED ${String(error)}` };
      }
    }),
  );
}

async function screening(plan: string[], preventSingleGaps = true) {
  const s = await createTestScreening(processes[0]!.db, { plan, startsAt: new Date(clock.ms() + 86_400_000), preventSingleGaps });
  const rows = plan.map((row, r) => [...row].map((_, c) => s.seat(`${String.fromCharCode(65 + r)}${c + 1}`)));
  return { ...s, rows };
}

/** What the buyers were told is exactly what PostgreSQL holds: disjoint seats, one live ticket each, right owner. */
async function expectToldEqualsTruth(screeningId: string, successes: Array<{ orderId: string; seatIds: string[] }>) {
  const told = new Map<string, string>();
  for (const { orderId, seatIds } of successes) {
    for (const seatId of seatIds) {
      expect(told.has(seatId), `seat ${seatId} was promised twice`).toBe(false);
      told.set(seatId, orderId);
    }
  }
  const db = processes[0]!.db;
  const live = await db.ticket.findMany({
    where: { screeningId, status: { in: ["HELD", "SOLD"] } },
    select: { seatId: true, orderId: true },
  });
  expect(Object.fromEntries(live.map((t) => [t.seatId, t.orderId]))).toEqual(Object.fromEntries(told));
  expect(await countDoubleSold(db, screeningId)).toBe(0);
}

async function expectStoresAgree(screeningId: string) {
  const p = processes[0]!;
  const pg = await postgresSeatStates(p.db, screeningId, clock.ms());
  const redis = await redisSeatStates(p.redis, p.inventory.internals.keysOf(screeningId).seats, clock.ms());
  expect(Object.fromEntries(redis)).toEqual(Object.fromEntries(pg));
}

describe("concurrent holds", () => {
  it("answers 400 simultaneous holds on 24 seats with a hold or a clear refusal, never selling a seat twice", async () => {
    const s = await screening(["SSSSSSSSSSSS", "SSSSSSSSSSSS"]);
    const orders = await createTestOrders(processes[0]!.db, s.screeningId, 400, clock.now());
    const outcomes = await stampede(s, orders, 42, "stampede");

    const refusals = outcomes.filter((o) => !o.ok).map((o) => (o as { reason: string }).reason);
    expect(refusals.every((r) => r === "SEAT_TAKEN" || r === "SINGLE_GAP")).toBe(true);
    const successes = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
    expect(successes.length).toBeGreaterThan(0);
    await expectToldEqualsTruth(s.screeningId, successes);
    await expectStoresAgree(s.screeningId);

    // Everyone who got a hold pays at once, while 200 more buyers try their luck.
    const latecomers = await createTestOrders(processes[0]!.db, s.screeningId, 200, clock.now());
    const [sales, late] = await Promise.all([
      Promise.all(
        successes.map((o, i) => inventories[i % 3]!.sell({ screeningId: s.screeningId, orderId: o.orderId, seatIds: o.seatIds })),
      ),
      stampede(s, latecomers, 7, "late"),
    ]);
    expect(sales).toHaveLength(successes.length);
    const lateSuccesses = late.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
    await expectToldEqualsTruth(s.screeningId, [...successes, ...lateSuccesses]);
    const sold = await processes[0]!.db.ticket.count({ where: { screeningId: s.screeningId, status: "SOLD" } });
    expect(sold).toBe(successes.reduce((n, o) => n + o.seatIds.length, 0));
    await expectStoresAgree(s.screeningId);
  });

  it("gives a pair of seats to exactly one of 300 buyers", async () => {
    const s = await screening(["SSSSSS"], false);
    const orders = await createTestOrders(processes[0]!.db, s.screeningId, 300, clock.now());
    const seatIds = s.seats("A3", "A4");
    const outcomes = await Promise.all(
      orders.map((orderId, i) =>
        inventories[i % 3]!
          .hold({ screeningId: s.screeningId, orderId, seatIds, requestKey: `pair-${i}-${orderId}` })
          .then(() => "held", (e: unknown) => (isAppError(e) ? String(e.details?.reason) : `UNEXPECTED ${String(e)}`)),
      ),
    );
    expect(outcomes.filter((o) => o === "held")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "SEAT_TAKEN")).toHaveLength(299);
    expect(await countDoubleSold(processes[0]!.db, s.screeningId)).toBe(0);
  });

  it("stays correct when Redis is flushed again and again while holds are in flight, and heals afterwards", async () => {
    const s = await screening(["SSSSSSSSSSSS", "SSSSSSSSSSSS"], false);
    const orders = await createTestOrders(processes[0]!.db, s.screeningId, 300, clock.now());
    let flushes = 0;
    const flusher = (async () => {
      for (let i = 0; i < 8; i++) {
        await new Promise((resolve) => setTimeout(resolve, 3 + i * 4));
        await flushScreening(testRedisKeyPrefix(), s.screeningId);
        flushes += 1;
      }
    })();
    const [outcomes] = await Promise.all([stampede(s, orders, 1234, "flush"), flusher]);
    expect(flushes).toBe(8);
    const refusals = outcomes.filter((o) => !o.ok).map((o) => (o as { reason: string }).reason);
    expect(refusals.filter((r) => r !== "SEAT_TAKEN")).toEqual([]);
    const successes = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
    await expectToldEqualsTruth(s.screeningId, successes);

    // A rebuild can miss a hold that reached PostgreSQL just after it read: Redis then shows a taken seat as free. The
    // first hold on such a seat is refused by PostgreSQL and repairs Redis.
    const p = processes[0]!;
    const map = await p.inventory.seatMap({ screeningId: s.screeningId });
    const pg = await postgresSeatStates(p.db, s.screeningId, clock.ms());
    const stale = map.seats.filter((seat) => seat.state === "free" && pg.has(seat.id));
    const [probe] = await createTestOrders(p.db, s.screeningId, 1, clock.now());
    for (const seat of stale) {
      await expectRefusal(p.inventory.hold({ screeningId: s.screeningId, orderId: probe!, seatIds: [seat.id], requestKey: `probe-${seat.id}` }), "SEAT_TAKEN");
    }
    await expectStoresAgree(s.screeningId);
  });
});

describe("a rush in one process", () => {
  /** An inventory on process 0's connection whose hold scripts are counted as they go to Redis and come back. */
  function countedInventory(options: { holdsInFlight: number; holdQueueMaxWaitMs?: number }, gate?: Promise<void>) {
    const p = processes[0]!;
    const counts = { inFlight: 0, most: 0, started: 0 };
    const redis = p.redis as unknown as Record<string, (...args: Array<string | number>) => Promise<unknown>>;
    const original = redis.inventoryHold!;
    // scripts.ts binds the connection's inventoryHold when an inventory is created: this one gets the counting call.
    redis.inventoryHold = async (...args) => {
      counts.started += 1;
      counts.inFlight += 1;
      counts.most = Math.max(counts.most, counts.inFlight);
      try {
        if (gate) await gate;
        return await original.apply(p.redis, args);
      } finally {
        counts.inFlight -= 1;
      }
    };
    try {
      const inventory = createInventory({ db: p.db, redis: p.redis, audit: p.audit, now: clock.now, options });
      return { inventory, counts };
    } finally {
      redis.inventoryHold = original;
    }
  }

  it("keeps at most holdsInFlight hold scripts in flight, answers every queued hold and gives each seat to one buyer", async () => {
    const { inventory, counts } = countedInventory({ holdsInFlight: 4 });
    const s = await screening(["SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS"], false);
    const orders = await createTestOrders(processes[0]!.db, s.screeningId, 200, clock.now());
    const wanted = orders.map((_, i) => s.rows[(i >> 1) % 4]![i % 10]!);
    const outcomes = await Promise.all(
      orders.map((orderId, i) =>
        inventory
          .hold({ screeningId: s.screeningId, orderId, seatIds: [wanted[i]!], requestKey: `rush-${i}-${orderId}` })
          .then(
            (): Outcome => ({ ok: true, orderId, seatIds: [wanted[i]!] }),
            (e: unknown): Outcome => ({ ok: false, reason: isAppError(e) ? String(e.details?.reason) : `UNEXPECTED ${String(e)}` }),
          ),
      ),
    );
    await inventory.close();
    expect(counts.most).toBe(4);
    const successes = outcomes.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
    expect(successes).toHaveLength(40);
    expect(outcomes.filter((o) => !o.ok && o.reason === "SEAT_TAKEN")).toHaveLength(160);
    await expectToldEqualsTruth(s.screeningId, successes);
  });

  it("answers a hold that waited too long for its turn with a retry-later error, having run nothing", async () => {
    let open!: () => void;
    const { inventory, counts } = countedInventory({ holdsInFlight: 1, holdQueueMaxWaitMs: 0 }, new Promise<void>((resolve) => (open = resolve)));
    const s = await screening(["SSSS"], false);
    const [first, second] = await createTestOrders(processes[0]!.db, s.screeningId, 2, clock.now());
    await processes[0]!.inventory.internals.ensureLoaded(s.screeningId);
    const holding = inventory.hold({ screeningId: s.screeningId, orderId: first!, seatIds: s.seats("A1"), requestKey: `slow-1-${first}` });
    await expect.poll(() => counts.started).toBe(1);
    const queued = inventory.hold({ screeningId: s.screeningId, orderId: second!, seatIds: s.seats("A2"), requestKey: `slow-2-${second}` });
    // The second hold is queued behind the first (one in flight at most) before the first may go on.
    await expect.poll(() => inventory.internals.holdsWaiting()).toBe(1);
    const refused = expectRefusal(queued, "INVENTORY_UNAVAILABLE");
    open();
    await holding;
    await refused;
    expect(counts.started).toBe(1);
    await inventory.close();
    const map = await processes[0]!.inventory.seatMap({ screeningId: s.screeningId });
    expect(map.seats.filter((x) => x.state === "held").map((x) => x.label)).toEqual(["A1"]);
  });
});

describe("two app processes", () => {
  // Each process has a row to itself (so each is sure to get seats, however the two are scheduled) and they fight
  // over the middle row.
  it("hold the same seats at the same time without double selling, and see each other's changes", { timeout: 90_000 }, async () => {
    const s = await screening(["SSSSSSSSSSSS", "SSSSSSSSSSSS", "SSSSSSSSSSSS"], false);
    const db = processes[0]!.db;
    const mine = await createTestOrders(db, s.screeningId, 150, clock.now());
    const theirs = await createTestOrders(db, s.screeningId, 150, clock.now());
    await processes[0]!.inventory.seatMap({ screeningId: s.screeningId });
    const seenHere: SeatChange[] = [];
    const stop = await processes[0]!.inventory.subscribeToSeatChanges(s.screeningId, (c) => seenHere.push(c));

    const child = spawnSecondProcess({
      INVENTORY_DATABASE_URL: testDatabaseUrl(),
      INVENTORY_REDIS_PREFIX: testRedisKeyPrefix(),
      INVENTORY_SCREENING_ID: s.screeningId,
      INVENTORY_ORDER_IDS: theirs.join(","),
      INVENTORY_NOW_MS: String(clock.ms()),
      INVENTORY_SEED: "99",
      INVENTORY_ROWS: "1,2",
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("ready\n")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`second process exited early (${code})`)));
    });
    await ready;
    child.stdin.write("go\n");
    const here = await stampede(s, mine, 5, "first-process", [s.rows[0]!, s.rows[1]!]);
    child.stdin.end("report\n");
    expect(await exited).toBe(0);
    await processes[0]!.inventory.internals.syncSubscriptions();
    const report = JSON.parse(output.split("\n").find((line) => line.startsWith("{"))!) as {
      successes: Array<{ orderId: string; seatIds: string[] }>;
      refusals: string[];
      heldSeatsSeen: string[];
    };

    const hereSuccesses = here.filter((o): o is Extract<Outcome, { ok: true }> => o.ok);
    expect(hereSuccesses.length).toBeGreaterThan(0);
    expect(report.successes.length).toBeGreaterThan(0);
    expect([...here.filter((o) => !o.ok).map((o) => (o as { reason: string }).reason), ...report.refusals].every(
      (r) => r === "SEAT_TAKEN",
    )).toBe(true);
    await expectToldEqualsTruth(s.screeningId, [...hereSuccesses, ...report.successes]);
    await expectStoresAgree(s.screeningId);

    // Each process heard about the other's holds over Redis pub/sub.
    const theirSeats = report.successes.flatMap((o) => o.seatIds);
    const heardHere = new Set(seenHere.flatMap((c) => c.seats.filter((x) => x.state === "held").map((x) => x.seatId)));
    expect(theirSeats.every((id) => heardHere.has(id))).toBe(true);
    const heardThere = new Set(report.heldSeatsSeen);
    expect(hereSuccesses.flatMap((o) => o.seatIds).every((id) => heardThere.has(id))).toBe(true);
    await stop();
  });
});
