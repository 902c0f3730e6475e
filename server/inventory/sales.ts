// Selling held seats, and whether a screening is on sale at all. PostgreSQL decides a sale in one statement; Redis
// only mirrors it.
import { badRequest, conflict } from "@/server/errors";
import { unique, type InventoryContext } from "./context";
import { labelsOf } from "./errors";
import { screeningKeys } from "./keys";
import type { Loader } from "./loading";
import type { SeatQuota } from "./quota";
import { sellHeldTickets } from "./sql";

export function createSales(ctx: InventoryContext, loader: Loader, quota: Pick<SeatQuota, "forget">) {
  const { sql, scripts, hooks, now, channelOf, layoutOf } = ctx;
  const { mirror, resyncSeats } = loader;

  /**
   * Turns the order's holds on these seats into a sale, all or nothing: every seat must still have this order's
   * HELD (or already SOLD) ticket. A hold that ran out still sells if nobody took the seat meanwhile; otherwise the
   * sale is refused (details.reason HOLD_LOST) and the caller must refund.
   */
  async function sell(input: { screeningId: string; orderId: string; seatIds: string[] }): Promise<{ seatIds: string[]; soldNow: string[] }> {
    const { screeningId, orderId } = input;
    const seatIds = unique(input.seatIds);
    if (seatIds.length === 0) throw badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
    const layout = await layoutOf(screeningId);
    const nowMs = now().getTime();
    const result = await sellHeldTickets(sql, screeningId, orderId, seatIds, nowMs);
    if (!result.complete) {
      const lost = seatIds.filter((id) => !result.present.includes(id));
      await resyncSeats(screeningId, orderId, lost);
      throw conflict(
        `Your hold on ${labelsOf(layout, lost)} ran out and ${lost.length === 1 ? "the seat is" : "the seats are"} no longer available.`,
        { reason: "HOLD_LOST", seatIds: lost },
      );
    }
    await hooks.afterSaleCommitted?.({ screeningId, orderId, seatIds });
    const keys = screeningKeys(screeningId);
    // The mirror and the seat-holding counters (bought seats no longer count as held against the buyer's limits) are
    // independent keys: one round trip for both. Neither can undo the sale.
    await Promise.all([
      mirror(screeningId, () =>
        scripts.inventorySell(keys.meta, keys.seats, keys.owners, nowMs, orderId, channelOf(screeningId), ...seatIds),
      ).catch((error) => {
        // The sale stands (PostgreSQL committed it). Redis shows the seats held until their deadline, then a hold
        // attempt is refused by the unique index and resyncs them.
        console.error("[inventory] sale not mirrored to Redis", error);
      }),
      quota.forget(orderId, seatIds),
    ]);
    return { seatIds, soldNow: result.sold };
  }

  /**
   * Whether the screening is on sale now: refused (SCREENING_CANCELLED, SALES_CLOSED) if not, otherwise its currency,
   * the moment this was decided, and the latest a hold taken now can last. A basket opened now ends with its holds.
   */
  async function salesWindow(screeningId: string): Promise<{ currency: string; at: Date; holdsEndBy: Date }> {
    const layout = await layoutOf(screeningId);
    const nowMs = now().getTime();
    ctx.assertOnSale(layout, nowMs);
    return { currency: layout.currency, at: new Date(nowMs), holdsEndBy: new Date(nowMs + ctx.options.maxHoldSeconds * 1000) };
  }

  return { sell, salesWindow };
}
