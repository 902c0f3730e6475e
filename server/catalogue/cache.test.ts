// The catalogue's Redis cache (cache.ts), against real Redis and PostgreSQL: it serves repeated reads without
// PostgreSQL, an admin change through the services is visible on the very next read, the seats left on a screening
// page stay live, and concurrent misses (in one process and across two) run the loader once, so 30 visitors arriving
// together after an admin change cost PostgreSQL one page's worth of queries.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedis } from "@/server/redis/client";
import { createCatalogueCache } from "@/server/catalogue";
import { instantToWallClock } from "@/server/programme";
import { createClock } from "@/tests/support/clock";
import { createTestScreening } from "@/tests/support/screenings";
import { testRedisKeyPrefix, withTestServices } from "@/tests/support/services";
import { countStatements } from "@/tests/support/statements";
import { createTestUser } from "@/tests/support/users";

const HOUR = 3600_000;
// Years ahead of the real date: the test database is shared with files that make chain-wide announcements around now
// (and a few fixed ones in 2031), which would show in this file's reads and crowd them past their limit of five.
const clock = createClock(Date.now() + 2000 * 24 * HOUR);
// Its own Redis prefix: other files' admin changes bump the run's programme version, which would refresh the cache.
const services = withTestServices({
  now: clock.now,
  catalogueCacheSeconds: 60,
  redisKeyPrefix: `${testRedisKeyPrefix()}catalogue-cache-${randomBytes(4).toString("hex")}:`,
});

let adminId: string;
let cinema: { id: string; slug: string; timeZone: string };

beforeAll(async () => {
  adminId = (await createTestUser(services, { role: "ADMIN" })).user.id;
  const tag = randomBytes(5).toString("hex");
  cinema = await services.db.cinema.create({
    data: { slug: `cache-${tag}`, name: `Cache Test ${tag}`, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone: "Europe/London" },
    select: { id: true, slug: true, timeZone: true },
  });
});

const announcementWindow = () => ({
  startsAt: instantToWallClock(new Date(clock.ms() - HOUR), cinema.timeZone),
  endsAt: instantToWallClock(new Date(clock.ms() + 2 * HOUR), cinema.timeZone),
});

