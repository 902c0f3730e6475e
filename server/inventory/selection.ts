// The whole-selection seat rule, checked when an order is committed rather than on each click: a buyer who wants G6
// and G7 may click G6 first, but what is sold never strands a single seat (unless staff waive it, with a reason).
// Read from Redis, where every hold is (a web basket's live only there until checkout), or from PostgreSQL while Redis
// is down.
import type { InventoryContext } from "./context";
import { InventoryUnavailableError, labelOf, refusalError } from "./errors";
import { screeningKeys } from "./keys";
import type { Loader } from "./loading";
import { assertStaff } from "./overrides";
import { strandedSeats } from "./rules";
import { countingTickets } from "./sql";
import type { StaffOverride, WaivableRule } from "./types";

export function createSelectionRules(ctx: InventoryContext, loader: Loader) {
  const { sql, scripts, now, layoutOf, channelOf } = ctx;

  /** Who occupies each taken seat now (unexpired holds and sales): Redis, or PostgreSQL while it is unreachable. */
  async function occupants(screeningId: string, nowMs: number): Promise<Map<string, string>> {
    try {
      const keys = screeningKeys(screeningId);
      const reply = await loader.runLoaded(screeningId, () => scripts.inventorySnapshot(keys.meta, keys.seats, nowMs, channelOf(screeningId)));
      return new Map(Object.entries((reply.seats ?? {}) as Record<string, string>).map(([seatId, value]) => [seatId, value.split("|")[1]!]));
    } catch (error) {
      if (!(error instanceof InventoryUnavailableError)) throw error;
      return new Map((await countingTickets(sql, screeningId, nowMs)).map((t) => [t.seatId, t.orderId]));
    }
  }

  /**
   * Refuses (BAD_REQUEST, reason SINGLE_GAP, the seats in details.seatIds) when the order's live seats for the
   * screening would leave a free standard or premium seat alone between taken or blocked seats, an aisle or a wall.
   * A staff override waives it and is audited (`seats.selection_override`). Returns what was waived.
   */
  return async function checkSelectionRules(input: {
    screeningId: string;
    orderId: string;
    /** The seats being committed (checkout passes those it checks out); default: the order's live seats. */
    seatIds?: string[];
    override?: StaffOverride;
  }): Promise<{ waived: WaivableRule[]; strandedSeatIds: string[] }> {
    const layout = await layoutOf(input.screeningId);
    if (!layout.hall.preventSingleGaps) return { waived: [], strandedSeatIds: [] };
    const live = [...(await occupants(input.screeningId, now().getTime()))];
    const chosen = new Set(input.seatIds ?? live.filter(([, owner]) => owner === input.orderId).map(([seatId]) => seatId));
    // In the hall's order, so that the stranded seats are named in it whatever order Redis answered in.
    const mine = new Set(layout.seats.map((seat) => seat.id).filter((id) => chosen.has(id)));
    if (mine.size === 0) return { waived: [], strandedSeatIds: [] };
    const others = new Set(live.filter(([seatId, owner]) => owner !== input.orderId && !mine.has(seatId)).map(([seatId]) => seatId));
    const stranded = strandedSeats(layout, mine, (id) => !others.has(id));
    if (stranded.length === 0) return { waived: [], strandedSeatIds: [] };
    if (!input.override) throw refusalError(layout, { status: "REFUSED", code: "GAP", seats: stranded });
    await assertStaff(ctx, input.override);
    await ctx.audit.record({
      actorId: input.override.staffUserId,
      action: "seats.selection_override",
      entityType: "Screening",
      entityId: input.screeningId,
      details: {
        orderId: input.orderId,
        seats: [...mine].map((id) => labelOf(layout, id)),
        stranded: stranded.map((id) => labelOf(layout, id)),
        waived: ["GAP"],
        reason: input.override.reason,
      },
    });
    return { waived: ["GAP"], strandedSeatIds: stranded };
  };
}
