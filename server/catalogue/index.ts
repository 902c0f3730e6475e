// The public programme: what's on, when and where, and what it costs. Read-only; every query selects only the
// columns its page shows and loads relations in the same round trip, so a page costs a fixed number of queries
// however many films or screenings it lists.
import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, notFound } from "@/server/errors";
import {
  addDaysToKey,
  dateColumnValue,
  dayKeyIn,
  dayKeyOfDateColumn,
  daySequence,
  dayWindow,
  isValidDayKey,
} from "./days";
import {
  formatLabels,
  languageLabel,
  publicAuthorName,
  seatKindLabels,
  subtitleLabel,
  ticketTypeLabels,
} from "./labels";
import type {
  Advert,
  Announcement,
  CinemaRef,
  FilmCard,
  FilmPage,
  FilmShowtimes,
  FilmStatus,
  Filters,
  ProgrammeDay,
  ScreeningDetails,
  ScreeningFormatValue,
  SearchResult,
  Showtime,
  ShowtimesInput,
  ShowtimesResult,
} from "./schemas";
import { SEARCH_LIMIT_MAX } from "./schemas";

export * from "./days";
export * from "./labels";
export type * from "./schemas";

/** Late-comers can still buy for this long after the advertised start (the adverts and trailers run first). */
export const LATE_ENTRY_MINUTES = 15;
/** How far ahead the programme is published: today and the next 13 days. */
export const PROGRAMME_DAYS = 14;
/** Used only when no cinema exists yet, so that an empty install still renders its pages. */
export const FALLBACK_TIME_ZONE = "Europe/London";

const SEARCH_DEFAULT_LIMIT = 20;
const COMING_SOON_LIMIT = 12;
const RECENT_REVIEWS = 6;
const ANNOUNCEMENTS_LIMIT = 5;
const ADVERTS_LIMIT = 5;

const formatOrder: ScreeningFormatValue[] = ["TWO_D", "THREE_D", "IMAX"];
const ticketTypeOrder = ["ADULT", "CHILD", "SENIOR", "STUDENT"] as const;
const seatKindOrder = ["STANDARD", "PREMIUM", "WHEELCHAIR", "COMPANION"] as const;

// ─── Selections ──────────────────────────────────────────────────────────────

const filmCardSelect = {
  id: true,
  slug: true,
  title: true,
  tagline: true,
  posterUrl: true,
  backdropUrl: true,
  certificate: true,
  runtimeMinutes: true,
  genres: true,
  releaseDate: true,
} satisfies Prisma.FilmSelect;

const showtimeSelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  format: true,
  audioLanguage: true,
  subtitleLanguage: true,
  hall: { select: { name: true, cinema: { select: { slug: true, name: true, timeZone: true } } } },
} satisfies Prisma.ScreeningSelect;

type FilmCardRow = Prisma.FilmGetPayload<{ select: typeof filmCardSelect }>;
type ShowtimeRow = Prisma.ScreeningGetPayload<{ select: typeof showtimeSelect }>;

function toFilmCard(row: FilmCardRow): FilmCard {
  return { ...row, releaseDate: dayKeyOfDateColumn(row.releaseDate) };
}

function toShowtime(row: ShowtimeRow): Showtime {
  return {
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    format: row.format,
    formatLabel: formatLabels[row.format],
    audioLanguage: row.audioLanguage,
    audioLabel: languageLabel(row.audioLanguage),
    subtitleLanguage: row.subtitleLanguage,
    subtitleLabel: subtitleLabel(row.subtitleLanguage),
    hallName: row.hall.name,
    cinema: row.hall.cinema,
  };
}

const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title, "en-GB");

// Screenings arrive in start order; grouping keeps that order within each film and lists films by title.
function groupByFilm(rows: (ShowtimeRow & { film: FilmCardRow })[]): FilmShowtimes[] {
  const groups = new Map<string, FilmShowtimes>();
  for (const row of rows) {
    let group = groups.get(row.film.id);
    if (!group) {
      group = { film: toFilmCard(row.film), showtimes: [] };
      groups.set(row.film.id, group);
    }
    group.showtimes.push(toShowtime(row));
  }
  return [...groups.values()].sort((a, b) => byTitle(a.film, b.film));
}

export interface CatalogueDeps {
  db: Database;
  now: () => Date;
}

