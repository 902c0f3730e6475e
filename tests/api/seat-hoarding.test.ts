// Seat hoarding through the seats router and the app's own request context (cookies, X-Forwarded-For, the caller's
// address): how many seats one client can hold at once, whatever cookies or headers it sends, and the guest token
// the server signs and stores only as a hash. Real PostgreSQL and Redis, the production default limits.
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { HOLDER_COOKIE, hashHolderToken, newHolderToken, signedHolderToken } from "@/server/api/holder";
import { appRouter } from "@/server/api/root";
import { createCallerFactory, createTRPCContext } from "@/server/api/trpc";
import { defaultInventoryOptions } from "@/server/inventory";
import { createClock } from "@/tests/support/clock";
import { createTestScreening } from "@/tests/support/screenings";
import { testRedisKeyPrefix, withTestServices } from "@/tests/support/services";
import { testRequestHeaders } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";

const clock = createClock();
const limits = defaultInventoryOptions.seatLimits;
const services = withTestServices({ now: clock.now, seatLimits: limits });
const createCaller = createCallerFactory(appRouter);

/**
 * A request as the app builds it: from a client at `ip` (what our proxy reports; a client's own X-Forwarded-For
 * entries go in front of it), with its cookie, and the response's headers.
 */
async function client(options: { ip: string; cookie?: string; headers?: Record<string, string> }, session: AppSession | null = null) {
  const resHeaders = new Headers();
  const ctx = await createTRPCContext({ headers: testRequestHeaders(options), session, services, resHeaders });
  return { caller: createCaller(ctx), resHeaders, ctx };
}

/** A /24 of its own for each test (198.18.0.0/15 is for benchmarks), so tests of one run don't share counters. */
function network() {
  const [a, b] = randomBytes(2);
  const prefix = `198.${18 + (a! % 2)}.${b}`;
  return (host: number) => `${prefix}.${host}`;
}

const ROW = "S".repeat(20);
const hall300 = () =>
  createTestScreening(services.db, { plan: Array.from({ length: 15 }, () => ROW), startsAt: new Date(clock.ms() + 2 * 86_400_000), maxSeatsPerOrder: 10 });

/** Seats held now: a web hold lives in Redis alone until checkout, so the seat map counts them (not Ticket rows). */
const heldCount = async (screeningId: string) => (await services.inventory.seatMap({ screeningId })).counts.held;

/** Holds these seats; "OK" or the refusal's tRPC code and reason. */
async function attempt(caller: ReturnType<typeof createCaller>, screeningId: string, seatIds: string[]) {
  try {
    await caller.seats.hold({ screeningId, seatIds, requestKey: randomUUID() });
    return "OK";
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    const reason = (error.cause as { details?: { reason?: string } } | undefined)?.details?.reason;
    return `${error.code}:${reason ?? ""}`;
  }
}

const chunk = (ids: string[], size: number) => Array.from({ length: Math.ceil(ids.length / size) }, (_, i) => ids.slice(i * size, i * size + size));

