// Films: the now-showing and coming-soon lists, a film's own page, and search.
import { badRequest, notFound } from "@/server/errors";
import { filmCardSelect, LISTED_FILM, showtimeSelect, toFilmCard, toShowtime, VISIBLE_FILM_STATUSES, type CatalogueContext } from "./context";
import { dateColumnValue, dayKeyIn, dayKeyOfDateColumn } from "./days";
import { publicAuthorName } from "./labels";
import { SEARCH_LIMIT_MAX } from "./limits";
import type { CinemaRef, FilmCard, FilmPage, FilmStatus, SearchResult, Showtime } from "./schemas";

const SEARCH_DEFAULT_LIMIT = 20;
const COMING_SOON_LIMIT = 12;
const RECENT_REVIEWS = 6;

function filmStatus(releaseDate: Date, upcomingScreenings: number, today: string): FilmStatus {
  if (dayKeyOfDateColumn(releaseDate) > today) return "COMING_SOON";
  return upcomingScreenings > 0 ? "NOW_SHOWING" : "NOT_SHOWING";
}

export function createFilms(ctx: CatalogueContext) {
  const { db } = ctx;

  /** Films out now with at least one screening still on sale in the published programme. */
  async function nowShowing(): Promise<FilmCard[]> {
    const { timeZone, today } = await ctx.programmeClock();
    const films = await db.film.findMany({
      where: { ...LISTED_FILM, releaseDate: { lte: dateColumnValue(today) }, screenings: { some: ctx.bookable(timeZone) } },
      select: filmCardSelect,
      orderBy: [{ releaseDate: "desc" }, { title: "asc" }],
    });
    return films.map(toFilmCard);
  }

  /** Films released after today, soonest first. */
  async function comingSoon(): Promise<FilmCard[]> {
    const { today } = await ctx.programmeClock();
    const films = await db.film.findMany({
      where: { ...LISTED_FILM, releaseDate: { gt: dateColumnValue(today) } },
      select: filmCardSelect,
      orderBy: [{ releaseDate: "asc" }, { title: "asc" }],
      take: COMING_SOON_LIMIT,
    });
    return films.map(toFilmCard);
  }

  async function filmBySlug(slug: string): Promise<FilmPage> {
    const { timeZone, today } = await ctx.programmeClock();
    // The four reads only need the slug, so they go out together; an unknown slug costs the same and returns empty.
    const [film, screenings, ratings, reviews] = await Promise.all([
      db.film.findUnique({
        where: { slug, status: { in: [...VISIBLE_FILM_STATUSES] } },
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
        where: { AND: [{ film: { slug } }, ctx.bookable(timeZone)] },
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
  }

  /**
   * Case-insensitive match on title, director or any cast member. Title matches rank first (those starting with
   * the query before those containing it), then director, then cast; newer films first within a rank.
   */
  async function search(input: { query: string; limit?: number }): Promise<SearchResult> {
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
      WHERE f."status" = 'PUBLISHED'
        AND (f."title" ILIKE ${contains}
             OR f."director" ILIKE ${contains}
             OR EXISTS (SELECT 1 FROM unnest(f."cast") AS member WHERE member ILIKE ${contains}))
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

    const { timeZone, today } = await ctx.programmeClock();
    const films = await db.film.findMany({
      where: { id: { in: matches.map((match) => match.id) } },
      select: {
        ...filmCardSelect,
        director: true,
        _count: { select: { screenings: { where: ctx.bookable(timeZone) } } },
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
  }

  return { nowShowing, comingSoon, filmBySlug, search };
}
