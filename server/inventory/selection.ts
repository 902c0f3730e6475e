// The whole-selection seat rule, checked when an order is committed rather than on each click: a buyer who wants G6
// and G7 may click G6 first, but what is sold never strands a single seat (unless staff waive it, with a reason).
// Read from PostgreSQL, the truth, so the check holds while Redis is down too.
import type { InventoryContext } from "./context";
import { labelOf, refusalError } from "./errors";
import { assertStaff } from "./overrides";
import { strandedSeats } from "./rules";
import { countingTickets } from "./sql";
import type { StaffOverride, WaivableRule } from "./types";

export function createSelectionRules(ctx: InventoryContext) {
  const { sql, now, layoutOf } = ctx;

  /**
   * Refuses (BAD_REQUEST, reason SINGLE_GAP, the seats in details.seatIds) when the order's live seats for the
   * screening would leave a free standard or premium seat alone between taken or blocked seats, an aisle or a wall.
   * A staff override waives it and is audited (`seats.selection_override`). Returns what was waived.
   */
  return async function checkSelectionRules(input: {
    screeningId: string;
    orderId: string;
    override?: StaffOverride;
  }): Promise<{ waived: WaivableRule[]; strandedSeatIds: string[] }> {
    const layout = await layoutOf(input.screeningId);
    if (!layout.hall.preventSingleGaps) return { waived: [], strandedSeatIds: [] };
    const live = await countingTickets(sql, input.screeningId, now().getTime());
    const mine = new Set(live.filter((t) => t.orderId === input.orderId).map((t) => t.seatId));
    if (mine.size === 0) return { waived: [], strandedSeatIds: [] };
    const others = new Set(live.filter((t) => t.orderId !== input.orderId).map((t) => t.seatId));
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
