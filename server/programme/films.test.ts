// Films as admins manage them, against the real database: the schema's refusals, create and update with their audit
// rows, unique slugs, the version check, a draft invisible to customers (programme, film page, screening page,
// booking), archiving with the choice about future screenings, and deleting only a film that never sold a ticket.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createBookingScreening, holdSeats, paidOrder, withBookingHarness } from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createTestUser } from "@/tests/support/users";
import { dayKeyIn } from "@/server/catalogue";
import { createMailer } from "@/server/mail";
import { createScheduling } from "@/server/scheduling";
import { createProgramme, FILM_CONFLICT_MESSAGE, type AdminFilm } from "@/server/programme";
import { filmFormSchema, slugify, type FilmFormValues } from "@/server/programme/film-schemas";

const clock = createClock();
const h = withBookingHarness({ clock });

let adminId: string;

beforeAll(async () => {
  adminId = (await createTestUser(h.services, { role: "ADMIN" })).user.id;
});

const tag = () => randomBytes(4).toString("hex");
const mediaUrl = (rendition: string) => `/media/${randomBytes(16).toString("hex")}-${rendition}.jpg`;

function values(overrides: Partial<FilmFormValues> = {}): FilmFormValues {
  const title = `Admin Film ${tag()}`;
  return {
    title,
    slug: slugify(title),
    tagline: "",
    synopsis: "A film made by the tests.",
    runtimeMinutes: 104,
    certificate: "PG",
    genres: ["Drama"],
    cast: ["Ada Lovelace", "Alan Turing"],
    director: "Grace Hopper",
    languages: ["English"],
    // Long released, so the catalogue's "coming soon" of other test files never finds it.
    releaseDate: "2001-05-04",
    trailerUrl: "",
    status: "PUBLISHED",
    posterUrl: mediaUrl("poster-400"),
    backdropUrl: null,
    ...overrides,
  };
}

const create = (overrides: Partial<FilmFormValues> = {}) => h.services.programme.createFilm({ actorId: adminId, ...values(overrides) });
const formOf = ({ id, version, screenings: _screenings, hasSales: _hasSales, ...form }: AdminFilm) => ({ id, version, ...form });
const auditFor = (entityId: string) => h.services.db.auditLog.findMany({ where: { entityId }, orderBy: { createdAt: "asc" } });

/** A screening two days ahead (the booking harness's hall and prices), moved onto `filmId`. */
async function screeningOf(filmId: string, options: { startsInMinutes?: number } = {}) {
  const screening = await createBookingScreening(h.services.db, clock, options);
  await h.services.db.screening.update({ where: { id: screening.screeningId }, data: { filmId } });
  return screening;
}

describe("the form's schema", () => {
  const issues = (input: FilmFormValues) => filmFormSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join("."), issue.message]) ?? [];

  it("refuses bad values beside their fields", () => {
    expect(issues(values())).toEqual([]);
    expect(issues(values({ trailerUrl: "http://example.com/t" }))).toEqual([["trailerUrl", "Enter an address starting with https://"]]);
    expect(issues(values({ trailerUrl: "javascript:alert(1)" }))[0]?.[0]).toBe("trailerUrl");
    expect(issues(values({ slug: "Has Spaces" }))[0]?.[0]).toBe("slug");
    expect(issues(values({ posterUrl: "https://elsewhere.example/poster.jpg" }))).toEqual([["posterUrl", "Upload the poster here rather than linking to one"]]);
    expect(issues(values({ runtimeMinutes: 0 }))[0]?.[0]).toBe("runtimeMinutes");
    expect(issues(values({ releaseDate: "2026-02-30" }))).toEqual([["releaseDate", "Enter the release date"]]);
    expect(issues(values({ genres: ["Drama", "drama"] }))).toEqual([["genres", "A genre is listed twice"]]);
    expect(issues(values({ title: "   " }))[0]).toEqual(["title", "Give the film a title"]);
  });

  it("derives a slug from the title", () => {
    expect(slugify("Amélie & the Night  Bus: Part 2!")).toBe("amelie-and-the-night-bus-part-2");
    expect(slugify("---")).toBe("");
  });
});

