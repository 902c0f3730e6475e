// Adverts as admins manage them, against the real database: validation refusals change nothing, every change is
// audited with its before and after in the same transaction, two saves of one version can't both win, and the public
// site (the catalogue's activeAdverts) sees a change at once, highest priority first.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";
import { instantToWallClock } from "@/server/programme";
import type { AdminAdvert, AdvertFormValues } from "@/server/programme/schemas";
import { advertFormSchema } from "@/server/programme/schemas";

const HOUR = 3600_000;
const LONDON = "Europe/London";
const IMAGE = `/media/${"a".repeat(32)}-advert-1280.jpg`;
const clock = createClock();
const services = withTestServices({ now: clock.now });

let adminId: string;

beforeAll(async () => {
  adminId = (await createTestUser(services, { role: "ADMIN" })).user.id;
});

function values(overrides: Partial<AdvertFormValues> = {}): AdvertFormValues {
  return {
    title: `Advert ${randomBytes(4).toString("hex")}`,
    body: "",
    imageUrl: IMAGE,
    linkUrl: "/films",
    placement: "PRE_SHOW",
    startsAt: instantToWallClock(new Date(clock.ms() - HOUR), LONDON),
    endsAt: instantToWallClock(new Date(clock.ms() + 2 * HOUR), LONDON),
    priority: 0,
    active: true,
    cinemaIds: [],
    durationSeconds: 30,
    filmId: null,
    ...overrides,
  };
}

const valuesOf = (row: AdminAdvert): AdvertFormValues & { id: string; version: number } => ({
  id: row.id,
  version: row.version,
  title: row.title,
  body: row.body ?? "",
  imageUrl: row.imageUrl,
  linkUrl: row.linkUrl ?? "",
  placement: row.placement,
  startsAt: row.startsAtLocal,
  endsAt: row.endsAtLocal,
  priority: row.priority,
  active: row.active,
  cinemaIds: row.cinemaIds,
  durationSeconds: row.durationSeconds,
  filmId: row.filmId,
});

const auditFor = (entityId: string) =>
  services.db.auditLog.findMany({ where: { entityType: "Advert", entityId }, orderBy: { createdAt: "asc" } });

describe("the shared schema", () => {
  it("accepts a good advert and names the field of each bad value", () => {
    expect(advertFormSchema.safeParse(values()).success).toBe(true);
    expect(advertFormSchema.safeParse(values({ linkUrl: "https://example.com/offer?x=1" })).success).toBe(true);
    expect(advertFormSchema.safeParse(values({ linkUrl: "", imageUrl: null })).success).toBe(true);
    const cases: Array<[Partial<AdvertFormValues>, string]> = [
      [{ title: "   " }, "title"],
      [{ imageUrl: "https://evil.example/cat.png" }, "imageUrl"],
      [{ imageUrl: "/media/../../etc/passwd" }, "imageUrl"],
      [{ linkUrl: "http://example.com" }, "linkUrl"],
      [{ linkUrl: "//evil.example" }, "linkUrl"],
      [{ linkUrl: "javascript:alert(1)" }, "linkUrl"],
      [{ startsAt: "2031-01-02T10:00", endsAt: "2031-01-01T10:00" }, "endsAt"],
      [{ priority: 1.5 }, "priority"],
      [{ placement: "SIDEBAR" as AdvertFormValues["placement"] }, "placement"],
    ];
    for (const [bad, field] of cases) {
      const result = advertFormSchema.safeParse(values(bad));
      expect(result.success, JSON.stringify(bad)).toBe(false);
      expect(result.error?.issues.map((issue) => issue.path.join("."))).toContain(field);
    }
  });
});

