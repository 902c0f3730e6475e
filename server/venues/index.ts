// Venue administration: cinemas, halls with versioned seat layouts, and seat blocks. README.md beside this file
// says what each call does. Imports neither tRPC, Next nor next-auth; the inventory reads a screening's layout
// version through server/inventory/layout.ts.
import { createCinemas } from "./cinemas";
import { createSeatBlocks } from "./blocks";
import { createVenuesContext, type VenuesDeps } from "./context";
import { createHalls } from "./halls";

export type { VenuesDeps } from "./context";
export { currentLayoutId } from "./current-layout";
export { CINEMA_CONFLICT_MESSAGE } from "./cinemas";
export { HALL_CONFLICT_MESSAGE } from "./halls";
export { layoutProblems, sameLayout, type LayoutPlan, type LayoutSeat } from "./layout-rules";

export function createVenues(deps: VenuesDeps) {
  const ctx = createVenuesContext(deps);
  const cinemas = createCinemas(ctx);
  const halls = createHalls(ctx);
  const blocks = createSeatBlocks(ctx);
  return {
    // ── Cinemas (/admin/cinemas) ──
    listCinemas: cinemas.list,
    getCinema: cinemas.get,
    createCinema: cinemas.create,
    updateCinema: cinemas.update,
    // ── Halls and layouts (/admin/cinemas/[id]/halls/[hallId]) ──
    getHall: halls.get,
    createHall: halls.create,
    saveHall: halls.save,
    // ── Seat blocks ──
    listSeatBlocks: blocks.list,
    blockSeats: blocks.block,
    unblockSeats: blocks.unblock,
  };
}

export type Venues = ReturnType<typeof createVenues>;
