// The default price plan for a new screening (the scheduler offers it; the admin can choose another): the cinema's
// active plan whose band fits the screening most specifically (weekend, then matinee/evening, then any), preferring
// one made for the screening's format over one for any format. A plan for another format never fits.
import type { ScreeningFormat } from "@/server/db/generated/enums";
import { notFound } from "@/server/errors";
import { screeningBands } from "./bands";
import type { PricesContext } from "./context";
import type { SuggestedPricePlan } from "./schemas";

export function createSuggest({ db }: PricesContext) {
  async function suggestPricePlan(input: { cinemaId: string; format: ScreeningFormat; startsAt: Date }): Promise<SuggestedPricePlan> {
    const cinema = await db.cinema.findUnique({ where: { id: input.cinemaId }, select: { timeZone: true } });
    if (!cinema) throw notFound("That cinema");
    const bands = screeningBands(input.startsAt, cinema.timeZone);
    const plans = await db.pricePlan.findMany({
      where: { cinemaId: input.cinemaId, active: true, band: { in: bands }, OR: [{ format: null }, { format: input.format }] },
      select: { id: true, name: true, band: true, format: true },
      orderBy: [{ name: "asc" }, { id: "asc" }],
    });
    const rank = (plan: (typeof plans)[number]) => bands.indexOf(plan.band) * 2 + (plan.format === input.format ? 0 : 1);
    const best = plans.reduce<(typeof plans)[number] | null>((found, plan) => (!found || rank(plan) < rank(found) ? plan : found), null);
    return best ? { ...best, screeningBands: bands } : null;
  }

  return { suggestPricePlan };
}
