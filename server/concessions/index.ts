// Concessions: products (popcorn, drinks, combos), their stock per cinema, and taking stock for orders.
// See README.md for what the module owns and its invariants.
import { createConcessionsContext, type ConcessionsDeps } from "./context";
import { createStock } from "./stock";

export type { ConcessionLine, TakenItem } from "./stock";

export function createConcessions(deps: ConcessionsDeps) {
  const ctx = createConcessionsContext(deps);
  const stock = createStock(ctx);
  return {
    /** What a cinema sells now: active products with their stock there, by category then sort order. */
    async catalogue(input: { cinemaId: string }) {
      const products = await ctx.db.product.findMany({
        where: { active: true },
        orderBy: [{ category: "asc" }, { sortOrder: "asc" }, { name: "asc" }],
        include: { stocks: { where: { cinemaId: input.cinemaId }, select: { quantity: true } } },
      });
      return products.map(({ stocks, ...product }) => ({ ...product, inStock: stocks[0]?.quantity ?? 0 }));
    },
    take: stock.take,
    markSold: stock.markSold,
    giveBack: stock.giveBack,
  };
}

export type Concessions = ReturnType<typeof createConcessions>;
