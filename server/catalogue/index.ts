// The public programme: what's on, when and where, and what it costs. Read-only; every query selects only the
// columns its page shows and loads relations in the same round trip, so a page costs a fixed number of queries
// however many films or screenings it lists. README.md beside this file says which file holds which job.
import { createAdverts } from "./adverts";
import { createCatalogueContext, type CatalogueDeps } from "./context";
import { createFilms } from "./films";
import { createScreenings } from "./screenings";
import { createShowtimes } from "./showtimes";

export * from "./days";
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
    nowShowing: films.nowShowing,
    comingSoon: films.comingSoon,
    filmBySlug: films.filmBySlug,
    search: films.search,

    // ── Showtimes (home page, showtimes page) ──
    todaysShowtimes: showtimes.todaysShowtimes,
    showtimes: showtimes.showtimes,
    filters: showtimes.filters,

    // ── A screening's page ──
    screeningById: screenings.screeningById,

    // ── Around the programme (home page) ──
    activeAdverts: adverts.activeAdverts,
    activeAnnouncements: adverts.activeAnnouncements,
  };
}

export type Catalogue = ReturnType<typeof createCatalogue>;