describe("seat hoarding", () => {
  it("30 cookie-less holds from one address (each a new guest) cannot empty a 300-seat hall", async () => {
    const screening = await hall300();
    const address = network()(7);
    const outcomes: string[] = [];
    for (const seats of chunk(screening.seatIds, 10)) {
      const { caller } = await client({ ip: address });
      outcomes.push(await attempt(caller, screening.screeningId, seats));
    }
    expect(outcomes.filter((o) => o === "OK")).toHaveLength(1);
    expect(outcomes.slice(1).every((o) => o === "TOO_MANY_REQUESTS:HOLDING_LIMIT")).toBe(true);
    expect(await heldCount(screening.screeningId)).toBeLessThanOrEqual(limits.perScreeningPerAddress);
  });

  it("says why in words the seat map shows", async () => {
    const screening = await hall300();
    const address = network()(8);
    await (await client({ ip: address })).caller.seats.hold({
      screeningId: screening.screeningId,
      seatIds: screening.seatIds.slice(0, 10),
      requestKey: randomUUID(),
    });
    const refused = await (await client({ ip: address })).caller.seats
      .hold({ screeningId: screening.screeningId, seatIds: screening.seatIds.slice(10, 11), requestKey: randomUUID() })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((refused as TRPCError).message).toMatch(/^You're holding the most seats we allow at once/);
  });

  it("made-up X-Forwarded-For entries don't reset any limit: the connection's address is counted", async () => {
    const first = await hall300();
    const second = await hall300();
    const socketAddress = network()(9);
    const outcomes: string[] = [];
    for (const [i, seats] of chunk(first.seatIds.slice(0, 100), 5).entries()) {
      const spoofed = `10.${i}.${randomBytes(1)[0]}.1, 2001:db8::${i.toString(16)}`;
      const { caller } = await client({ ip: socketAddress, headers: { "x-forwarded-for": spoofed } });
      const screeningId = i % 2 === 0 ? first.screeningId : second.screeningId;
      outcomes.push(await attempt(caller, screeningId, i % 2 === 0 ? seats : second.seatIds.slice(i * 5, i * 5 + 5)));
    }
    const held = (await heldCount(first.screeningId)) + (await heldCount(second.screeningId));
    expect(held).toBeLessThanOrEqual(limits.perAddress);
    expect(outcomes.filter((o) => o === "OK").length).toBeLessThanOrEqual(Math.floor(limits.perAddress / 5));
  });

  it("a sweep from the neighbours of one /24 is capped for the whole network", async () => {
    const screening = await hall300();
    const neighbour = network();
    for (const [i, seats] of chunk(screening.seatIds.slice(0, 120), 4).entries()) {
      const { caller } = await client({ ip: neighbour(10 + i) });
      await attempt(caller, screening.screeningId, seats);
    }
    expect(await heldCount(screening.screeningId)).toBe(limits.perNetwork);
  });

  it("an IPv6 client can't walk its /64 to get round the limits", async () => {
    const screening = await hall300();
    const prefix = `2001:db8:${randomBytes(2).toString("hex")}:${randomBytes(2).toString("hex")}`;
    for (const [i, seats] of chunk(screening.seatIds.slice(0, 120), 4).entries()) {
      const { caller } = await client({ ip: `${prefix}:${randomBytes(2).toString("hex")}::${(i + 1).toString(16)}` });
      await attempt(caller, screening.screeningId, seats);
    }
    expect(await heldCount(screening.screeningId)).toBe(limits.perNetwork);
  });

  it("one holder can't spread past its limit over several screenings and addresses", async () => {
    const screenings = [await hall300(), await hall300(), await hall300()];
    const token = newHolderToken();
    const cookie = `${HOLDER_COOKIE}=${signedHolderToken(token)}`;
    const outcomes: string[] = [];
    for (const [i, screening] of screenings.entries()) {
      const { caller } = await client({ ip: network()(20 + i), cookie });
      outcomes.push(await attempt(caller, screening.screeningId, screening.seatIds.slice(0, 4)));
    }
    // 4 + 4 fit the holder's 10; the third 4 doesn't.
    expect(outcomes).toEqual(["OK", "OK", "TOO_MANY_REQUESTS:HOLDING_LIMIT"]);
  });

  it("seats given back stop counting, and holds that ran out stop counting by themselves", async () => {
    const screening = await hall300();
    const address = network()(30);
    const cookie = `${HOLDER_COOKIE}=${signedHolderToken(newHolderToken())}`;
    const { caller } = await client({ ip: address, cookie });
    const seats = screening.seatIds;
    expect(await attempt(caller, screening.screeningId, seats.slice(0, 10))).toBe("OK");
    expect(await attempt(caller, screening.screeningId, seats.slice(10, 11))).toBe("TOO_MANY_REQUESTS:HOLDING_LIMIT");
    await caller.seats.release({ screeningId: screening.screeningId, seatIds: seats.slice(0, 5) });
    expect(await attempt(caller, screening.screeningId, seats.slice(10, 15))).toBe("OK");

    // Another client of the same address: held seats of the first count until their deadline passes, then not.
    const other = (await client({ ip: address })).caller;
    expect(await attempt(other, screening.screeningId, seats.slice(20, 21))).toBe("TOO_MANY_REQUESTS:HOLDING_LIMIT");
    clock.advance(defaultInventoryOptions.maxHoldSeconds * 1000);
    expect(await attempt(other, screening.screeningId, seats.slice(20, 30))).toBe("OK");
  });

  it("parallel holds from one address never take it past its limit", async () => {
    const screening = await hall300();
    const address = network()(40);
    const callers = await Promise.all(Array.from({ length: 40 }, () => client({ ip: address })));
    const outcomes = await Promise.all(callers.map(({ caller }, i) => attempt(caller, screening.screeningId, screening.seatIds.slice(i * 3, i * 3 + 3))));
    const held = await heldCount(screening.screeningId);
    expect(held).toBeLessThanOrEqual(limits.perScreeningPerAddress);
    expect(held).toBe(3 * outcomes.filter((o) => o === "OK").length);
    expect(outcomes.filter((o) => o !== "OK").every((o) => o === "TOO_MANY_REQUESTS:HOLDING_LIMIT")).toBe(true);
    // The counter agrees with PostgreSQL.
    const counted = await services.inventory.internals.quota.heldBy(
      { holderKey: "guest:none", address, userId: null },
      screening.screeningId,
      clock.ms(),
    );
    expect(counted.screening).toBe(held);
  });

  it("staff are exempt", async () => {
    const { session } = await createTestUser(services, { role: "STAFF" });
    const { caller } = await client({ ip: network()(50) }, session);
    for (let i = 0; i < 3; i++) {
      const screening = await hall300();
      expect(await attempt(caller, screening.screeningId, screening.seatIds.slice(0, 10))).toBe("OK");
    }
  });

  it("the box office's counter holders are exempt", async () => {
    const screening = await hall300();
    for (const seats of chunk(screening.seatIds.slice(0, 60), 10)) {
      const holderKey = `counter:${randomUUID()}`;
      await services.booking.openBasket({ screeningId: screening.screeningId, holderKey, userId: null, channel: "BOX_OFFICE" });
      await services.booking.holdSeats({ screeningId: screening.screeningId, seatIds: seats, requestKey: randomUUID(), holderKey, userId: null });
    }
    expect(await heldCount(screening.screeningId)).toBe(60);
  });
});

describe("guest holder token", () => {
  it("is made and signed by the server, and stored only as a hash", async () => {
    const screening = await hall300();
    const first = await client({ ip: network()(60) });
    const held = await first.caller.seats.hold({ screeningId: screening.screeningId, seatIds: screening.seatIds.slice(0, 2), requestKey: randomUUID() });
    const setCookie = first.resHeaders.get("set-cookie") ?? "";
    const value = new RegExp(`${HOLDER_COOKIE}=([^;]+)`).exec(setCookie)?.[1] ?? "";
    const [random, signature] = value.split(".");
    expect(random).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(setCookie).toMatch(/HttpOnly/);

    // The browser comes back with it and finds its basket.
    const again = await client({ ip: network()(61), cookie: `${HOLDER_COOKIE}=${value}` });
    expect((await again.caller.screenings.seatMap({ screeningId: screening.screeningId })).orderId).toBe(held.orderId);

    // Neither PostgreSQL nor any Redis key has the token, only its hash.
    const order = await services.db.order.findUniqueOrThrow({ where: { id: held.orderId } });
    expect(order.holderKey).toBe(`guest:${hashHolderToken(random!)}`);
    expect(JSON.stringify(order)).not.toContain(random);
    // (ioredis doesn't prefix a KEYS pattern: the run's prefix is spelled out.)
    const keys = await services.redis.keys(`${testRedisKeyPrefix()}*`);
    expect(keys.filter((key) => key.includes(random!))).toEqual([]);
    expect(keys.some((key) => key.includes(hashHolderToken(random!)))).toBe(true);
  });

  it("refuses a forged, unsigned or client-chosen cookie: ignored, never used as a holder, and replaced", async () => {
    const screening = await hall300();
    const victim = await client({ ip: network()(70) });
    const held = await victim.caller.seats.hold({ screeningId: screening.screeningId, seatIds: screening.seatIds.slice(0, 2), requestKey: randomUUID() });
    const victimCookie = /mq_holder=([^;]+)/.exec(victim.resHeaders.get("set-cookie") ?? "")![1]!;
    const victimRandom = victimCookie.split(".")[0]!;
    const order = await services.db.order.findUniqueOrThrow({ where: { id: held.orderId } });

    const chosen = newHolderToken();
    const forged = [
      chosen, // unsigned, client-chosen (the old format)
      `${chosen}.${"A".repeat(43)}`, // a made-up signature
      `${chosen}.${victimCookie.split(".")[1]}`, // someone else's signature on another value
      order.holderKey!.slice("guest:".length), // the stored hash as a cookie
      `${victimRandom}.${signedHolderToken(chosen).split(".")[1]}`, // the victim's random part with the wrong MAC
    ];
    for (const [i, value] of forged.entries()) {
      const attempt = await client({ ip: network()(71), cookie: `${HOLDER_COOKIE}=${value}` });
      expect(attempt.ctx.holder.current).toBeNull();
      expect((await attempt.caller.screenings.seatMap({ screeningId: screening.screeningId })).orderId).toBeNull();
      expect(await attempt.caller.seats.release({ screeningId: screening.screeningId })).toEqual({ released: [] });
      const own = await attempt.caller.seats.hold({ screeningId: screening.screeningId, seatIds: screening.seatIds.slice(10 + i, 11 + i), requestKey: randomUUID() });
      const replaced = /mq_holder=([^;]+)/.exec(attempt.resHeaders.get("set-cookie") ?? "")?.[1];
      expect(replaced).toBeDefined();
      expect(replaced).not.toBe(value);
      const ownOrder = await services.db.order.findUniqueOrThrow({ where: { id: own.orderId } });
      expect(ownOrder.holderKey).toBe(`guest:${hashHolderToken(replaced!.split(".")[0]!)}`);
      expect(ownOrder.holderKey).not.toBe(`guest:${hashHolderToken(value.split(".")[0]!)}`);
    }
    // The victim's seats are untouched.
    const back = await client({ ip: network()(72), cookie: `${HOLDER_COOKIE}=${victimCookie}` });
    expect((await back.caller.screenings.seatMap({ screeningId: screening.screeningId })).seats.filter((s) => s.mine)).toHaveLength(2);
  });

  it("the migration hashes stored raw tokens, and an open basket keeps working for its old cookie", async () => {
    const screening = await hall300();
    const raw = newHolderToken();
    const basket = await services.booking.openBasket({ screeningId: screening.screeningId, holderKey: `guest:${raw}`, userId: null });
    await services.inventory.hold({ screeningId: screening.screeningId, orderId: basket.id, seatIds: screening.seatIds.slice(0, 2), requestKey: randomUUID() });

    const migration = readFileSync(path.join(process.cwd(), "prisma/migrations/20261206110000_hashed_holder_keys/migration.sql"), "utf8");
    await services.db.$executeRawUnsafe(migration);
    const order = await services.db.order.findUniqueOrThrow({ where: { id: basket.id } });
    expect(order.holderKey).toBe(`guest:${hashHolderToken(raw)}`);

    const old = await client({ ip: network()(80), cookie: `${HOLDER_COOKIE}=${raw}` });
    expect((await old.caller.screenings.seatMap({ screeningId: screening.screeningId })).orderId).toBe(basket.id);
    expect(old.resHeaders.get("set-cookie")).toContain(`${HOLDER_COOKIE}=${signedHolderToken(raw)}`);
    // Running it again changes nothing.
    await services.db.$executeRawUnsafe(migration);
    expect((await services.db.order.findUniqueOrThrow({ where: { id: basket.id } })).holderKey).toBe(order.holderKey);
  });
});