export function createCatalogue({ db, now }: CatalogueDeps) {
  type CinemaRow = { id: string; slug: string; name: string; city: string; timeZone: string };

  async function loadCinemas(): Promise<CinemaRow[]> {
    return db.cinema.findMany({
      select: { id: true, slug: true, name: true, city: true, timeZone: true },
      orderBy: { name: "asc" },
    });
  }

  // "Today" and the 14 published days are read on one wall clock: the chosen cinema's, or the first cinema's when
  // the question is about every cinema. All seeded cinemas share a zone; a chain spanning zones would still get
  // per-cinema day boundaries in showtimes(), only the list of dates would follow the first cinema.
  function programmeZone(cinemas: CinemaRow[], cinemaSlug?: string): string {
    const chosen = cinemaSlug ? cinemas.find((cinema) => cinema.slug === cinemaSlug) : undefined;
    return chosen?.timeZone ?? cinemas[0]?.timeZone ?? FALLBACK_TIME_ZONE;
  }

  /** The earliest start still on sale: screenings running longer than the late-entry allowance are not offered. */
  function bookableFrom(): Date {
    return new Date(now().getTime() - LATE_ENTRY_MINUTES * 60_000);
  }

  /** Where a screening must start to fall inside the published programme (today plus 13 days). */
  function programmeWindow(timeZone: string): { gte: Date; lt: Date } {
    const today = dayKeyIn(now(), timeZone);
    return { gte: bookableFrom(), lt: dayWindow(addDaysToKey(today, PROGRAMME_DAYS - 1), timeZone).end };
  }

  function filmStatus(releaseDate: Date, upcomingScreenings: number, today: string): FilmStatus {
    if (dayKeyOfDateColumn(releaseDate) > today) return "COMING_SOON";
    return upcomingScreenings > 0 ? "NOW_SHOWING" : "NOT_SHOWING";
  }

  // One calendar day for the given cinemas, each on its own wall clock. Cinemas sharing a zone share one clause,
  // so the usual single-zone chain queries a single startsAt range.
  function dayClause(date: string, cinemas: CinemaRow[]): Prisma.ScreeningWhereInput {
    const floor = bookableFrom();
    const byZone = new Map<string, string[]>();
    for (const cinema of cinemas) byZone.set(cinema.timeZone, [...(byZone.get(cinema.timeZone) ?? []), cinema.id]);
    const clauses = [...byZone.entries()].map(([timeZone, cinemaIds]) => {
      const { start, end } = dayWindow(date, timeZone);
      return {
        hall: { cinemaId: { in: cinemaIds } },
        startsAt: { gte: start > floor ? start : floor, lt: end },
      } satisfies Prisma.ScreeningWhereInput;
    });
    if (clauses.length === 0) return { id: { in: [] } };
    return clauses.length === 1 ? clauses[0]! : { OR: clauses };
  }

  async function showtimes(input: ShowtimesInput = {}): Promise<ShowtimesResult> {
    if (input.date !== undefined && !isValidDayKey(input.date)) {
      throw badRequest("Choose a date in the form YYYY-MM-DD.");
    }
    const cinemas = await loadCinemas();
    const selected = input.cinemaSlug ? cinemas.filter((cinema) => cinema.slug === input.cinemaSlug) : cinemas;
    if (input.cinemaSlug && selected.length === 0) throw notFound("Cinema");
    const timeZone = programmeZone(cinemas, input.cinemaSlug);
    const date = input.date ?? dayKeyIn(now(), timeZone);

    const rows = await db.screening.findMany({
      where: {
        status: "SCHEDULED",
        ...dayClause(date, selected),
        ...(input.format ? { format: input.format } : {}),
        ...(input.genre ? { film: { genres: { has: input.genre } } } : {}),
      },
      select: { ...showtimeSelect, film: { select: filmCardSelect } },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });

    return {
      date,
      timeZone,
      films: groupByFilm(rows),
      filters: {
        date,
        cinemaSlug: input.cinemaSlug ?? null,
        genre: input.genre ?? null,
        format: input.format ?? null,
      },
    };
  }

  return {
    /** Films out now with at least one screening still on sale in the published programme. */
    async nowShowing(): Promise<FilmCard[]> {
      const timeZone = programmeZone(await loadCinemas());
      const today = dayKeyIn(now(), timeZone);
      const films = await db.film.findMany({
        where: {
          releaseDate: { lte: dateColumnValue(today) },
          screenings: { some: { status: "SCHEDULED", startsAt: programmeWindow(timeZone) } },
        },
        select: filmCardSelect,
        orderBy: [{ releaseDate: "desc" }, { title: "asc" }],
      });
      return films.map(toFilmCard);
    },

    /** Films released after today, soonest first. */
    async comingSoon(): Promise<FilmCard[]> {
      const timeZone = programmeZone(await loadCinemas());
      const today = dayKeyIn(now(), timeZone);
      const films = await db.film.findMany({
        where: { releaseDate: { gt: dateColumnValue(today) } },
        select: filmCardSelect,
        orderBy: [{ releaseDate: "asc" }, { title: "asc" }],
        take: COMING_SOON_LIMIT,
      });
      return films.map(toFilmCard);
    },

    /** What is still on sale today, grouped by film. */
    async todaysShowtimes(input: { cinemaSlug?: string } = {}): Promise<ProgrammeDay> {
      const { date, timeZone, films } = await showtimes({ cinemaSlug: input.cinemaSlug });
      return { date, timeZone, films };
    },

    showtimes,

    async filmBySlug(slug: string): Promise<FilmPage> {
      const cinemas = await loadCinemas();
      const timeZone = programmeZone(cinemas);
      const today = dayKeyIn(now(), timeZone);
      // The four reads only need the slug, so they go out together; an unknown slug costs the same and returns empty.
      const [film, screenings, ratings, reviews] = await Promise.all([
        db.film.findUnique({
          where: { slug },
          select: {
            ...filmCardSelect,
            synopsis: true,
            languages: true,
            director: true,
            cast: true,
            trailerUrl: true,
          },
        }),
        db.screening.findMany({
          where: { film: { slug }, status: "SCHEDULED", startsAt: programmeWindow(timeZone) },
          select: showtimeSelect,
          orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        }),
        db.review.aggregate({ where: { film: { slug } }, _avg: { rating: true }, _count: { _all: true } }),
        db.review.findMany({
          where: { film: { slug } },
          select: { id: true, rating: true, body: true, createdAt: true, user: { select: { name: true } } },
          orderBy: [{ createdAt: "desc" }, { id: "asc" }],
          take: RECENT_REVIEWS,
        }),
      ]);
      if (!film) throw notFound("Film");

      const days = new Map<string, Map<string, { cinema: CinemaRef; showtimes: Showtime[] }>>();
      for (const row of screenings) {
        const showtime = toShowtime(row);
        const day = dayKeyIn(showtime.startsAt, showtime.cinema.timeZone);
        const byCinema = days.get(day) ?? new Map();
        days.set(day, byCinema);
        const group = byCinema.get(showtime.cinema.slug) ?? { cinema: showtime.cinema, showtimes: [] };
        byCinema.set(showtime.cinema.slug, group);
        group.showtimes.push(showtime);
      }

      const average = ratings._avg.rating;
      return {
        film: {
          ...toFilmCard(film),
          synopsis: film.synopsis,
          languages: film.languages,
          director: film.director,
          cast: film.cast,
          trailerUrl: film.trailerUrl,
          status: filmStatus(film.releaseDate, screenings.length, today),
        },
        today,
        rating: { average: average === null ? null : Math.round(average * 10) / 10, count: ratings._count._all },
        reviews: reviews.map((review) => ({
          id: review.id,
          rating: review.rating,
          body: review.body,
          createdAt: review.createdAt,
          authorName: publicAuthorName(review.user.name),
        })),
        days: [...days.entries()]
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([date, byCinema]) => ({
            date,
            cinemas: [...byCinema.values()].sort((a, b) => a.cinema.name.localeCompare(b.cinema.name, "en-GB")),
          })),
      };
    },

    /** What the filter controls offer: only genres and formats that actually have screenings to show. */
    async filters(input: { cinemaSlug?: string } = {}): Promise<Filters> {
      const cinemas = await loadCinemas();
      const timeZone = programmeZone(cinemas, input.cinemaSlug);
      const today = dayKeyIn(now(), timeZone);
      const upcoming = { status: "SCHEDULED", startsAt: programmeWindow(timeZone) } satisfies Prisma.ScreeningWhereInput;
      const [films, formats] = await Promise.all([
        db.film.findMany({ where: { screenings: { some: upcoming } }, select: { genres: true } }),
        // groupBy runs as SQL GROUP BY; findMany's `distinct` would fetch every screening and dedupe in memory.
        db.screening.groupBy({ by: ["format"], where: upcoming }),
      ]);
      const genres = [...new Set(films.flatMap((film) => film.genres))].sort((a, b) => a.localeCompare(b, "en-GB"));
      const present = new Set(formats.map((row) => row.format));
      return {
        timeZone,
        today,
        dates: daySequence(today, PROGRAMME_DAYS),
        cinemas: cinemas.map(({ slug, name, city, timeZone: zone }) => ({ slug, name, city, timeZone: zone })),
        genres,
        formats: formatOrder.filter((value) => present.has(value)).map((value) => ({ value, label: formatLabels[value] })),
      };
    },

    /**
     * Case-insensitive match on title, director or any cast member. Title matches rank first (those starting with
     * the query before those containing it), then director, then cast; newer films first within a rank.
     */
    async search(input: { query: string; limit?: number }): Promise<SearchResult> {
      const query = input.query.trim();
      if (!query) throw badRequest("Type a film title or a name to search for.");
      const limit = Math.min(Math.max(1, Math.trunc(input.limit ?? SEARCH_DEFAULT_LIMIT)), SEARCH_LIMIT_MAX);
      // LIKE treats % _ and \ specially; a search for "100%" means the characters, not a wildcard.
      const escaped = query.replace(/[\\%_]/g, (char) => `\\${char}`);
      const contains = `%${escaped}%`;
      const prefix = `${escaped}%`;
      // Prisma has no case-insensitive "some element contains" for text[] columns, hence raw SQL for the ranking.
      const matches = await db.$queryRaw<{ id: string }[]>`
        SELECT f."id"
        FROM "Film" f
        WHERE f."title" ILIKE ${contains}
           OR f."director" ILIKE ${contains}
           OR EXISTS (SELECT 1 FROM unnest(f."cast") AS member WHERE member ILIKE ${contains})
        ORDER BY CASE
                   WHEN f."title" ILIKE ${prefix} THEN 0
                   WHEN f."title" ILIKE ${contains} THEN 1
                   WHEN f."director" ILIKE ${contains} THEN 2
                   ELSE 3
                 END,
                 f."releaseDate" DESC,
                 f."title" ASC
        LIMIT ${limit}`;
      if (matches.length === 0) return { query, films: [] };

      const timeZone = programmeZone(await loadCinemas());
      const today = dayKeyIn(now(), timeZone);
      const films = await db.film.findMany({
        where: { id: { in: matches.map((match) => match.id) } },
        select: {
          ...filmCardSelect,
          director: true,
          _count: { select: { screenings: { where: { status: "SCHEDULED", startsAt: programmeWindow(timeZone) } } } },
        },
      });
      const byId = new Map(films.map((film) => [film.id, film]));
      return {
        query,
        films: matches.flatMap((match) => {
          const film = byId.get(match.id);
          if (!film) return [];
          const { _count, director, ...card } = film;
          return [{ ...toFilmCard(card), director, status: filmStatus(film.releaseDate, _count.screenings, today) }];
        }),
      };
    },

    async screeningById(id: string): Promise<ScreeningDetails> {
      const at = now();
      const [screening, seatRows] = await Promise.all([
        db.screening.findUnique({
          where: { id },
          select: {
            id: true,
            startsAt: true,
            endsAt: true,
            format: true,
            audioLanguage: true,
            subtitleLanguage: true,
            status: true,
            film: { select: filmCardSelect },
            hall: {
              select: {
                id: true,
                name: true,
                cinema: {
                  select: { slug: true, name: true, address: true, city: true, postcode: true, timeZone: true },
                },
              },
            },
            pricePlan: {
              select: {
                currency: true,
                ticketPrices: { select: { ticketType: true, amount: true } },
                seatKindSurcharges: { select: { seatKind: true, amount: true } },
                formatSurcharges: { select: { format: true, amount: true } },
              },
            },
          },
        }),
        // A seat is taken while it has a sold ticket or an unexpired hold (the schema's rule: an expired hold stops
        // counting at once, even before the release job has run). At most one live ticket per seat exists (unique
        // index), so counting joined tickets counts taken seats. The instant is compared as UTC wall time because
        // Prisma stores DateTime in "timestamp without time zone" columns as UTC.
        db.$queryRaw<{ kind: string; total: number; taken: number }[]>`
          SELECT s."kind"::text AS kind, count(*)::int AS total, count(t."id")::int AS taken
          FROM "Seat" s
          JOIN "Screening" sc ON sc."hallId" = s."hallId" AND sc."id" = ${id}
          LEFT JOIN "Ticket" t
            ON t."seatId" = s."id"
           AND t."screeningId" = sc."id"
           AND (t."status" = 'SOLD'
                OR (t."status" = 'HELD' AND t."holdExpiresAt" > (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')))
          WHERE NOT s."blocked"
          GROUP BY s."kind"`,
      ]);
      if (!screening || screening.status === "CANCELLED") throw notFound("Screening");

      const plan = screening.pricePlan;
      const formatSurcharge = plan.formatSurcharges.find((row) => row.format === screening.format)?.amount ?? 0;
      const seatCounts = new Map(seatRows.map((row) => [row.kind, row]));
      const salesCloseAt = new Date(screening.startsAt.getTime() + LATE_ENTRY_MINUTES * 60_000);

      const byKind = seatKindOrder.flatMap((seatKind) => {
        const row = seatCounts.get(seatKind);
        if (!row) return [];
        return [{ seatKind, label: seatKindLabels[seatKind], total: row.total, available: row.total - row.taken }];
      });

      return {
        id: screening.id,
        startsAt: screening.startsAt,
        endsAt: screening.endsAt,
        format: screening.format,
        formatLabel: formatLabels[screening.format],
        audioLanguage: screening.audioLanguage,
        audioLabel: languageLabel(screening.audioLanguage),
        subtitleLanguage: screening.subtitleLanguage,
        subtitleLabel: subtitleLabel(screening.subtitleLanguage),
        onSale: at < salesCloseAt,
        salesCloseAt,
        film: toFilmCard(screening.film),
        hall: { id: screening.hall.id, name: screening.hall.name },
        cinema: screening.hall.cinema,
        prices: {
          currency: plan.currency,
          formatSurcharge,
          tickets: ticketTypeOrder.flatMap((ticketType) => {
            const price = plan.ticketPrices.find((row) => row.ticketType === ticketType);
            if (!price) return [];
            return [
              { ticketType, label: ticketTypeLabels[ticketType], baseAmount: price.amount, amount: price.amount + formatSurcharge },
            ];
          }),
          seatKindSurcharges: seatKindOrder.flatMap((seatKind) => {
            const surcharge = plan.seatKindSurcharges.find((row) => row.seatKind === seatKind);
            if (!surcharge || surcharge.amount === 0 || !seatCounts.has(seatKind)) return [];
            return [{ seatKind, label: seatKindLabels[seatKind], amount: surcharge.amount }];
          }),
        },
        seats: {
          total: byKind.reduce((sum, row) => sum + row.total, 0),
          available: byKind.reduce((sum, row) => sum + row.available, 0),
          byKind,
        },
      };
    },

    /** Adverts live now for a placement, newest campaign first. */
    async activeAdverts(placement: Advert["placement"]): Promise<Advert[]> {
      const at = now();
      return db.advert.findMany({
        where: { placement, active: true, startsAt: { lte: at }, endsAt: { gt: at } },
        select: { id: true, title: true, body: true, imageUrl: true, linkUrl: true, placement: true },
        orderBy: [{ startsAt: "desc" }, { id: "asc" }],
        take: ADVERTS_LIMIT,
      });
    },

    /**
     * Announcements live now: chain-wide ones plus, when a cinema is given, that cinema's own (all of them
     * otherwise). Warnings first.
     */
    async activeAnnouncements(input: { cinemaSlug?: string } = {}): Promise<Announcement[]> {
      const at = now();
      const rows = await db.announcement.findMany({
        where: {
          startsAt: { lte: at },
          endsAt: { gt: at },
          ...(input.cinemaSlug ? { OR: [{ cinemaId: null }, { cinema: { slug: input.cinemaSlug } }] } : {}),
        },
        select: { id: true, message: true, severity: true, cinema: { select: { slug: true, name: true } } },
        orderBy: [{ severity: "desc" }, { startsAt: "desc" }, { id: "asc" }],
        take: ANNOUNCEMENTS_LIMIT,
      });
      return rows;
    },
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