describe("the programme cache", () => {
  it("serves a repeated read from Redis, and shows an admin change on the next read", async () => {
    const before = await services.catalogue.activeAnnouncements({ cinemaSlug: cinema.slug });
    expect(before).toEqual([]);

    // Written past the admin services, so nothing invalidates: the cached answer stands (the cache does cache).
    const bypass = await services.db.announcement.create({
      data: { message: "Written behind the cache's back", severity: "INFO", cinemaId: cinema.id, startsAt: new Date(clock.ms() - HOUR), endsAt: new Date(clock.ms() + HOUR) },
    });
    expect(await services.catalogue.activeAnnouncements({ cinemaSlug: cinema.slug })).toEqual([]);

    // An admin change goes through the services, which invalidate once it has committed.
    const created = await services.programme.createAnnouncement({
      actorId: adminId,
      message: "Screen 2 closed for maintenance",
      severity: "WARNING",
      cinemaId: cinema.id,
      ...announcementWindow(),
    });
    const after = await services.catalogue.activeAnnouncements({ cinemaSlug: cinema.slug });
    expect(after.map((row) => row.id).sort()).toEqual([bypass.id, created.id].sort());

    await services.programme.updateAnnouncement({
      id: created.id,
      version: created.version,
      actorId: adminId,
      message: "Screen 2 open again",
      severity: "INFO",
      cinemaId: cinema.id,
      ...announcementWindow(),
    });
    const updated = await services.catalogue.activeAnnouncements({ cinemaSlug: cinema.slug });
    expect(updated.find((row) => row.id === created.id)?.message).toBe("Screen 2 open again");
  });

  it("keeps the details of a screening cached but counts its seats left on every read", async () => {
    const screening = await createTestScreening(services.db, { plan: ["SSSS"], startsAt: new Date(clock.ms() + 5 * HOUR) });
    await services.db.screening.update({ where: { id: screening.screeningId }, data: { publishedAt: clock.now() } });

    const first = await services.catalogue.screeningById(screening.screeningId);
    expect(first.seats).toMatchObject({ total: 4, available: 4 });
    expect(first.startsAt).toBeInstanceOf(Date);

    await services.db.screeningSeatBlock.create({ data: { screeningId: screening.screeningId, seatId: screening.seat("A1") } });
    await services.db.hall.update({ where: { id: screening.hallId }, data: { name: "Renamed behind the cache's back" } });

    const second = await services.catalogue.screeningById(screening.screeningId);
    expect(second.seats).toMatchObject({ total: 3, available: 3 });
    expect(second.hall.name).toBe(first.hall.name);
    expect(second.startsAt).toEqual(first.startsAt);
  });

  it("sends PostgreSQL one page's load for 30 concurrent reads of the home page's listings after an admin change", async () => {
    const screening = await createTestScreening(services.db, { plan: ["SS"], startsAt: new Date(clock.ms() + 3 * HOUR) });
    await services.db.screening.update({ where: { id: screening.screeningId }, data: { publishedAt: clock.now() } });
    // What the home page reads; an admin change (audited, so the write tracker bumps the programme version) before each.
    const homePage = () =>
      Promise.all([services.catalogue.nowShowing(), services.catalogue.todaysShowtimes({}), services.catalogue.activeAnnouncements({})]);
    const adminChange = () =>
      services.programme.createAnnouncement({ actorId: adminId, message: "Late show added", severity: "INFO", cinemaId: cinema.id, ...announcementWindow() });

    await adminChange();
    const oneLoad = await countStatements(homePage);
    const oneHit = await countStatements(homePage);
    expect(oneLoad).toBeGreaterThan(oneHit);

    await adminChange();
    const rush = await countStatements(async () => {
      const pages = await Promise.all(Array.from({ length: 30 }, homePage));
      for (const page of pages) expect(page).toEqual(pages[0]);
    });
    // One load, and whatever a cached read costs (nothing today) for each of the other 29.
    expect(rush).toBe(oneLoad + 29 * oneHit);
  });
});

describe("stampedes", () => {
  const prefix = `${testRedisKeyPrefix()}stampede-${randomBytes(4).toString("hex")}:`;
  const processA = createRedis({ keyPrefix: prefix });
  const processB = createRedis({ keyPrefix: prefix });
  afterAll(() => {
    processA.disconnect();
    processB.disconnect();
  });

  it("runs the loader once for 40 concurrent misses of one key from two processes", async () => {
    const caches = [processA, processB].map((redis) => createCatalogueCache({ redis, now: clock.now, ttlSeconds: 60 }));
    let loads = 0;
    let finish: (value: { at: Date }) => void = () => undefined;
    const loaded = new Promise<{ at: Date }>((resolve) => {
      finish = resolve;
    });
    let started: () => void = () => undefined;
    const loaderStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const load = () => {
      loads += 1;
      started();
      return loaded;
    };

    const reads = Array.from({ length: 40 }, (_, index) => caches[index % 2]!.read("busy-key", load));
    // The loader is held open until every read has been issued and one load is under way.
    await loaderStarted;
    const at = clock.now();
    finish({ at });

    const values = await Promise.all(reads);
    expect(loads).toBe(1);
    for (const value of values) expect(value.at).toEqual(at);
  });

  it("loads again after an invalidation", async () => {
    const cache = createCatalogueCache({ redis: processA, now: clock.now, ttlSeconds: 60 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.read("counted", load)).toBe(1);
    expect(await cache.read("counted", load)).toBe(1);
    await cache.invalidate();
    expect(await cache.read("counted", load)).toBe(2);
  });
});