describe("creating and editing", () => {
  it("creates a film at version 1, audited with its after, and lists it with its screening counts", async () => {
    const film = await create({ tagline: "  Tag  ", trailerUrl: "https://video.example/t/1" });
    expect(film).toMatchObject({ version: 1, status: "PUBLISHED", tagline: "Tag", trailerUrl: "https://video.example/t/1", hasSales: false });
    expect(film.screenings).toEqual({ future: 0, total: 0 });
    const [entry] = await auditFor(film.id);
    expect(entry).toMatchObject({ action: "film.created", entityType: "Film", actorId: adminId });
    expect(entry!.details).toMatchObject({ before: null, after: { slug: film.slug, title: film.title, releaseDate: "2001-05-04", status: "PUBLISHED" } });

    await screeningOf(film.id);
    const past = await screeningOf(film.id, { startsInMinutes: -3 * 24 * 60 });
    expect(past).toBeTruthy();
    const { films } = await h.services.programme.listFilms({ search: film.title.toUpperCase() });
    expect(films).toEqual([expect.objectContaining({ id: film.id, status: "PUBLISHED", releaseDate: "2001-05-04", screenings: { future: 1, total: 2 } })]);
  });

  it("filters by status and pages by title without skipping or repeating", async () => {
    const prefix = `Paged ${tag()}`;
    const created = [];
    for (const [index, status] of (["DRAFT", "PUBLISHED", "DRAFT", "ARCHIVED", "DRAFT"] as const).entries()) {
      created.push(await create({ title: `${prefix} ${index}`, slug: slugify(`${prefix} ${index}`), status: status === "ARCHIVED" ? "PUBLISHED" : status }));
    }
    await h.services.programme.setFilmStatus({ actorId: adminId, id: created[3]!.id, version: 1, status: "ARCHIVED" });
    const drafts = await h.services.programme.listFilms({ search: prefix, status: "DRAFT" });
    expect(drafts.films.map((film) => film.title)).toEqual([`${prefix} 0`, `${prefix} 2`, `${prefix} 4`]);
    const archived = await h.services.programme.listFilms({ search: prefix, status: "ARCHIVED" });
    expect(archived.films.map((film) => film.title)).toEqual([`${prefix} 3`]);

    const first = await h.services.programme.listFilms({ search: prefix, limit: 2 });
    const second = await h.services.programme.listFilms({ search: prefix, limit: 2, cursor: first.nextCursor });
    const third = await h.services.programme.listFilms({ search: prefix, limit: 2, cursor: second.nextCursor });
    expect([...first.films, ...second.films, ...third.films].map((film) => film.title)).toEqual([0, 1, 2, 3, 4].map((i) => `${prefix} ${i}`));
    expect(third.nextCursor).toBeNull();
  });

  it("keeps slugs unique: a taken slug is a CONFLICT beside the slug field, on create and on update", async () => {
    const first = await create();
    const error = await expectAppError(create({ slug: first.slug }), "CONFLICT", "SLUG_TAKEN");
    expect(error.details?.field).toBe("slug");
    expect(error.message).toBe(`Another film already uses the address /films/${first.slug}. Choose another.`);

    const second = await create();
    await expectAppError(h.services.programme.updateFilm({ actorId: adminId, ...formOf(second), slug: first.slug }), "CONFLICT", "SLUG_TAKEN");
    expect((await h.services.programme.getFilm({ id: second.id })).slug).toBe(second.slug);
    expect((await auditFor(second.id)).map((entry) => entry.action)).toEqual(["film.created"]);
  });

  it("saves an edit from the current version, audited with before and after; a stale save is refused and changes nothing", async () => {
    const film = await create();
    const edited = await h.services.programme.updateFilm({ actorId: adminId, ...formOf(film), title: "Renamed", cast: ["Someone Else"], backdropUrl: mediaUrl("backdrop-1280") });
    expect(edited).toMatchObject({ version: 2, title: "Renamed", cast: ["Someone Else"] });
    const entries = await auditFor(film.id);
    expect(entries.map((entry) => entry.action)).toEqual(["film.created", "film.updated"]);
    expect(entries[1]!.details).toMatchObject({ before: { title: film.title, version: 1 }, after: { title: "Renamed", version: 2 } });

    const stale = await expectAppError(h.services.programme.updateFilm({ actorId: adminId, ...formOf(film), title: "Stale" }), "CONFLICT", "STALE_VERSION");
    expect(stale.message).toBe(FILM_CONFLICT_MESSAGE);
    expect(stale.message).toBe("This film was changed by someone else. Reload to see their changes.");
    expect((await h.services.programme.getFilm({ id: film.id })).title).toBe("Renamed");
    expect(await auditFor(film.id)).toHaveLength(2);
  });

  it("lets exactly one of two concurrent saves of one version win", async () => {
    const film = await create();
    const results = await Promise.allSettled(
      ["First", "Second"].map((title) => h.services.programme.updateFilm({ actorId: adminId, ...formOf(film), title })),
    );
    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((await h.services.programme.getFilm({ id: film.id })).version).toBe(2);
  });

  it("refuses archiving through a plain edit: Archive asks about the future screenings", async () => {
    const film = await create();
    const error = await expectAppError(h.services.programme.updateFilm({ actorId: adminId, ...formOf(film), status: "ARCHIVED" }), "BAD_REQUEST");
    expect(error.details?.field).toBe("status");
  });
});