describe("creating and the site", () => {
  it("audits the creation, the site shows it at once, and orders a placement's adverts by priority", async () => {
    const low = await services.programme.createAdvert({ actorId: adminId, ...values({ title: "  Low  ", priority: 998 }) });
    expect(low).toMatchObject({ title: "Low", body: null, linkUrl: "/films", status: "live", version: 1, priority: 998 });
    const [entry] = await auditFor(low.id);
    expect(entry).toMatchObject({ actorId: adminId, action: "advert.created", details: { before: null, after: { title: "Low", priority: 998, version: 1 } } });

    // Started later (newer) but a lower priority: still after.
    const high = await services.programme.createAdvert({ actorId: adminId, ...values({ title: "High", priority: 999 }) });
    const newer = await services.programme.createAdvert({
      actorId: adminId,
      ...values({ title: "Newer", priority: 997, startsAt: instantToWallClock(new Date(clock.ms() - 60_000), LONDON) }),
    });
    const ids = (await services.catalogue.activeAdverts("PRE_SHOW")).map((advert) => advert.id);
    expect(ids.filter((id) => [low.id, high.id, newer.id].includes(id))).toEqual([high.id, low.id, newer.id]);

    // Pausing takes it off the site at once; resuming puts it back.
    const paused = await services.programme.pauseAdvert({ id: high.id, version: 1, actorId: adminId });
    expect(paused).toMatchObject({ active: false, status: "paused", version: 2 });
    expect((await services.catalogue.activeAdverts("PRE_SHOW")).map((advert) => advert.id)).not.toContain(high.id);
    await services.programme.resumeAdvert({ id: high.id, version: 2, actorId: adminId });
    expect((await services.catalogue.activeAdverts("PRE_SHOW"))[0]?.id).toBe(high.id);
    expect((await auditFor(high.id)).map((e) => e.action)).toEqual(["advert.created", "advert.paused", "advert.resumed"]);

    // Lowering the priority reorders the site on the next read.
    const current = await services.db.advert.findUniqueOrThrow({ where: { id: high.id }, select: { version: true } });
    await services.programme.updateAdvert({ ...valuesOf({ ...paused, active: true, version: current.version }), actorId: adminId, priority: 996 });
    const after = (await services.catalogue.activeAdverts("PRE_SHOW")).map((advert) => advert.id);
    expect(after.filter((id) => [low.id, high.id, newer.id].includes(id))).toEqual([low.id, newer.id, high.id]);

    for (const advert of [low, high, newer]) {
      const { version } = await services.db.advert.findUniqueOrThrow({ where: { id: advert.id }, select: { version: true } });
      await services.programme.deleteAdvert({ id: advert.id, version, actorId: adminId });
    }
  });

  it("lists with filters by status and placement", async () => {
    const scheduled = await services.programme.createAdvert({
      actorId: adminId,
      ...values({
        placement: "HOME_HERO",
        startsAt: instantToWallClock(new Date(clock.ms() + 24 * HOUR), LONDON),
        endsAt: instantToWallClock(new Date(clock.ms() + 48 * HOUR), LONDON),
      }),
    });
    expect(scheduled.status).toBe("scheduled");
    const ids = async (input: Parameters<typeof services.programme.listAdverts>[0]) =>
      (await services.programme.listAdverts(input)).adverts.map((advert) => advert.id);
    expect(await ids({ when: "scheduled", placement: "HOME_HERO" })).toContain(scheduled.id);
    expect(await ids({ when: "live" })).not.toContain(scheduled.id);
    expect(await ids({ placement: "HOME_STRIP" })).not.toContain(scheduled.id);
    clock.advance(72 * HOUR);
    try {
      expect(await ids({ when: "ended", placement: "HOME_HERO" })).toContain(scheduled.id);
    } finally {
      clock.advance(-72 * HOUR);
    }
  });
});

