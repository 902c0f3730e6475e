// Announcements as admins manage them, against the real database: validation refusals change nothing, every change
// is audited with its before and after in the same transaction, two saves of one version can't both win, and the
// public site (the catalogue's activeAnnouncements) sees a change at once.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";
import { instantToWallClock, wallClockToInstant } from "@/server/programme";
import { announcementFormSchema, updateAnnouncementInput } from "@/server/programme/schemas";

const HOUR = 3600_000;
const clock = createClock();
const services = withTestServices({ now: clock.now });

let adminId: string;
let cinema: { id: string; slug: string; name: string; timeZone: string };

beforeAll(async () => {
  adminId = (await createTestUser(services, { role: "ADMIN" })).user.id;
  const tag = randomBytes(5).toString("hex");
  cinema = await services.db.cinema.create({
    data: { slug: `prog-${tag}`, name: `Programme Test ${tag}`, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone: "America/New_York" },
    select: { id: true, slug: true, name: true, timeZone: true },
  });
});

/** Wall-clock strings `fromHours` and `toHours` from now in `timeZone`. */
function window(fromHours: number, toHours: number, timeZone: string) {
  return {
    startsAt: instantToWallClock(new Date(clock.ms() + fromHours * HOUR), timeZone),
    endsAt: instantToWallClock(new Date(clock.ms() + toHours * HOUR), timeZone),
  };
}

const auditFor = (entityId: string) =>
  services.db.auditLog.findMany({ where: { entityType: "Announcement", entityId }, orderBy: { createdAt: "asc" } });

describe("creating", () => {
  it("reads the times on the cinema's wall clock, audits the creation, and the site shows it at once", async () => {
    const times = window(-1, 2, cinema.timeZone);
    const created = await services.programme.createAnnouncement({
      actorId: adminId,
      message: "  Lifts out of order today  ",
      severity: "WARNING",
      cinemaId: cinema.id,
      ...times,
    });
    expect(created).toMatchObject({ message: "Lifts out of order today", status: "live", version: 1, timeZone: "America/New_York" });
    expect(created.startsAt).toEqual(wallClockToInstant(times.startsAt, "America/New_York"));
    expect(created.startsAtLocal).toBe(times.startsAt);

    const site = await services.catalogue.activeAnnouncements({ cinemaSlug: cinema.slug });
    expect(site.find((row) => row.id === created.id)).toMatchObject({ message: "Lifts out of order today", cinema: { slug: cinema.slug } });

    const [entry] = await auditFor(created.id);
    expect(entry).toMatchObject({ actorId: adminId, action: "announcement.created", details: { before: null, after: { message: "Lifts out of order today", cinemaId: cinema.id, version: 1 } } });
  });

  it("uses Europe/London for all cinemas", async () => {
    const created = await services.programme.createAnnouncement({
      actorId: adminId,
      message: "Chain-wide notice",
      severity: "INFO",
      cinemaId: null,
      startsAt: "2031-07-01T09:00",
      endsAt: "2031-07-01T17:00",
    });
    // 09:00 BST is 08:00 UTC.
    expect(created.startsAt.toISOString()).toBe("2031-07-01T08:00:00.000Z");
    expect(created).toMatchObject({ cinema: null, timeZone: "Europe/London", status: "scheduled" });
  });

  it("refuses an unknown cinema and changes nothing", async () => {
    const message = `Nowhere ${randomBytes(4).toString("hex")}`;
    const error = await expectAppError(
      services.programme.createAnnouncement({ actorId: adminId, message, severity: "INFO", cinemaId: "no-such-cinema", ...window(0, 1, "Europe/London") }),
      "BAD_REQUEST",
    );
    expect(error.details).toMatchObject({ field: "cinemaId" });
    expect(await services.db.announcement.count({ where: { message } })).toBe(0);
  });

  it("the shared schema refuses an empty or long message, a bad severity, bad times, and an end before the start", () => {
    const good = { message: "Hello", severity: "INFO", cinemaId: null, startsAt: "2031-01-01T10:00", endsAt: "2031-01-01T11:00" };
    expect(announcementFormSchema.safeParse(good).success).toBe(true);
    const fieldOf = (values: object) => {
      const result = announcementFormSchema.safeParse({ ...good, ...values });
      return result.success ? null : result.error.issues.map((issue) => issue.path.join("."));
    };
    expect(fieldOf({ message: "   " })).toEqual(["message"]);
    expect(fieldOf({ message: "x".repeat(281) })).toEqual(["message"]);
    expect(fieldOf({ severity: "URGENT" })).toEqual(["severity"]);
    expect(fieldOf({ startsAt: "2031-02-30T10:00" })).toEqual(["startsAt"]);
    expect(fieldOf({ endsAt: "tomorrow" })).toEqual(["endsAt"]);
    expect(fieldOf({ endsAt: "2031-01-01T10:00" })).toEqual(["endsAt"]);
    expect(updateAnnouncementInput.safeParse({ ...good, id: "a", version: 1, endsAt: "2031-01-01T09:00" }).success).toBe(false);
  });
});

