// Showtimes: one day of the programme grouped by film, narrowed by cinema, genre and format, and the choices the
// filter controls offer.
import type { Prisma } from "@/server/db/generated/client";
import { screeningFormatSchema } from "@/server/db/schemas";
import { badRequest, notFound } from "@/server/errors";
import {
  filmCardSelect,
  PROGRAMME_DAYS,
  showtimeSelect,
  toFilmCard,
  toShowtime,
  type CatalogueContext,
  type CinemaRow,
  type FilmCardRow,
  type ShowtimeRow,
} from "./context";
import { daySequence, dayWindow, isValidDayKey } from "./days";
import { formatLabels } from "./labels";
import type { FilmShowtimes, Filters, ProgrammeDay, ShowtimesInput, ShowtimesResult } from "./schemas";

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

export function createShowtimes(ctx: CatalogueContext) {
  const { db } = ctx;

  // One calendar day for the given cinemas, each on its own wall clock. Cinemas sharing a zone share one clause,
  // so the usual single-zone chain queries a single startsAt range.
  function dayClause(date: string, cinemas: CinemaRow[]): Prisma.ScreeningWhereInput {
    const floor = ctx.bookableFrom();
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
    const { cinemas, timeZone, today } = await ctx.programmeClock(input.cinemaSlug);
    const selected = input.cinemaSlug ? cinemas.filter((cinema) => cinema.slug === input.cinemaSlug) : cinemas;
    if (input.cinemaSlug && selected.length === 0) throw notFound("Cinema");
    const date = input.date ?? today;

    const rows = await db.screening.findMany({
      where: {
        status: "SCHEDULED",
        // Drafts stay invisible until the scheduler publishes them.
        publishedAt: { not: null },
        ...dayClause(date, selected),
        ...(input.format ? { format: input.format } : {}),
        film: { status: { not: "DRAFT" }, ...(input.genre ? { genres: { has: input.genre } } : {}) },
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

  /** What is still on sale today, grouped by film. */
  async function todaysShowtimes(input: { cinemaSlug?: string } = {}): Promise<ProgrammeDay> {
    const { date, timeZone, films } = await showtimes({ cinemaSlug: input.cinemaSlug });
    return { date, timeZone, films };
  }

  /** What the filter controls offer: only genres and formats that actually have screenings to show. */
  async function filters(input: { cinemaSlug?: string } = {}): Promise<Filters> {
    const { cinemas, timeZone, today } = await ctx.programmeClock(input.cinemaSlug);
    const upcoming = ctx.bookable(timeZone);
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
      // Formats are offered in the order prisma/schema.prisma declares them.
      formats: screeningFormatSchema.options
        .filter((value) => present.has(value))
        .map((value) => ({ value, label: formatLabels[value] })),
    };
  }

  return { showtimes, todaysShowtimes, filters };
}