describe("what customers see", () => {
  it("hides a draft everywhere a customer looks, and shows it once published", async () => {
    const film = await create({ status: "DRAFT" });
    const screening = await screeningOf(film.id);
    const { catalogue } = h.services;

    await expectAppError(catalogue.filmBySlug(film.slug), "NOT_FOUND");
    await expectAppError(catalogue.screeningById(screening.screeningId), "NOT_FOUND");
    expect((await catalogue.search({ query: film.title })).films).toEqual([]);
    expect((await catalogue.nowShowing()).map((card) => card.id)).not.toContain(film.id);
    const day = dayKeyIn(new Date(clock.ms() + 2 * 24 * 3600_000), "Europe/London");
    const showtimesOf = async () => (await catalogue.showtimes({ date: day })).films.map((group) => group.film.id);
    expect(await showtimesOf()).not.toContain(film.id);
    await expectAppError(h.booking.openBasket({ screeningId: screening.screeningId, holderKey: `guest:${tag()}` }), "NOT_FOUND");

    await h.services.programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "PUBLISHED" });
    expect((await catalogue.filmBySlug(film.slug)).film.id).toBe(film.id);
    expect((await catalogue.screeningById(screening.screeningId)).film.id).toBe(film.id);
    expect((await catalogue.search({ query: film.title })).films.map((card) => card.id)).toEqual([film.id]);
    expect(await showtimesOf()).toContain(film.id);
    await expect(holdSeats(h, screening, ["A1"])).resolves.toMatchObject({ orderId: expect.any(String) });
    expect((await auditFor(film.id)).map((entry) => entry.action)).toEqual(["film.created", "film.published"]);
  });
});

