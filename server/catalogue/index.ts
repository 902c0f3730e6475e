// The public programme: what's on, when and where, and what it costs. Read-only; every query selects only the
// columns its page shows and loads relations in the same round trip, so a page costs a fixed number of queries
// however many films or screenings it lists. README.md beside this file says which file holds which job.
import { createAdverts } from "./adverts";
import { createCatalogueContext, type CatalogueDeps } from "./context";
import { createFilms } from "./films";
import { createScreenings } from "./screenings";
import { createShowtimes } from "./showtimes";

export * from "./days";
export { createCatalogueCache, createProgrammeWriteTracker, type CatalogueCache } from "./cache";
export * from "./labels";
export type * from "./schemas";
export type { CatalogueDeps } from "./context";
export { FALLBACK_TIME_ZONE, LATE_ENTRY_MINUTES, PROGRAMME_DAYS } from "./context";
export { pricePlanRatesSelect } from "./screenings";

export function createCatalogue(deps: CatalogueDeps) {
  const ctx = createCatalogueContext(deps);
  const films = createFilms(ctx);
  const showtimes = createShowtimes(ctx);
  const screenings = createScreenings(ctx);
  const adverts = createAdverts(ctx);

  return {
    // ── Films (home page, film page, search page) ──
    nowShowing: () => ctx.cached("now-showing", films.nowShowing),
    comingSoon: () => ctx.cached("coming-soon", films.comingSoon),
    filmBySlug: (slug: string) => ctx.cached(`film:${slug}`, () => films.filmBySlug(slug)),
    search: films.search,

    // ── Showtimes (home page, showtimes page) ──
    todaysShowtimes: (input: Parameters<typeof showtimes.todaysShowtimes>[0] = {}) =>
      ctx.cached(`today:${keyOf(input)}`, () => showtimes.todaysShowtimes(input)),
    showtimes: (input: Parameters<typeof showtimes.showtimes>[0] = {}) =>
      ctx.cached(`showtimes:${keyOf(input)}`, () => showtimes.showtimes(input)),
    filters: (input: Parameters<typeof showtimes.filters>[0] = {}) => ctx.cached(`filters:${keyOf(input)}`, () => showtimes.filters(input)),

    // ── A screening's page ──
    screeningById: screenings.screeningById,

    // ── Around the programme (home page) ──
    activeAdverts: (...args: Parameters<typeof adverts.activeAdverts>) =>
      ctx.cached(`adverts:${keyOf(args)}`, () => adverts.activeAdverts(...args)),
    activeAnnouncements: (...args: Parameters<typeof adverts.activeAnnouncements>) =>
      ctx.cached(`announcements:${keyOf(args)}`, () => adverts.activeAnnouncements(...args)),
  };
}

// A cache key for a query's input: its fields in a fixed order, so { a, b } and { b, a } share an entry.
function keyOf(input: unknown): string {
  return JSON.stringify(input, (_key, value: unknown) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value,
  ) ?? "";
}

export type Catalogue = ReturnType<typeof createCatalogue>;
