// "Choose for me": best-available seats proposed from the live seat map (chooseBestSeats in best-available.ts does
// the choosing). Nothing is held here: the buyer's hold may still lose the seats to someone quicker.
import type { SeatKind } from "@/server/db/generated/enums";
import { badRequest, conflict } from "@/server/errors";
import { chooseBestSeats, type Arrangement } from "./best-available";
import type { InventoryContext } from "./context";
import type { SeatInfo } from "./layout";
import type { SeatMapReader } from "./seat-map";

export function createBestAvailable(ctx: InventoryContext, seatMap: SeatMapReader) {
  /**
   * Proposes `count` free seats: together in the best row (central, not too close to the screen) if possible,
   * else split over two neighbouring rows, else the nearest free seats. Does not hold them: pass the result to
   * hold(), which may still refuse if someone is quicker.
   */
  return async function bestAvailable(input: { screeningId: string; count: number; kind?: SeatKind; zone?: string }): Promise<{
    seatIds: string[];
    seats: Array<Pick<SeatInfo, "id" | "label" | "kind" | "zone" | "gridRow" | "gridCol">>;
    arrangement: Arrangement;
  }> {
    const layout = await ctx.layoutOf(input.screeningId);
    if (!Number.isInteger(input.count) || input.count < 1 || input.count > layout.hall.maxSeatsPerOrder) {
      throw badRequest(`Choose between 1 and ${layout.hall.maxSeatsPerOrder} seats.`, { reason: "SEAT_LIMIT" });
    }
    const map = await seatMap({ screeningId: input.screeningId });
    const free = new Set(map.seats.filter((s) => s.state === "free").map((s) => s.id));
    const choice = chooseBestSeats(layout, (id) => free.has(id), input);
    if (!choice) {
      throw conflict(`There aren't ${input.count} ${input.kind || input.zone ? "such " : ""}seats left for this screening.`, {
        reason: "NOT_ENOUGH_SEATS",
      });
    }
    return {
      seatIds: choice.seats.map((s) => s.id),
      seats: choice.seats.map(({ id, label, kind, zone, gridRow, gridCol }) => ({ id, label, kind, zone, gridRow, gridCol })),
      arrangement: choice.arrangement,
    };
  };
}