describe("archiving", () => {
  it("archives a film without future screenings at once", async () => {
    const film = await create();
    const archived = await h.services.programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED" });
    expect(archived).toMatchObject({ status: "ARCHIVED", version: 2 });
    expect((await h.services.catalogue.search({ query: film.title })).films).toEqual([]);
  });

  it("asks what to do with future screenings, and keeps them on sale when told to", async () => {
    const film = await create();
    const screening = await screeningOf(film.id);
    const asked = await expectAppError(
      h.services.programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED" }),
      "BAD_REQUEST",
      "FUTURE_SCREENINGS",
    );
    expect(asked.message).toContain("1 future screening");
    expect((await h.services.programme.getFilm({ id: film.id })).status).toBe("PUBLISHED");
    expect((await h.services.programme.filmFutureScreenings({ id: film.id })).screenings).toEqual([
      expect.objectContaining({ id: screening.screeningId, tickets: 0, timeZone: "Europe/London" }),
    ]);

    await h.services.programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED", futureScreenings: "keep" });
    // No longer listed, but the kept screening still sells.
    expect((await h.services.catalogue.search({ query: film.title })).films).toEqual([]);
    expect((await h.services.catalogue.nowShowing()).map((card) => card.id)).not.toContain(film.id);
    expect((await h.services.catalogue.screeningById(screening.screeningId)).onSale).toBe(true);
    await expect(holdSeats(h, screening, ["A1"])).resolves.toMatchObject({ orderId: expect.any(String) });
  });

  it("cancels unsold future screenings when told to, each audited", async () => {
    const film = await create();
    const [one, two] = [await screeningOf(film.id), await screeningOf(film.id, { startsInMinutes: 3 * 24 * 60 })];
    const past = await screeningOf(film.id, { startsInMinutes: -24 * 60 });
    await h.services.programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED", futureScreenings: "cancel" });
    const rows = await h.services.db.screening.findMany({ where: { filmId: film.id }, select: { id: true, status: true } });
    expect(Object.fromEntries(rows.map((row) => [row.id, row.status]))).toEqual({
      [one!.screeningId]: "CANCELLED",
      [two!.screeningId]: "CANCELLED",
      [past.screeningId]: "SCHEDULED",
    });
    const cancelled = await h.services.db.auditLog.findMany({ where: { action: "screening.cancelled", entityId: { in: [one!.screeningId, two!.screeningId] } } });
    expect(cancelled).toHaveLength(2);
    expect(cancelled[0]!.details).toMatchObject({ reason: "film archived", filmId: film.id });
    await expectAppError(h.services.catalogue.screeningById(one!.screeningId), "NOT_FOUND");
  });

  it("cancels screenings with sales with refunds through the scheduler, then the unsold ones, and archives", async () => {
    const film = await create();
    const sold = await screeningOf(film.id);
    const unsold = await screeningOf(film.id, { startsInMinutes: 4 * 24 * 60 });
    const { user: customer } = await createTestUser(h.services);
    const order = await paidOrder(h, sold, ["A1"], { userId: customer.id });
    // Wired as server/services.ts does, with the harness's booking (its payment provider).
    const scheduling = createScheduling({
      db: h.services.db,
      audit: h.services.audit,
      mailer: createMailer({ db: h.services.db, config: { from: "Marquee <tickets@marquee.test>", devMailbox: true } }),
      booking: h.booking,
      inventory: h.services.inventory,
      prices: h.services.prices,
      programme: h.services.programme,
      events: h.events,
      now: clock.now,
      log: { error: () => {} },
    });
    const programme = createProgramme({
      db: h.services.db,
      audit: h.services.audit,
      now: clock.now,
      cancelScreeningWithRefunds: (input) => scheduling.cancelScreening(input),
    });
    const archived = await programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED", futureScreenings: "cancel" });
    expect(archived.status).toBe("ARCHIVED");
    const statuses = await h.services.db.screening.findMany({ where: { id: { in: [sold.screeningId, unsold.screeningId] } }, select: { status: true } });
    expect(statuses.map((row) => row.status)).toEqual(["CANCELLED", "CANCELLED"]);
    // The sold one went through the scheduler's cancellation: its steps refund the paid order (the engine runs them
    // in production; here they run at once, as the page's "Finish now" does).
    const cancellation = await h.services.db.screeningCancellation.findUniqueOrThrow({ where: { screeningId: sold.screeningId } });
    expect(cancellation.reason).toContain("withdrawn");
    await scheduling.processCancellation({ cancellationId: cancellation.id });
    const refunded = await h.services.db.order.findUniqueOrThrow({ where: { id: order.orderId }, select: { status: true } });
    expect(refunded.status).toBe("REFUNDED");
  });

  it("without a scheduler wired, refuses to cancel screenings with sales, naming them, and changes nothing; their tickets stay valid", async () => {
    const film = await create();
    const sold = await screeningOf(film.id);
    const unsold = await screeningOf(film.id, { startsInMinutes: 4 * 24 * 60 });
    const { user: customer } = await createTestUser(h.services);
    const order = await paidOrder(h, sold, ["A1", "A2"], { userId: customer.id });
    const programme = createProgramme({ db: h.services.db, audit: h.services.audit, now: clock.now });
    const refusal = await expectAppError(
      programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED", futureScreenings: "cancel" }),
      "BAD_REQUEST",
      "SCREENINGS_HAVE_SALES",
    );
    const hallName = (await h.services.db.hall.findUniqueOrThrow({ where: { id: sold.hallId } })).name;
    expect(refusal.message).toContain("cancelled with refunds from the scheduler");
    expect(refusal.message).toContain(`${hallName}`);
    expect(refusal.message).toContain("2 tickets");
    expect(refusal.details?.screeningIds).toEqual([sold.screeningId]);
    const film2 = await h.services.programme.getFilm({ id: film.id });
    expect(film2).toMatchObject({ status: "PUBLISHED", version: 1, hasSales: true });
    const statuses = await h.services.db.screening.findMany({ where: { id: { in: [sold.screeningId, unsold.screeningId] } }, select: { status: true } });
    expect(statuses.map((row) => row.status)).toEqual(["SCHEDULED", "SCHEDULED"]);

    // Archived with the screenings kept, the customer's order and tickets are untouched.
    await h.services.programme.setFilmStatus({ actorId: adminId, id: film.id, version: 1, status: "ARCHIVED", futureScreenings: "keep" });
    const paid = await h.services.db.order.findUniqueOrThrow({ where: { id: order.orderId }, select: { status: true, tickets: { select: { status: true } } } });
    expect(paid.status).toBe("PAID");
    expect(paid.tickets.map((ticket) => ticket.status)).toEqual(["SOLD", "SOLD"]);
    expect((await h.services.catalogue.screeningById(sold.screeningId)).film.id).toBe(film.id);
    // My tickets and the ticket page still show them.
    const mine = await h.booking.myOrders({ userId: customer.id });
    expect(mine.upcoming.map((row) => row.reference)).toEqual([order.reference]);
    const view = await h.booking.orderForViewer({ reference: order.reference, userId: customer.id });
    const ticket = await h.booking.ticketByCode({ code: view.tickets[0]!.code!, userId: customer.id });
    expect(ticket).toMatchObject({ valid: true, screening: { film: { title: film.title } } });
  });
});

