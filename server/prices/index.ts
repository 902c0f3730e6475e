// Prices: each cinema's ticket types (ticket-types.ts), its price plans with their booking fee (price-plans.ts), and
// the plan a new screening should default to (suggest.ts, for the scheduler). README.md beside this file says what
// each call does. Imports neither tRPC, Next nor next-auth; checkout prices tickets from the same rows
// (server/booking/pricing.ts).
import { createPricesContext, type PricesDeps } from "./context";
import { createPricePlans } from "./price-plans";
import type { PricesOverview } from "./schemas";
import { createSuggest } from "./suggest";
import { createTicketTypes } from "./ticket-types";

export type { PricesDeps } from "./context";
export { EVENING_STARTS_AT_MINUTES, screeningBands } from "./bands";
export { PRICE_PLAN_CONFLICT_MESSAGE } from "./price-plans";
export { TICKET_TYPE_CONFLICT_MESSAGE } from "./ticket-types";
export type * from "./schemas";

export function createPrices(deps: PricesDeps) {
  const ctx = createPricesContext(deps);
  const ticketTypes = createTicketTypes(ctx);
  const pricePlans = createPricePlans(ctx);
  const { suggestPricePlan } = createSuggest(ctx);

  /** What /admin/prices shows for one cinema (the one asked for, else the first by name). */
  async function overview(input: { cinemaId?: string } = {}): Promise<PricesOverview> {
    const cinemas = await ctx.db.cinema.findMany({ select: { id: true, name: true, timeZone: true }, orderBy: [{ name: "asc" }, { id: "asc" }] });
    const cinemaId = cinemas.find((c) => c.id === input.cinemaId)?.id ?? cinemas[0]?.id ?? null;
    if (!cinemaId) return { cinemas, cinemaId: null, ticketTypes: [], pricePlans: [] };
    const [types, plans] = await Promise.all([ticketTypes.list(cinemaId), pricePlans.list(cinemaId)]);
    return { cinemas, cinemaId, ticketTypes: types, pricePlans: plans };
  }

  return {
    overview,
    // ── Ticket types ──
    listTicketTypes: ticketTypes.list,
    createTicketType: ticketTypes.create,
    updateTicketType: ticketTypes.update,
    setTicketTypeActive: ticketTypes.setActive,
    reorderTicketTypes: ticketTypes.reorder,
    // ── Price plans ──
    listPricePlans: pricePlans.list,
    createPricePlan: pricePlans.create,
    updatePricePlan: pricePlans.update,
    // ── For the scheduler ──
    suggestPricePlan,
  };
}

export type Prices = ReturnType<typeof createPrices>;