describe("updating", () => {
  async function fresh(message = "Original") {
    return services.programme.createAnnouncement({ actorId: adminId, message, severity: "INFO", cinemaId: null, ...window(-1, 3, "Europe/London") });
  }
  const valuesOf = (row: Awaited<ReturnType<typeof fresh>>) => ({
    id: row.id,
    version: row.version,
    message: row.message,
    severity: row.severity,
    cinemaId: row.cinema?.id ?? null,
    startsAt: row.startsAtLocal,
    endsAt: row.endsAtLocal,
  });

  it("saves, bumps the version, audits before and after, and the site shows the change at once", async () => {
    const row = await fresh();
    const updated = await services.programme.updateAnnouncement({ ...valuesOf(row), actorId: adminId, message: "Changed", severity: "WARNING" });
    expect(updated).toMatchObject({ message: "Changed", severity: "WARNING", version: 2 });
    const site = await services.catalogue.activeAnnouncements();
    expect(site.find((a) => a.id === row.id)).toMatchObject({ message: "Changed", severity: "WARNING" });
    const entries = await auditFor(row.id);
    expect(entries.map((e) => e.action)).toEqual(["announcement.created", "announcement.updated"]);
    expect(entries[1]).toMatchObject({
      actorId: adminId,
      details: { before: { message: "Original", severity: "INFO", version: 1 }, after: { message: "Changed", severity: "WARNING", version: 2 } },
    });
  });

  it("refuses an edit of an old version with CONFLICT and changes nothing", async () => {
    const row = await fresh();
    await services.programme.updateAnnouncement({ ...valuesOf(row), actorId: adminId, message: "First save" });
    const error = await expectAppError(
      services.programme.updateAnnouncement({ ...valuesOf(row), actorId: adminId, message: "Stale save" }),
      "CONFLICT",
    );
    expect(error.message).toMatch(/changed by someone else.*reload/i);
    expect(await services.db.announcement.findUnique({ where: { id: row.id } })).toMatchObject({ message: "First save", version: 2 });
    expect((await auditFor(row.id)).length).toBe(2);
  });

  it("of two concurrent saves from the same version, exactly one wins and the other gets CONFLICT", async () => {
    const row = await fresh();
    const results = await Promise.allSettled(
      ["Admin A", "Admin B"].map((message) => services.programme.updateAnnouncement({ ...valuesOf(row), actorId: adminId, message })),
    );
    const won = results.filter((r) => r.status === "fulfilled");
    const lost = results.filter((r) => r.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toMatchObject({ code: "CONFLICT" });
    const winner = (won[0] as PromiseFulfilledResult<{ message: string }>).value.message;
    expect(await services.db.announcement.findUnique({ where: { id: row.id } })).toMatchObject({ message: winner, version: 2 });
    expect((await auditFor(row.id)).map((e) => e.action)).toEqual(["announcement.created", "announcement.updated"]);
  });

  it("a refused value (end before start across zones, unknown cinema) writes nothing and audits nothing", async () => {
    const row = await fresh();
    await expectAppError(services.programme.updateAnnouncement({ ...valuesOf(row), actorId: adminId, cinemaId: "gone" }), "BAD_REQUEST");
    expect(await services.db.announcement.findUnique({ where: { id: row.id } })).toMatchObject({ message: "Original", version: 1 });
    expect((await auditFor(row.id)).length).toBe(1);
  });

  it("an unknown announcement is NOT_FOUND", async () => {
    const row = await fresh();
    await expectAppError(services.programme.updateAnnouncement({ ...valuesOf(row), id: "missing", actorId: adminId }), "NOT_FOUND");
  });
});

describe("listing", () => {
  it("filters by when (current, scheduled, past) and cinema", async () => {
    const make = (from: number, to: number, cinemaId: string | null) =>
      services.programme.createAnnouncement({ actorId: adminId, message: `w ${from}`, severity: "INFO", cinemaId, ...window(from, to, cinemaId ? cinema.timeZone : "Europe/London") });
    const live = await make(-1, 1, cinema.id);
    const later = await make(5, 6, cinema.id);
    const ended = await make(-6, -5, cinema.id);
    const ids = async (input: Parameters<typeof services.programme.listAnnouncements>[0]) =>
      (await services.programme.listAnnouncements(input)).announcements.map((a) => a.id);

    const current = await ids({ when: "current", cinemaId: cinema.id });
    expect(current).toContain(live.id);
    expect(current).not.toContain(later.id);
    expect(current).not.toContain(ended.id);
    expect(await ids({ when: "scheduled", cinemaId: cinema.id })).toEqual([later.id]);
    expect(await ids({ when: "past", cinemaId: cinema.id })).toEqual([ended.id]);
    expect(await ids({ cinemaId: null })).not.toContain(live.id);

    const all = await services.programme.listAnnouncements({ cinemaId: cinema.id });
    expect(Object.fromEntries(all.announcements.map((a) => [a.id, a.status]))).toMatchObject({ [live.id]: "live", [later.id]: "scheduled", [ended.id]: "ended" });
    expect(all.cinemas).toContainEqual({ id: cinema.id, name: cinema.name, timeZone: cinema.timeZone });
  });
});

describe("deleting", () => {
  it("deletes, audits what was there, and the site stops showing it at once", async () => {
    const row = await services.programme.createAnnouncement({ actorId: adminId, message: "Going away", severity: "INFO", cinemaId: cinema.id, ...window(-1, 1, cinema.timeZone) });
    await services.programme.deleteAnnouncement({ id: row.id, version: 1, actorId: adminId });
    expect(await services.db.announcement.findUnique({ where: { id: row.id } })).toBeNull();
    expect((await services.catalogue.activeAnnouncements({ cinemaSlug: cinema.slug })).map((a) => a.id)).not.toContain(row.id);
    const entries = await auditFor(row.id);
    expect(entries.at(-1)).toMatchObject({ action: "announcement.deleted", actorId: adminId, details: { before: { message: "Going away" }, after: null } });
  });

  it("refuses to delete a version someone else changed", async () => {
    const row = await services.programme.createAnnouncement({ actorId: adminId, message: "Kept", severity: "INFO", cinemaId: null, ...window(1, 2, "Europe/London") });
    await services.programme.updateAnnouncement({ id: row.id, version: 1, actorId: adminId, message: "Kept, edited", severity: "INFO", cinemaId: null, startsAt: row.startsAtLocal, endsAt: row.endsAtLocal });
    await expectAppError(services.programme.deleteAnnouncement({ id: row.id, version: 1, actorId: adminId }), "CONFLICT");
    expect(await services.db.announcement.findUnique({ where: { id: row.id } })).not.toBeNull();
  });
});

describe("audit in the same transaction", () => {
  it("a failing audit write leaves no announcement behind", async () => {
    const message = `Orphan ${randomBytes(4).toString("hex")}`;
    // An actor id that doesn't exist breaks the audit entry's foreign key inside the transaction.
    await expect(
      services.programme.createAnnouncement({ actorId: "no-such-user", message, severity: "INFO", cinemaId: null, ...window(0, 1, "Europe/London") }),
    ).rejects.toThrow();
    expect(await services.db.announcement.count({ where: { message } })).toBe(0);
  });
});

describe("where the site shows them", () => {
  it("a cinema's pages get its own and the chain-wide ones; other pages only the chain-wide ones; at once", async () => {
    const tag = randomBytes(4).toString("hex");
    const [a, b] = await Promise.all(
      ["a", "b"].map((letter) =>
        services.db.cinema.create({
          data: { slug: `place-${letter}-${tag}`, name: `Place ${letter} ${tag}`, address: "1 Street", city: "Town", postcode: "T1 1TT", timeZone: "Europe/London" },
        }),
      ),
    );
    // A moment of its own, far from the other tests' announcements (the site shows 5 at most).
    const at = clock.ms() + (500 + Math.floor(Math.random() * 300)) * 24 * 3600_000;
    const window = {
      severity: "INFO" as const,
      startsAt: instantToWallClock(new Date(at - 3600_000), "Europe/London"),
      endsAt: instantToWallClock(new Date(at + 3600_000), "Europe/London"),
    };
    const chain = await services.programme.createAnnouncement({ actorId: adminId, message: `Chain ${tag}`, cinemaId: null, ...window });
    const atA = await services.programme.createAnnouncement({ actorId: adminId, message: `A ${tag}`, cinemaId: a!.id, ...window });
    const atB = await services.programme.createAnnouncement({ actorId: adminId, message: `B ${tag}`, cinemaId: b!.id, ...window });
    const realNow = clock.ms();
    const ids = async (input: { cinemaSlug?: string; chainOnly?: boolean }) => {
      clock.set(at);
      try {
        return (await services.catalogue.activeAnnouncements(input)).map((row) => row.id);
      } finally {
        clock.set(realNow);
      }
    };
    const onA = await ids({ cinemaSlug: a!.slug });
    expect(onA).toEqual(expect.arrayContaining([chain.id, atA.id]));
    expect(onA).not.toContain(atB.id);
    const elsewhere = await ids({ chainOnly: true });
    expect(elsewhere).toContain(chain.id);
    expect(elsewhere).not.toContain(atA.id);
    expect(elsewhere).not.toContain(atB.id);
  });
});