describe("editing", () => {
  const fresh = () => services.programme.createAdvert({ actorId: adminId, ...values({ title: "Original", active: false }) });

  it("audits the before and after and bumps the version", async () => {
    const row = await fresh();
    const saved = await services.programme.updateAdvert({ ...valuesOf(row), actorId: adminId, title: "Edited", linkUrl: "https://example.com/x" });
    expect(saved).toMatchObject({ title: "Edited", linkUrl: "https://example.com/x", version: 2 });
    const entries = await auditFor(row.id);
    expect(entries.map((e) => e.action)).toEqual(["advert.created", "advert.updated"]);
    expect(entries[1]!.details).toMatchObject({
      before: { title: "Original", linkUrl: "/films", version: 1 },
      after: { title: "Edited", linkUrl: "https://example.com/x", version: 2 },
    });
  });

  it("a save from an old version is refused with 'changed by someone else, reload' and writes nothing", async () => {
    const row = await fresh();
    await services.programme.updateAdvert({ ...valuesOf(row), actorId: adminId, title: "First save" });
    const error = await expectAppError(services.programme.updateAdvert({ ...valuesOf(row), actorId: adminId, title: "Second save" }), "CONFLICT");
    expect(error.message).toMatch(/changed by someone else.*reload/i);
    await expectAppError(services.programme.pauseAdvert({ id: row.id, version: 1, actorId: adminId }), "CONFLICT");
    await expectAppError(services.programme.deleteAdvert({ id: row.id, version: 1, actorId: adminId }), "CONFLICT");
    expect(await services.db.advert.findUnique({ where: { id: row.id } })).toMatchObject({ title: "First save", version: 2 });
    expect((await auditFor(row.id)).length).toBe(2);
  });

  it("of two concurrent saves from the same version, exactly one wins and the other gets CONFLICT", async () => {
    const row = await fresh();
    const results = await Promise.allSettled(
      ["Admin A", "Admin B"].map((title) => services.programme.updateAdvert({ ...valuesOf(row), actorId: adminId, title })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const winner = (won[0] as PromiseFulfilledResult<{ title: string }>).value.title;
    expect(await services.db.advert.findUnique({ where: { id: row.id } })).toMatchObject({ title: winner, version: 2 });
    expect((await auditFor(row.id)).map((e) => e.action)).toEqual(["advert.created", "advert.updated"]);
  });

  it("a refused value (the end not after the start) writes nothing and audits nothing", async () => {
    const row = await fresh();
    const error = await expectAppError(
      services.programme.updateAdvert({ ...valuesOf(row), actorId: adminId, title: "Nope", endsAt: row.startsAtLocal }),
      "BAD_REQUEST",
    );
    expect(error.details).toMatchObject({ field: "endsAt" });
    expect(await services.db.advert.findUnique({ where: { id: row.id } })).toMatchObject({ title: "Original", version: 1 });
    expect((await auditFor(row.id)).length).toBe(1);
  });

  it("deleting audits what it removed; an unknown advert is NOT_FOUND", async () => {
    const row = await fresh();
    await services.programme.deleteAdvert({ id: row.id, version: 1, actorId: adminId });
    expect(await services.db.advert.findUnique({ where: { id: row.id } })).toBeNull();
    expect((await auditFor(row.id)).at(-1)).toMatchObject({ action: "advert.deleted", details: { before: { title: "Original" }, after: null } });
    await expectAppError(services.programme.updateAdvert({ ...valuesOf(row), id: "missing", actorId: adminId }), "NOT_FOUND");
  });
});

describe("targeting and the pre-show reel", () => {
  async function cinema(name: string) {
    const tag = randomBytes(4).toString("hex");
    return services.db.cinema.create({
      data: { slug: `reel-${tag}`, name: `${name} ${tag}`, address: "1 Reel Street", city: "Reelton", postcode: "R1 1EL", timeZone: LONDON },
    });
  }
  async function film(title: string) {
    const tag = randomBytes(4).toString("hex");
    return services.db.film.create({
      data: { slug: `reel-${tag}`, title, synopsis: "A trailer's film.", runtimeMinutes: 90, certificate: "U", posterUrl: "/posters/none.jpg", director: "Nobody", releaseDate: new Date("2000-01-01") },
    });
  }

  it("shows customers only the adverts for their cinema when it is known, all of them otherwise", async () => {
    const [a, b] = await Promise.all([cinema("A"), cinema("B")]);
    const everywhere = await services.programme.createAdvert({ actorId: adminId, ...values({ placement: "HOME_STRIP", priority: 999 }) });
    const atA = await services.programme.createAdvert({ actorId: adminId, ...values({ placement: "HOME_STRIP", priority: 998, cinemaIds: [a.id] }) });
    const atB = await services.programme.createAdvert({ actorId: adminId, ...values({ placement: "HOME_STRIP", priority: 997, cinemaIds: [b.id] }) });
    const ids = async (cinemaSlug?: string) => (await services.catalogue.activeAdverts("HOME_STRIP", { cinemaSlug })).map((advert) => advert.id);
    expect(await ids(a.slug)).toEqual(expect.arrayContaining([everywhere.id, atA.id]));
    expect(await ids(a.slug)).not.toContain(atB.id);
    expect(await ids(b.slug)).not.toContain(atA.id);
    expect(await ids()).toEqual(expect.arrayContaining([everywhere.id, atA.id, atB.id]));
    // A home-page advert keeps no length or film; a cinema that doesn't exist is refused beside its field.
    expect(everywhere).toMatchObject({ durationSeconds: null, filmId: null });
    const refused = await expectAppError(services.programme.createAdvert({ actorId: adminId, ...values({ cinemaIds: ["no-such-cinema"] }) }), "BAD_REQUEST");
    expect(refused.details).toMatchObject({ field: "cinemaIds" });
    expect(advertFormSchema.safeParse(values({ placement: "PRE_SHOW", durationSeconds: null })).error?.issues[0]).toMatchObject({
      path: ["durationSeconds"],
      message: "Enter how long it runs before the film",
    });
    expect(advertFormSchema.safeParse(values({ placement: "HOME_HERO", filmId: "x" })).error?.issues[0]?.path).toEqual(["filmId"]);
  });

  it("orders the reel by priority, counts only what is live at that time for that cinema, and totals it", async () => {
    const [here, elsewhere] = await Promise.all([cinema("Here"), cinema("Elsewhere")]);
    const feature = await film("Reel Feature");
    // A time of its own, far from the other tests' adverts, so only this test's adverts are live then.
    const showAt = new Date(clock.ms() + (400 + Math.floor(Math.random() * 300)) * 24 * HOUR);
    const around = (startHours: number, endHours: number) => ({
      startsAt: instantToWallClock(new Date(showAt.getTime() + startHours * HOUR), LONDON),
      endsAt: instantToWallClock(new Date(showAt.getTime() + endHours * HOUR), LONDON),
    });
    const make = (overrides: Partial<AdvertFormValues>) =>
      services.programme.createAdvert({ actorId: adminId, ...values({ placement: "PRE_SHOW", ...around(-1, 1), ...overrides }) });
    const low = await make({ title: "Popcorn", priority: 1, durationSeconds: 20 });
    const trailer = await make({ title: "Trailer", priority: 50, durationSeconds: 150, filmId: feature.id, cinemaIds: [here.id] });
    const mid = await make({ title: "Bank", priority: 10, durationSeconds: 45 });
    await make({ title: "Elsewhere only", priority: 100, durationSeconds: 60, cinemaIds: [elsewhere.id] });
    await make({ title: "Not yet", priority: 100, durationSeconds: 60, ...around(0.5, 2) });
    await make({ title: "Over", priority: 100, durationSeconds: 60, ...around(-2, 0) });
    const paused = await make({ title: "Paused", priority: 100, durationSeconds: 60 });
    await services.programme.pauseAdvert({ id: paused.id, version: paused.version, actorId: adminId });
    await make({ title: "Home strip", placement: "HOME_STRIP", priority: 100 });

    const reel = await services.programme.preShowReel({ cinemaId: here.id, startsAt: showAt });
    expect(reel.items.map((item) => [item.id, item.kind, item.durationSeconds])).toEqual([
      [trailer.id, "trailer", 150],
      [mid.id, "advert", 45],
      [low.id, "advert", 20],
    ]);
    expect(reel.items[0]!.film).toEqual({ id: feature.id, title: "Reel Feature" });
    expect(reel.totalSeconds).toBe(215);
    expect(reel.totalMinutes).toBe(4);

    // The admin asks on the cinema's wall clock; the answer is the same reel.
    const asked = await services.programme.preShowReelAt({ cinemaId: here.id, at: instantToWallClock(showAt, LONDON) });
    expect(asked.totalSeconds).toBe(215);
    const empty = await services.programme.preShowReel({ cinemaId: elsewhere.id, startsAt: new Date(showAt.getTime() + 10 * 24 * HOUR) });
    expect(empty).toMatchObject({ items: [], totalSeconds: 0, totalMinutes: 0 });
  });
});
