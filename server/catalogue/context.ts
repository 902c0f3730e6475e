// What every part of the catalogue shares: its dependencies, its clock, the programme's wall clock and window, and
// the row selections and row → view mappers that more than one query uses. The parts (films.ts, showtimes.ts, …)
// are functions of this context; index.ts puts them together.
import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";
import type { CatalogueCache } from "./cache";
import { addDaysToKey, dayKeyIn, dayKeyOfDateColumn, dayWindow } from "./days";
import { formatLabels, languageLabel, subtitleLabel } from "./labels";
import type { FilmCard, ScreeningBasics, Showtime } from "./schemas";

/** Late-comers can still buy for this long after the advertised start (the adverts and trailers run first). */
export const LATE_ENTRY_MINUTES = 15;
/** How far ahead the programme is published: today and the next 13 days. */
export const PROGRAMME_DAYS = 14;
/** Used only when no cinema exists yet, so that an empty install still renders its pages. */
export const FALLBACK_TIME_ZONE = "Europe/London";

export interface CatalogueDeps {
  db: Database;
  now: () => Date;
  /** Where page data is cached (cache.ts); without one every read goes to PostgreSQL. */
  cache?: CatalogueCache;
  /**
   * Every seat's state for a screening, from the seat inventory (services wire `inventory.seatMap`): a web basket's
   * holds live in Redis alone until checkout, so PostgreSQL's tickets undercount what is taken. Without it the seats
   * left are counted from PostgreSQL.
   */
  seatStates?: (screeningId: string) => Promise<Array<{ kind: string; state: "free" | "held" | "sold" | "blocked" }>>;
}

export type CinemaRow = { id: string; slug: string; name: string; city: string; timeZone: string };

/** The programme's wall clock: every cinema, the zone "today" is read in, and today there. */
export interface ProgrammeClock {
  cinemas: CinemaRow[];
  timeZone: string;
  today: string;
}

export interface CatalogueContext {
  db: Database;
  now: () => Date;
  seatStates?: CatalogueDeps["seatStates"];
  /** Read-through: the cached value under `key`, else load()'s. */
  cached: <T>(key: string, load: () => Promise<T>) => Promise<T>;
  /** Every cinema, by name; read on each call, so a new cinema shows at once. */
  loadCinemas: () => Promise<CinemaRow[]>;
  /** Loads the cinemas and reads today on the chosen cinema's wall clock (see programmeZone). */
  programmeClock: (cinemaSlug?: string) => Promise<ProgrammeClock>;
  /** The earliest start still on sale: screenings running longer than the late-entry allowance are not offered. */
  bookableFrom: () => Date;
  /**
   * Screenings the public may see and book: scheduled, starting inside the published programme, and not of a DRAFT
   * film. An ARCHIVED film's screenings stay on sale when the admin chose to keep them when archiving.
   */
  bookable: (timeZone: string) => Prisma.ScreeningWhereInput;
}

// "Today" and the 14 published days are read on one wall clock: the chosen cinema's, or the first cinema's when
// the question is about every cinema. All seeded cinemas share a zone; a chain spanning zones would still get
// per-cinema day boundaries in showtimes(), only the list of dates would follow the first cinema.
function programmeZone(cinemas: CinemaRow[], cinemaSlug?: string): string {
  const chosen = cinemaSlug ? cinemas.find((cinema) => cinema.slug === cinemaSlug) : undefined;
  return chosen?.timeZone ?? cinemas[0]?.timeZone ?? FALLBACK_TIME_ZONE;
}

export function createCatalogueContext({ db, now, cache, seatStates }: CatalogueDeps): CatalogueContext {
  const loadCinemas = (): Promise<CinemaRow[]> =>
    db.cinema.findMany({
      select: { id: true, slug: true, name: true, city: true, timeZone: true },
      orderBy: { name: "asc" },
    });

  const bookableFrom = () => new Date(now().getTime() - LATE_ENTRY_MINUTES * 60_000);

  // Where a screening must start to fall inside the published programme (today plus 13 days).
  function programmeWindow(timeZone: string): { gte: Date; lt: Date } {
    const today = dayKeyIn(now(), timeZone);
    return { gte: bookableFrom(), lt: dayWindow(addDaysToKey(today, PROGRAMME_DAYS - 1), timeZone).end };
  }

  return {
    db,
    now,
    seatStates,
    cached: (key, load) => (cache ? cache.read(key, load) : load()),
    loadCinemas,
    async programmeClock(cinemaSlug) {
      const cinemas = await loadCinemas();
      const timeZone = programmeZone(cinemas, cinemaSlug);
      return { cinemas, timeZone, today: dayKeyIn(now(), timeZone) };
    },
    bookableFrom,
    bookable: (timeZone) => ({ status: "SCHEDULED", publishedAt: { not: null }, startsAt: programmeWindow(timeZone), film: { status: { not: "DRAFT" } } }),
  };
}

// ─── Selections and mappers ──────────────────────────────────────────────────

/** Films the site lists (now showing, coming soon, search): published ones; drafts and archived films are not listed. */
export const LISTED_FILM = { status: "PUBLISHED" } as const satisfies Prisma.FilmWhereInput;
/** Films a customer may open (film page, screening page): anything but a draft, so an archived film's links keep working. */
export const VISIBLE_FILM_STATUSES = ["PUBLISHED", "ARCHIVED"] as const;

export const filmCardSelect = {
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

/** The columns behind ScreeningBasics (toScreeningBasics adds the labels). */
export const screeningBasicsSelect = {
  id: true,
  startsAt: true,
  endsAt: true,
  preShowMinutes: true,
  cleaningMinutes: true,
  format: true,
  audioLanguage: true,
  subtitleLanguage: true,
} satisfies Prisma.ScreeningSelect;

export const showtimeSelect = {
  ...screeningBasicsSelect,
  hall: { select: { name: true, cinema: { select: { slug: true, name: true, timeZone: true } } } },
} satisfies Prisma.ScreeningSelect;

export type FilmCardRow = Prisma.FilmGetPayload<{ select: typeof filmCardSelect }>;
type ScreeningBasicsRow = Prisma.ScreeningGetPayload<{ select: typeof screeningBasicsSelect }>;
export type ShowtimeRow = Prisma.ScreeningGetPayload<{ select: typeof showtimeSelect }>;

export function toFilmCard(row: FilmCardRow): FilmCard {
  return { ...row, releaseDate: dayKeyOfDateColumn(row.releaseDate) };
}

export function toScreeningBasics(row: ScreeningBasicsRow): ScreeningBasics {
  return {
    id: row.id,
    startsAt: row.startsAt,
    endsAt: row.endsAt,
    featureStartsAt: new Date(row.startsAt.getTime() + row.preShowMinutes * 60_000),
    featureEndsAt: new Date(row.endsAt.getTime() - row.cleaningMinutes * 60_000),
    format: row.format,
    formatLabel: formatLabels[row.format],
    audioLanguage: row.audioLanguage,
    audioLabel: languageLabel(row.audioLanguage),
    subtitleLanguage: row.subtitleLanguage,
    subtitleLabel: subtitleLabel(row.subtitleLanguage),
  };
}

export function toShowtime(row: ShowtimeRow): Showtime {
  return { ...toScreeningBasics(row), hallName: row.hall.name, cinema: row.hall.cinema };
}
