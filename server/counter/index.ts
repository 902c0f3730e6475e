// The box office's point of sale (issue 11): the sale screen's day, the counter basket (seats held through the web's
// own path), the running total and the sale with its tenders (cash, card terminal, split, complimentary).
// README.md beside this file has the API, the flow and its invariants. Imports neither tRPC, Next nor Inngest.
import { createBasket } from "./basket";
import { createCounterContext, type CounterDeps } from "./context";
import { createDay } from "./day";
import { createSale } from "./sale";

export type { CounterDeps, Actor } from "./context";
export { counterHolder } from "./context";
export type { CardTerminal, CardChargeInput, CardChargeResult, CardRefundInput, CardRefundResult } from "./terminal";
export { createSandboxTerminal, terminalFromEnvironment } from "./terminal";

export function createCounter(deps: CounterDeps) {
  const ctx = createCounterContext(deps);
  const baskets = createBasket(ctx);
  const sale = createSale(ctx, baskets);
  const day = createDay(ctx);
  return {
    terminal: { name: ctx.terminal.name, simulated: ctx.terminal.simulated },
    day: day.day,
    basket: baskets.basket,
    hold: baskets.hold,
    holdBest: baskets.holdBest,
    release: baskets.release,
    quote: baskets.quote,
    catalogue: baskets.catalogue,
    sell: sale.sell,
  };
}

export type Counter = ReturnType<typeof createCounter>;
