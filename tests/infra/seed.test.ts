// The demo seed is re-run by `npm run demo` on whatever day someone starts it, against a database that may hold an
// earlier day's programme. It gets a database of its own: it writes fixed slugs and would meet the other tests'
// data in the run's shared one.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoAccounts } from "@/prisma/seed-data/accounts";
import { SEED_REFUSAL, seedRefusal } from "@/prisma/seed-data/guard";
import { seedDatabase } from "@/prisma/seed-data/seed";
import { hashPassword, verifyPassword } from "@/server/accounts/passwords";
import { createDatabase as connect, type Database } from "@/server/db/client";
import {
  adminUrl,
  createDatabase,
  dropDatabase,
  migrateDatabase,
  runId,
  withDatabase,
} from "../../scripts/lib/databases";

const databaseUrl = withDatabase(adminUrl(), `marquee_test_${runId()}`);
let db: Database;

beforeAll(async () => {
  await createDatabase(databaseUrl);
  await migrateDatabase(databaseUrl, { quiet: true });
  db = connect(databaseUrl);
});

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(databaseUrl);
});

const firstDay = new Date("2026-03-02T09:00:00Z");
const tenDaysLater = new Date("2026-03-12T09:00:00Z");

async function screeningsBeforeRelease() {
  return db.$queryRaw<{ slug: string; startsAt: Date; releaseDate: Date }[]>`
    SELECT f.slug, s."startsAt", f."releaseDate"
    FROM "Screening" s JOIN "Film" f ON f.id = s."filmId"
    WHERE (s."startsAt" AT TIME ZONE 'Europe/London')::date < f."releaseDate"`;
}

/** Audit entries the demo admin made with these actions: what the seed did through the admin's domain functions. */
async function auditedBySeed(actions: string[]) {
  return db.auditLog.count({ where: { action: { in: actions }, actor: { email: "admin@marquee.local" } } });
}

async function releaseDates() {
  const films = await db.film.findMany({ select: { slug: true, releaseDate: true }, orderBy: { slug: "asc" } });
  return films.map((film) => `${film.slug} ${film.releaseDate.toISOString().slice(0, 10)}`);
}

