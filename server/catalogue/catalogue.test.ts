// The public programme against a real database. The run's database is shared with other test files, so every
// fixture carries this file's tag and assertions look for (or rule out) these fixtures rather than comparing whole
// lists. The clock is pinned: Friday 20 November 2026, 10:00 in London (GMT, so also 10:00 UTC). Unlike the rest of the
// tests (tests/support/clock.ts), this may pin a date: day boundaries and clock changes need calendar dates, the
// catalogue reads no clock but the one injected here, and every instant it compares with that clock is given below
// (no row stamped by the database or by Date.now() is compared with it). The listings that read the whole shared
// database (now showing, coming soon) also see other files' films: those are released long ago
// (tests/support/screenings.ts), so they never crowd this file's film still to come.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ZodError, z } from "zod";
import { createTestServices, type TestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";
import { dayWindow } from "./days";
import { publicAuthorName } from "./labels";
import { currentLayoutId } from "@/server/venues";

const tag = randomBytes(4).toString("hex");
const PINNED_NOW = new Date("2026-11-20T10:00:00Z");
let clock = PINNED_NOW;

let services: TestServices;

const ids = {
  cinemaA: "",
  cinemaB: "",
  cinemaNy: "",
  plan: "",
};

const slugs = {
  cinemaA: `cat-a-${tag}`,
  cinemaB: `cat-b-${tag}`,
  cinemaNy: `cat-ny-${tag}`,
  drama: `zyzzyva-quartet-${tag}`,
  comedy: `${tag}-fools-gold`,
  coming: `later-light-${tag}`,
  cancelledOnly: `never-was-${tag}`,
  startedOnly: `too-late-${tag}`,
  secondDrama: `the-quartet-returns-${tag}`,
};

// Screening ids by the role they play in the assertions below.
const s: Record<string, string> = {};

function at(iso: string) {
  return new Date(iso);
}

async function createCinema(slug: string, name: string, timeZone: string) {
  return services.db.cinema.create({
    data: { slug, name, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone },
  });
}

async function createHall(cinemaId: string, name: string, seats: { kind?: "STANDARD" | "PREMIUM" | "WHEELCHAIR" | "COMPANION"; blocked?: boolean }[] = []) {
  return services.db.hall.create({
    data: {
      cinemaId,
      name,
      gridRows: 1,
      gridCols: Math.max(1, seats.length),
      layouts: {
        create: {
          version: 1,
          gridRows: 1,
          gridCols: Math.max(1, seats.length),
          seats: {
            create: seats.map((seat, index) => ({
              rowLabel: "A",
              number: index + 1,
              gridRow: 0,
              gridCol: index,
              kind: seat.kind ?? "STANDARD",
              blocked: seat.blocked ?? false,
            })),
          },
        },
      },
    },
  });
}

async function createFilm(slug: string, data: { title: string; releaseDate: string; genres: string[]; director?: string; cast?: string[] }) {
  return services.db.film.create({
    data: {
      slug,
      title: data.title,
      synopsis: "A film made for tests.",
      runtimeMinutes: 40,
      certificate: "C12A",
      genres: data.genres,
      languages: ["English"],
      posterUrl: `/media/posters/${slug}.svg`,
      director: data.director ?? `Director ${tag}`,
      cast: data.cast ?? [],
      releaseDate: new Date(`${data.releaseDate}T00:00:00Z`),
    },
  });
}

async function createScreening(
  filmId: string,
  hallId: string,
  startsAt: string,
  extra: { format?: "TWO_D" | "THREE_D" | "IMAX"; status?: "SCHEDULED" | "CANCELLED"; subtitleLanguage?: string } = {},
) {
  const start = at(startsAt);
  const screening = await services.db.screening.create({
    data: {
      filmId,
      hallId,
      layoutId: await currentLayoutId(services.db, hallId),
      pricePlanId: ids.plan,
      startsAt: start,
      endsAt: new Date(start.getTime() + 40 * 60_000),
      format: extra.format ?? "TWO_D",
      audioLanguage: "English",
      subtitleLanguage: extra.subtitleLanguage ?? null,
      status: extra.status ?? "SCHEDULED",
    },
  });
  return screening.id;
}

function showtimeIds(result: { films: { showtimes: { id: string }[] }[] }): string[] {
  return result.films.flatMap((group) => group.showtimes.map((showtime) => showtime.id));
}

function filmSlugs(films: { slug: string }[]): string[] {
  return films.map((film) => film.slug);
}

// In-process callers throw the TRPCError itself (the error formatter only runs for HTTP responses), so field
// messages are read from the ZodError the way the formatter would report them.
async function trpcCode(promise: Promise<unknown>): Promise<{ code: string; message: string; fields?: Record<string, string[]> }> {
  try {
    await promise;
    return { code: "OK", message: "" };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    if (error.cause instanceof ZodError) {
      return { code: error.code, message: "invalid input", fields: z.flattenError(error.cause).fieldErrors as Record<string, string[]> };
    }
    return { code: error.code, message: error.message };
  }
}

beforeAll(async () => {
  services = createTestServices({ now: () => clock });

  // "ZZ" keeps these last by name, so they never become anyone's default programme zone.
  const cinemaA = await createCinema(slugs.cinemaA, `ZZ Catalogue A ${tag}`, "Europe/London");
  const cinemaB = await createCinema(slugs.cinemaB, `ZZ Catalogue B ${tag}`, "Europe/London");
  const cinemaNy = await createCinema(slugs.cinemaNy, `ZZ Catalogue New York ${tag}`, "America/New_York");
  ids.cinemaA = cinemaA.id;
  ids.cinemaB = cinemaB.id;
  ids.cinemaNy = cinemaNy.id;

  // One plan for all three cinemas' screenings: its cinema (A) names the ticket types.
  const plan = await services.db.pricePlan.create({
    data: {
      cinemaId: cinemaA.id,
      name: `Catalogue plan ${tag}`,
      currency: "GBP",
      ticketPrices: {
        create: [
          { ticketType: "ADULT", amount: 1000 },
          { ticketType: "CHILD", amount: 700 },
        ],
      },
      formatSurcharges: { create: [{ format: "IMAX", amount: 300 }] },
      seatKindSurcharges: {
        create: [
          { seatKind: "PREMIUM", amount: 200 },
          { seatKind: "WHEELCHAIR", amount: 0 },
          { seatKind: "COMPANION", amount: 150 },
        ],
      },
    },
  });
  ids.plan = plan.id;

  const hallA1 = await createHall(cinemaA.id, "Screen 1", [
    {},
    {},
    {},
    { kind: "PREMIUM" },
    { kind: "PREMIUM" },
    { kind: "WHEELCHAIR" },
    { blocked: true },
  ]);
  const hallA2 = await createHall(cinemaA.id, "Screen 2");
  const hallA3 = await createHall(cinemaA.id, "IMAX");
  const hallB1 = await createHall(cinemaB.id, "Screen 1");
  const hallNy = await createHall(cinemaNy.id, "Screen 1");

  const drama = await createFilm(slugs.drama, {
    title: `Zyzzyva Quartet ${tag}`,
    releaseDate: "2026-11-01",
    genres: ["Drama"],
    director: `Ines Okafor-${tag}`,
    cast: [`Pearl Vantongeren-${tag}`, "Someone Else"],
  });
  const secondDrama = await createFilm(slugs.secondDrama, {
    title: `The Zyzzyva Quartet Returns ${tag}`,
    releaseDate: "2026-11-13",
    genres: ["Drama"],
  });
  const comedy = await createFilm(slugs.comedy, {
    title: `Fools' Gold 100% ${tag}`,
    releaseDate: "2026-11-06",
    genres: ["Comedy", "Family"],
  });
  await createFilm(slugs.coming, { title: `Later Light ${tag}`, releaseDate: "2026-12-15", genres: ["Drama"] });
  const cancelledOnly = await createFilm(slugs.cancelledOnly, {
    title: `Never Was ${tag}`,
    releaseDate: "2026-10-01",
    genres: ["Horror"],
  });
  const startedOnly = await createFilm(slugs.startedOnly, {
    title: `Too Late ${tag}`,
    releaseDate: "2026-10-01",
    genres: ["Horror"],
  });

  // Friday 20 November (GMT): the clock reads 10:00.
  s.startedTenMinutesAgo = await createScreening(drama.id, hallA1.id, "2026-11-20T09:50:00Z");
  s.startedTwentyMinutesAgo = await createScreening(startedOnly.id, hallA2.id, "2026-11-20T09:40:00Z");
  s.dramaEvening = await createScreening(drama.id, hallA1.id, "2026-11-20T19:30:00Z", { subtitleLanguage: "English" });
  s.dramaLate = await createScreening(drama.id, hallA2.id, "2026-11-20T23:30:00Z");
  s.dramaAfterMidnight = await createScreening(drama.id, hallA1.id, "2026-11-21T00:15:00Z");
  s.dramaAtB = await createScreening(drama.id, hallB1.id, "2026-11-21T18:00:00Z");
  s.secondDramaAtB = await createScreening(secondDrama.id, hallB1.id, "2026-11-20T18:00:00Z");
  s.comedy2d = await createScreening(comedy.id, hallA2.id, "2026-11-20T14:00:00Z");
  s.comedyImax = await createScreening(comedy.id, hallA3.id, "2026-11-20T16:00:00Z", { format: "IMAX" });
  s.cancelled = await createScreening(cancelledOnly.id, hallA2.id, "2026-11-20T16:00:00Z", { status: "CANCELLED" });
  s.cancelledDrama = await createScreening(drama.id, hallA3.id, "2026-11-20T20:00:00Z", { status: "CANCELLED" });
  // Beyond the 14 published days (20 Nov – 3 Dec).
  s.dramaFarAhead = await createScreening(drama.id, hallA1.id, "2026-12-10T19:00:00Z");
  // 22:00 on Friday 20 November in New York, already Saturday in London.
  s.nyFridayNight = await createScreening(drama.id, hallNy.id, "2026-11-21T03:00:00Z");

  // Summer (BST, UTC+1): 00:15 local on the 19th is still the 18th in UTC.
  s.summerLate = await createScreening(drama.id, hallA3.id, "2027-06-18T22:30:00Z"); // 23:30 BST Fri 18 June
  s.summerAfterMidnight = await createScreening(drama.id, hallA3.id, "2027-06-18T23:15:00Z"); // 00:15 BST Sat 19

  // The clocks go forward in London at 01:00 GMT on Sunday 28 March 2027.
  s.dstSaturdayLate = await createScreening(drama.id, hallA1.id, "2027-03-27T23:30:00Z"); // 23:30 GMT Sat 27
  s.dstSundayEarly = await createScreening(drama.id, hallA2.id, "2027-03-28T00:30:00Z"); // 00:30 GMT Sun 28
  s.dstSundayLate = await createScreening(drama.id, hallA1.id, "2027-03-28T22:30:00Z"); // 23:30 BST Sun 28
  s.dstMondayEarly = await createScreening(drama.id, hallA2.id, "2027-03-28T23:30:00Z"); // 00:30 BST Mon 29

  const first = await createTestUser(services, { name: "Jordan Avery Smith" });
  const second = await createTestUser(services, { name: "Priya" });
  await services.db.review.create({
    data: { filmId: drama.id, userId: first.user.id, rating: 4, body: "Tense.", createdAt: at("2026-11-10T12:00:00Z") },
  });
  await services.db.review.create({
    data: { filmId: drama.id, userId: second.user.id, rating: 5, body: "Loved it.", createdAt: at("2026-11-12T12:00:00Z") },
  });

  // Seat takers for the evening drama in Screen 1: a sale, a live hold, an expired hold and a released ticket.
  const seats = await services.db.seat.findMany({ where: { layout: { hallId: hallA1.id } }, orderBy: { number: "asc" } });
  const order = await services.db.order.create({
    data: {
      reference: `CAT${tag}`.toUpperCase(),
      email: `catalogue-${tag}@test.marquee.local`,
      screeningId: s.dramaEvening,
      currency: "GBP",
      subtotalAmount: 0,
      totalAmount: 0,
      expiresAt: at("2026-11-20T10:10:00Z"),
    },
  });
  const ticket = (seatIndex: number, status: "SOLD" | "HELD" | "RELEASED", holdExpiresAt: Date | null) => ({
    orderId: order.id,
    screeningId: s.dramaEvening!,
    seatId: seats[seatIndex]!.id,
    ticketType: "ADULT" as const,
    currency: "GBP",
    priceAmount: 1000,
    status,
    holdExpiresAt,
    code: `cat-${tag}-${seatIndex}`,
  });
  await services.db.ticket.createMany({
    data: [
      ticket(0, "SOLD", null),
      ticket(1, "HELD", at("2026-11-20T09:59:00Z")), // expired a minute ago: the seat is free again
      ticket(2, "RELEASED", null),
      ticket(3, "HELD", at("2026-11-20T10:05:00Z")), // premium, still held
    ],
  });
});

afterAll(async () => {
  await services?.dispose();
});

beforeEach(() => {
  clock = PINNED_NOW;
});

describe("day boundaries in the cinema's time zone", () => {
  it("puts a 23:30 London screening on that day and a 00:15 one on the next, in winter and in summer", async () => {
    const friday = await services.catalogue.showtimes({ date: "2026-11-20", cinemaSlug: slugs.cinemaA });
    const saturday = await services.catalogue.showtimes({ date: "2026-11-21", cinemaSlug: slugs.cinemaA });
    expect(showtimeIds(friday)).toContain(s.dramaLate);
    expect(showtimeIds(friday)).not.toContain(s.dramaAfterMidnight);
    expect(showtimeIds(saturday)).toContain(s.dramaAfterMidnight);
    expect(showtimeIds(saturday)).not.toContain(s.dramaLate);

    const summerFriday = showtimeIds(await services.catalogue.showtimes({ date: "2027-06-18", cinemaSlug: slugs.cinemaA }));
    const summerSaturday = showtimeIds(await services.catalogue.showtimes({ date: "2027-06-19", cinemaSlug: slugs.cinemaA }));
    expect(summerFriday).toContain(s.summerLate);
    expect(summerFriday).not.toContain(s.summerAfterMidnight);
    expect(summerSaturday).toContain(s.summerAfterMidnight);
  });

  it("follows the clock change: days around 28 March 2027 are 24, 23 and 24 hours long", async () => {
    const hours = (date: string) => {
      const { start, end } = dayWindow(date, "Europe/London");
      return (end.getTime() - start.getTime()) / 3_600_000;
    };
    expect([hours("2027-03-27"), hours("2027-03-28"), hours("2027-03-29")]).toEqual([24, 23, 24]);
    expect(hours("2027-10-31")).toBe(25);

    const [saturday, sunday, monday] = await Promise.all(
      ["2027-03-27", "2027-03-28", "2027-03-29"].map((date) =>
        services.catalogue.showtimes({ date, cinemaSlug: slugs.cinemaA }).then(showtimeIds),
      ),
    );
    expect(saturday).toContain(s.dstSaturdayLate);
    expect(sunday).toEqual(expect.arrayContaining([s.dstSundayEarly, s.dstSundayLate]));
    expect(sunday).not.toContain(s.dstSaturdayLate);
    // 23:30 UTC on Sunday is already 00:30 on Monday in London (BST).
    expect(sunday).not.toContain(s.dstMondayEarly);
    expect(monday).toContain(s.dstMondayEarly);
  });

  it("reads the default date on the cinema's wall clock", async () => {
    clock = at("2027-03-28T23:30:00Z"); // 00:30 BST on Monday 29 March
    const result = await services.catalogue.showtimes({ cinemaSlug: slugs.cinemaA });
    expect(result.date).toBe("2027-03-29");
    expect(result.timeZone).toBe("Europe/London");
    // Started at the pinned instant, so still inside the late-entry allowance.
    expect(showtimeIds(result)).toContain(s.dstMondayEarly);
  });

  it("gives each cinema its own wall clock", async () => {
    const nyFriday = await services.catalogue.showtimes({ date: "2026-11-20", cinemaSlug: slugs.cinemaNy });
    const nySaturday = await services.catalogue.showtimes({ date: "2026-11-21", cinemaSlug: slugs.cinemaNy });
    expect(showtimeIds(nyFriday)).toContain(s.nyFridayNight);
    expect(showtimeIds(nySaturday)).not.toContain(s.nyFridayNight);

    // Across all cinemas, Friday still means Friday in New York and Friday in London.
    const everywhere = showtimeIds(await services.catalogue.showtimes({ date: "2026-11-20" }));
    expect(everywhere).toEqual(expect.arrayContaining([s.nyFridayNight, s.dramaLate]));
    expect(everywhere).not.toContain(s.dramaAfterMidnight);
  });
});

describe("what is offered", () => {
  it("hides cancelled screenings and those that started more than 15 minutes ago", async () => {
    const today = await services.catalogue.todaysShowtimes({ cinemaSlug: slugs.cinemaA });
    expect(today.date).toBe("2026-11-20");
    const offered = showtimeIds(today);
    expect(offered).toContain(s.startedTenMinutesAgo);
    expect(offered).toContain(s.dramaLate);
    expect(offered).not.toContain(s.startedTwentyMinutesAgo);
    expect(offered).not.toContain(s.cancelled);
    expect(offered).not.toContain(s.cancelledDrama);
    expect(offered).not.toContain(s.dramaAfterMidnight);
  });

  it("groups today's showtimes by film, in start order, with labels", async () => {
    const today = await services.catalogue.todaysShowtimes({ cinemaSlug: slugs.cinemaA });
    const drama = today.films.find((group) => group.film.slug === slugs.drama);
    expect(drama?.showtimes.map((showtime) => showtime.id)).toEqual([
      s.startedTenMinutesAgo,
      s.dramaEvening,
      s.dramaLate,
    ]);
    const evening = drama?.showtimes[1];
    expect(evening).toMatchObject({
      formatLabel: "2D",
      audioLabel: "English",
      subtitleLabel: "English subtitles",
      hallName: "Screen 1",
      cinema: { slug: slugs.cinemaA, timeZone: "Europe/London" },
    });
    expect(drama?.film.releaseDate).toBe("2026-11-01");
    expect(today.films.map((group) => group.film.slug)).not.toContain(slugs.secondDrama); // that one is at cinema B
  });

  it("lists films now showing and coming soon", async () => {
    const nowShowing = filmSlugs(await services.catalogue.nowShowing());
    expect(nowShowing).toEqual(expect.arrayContaining([slugs.drama, slugs.comedy, slugs.secondDrama]));
    expect(nowShowing).not.toContain(slugs.coming);
    expect(nowShowing).not.toContain(slugs.cancelledOnly);
    expect(nowShowing).not.toContain(slugs.startedOnly);

    const comingSoon = filmSlugs(await services.catalogue.comingSoon());
    expect(comingSoon).toContain(slugs.coming);
    expect(comingSoon).not.toContain(slugs.drama);
  });
});

describe("showtime filters", () => {
  const friday = { date: "2026-11-20", cinemaSlug: slugs.cinemaA };

  it("narrows by genre", async () => {
    const comedy = await services.catalogue.showtimes({ ...friday, genre: "Comedy" });
    expect(comedy.films.map((group) => group.film.slug)).toEqual([slugs.comedy]);
    expect(comedy.filters).toEqual({ ...friday, genre: "Comedy", format: null });
  });

  it("narrows by format", async () => {
    const imax = await services.catalogue.showtimes({ ...friday, format: "IMAX" });
    expect(showtimeIds(imax)).toEqual([s.comedyImax]);
  });

  it("narrows by cinema", async () => {
    const atB = showtimeIds(await services.catalogue.showtimes({ date: "2026-11-20", cinemaSlug: slugs.cinemaB }));
    expect(atB).toEqual([s.secondDramaAtB]);
  });

  it("returns nothing rather than failing when no screening matches", async () => {
    const none = await services.catalogue.showtimes({ ...friday, genre: `No such genre ${tag}` });
    expect(none.films).toEqual([]);
  });

  it("offers the cinemas, the genres and formats on show, and the next 14 dates", async () => {
    const filters = await services.catalogue.filters({ cinemaSlug: slugs.cinemaA });
    expect(filters.today).toBe("2026-11-20");
    expect(filters.dates).toHaveLength(14);
    expect(filters.dates[0]).toBe("2026-11-20");
    expect(filters.dates[13]).toBe("2026-12-03");
    expect(filters.cinemas.map((cinema) => cinema.slug)).toEqual(
      expect.arrayContaining([slugs.cinemaA, slugs.cinemaB, slugs.cinemaNy]),
    );
    expect(filters.genres).toEqual(expect.arrayContaining(["Comedy", "Drama", "Family"]));
    expect(filters.formats.map((format) => format.value)).toEqual(expect.arrayContaining(["TWO_D", "IMAX"]));
  });
});

describe("film page", () => {
  it("has the details, rating, recent reviews and 14 days of showtimes by day and cinema", async () => {
    const page = await services.catalogue.filmBySlug(slugs.drama);
    expect(page.film).toMatchObject({
      slug: slugs.drama,
      director: `Ines Okafor-${tag}`,
      status: "NOW_SHOWING",
      releaseDate: "2026-11-01",
    });
    expect(page.rating).toEqual({ average: 4.5, count: 2 });
    expect(page.reviews.map((review) => review.authorName)).toEqual(["Priya", "Jordan S."]);

    const days = page.days.map((day) => day.date);
    expect(days).toEqual(["2026-11-20", "2026-11-21"]);
    const friday = page.days[0]!;
    // New York's Friday-night show and London's Friday shows share the Friday heading, each under its cinema.
    expect(friday.cinemas.map((group) => group.cinema.slug)).toEqual([slugs.cinemaA, slugs.cinemaNy]);
    expect(friday.cinemas[0]!.showtimes.map((showtime) => showtime.id)).toEqual([
      s.startedTenMinutesAgo,
      s.dramaEvening,
      s.dramaLate,
    ]);
    const saturday = page.days[1]!;
    expect(saturday.cinemas.map((group) => group.cinema.slug)).toEqual([slugs.cinemaA, slugs.cinemaB]);

    const all = page.days.flatMap((day) => day.cinemas.flatMap((group) => group.showtimes.map((showtime) => showtime.id)));
    expect(all).not.toContain(s.cancelledDrama);
    expect(all).not.toContain(s.dramaFarAhead);
    expect(all).not.toContain(s.dstSundayLate);
  });

  it("marks a film without bookable screenings as coming soon or not showing", async () => {
    expect((await services.catalogue.filmBySlug(slugs.coming)).film.status).toBe("COMING_SOON");
    const cancelled = await services.catalogue.filmBySlug(slugs.cancelledOnly);
    expect(cancelled.film.status).toBe("NOT_SHOWING");
    expect(cancelled.days).toEqual([]);
    expect(cancelled.rating).toEqual({ average: null, count: 0 });
  });

  it("shortens reviewers' names", () => {
    expect(publicAuthorName("  Jordan  Avery smith ")).toBe("Jordan S.");
    expect(publicAuthorName("Priya")).toBe("Priya");
    expect(publicAuthorName("   ")).toBe("Anonymous");
  });
});

describe("search", () => {
  it("matches titles case-insensitively, title prefixes first", async () => {
    const result = await services.catalogue.search({ query: `  zyzzyva QUARTET ${tag}  ` });
    expect(result.query).toBe(`zyzzyva QUARTET ${tag}`);
    expect(filmSlugs(result.films)).toEqual([slugs.drama]);

    const both = await services.catalogue.search({ query: "zyzzyva quartet" });
    const mine = filmSlugs(both.films).filter((slug) => slug.includes(tag));
    expect(mine).toEqual([slugs.drama, slugs.secondDrama]);
  });

  it("matches the director and cast members", async () => {
    expect(filmSlugs((await services.catalogue.search({ query: `okafor-${tag}` })).films)).toEqual([slugs.drama]);
    expect(filmSlugs((await services.catalogue.search({ query: `VANTONGEREN-${tag}` })).films)).toEqual([slugs.drama]);
  });

  it("treats LIKE wildcards as plain characters", async () => {
    expect(filmSlugs((await services.catalogue.search({ query: `100% ${tag}` })).films)).toEqual([slugs.comedy]);
    expect(filmSlugs((await services.catalogue.search({ query: `_${tag}` })).films)).toEqual([]);
  });

  it("reports whether each film is on, and respects the limit", async () => {
    const result = await services.catalogue.search({ query: tag, limit: 50 });
    const status = Object.fromEntries(result.films.map((film) => [film.slug, film.status]));
    expect(status[slugs.drama]).toBe("NOW_SHOWING");
    expect(status[slugs.coming]).toBe("COMING_SOON");
    expect(status[slugs.startedOnly]).toBe("NOT_SHOWING");
    expect((await services.catalogue.search({ query: tag, limit: 2 })).films).toHaveLength(2);
  });
});

describe("screening page", () => {
  it("prices tickets with the format surcharge and lists the hall's seat surcharges", async () => {
    const imax = await services.catalogue.screeningById(s.comedyImax!);
    expect(imax.prices.formatSurcharge).toBe(300);
    expect(imax.prices.tickets).toEqual([
      { ticketType: "ADULT", label: "Adult", note: null, baseAmount: 1000, amount: 1300 },
      { ticketType: "CHILD", label: "Child", note: "Under 15", baseAmount: 700, amount: 1000 },
    ]);
    // The IMAX hall in the fixtures has no seats at all, so no seat surcharge applies there.
    expect(imax.prices.seatKindSurcharges).toEqual([]);

    const evening = await services.catalogue.screeningById(s.dramaEvening!);
    expect(evening.prices.formatSurcharge).toBe(0);
    expect(evening.prices.tickets[0]).toMatchObject({ amount: 1000 });
    // Premium only: the wheelchair surcharge is zero and this hall has no companion seats.
    expect(evening.prices.seatKindSurcharges).toEqual([{ seatKind: "PREMIUM", label: "Premium seat", amount: 200 }]);
  });

  it("counts sold seats and live holds as taken, but not expired holds, released tickets or blocked seats", async () => {
    const evening = await services.catalogue.screeningById(s.dramaEvening!);
    expect(evening.seats).toEqual({
      total: 6,
      available: 4,
      byKind: [
        { seatKind: "STANDARD", label: "Standard seat", total: 3, available: 2 },
        { seatKind: "PREMIUM", label: "Premium seat", total: 2, available: 1 },
        { seatKind: "WHEELCHAIR", label: "Wheelchair space", total: 1, available: 1 },
      ],
    });
  });

  it("describes the screening, and stops sales 15 minutes after the start", async () => {
    const evening = await services.catalogue.screeningById(s.dramaEvening!);
    expect(evening).toMatchObject({
      film: { slug: slugs.drama },
      hall: { name: "Screen 1" },
      cinema: { slug: slugs.cinemaA, timeZone: "Europe/London" },
      subtitleLabel: "English subtitles",
      onSale: true,
    });
    const started = await services.catalogue.screeningById(s.startedTwentyMinutesAgo!);
    expect(started.onSale).toBe(false);
  });

  it("does not show cancelled screenings", async () => {
    await expect(services.catalogue.screeningById(s.cancelled!)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("adverts and announcements", () => {
  it("shows only adverts that are active and inside their window", async () => {
    const window = { startsAt: at("2026-11-19T00:00:00Z"), endsAt: at("2026-11-27T00:00:00Z") };
    const live = await services.db.advert.create({ data: { title: `Live ${tag}`, placement: "HOME_HERO", ...window } });
    const off = await services.db.advert.create({
      data: { title: `Off ${tag}`, placement: "HOME_HERO", active: false, ...window },
    });
    const later = await services.db.advert.create({
      data: { title: `Later ${tag}`, placement: "HOME_HERO", startsAt: at("2026-11-21T00:00:00Z"), endsAt: window.endsAt },
    });
    const strip = await services.db.advert.create({ data: { title: `Strip ${tag}`, placement: "HOME_STRIP", ...window } });
    const hero = (await services.catalogue.activeAdverts("HOME_HERO")).map((advert) => advert.id);
    expect(hero).toContain(live.id);
    expect(hero).not.toContain(off.id);
    expect(hero).not.toContain(later.id);
    expect(hero).not.toContain(strip.id);
  });

  it("shows chain-wide announcements and the chosen cinema's, warnings first", async () => {
    const window = { startsAt: at("2026-11-19T00:00:00Z"), endsAt: at("2026-11-27T00:00:00Z") };
    const chain = await services.db.announcement.create({ data: { message: `Chain ${tag}`, ...window } });
    const atA = await services.db.announcement.create({
      data: { message: `A ${tag}`, cinemaId: ids.cinemaA, severity: "WARNING", ...window },
    });
    const atB = await services.db.announcement.create({ data: { message: `B ${tag}`, cinemaId: ids.cinemaB, ...window } });
    const expired = await services.db.announcement.create({
      data: { message: `Old ${tag}`, startsAt: at("2026-11-01T00:00:00Z"), endsAt: at("2026-11-20T09:00:00Z") },
    });
    const forA = (await services.catalogue.activeAnnouncements({ cinemaSlug: slugs.cinemaA })).map((row) => row.id);
    expect(forA).toContain(chain.id);
    expect(forA).toContain(atA.id);
    expect(forA).not.toContain(atB.id);
    expect(forA).not.toContain(expired.id);
    expect(forA.indexOf(atA.id)).toBeLessThan(forA.indexOf(chain.id));
  });
});

describe("through the router", () => {
  const caller = () => createTestCaller(services, null);

  it("answers NOT_FOUND for an unknown film, screening or cinema", async () => {
    expect(await trpcCode(caller().films.bySlug({ slug: `no-such-film-${tag}` }))).toEqual({
      code: "NOT_FOUND",
      message: "Film was not found.",
    });
    expect((await trpcCode(caller().screenings.byId({ id: `nope${tag}` }))).code).toBe("NOT_FOUND");
    expect((await trpcCode(caller().screenings.byId({ id: s.cancelled! }))).code).toBe("NOT_FOUND");
    expect((await trpcCode(caller().screenings.list({ cinemaSlug: `no-such-cinema-${tag}` }))).code).toBe("NOT_FOUND");
  });

  it("refuses bad input with a message that says what is wrong", async () => {
    const impossible = await trpcCode(caller().screenings.list({ date: "2026-02-30" }));
    expect(impossible).toMatchObject({ code: "BAD_REQUEST", fields: { date: ["That date does not exist"] } });
    const malformed = await trpcCode(caller().screenings.list({ date: "20/11/2026" }));
    expect(malformed.fields?.date?.[0]).toBe("Use a date in the form YYYY-MM-DD");
    const format = await trpcCode(caller().screenings.list({ format: "4D" as never }));
    expect(format.code).toBe("BAD_REQUEST");
    expect(format.fields?.format).toHaveLength(1);
    const slug = await trpcCode(caller().films.bySlug({ slug: "Not A Slug!" }));
    expect(slug).toMatchObject({
      code: "BAD_REQUEST",
      fields: { slug: ["Slugs contain only lower-case letters, digits and hyphens"] },
    });
    const empty = await trpcCode(caller().films.search({ query: "   " }));
    expect(empty).toMatchObject({ code: "BAD_REQUEST", fields: { query: ["Type a film title or a name to search for"] } });
    const id = await trpcCode(caller().screenings.byId({ id: "x".repeat(65) }));
    expect(id).toMatchObject({ code: "BAD_REQUEST", fields: { id: ["Id is too long"] } });
  });

  it("serves the programme with its output contract", async () => {
    const list = await caller().screenings.list({ date: "2026-11-20", cinemaSlug: slugs.cinemaA, format: "IMAX" });
    expect(showtimeIds(list)).toEqual([s.comedyImax]);
    expect(list.films[0]!.showtimes[0]!.startsAt).toBeInstanceOf(Date);

    const byId = await caller().screenings.byId({ id: s.dramaEvening! });
    expect(byId.seats.available).toBe(4);

    const film = await caller().films.bySlug({ slug: slugs.drama });
    expect(film.film.title).toBe(`Zyzzyva Quartet ${tag}`);

    const today = await caller().screenings.today({ cinemaSlug: slugs.cinemaB });
    expect(showtimeIds(today)).toEqual([s.secondDramaAtB]);

    const filters = await caller().screenings.filters();
    expect(filters.dates).toHaveLength(14);

    expect(filmSlugs((await caller().films.search({ query: `later light ${tag}` })).films)).toEqual([slugs.coming]);
    expect(filmSlugs(await caller().films.nowShowing())).toContain(slugs.drama);
    expect(filmSlugs(await caller().films.comingSoon())).toContain(slugs.coming);
  });
});
