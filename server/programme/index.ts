// Programme administration: what admins change about the programme the site shows. Announcements
// (announcements.ts), adverts (adverts.ts), promo codes (promo-codes.ts) and films (films.ts). README.md beside this file says what
// each call does. Imports neither tRPC, Next nor next-auth; the public site reads the same rows through
// server/catalogue.
import { createAdverts } from "./adverts";
import { createAnnouncements } from "./announcements";
import { createFilms } from "./films";
import { createPromoCodes } from "./promo-codes";
import { createProgrammeContext, type ProgrammeDeps } from "./context";

export type { ProgrammeDeps } from "./context";
export { ADVERT_CONFLICT_MESSAGE, advertStatus } from "./adverts";
export { ANNOUNCEMENT_CONFLICT_MESSAGE, announcementStatus } from "./announcements";
export { FILM_CONFLICT_MESSAGE } from "./films";
export { PROMO_CODE_CONFLICT_MESSAGE, promoCodeStatus } from "./promo-codes";
export { instantToWallClock, wallClockToInstant } from "./wall-clock";
export type * from "./schemas";
export type * from "./film-schemas";

export function createProgramme(deps: ProgrammeDeps) {
  const ctx = createProgrammeContext(deps);
  const announcements = createAnnouncements(ctx);
  const adverts = createAdverts(ctx);
  const promoCodes = createPromoCodes(ctx);
  const films = createFilms(ctx);
  return {
    // ── Announcements (/admin/announcements) ──
    listAnnouncements: announcements.list,
    createAnnouncement: announcements.create,
    updateAnnouncement: announcements.update,
    deleteAnnouncement: announcements.remove,
    // ── Adverts (/admin/adverts) ──
    listAdverts: adverts.list,
    createAdvert: adverts.create,
    updateAdvert: adverts.update,
    pauseAdvert: adverts.pause,
    resumeAdvert: adverts.resume,
    deleteAdvert: adverts.remove,
    // ── Pre-show reel (the scheduler times a screening's start with it; /admin/adverts shows it) ──
    preShowReel: adverts.preShowReel,
    preShowReelAt: adverts.preShowReelAt,
    // ── Promo codes (/admin/promo-codes) ──
    listPromoCodes: promoCodes.list,
    createPromoCode: promoCodes.create,
    updatePromoCode: promoCodes.update,
    setPromoCodeActive: promoCodes.setActive,
    deletePromoCode: promoCodes.remove,
    // ── Films (/admin/films) ──
    listFilms: films.list,
    getFilm: films.get,
    createFilm: films.create,
    updateFilm: films.update,
    setFilmStatus: films.setStatus,
    filmFutureScreenings: films.futureScreenings,
    deleteFilm: films.remove,
    generatePromoCodeBatch: promoCodes.generateBatch,
    promoCodeBatchCodes: promoCodes.batchCodes,
  };
}

export type Programme = ReturnType<typeof createProgramme>;
