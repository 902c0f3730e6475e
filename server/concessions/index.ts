// Concessions: products (popcorn, drinks, combos), their stock per cinema, and taking stock for orders.
// See README.md for what the module owns and its invariants.
import { createCollect } from "./collect";
import { createConcessionsContext, type ConcessionsDeps } from "./context";
import { createStockGate } from "./gate";
import { createProducts } from "./products";
import { createStock } from "./stock";

export type { ConcessionLine, TakenItem } from "./stock";
export type { CollectResult } from "./collect";
export { stockKeys } from "./gate";

export function createConcessions(deps: ConcessionsDeps) {
  const ctx = createConcessionsContext(deps);
  const gate = createStockGate({ db: ctx.db, redis: ctx.redis });
  const stock = createStock(ctx, gate);
  const products = createProducts(ctx, gate);
  const { collect } = createCollect(ctx);
  return {
    /** What a cinema sells now: active products with their stock there, by category then sort order. */
    async catalogue(input: { cinemaId: string }) {
      const rows = await ctx.db.product.findMany({
        where: { active: true },
        orderBy: [{ category: "asc" }, { sortOrder: "asc" }, { name: "asc" }],
        include: { stocks: { where: { cinemaId: input.cinemaId }, select: { quantity: true } } },
      });
      return rows.map(({ stocks, ...product }) => ({ ...product, imageUrl: product.imageKey, inStock: stocks[0]?.quantity ?? 0 }));
    },
    take: stock.take,
    markSold: stock.markSold,
    markSoldSql: stock.markSoldSql,
    giveBack: stock.giveBack,
    /** Hands a paid order's items (all uncollected, or the ids given) over at the counter: sets collectedAt once, audited. */
    collect,

    // ── Admin (products) and staff (stock) ──
    listProducts: products.list,
    createProduct: products.create,
    updateProduct: products.update,
    /** SET (a count), RECEIVE (a delivery) or WASTE, with the person's note; one StockMovement, audited. */
    changeStock: products.changeStock,
    movements: products.movements,
    /** Redis's counters for a cinema, for diagnostics and tests. */
    gateCounters: gate.counters,
  };
}

export type Concessions = ReturnType<typeof createConcessions>;