// Seeding renders every film's artwork with sharp and lays out two weeks of screenings: tens of seconds on a busy
// two-core machine, so these tests get a bound well above that rather than the suite's 30 s default.
describe("demo seed", { timeout: 180_000 }, () => {
  it("lays out a programme with films coming soon, and a second run the same day adds nothing", async () => {
    const first = await seedDatabase(db, { today: firstDay });
    expect(first.created.screenings).toBeGreaterThan(100);
    expect(await db.film.count({ where: { releaseDate: { gt: new Date("2026-03-02") } } })).toBeGreaterThan(0);
    expect(await screeningsBeforeRelease()).toEqual([]);
    // Created as the admin creates them (validated, audited), not written straight into the tables.
    expect(await auditedBySeed(["film.created"])).toBe(first.totals.films);
    expect(await auditedBySeed(["cinema.created"])).toBe(first.totals.cinemas);
    expect(await auditedBySeed(["hall.created"])).toBe(first.totals.halls);
    expect(await auditedBySeed(["screening.created"])).toBe(first.totals.screenings);
    expect(await auditedBySeed(["advert.created", "announcement.created", "promo_code.created"])).toBe(
      first.totals.adverts + first.totals.announcements + first.totals.promoCodes,
    );
    // Each screening's block is the scheduler's: pre-show + runtime + cleaning, with the minutes it was timed with.
    const mistimed = await db.$queryRaw<{ id: string }[]>`
      SELECT s.id FROM "Screening" s JOIN "Film" f ON f.id = s."filmId"
      WHERE s."preShowMinutes" <= 0 OR s."cleaningMinutes" <= 0
        OR s."endsAt" <> s."startsAt" + make_interval(mins => s."preShowMinutes" + f."runtimeMinutes" + s."cleaningMinutes")`;
    expect(mistimed).toEqual([]);

    const again = await seedDatabase(db, { today: firstDay });
    expect(again.created).toEqual({ seats: 0, screenings: 0 });
    expect(again.totals).toEqual(first.totals);
    expect(await auditedBySeed(["film.created", "film.updated"])).toBe(first.totals.films);
    expect(await auditedBySeed(["screening.created"])).toBe(first.totals.screenings);
    expect(await auditedBySeed(["cinema.created", "cinema.updated", "hall.created", "hall.updated", "hall.layout_changed"])).toBe(
      first.totals.cinemas + first.totals.halls,
    );
  });

  it("stores the films' artwork through the media module, once", async () => {
    await seedDatabase(db, { today: firstDay });
    const films = await db.film.findMany({ select: { posterUrl: true, backdropUrl: true } });
    const adverts = await db.advert.findMany({ select: { imageUrl: true } });
    const keys = [...films.flatMap((film) => [film.posterUrl, film.backdropUrl]), ...adverts.map((advert) => advert.imageUrl)].map(
      (url) => url?.replace(/^\/media\//, ""),
    );
    for (const key of keys) expect(key).toMatch(/^[a-f0-9]{32}-(poster-400|backdrop-1280)\.jpg$/);
    expect(await db.mediaObject.count({ where: { key: { in: keys as string[] } } })).toBe(new Set(keys).size);
    // Two renditions × two formats for each film's poster and backdrop, and as many for each concession's image (an
    // advert-shaped picture); a re-run adds none.
    const products = await db.product.count({ where: { imageKey: { not: null } } });
    const stored = await db.mediaObject.count();
    expect(stored).toBe(films.length * 2 * 4 + products * 4);
    await seedDatabase(db, { today: firstDay });
    expect(await db.mediaObject.count()).toBe(stored);
  });

  it("re-run on a later day keeps each film's release date, so nothing plays before its release", async () => {
    await seedDatabase(db, { today: firstDay });
    const before = await releaseDates();

    const later = await seedDatabase(db, { today: tenDaysLater });

    expect(later.created.screenings).toBeGreaterThan(0);
    expect(await releaseDates()).toEqual(before);
    expect(await screeningsBeforeRelease()).toEqual([]);
  });

  it("never sets a password or a manager PIN again once someone changed it", async () => {
    await seedDatabase(db, { today: firstDay });
    const { admin, manager } = demoAccounts;
    await db.user.update({ where: { email: admin.email }, data: { passwordHash: await hashPassword("changed by the admin", 4) } });
    await db.user.update({ where: { email: manager.email }, data: { managerPinHash: await hashPassword("97531", 4) } });
    const before = await db.user.findUniqueOrThrow({ where: { email: admin.email } });

    await seedDatabase(db, { today: firstDay });

    const after = await db.user.findUniqueOrThrow({ where: { email: admin.email } });
    expect(after.passwordHash).toBe(before.passwordHash);
    expect(await verifyPassword(admin.password, after.passwordHash)).toBe(false);
    expect(after.sessionVersion).toBe(before.sessionVersion);
    const managerAfter = await db.user.findUniqueOrThrow({ where: { email: manager.email } });
    expect(await verifyPassword("97531", managerAfter.managerPinHash!)).toBe(true);
  });

  it("npm run db:seed refuses in production unless forced, before touching the database", async () => {
    const users = await db.user.count();
    const audits = await db.auditLog.count();
    const root = path.resolve(import.meta.dirname, "../..");
    const run = spawnSync(path.join(root, "node_modules/.bin/tsx"), ["prisma/seed.ts"], {
      cwd: root,
      env: { PATH: process.env.PATH, NODE_ENV: "production", DATABASE_URL: databaseUrl },
      encoding: "utf8",
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(SEED_REFUSAL);
    expect(await db.user.count()).toBe(users);
    expect(await db.auditLog.count()).toBe(audits);

    expect(seedRefusal({ NODE_ENV: "production" }, ["--force"])).toBeNull();
    expect(seedRefusal({ NODE_ENV: "production", SEED_FORCE: "1" }, [])).toBeNull();
    expect(seedRefusal({ NODE_ENV: "production", SEED_FORCE: "0" }, [])).toBe(SEED_REFUSAL);
    expect(seedRefusal({ NODE_ENV: "development" }, [])).toBeNull();
  });
});