describe("deleting", () => {
  it("deletes a film that never sold a ticket, with its screenings, in one audited transaction", async () => {
    const film = await create();
    const screening = await screeningOf(film.id);
    await expectAppError(h.services.programme.deleteFilm({ actorId: adminId, id: film.id, version: 2 }), "CONFLICT", "STALE_VERSION");
    await h.services.programme.deleteFilm({ actorId: adminId, id: film.id, version: 1 });
    expect(await h.services.db.film.findUnique({ where: { id: film.id } })).toBeNull();
    expect(await h.services.db.screening.findUnique({ where: { id: screening.screeningId } })).toBeNull();
    const entries = await auditFor(film.id);
    expect(entries.map((entry) => entry.action)).toEqual(["film.created", "film.deleted"]);
    expect(entries[1]!.details).toMatchObject({ after: null, before: { slug: film.slug }, deletedScreenings: [expect.objectContaining({ id: screening.screeningId })] });
  });

  it("refuses to delete a film any order was ever made for, even an expired basket: archive it instead", async () => {
    const film = await create();
    const screening = await screeningOf(film.id);
    const basket = await holdSeats(h, screening, ["B1"]);
    await h.services.db.order.update({ where: { id: basket.orderId }, data: { status: "EXPIRED" } });
    const error = await expectAppError(h.services.programme.deleteFilm({ actorId: adminId, id: film.id, version: 1 }), "BAD_REQUEST", "FILM_HAS_SALES");
    expect(error.message).toContain("Archive it instead");
    expect(await h.services.db.film.findUnique({ where: { id: film.id } })).not.toBeNull();
    expect(await h.services.db.screening.findUnique({ where: { id: screening.screeningId } })).not.toBeNull();
  });
});
