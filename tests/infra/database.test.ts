// Proves the test harness itself: the run's database carries the migrations (including the SQL that Prisma's schema
// can't express) and Redis keys land under the run's prefix. Kept independent of the app's services and routers.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "@/server/db/client";
import { createRedis, type RedisClient } from "@/server/redis/client";

const databaseUrl = inject("databaseUrl");
const redisKeyPrefix = inject("redisKeyPrefix");
let db: Database;

beforeAll(() => {
  db = createDatabase(databaseUrl);
});

afterAll(async () => {
  await db.$disconnect();
});

async function createScreening() {
  const tag = randomBytes(4).toString("hex");
  const cinema = await db.cinema.create({
    data: {
      slug: `infra-${tag}`,
      name: "Infra Picturehouse",
      address: "1 Test Street",
      city: "Testville",
      postcode: "T1 1ST",
      timeZone: "Europe/London",
    },
  });
  const hall = await db.hall.create({ data: { cinemaId: cinema.id, name: "Screen 1", gridRows: 1, gridCols: 2 } });
  const layout = await db.hallLayout.create({ data: { hallId: hall.id, version: 1, gridRows: 1, gridCols: 2 } });
  const seat = await db.seat.create({ data: { layoutId: layout.id, rowLabel: "A", number: 1, gridRow: 0, gridCol: 0 } });
  const film = await db.film.create({
    data: {
      slug: `infra-film-${tag}`,
      title: "Infrastructure",
      synopsis: "A database is born.",
      runtimeMinutes: 90,
      certificate: "U",
      posterUrl: "/posters/none.jpg",
      director: "Nobody",
      releaseDate: new Date("2026-01-01"),
    },
  });
  const plan = await db.pricePlan.create({ data: { cinemaId: cinema.id, name: `Infra ${tag}`, currency: "GBP" } });
  const startsAt = new Date(Date.now() + 24 * 3600_000);
  const screening = await db.screening.create({
    data: {
      filmId: film.id,
      hallId: hall.id,
      layoutId: layout.id,
      pricePlanId: plan.id,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      audioLanguage: "en",
    },
  });
  const order = await db.order.create({
    data: {
      reference: `INF${tag}`.toUpperCase(),
      email: "infra@test.marquee.local",
      screeningId: screening.id,
      currency: "GBP",
      subtotalAmount: 1000,
      totalAmount: 1000,
      expiresAt: new Date(Date.now() + 10 * 60_000),
    },
  });
  return { screening, seat, order };
}

function ticket(
  ids: { orderId: string; screeningId: string; seatId: string },
  status: "HELD" | "SOLD" | "RELEASED",
) {
  return db.ticket.create({
    data: {
      ...ids,
      ticketType: "ADULT",
      currency: "GBP",
      priceAmount: 1000,
      status,
      holdExpiresAt: status === "HELD" ? new Date(Date.now() + 10 * 60_000) : null,
      code: randomBytes(12).toString("hex"),
    },
  });
}

describe("test database", () => {
  it("is this run's own database, not the developer's", async () => {
    const [row] = await db.$queryRaw<{ name: string }[]>`SELECT current_database() AS name`;
    expect(row?.name).toMatch(/^marquee_test_\d{8}t\d{6}_[0-9a-f]{8}$/);
    expect(process.env.DATABASE_URL).toBe(databaseUrl);
  });

  it("has every migration applied", async () => {
    const pending = await db.$queryRaw<{ count: bigint }[]>`
      SELECT count(*) AS count FROM _prisma_migrations WHERE finished_at IS NULL OR rolled_back_at IS NOT NULL`;
    expect(pending[0]?.count).toBe(0n);
    const indexes = await db.$queryRaw<{ indexname: string }[]>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'Ticket' AND indexname = 'ticket_one_live_per_seat'`;
    expect(indexes).toHaveLength(1);
  });

  it("allows one live ticket per seat and screening, however many released ones", async () => {
    const { screening, seat, order } = await createScreening();
    const ids = { orderId: order.id, screeningId: screening.id, seatId: seat.id };

    await ticket(ids, "RELEASED");
    await ticket(ids, "HELD");
    await expect(ticket(ids, "HELD")).rejects.toMatchObject({ code: "P2002" });
    await expect(ticket(ids, "SOLD")).rejects.toMatchObject({ code: "P2002" });
    await ticket(ids, "RELEASED");

    const live = await db.ticket.count({ where: { seatId: seat.id, status: { in: ["HELD", "SOLD"] } } });
    expect(live).toBe(1);
  });
});

describe("test Redis", () => {
  let prefixed: RedisClient;
  let raw: Redis;

  beforeAll(() => {
    prefixed = createRedis({ keyPrefix: redisKeyPrefix });
    raw = new Redis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true });
  });

  afterAll(() => {
    prefixed.disconnect();
    raw.disconnect();
  });

  it("writes every key under the run's prefix", async () => {
    expect(redisKeyPrefix).toMatch(/^marquee-test-\d{8}t\d{6}_[0-9a-f]{8}:$/);
    expect(process.env.REDIS_KEY_PREFIX).toBe(redisKeyPrefix);

    await prefixed.set("infra:probe", "1", "EX", 60);
    // Lua scripts get the prefix on KEYS too, which is what the rate limiter relies on.
    await prefixed.eval("return redis.call('SET', KEYS[1], ARGV[1], 'EX', 60)", 1, "infra:lua", "2");

    expect(await raw.get(`${redisKeyPrefix}infra:probe`)).toBe("1");
    expect(await raw.get(`${redisKeyPrefix}infra:lua`)).toBe("2");
    expect(await raw.exists("infra:probe", "infra:lua")).toBe(0);
  });
});
