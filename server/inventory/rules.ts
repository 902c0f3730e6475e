// The seat rules in TypeScript. hold.lua enforces the per-click rules (blocked, taken, limit, companion) atomically;
// the single-gap rule is a rule about a whole selection, so it is decided here: by checkSelectionRules when an order
// is committed (checkout, a counter sale), by best-available when it proposes seats, and by the seat maps in the
// browser, which warn before checkout (this file is pure and imports only types, so client components use it too).
import type { SeatKind } from "@/server/db/generated/enums";
import type { ScreeningLayout, SeatInfo } from "./layout";

/** What the gap rule needs of a seat: its kind, whether it is in use, and its neighbours in the row. */
export interface LinkedSeat {
  kind: SeatKind;
  blocked: boolean;
  left: string | null;
  right: string | null;
}

/** Seats that would be left as a single free seat between taken seats, an aisle or a wall if `taking` were taken. */
export function strandedSeats(
  layout: { seatsById: ReadonlyMap<string, LinkedSeat> },
  taking: ReadonlySet<string>,
  isFree: (seatId: string) => boolean,
) {
  const freeAfter = (id: string | null): boolean => {
    if (!id || taking.has(id)) return false;
    const seat = layout.seatsById.get(id);
    return !!seat && !seat.blocked && isFree(id);
  };
  const stranded = new Set<string>();
  for (const id of taking) {
    const seat = layout.seatsById.get(id);
    if (!seat) continue;
    for (const side of ["left", "right"] as const) {
      const neighbourId = seat[side];
      if (!neighbourId || stranded.has(neighbourId) || !freeAfter(neighbourId)) continue;
      const neighbour = layout.seatsById.get(neighbourId)!;
      if (neighbour.kind !== "STANDARD" && neighbour.kind !== "PREMIUM") continue;
      if (!freeAfter(neighbour[side])) stranded.add(neighbourId);
    }
  }
  return [...stranded];
}

/** The seat map's seats (grid positions, states) linked to their row neighbours the way the layout links them. */
export function linkSeatMap(seats: ReadonlyArray<{ id: string; gridRow: number; gridCol: number; kind: SeatKind; state: string }>) {
  const byCell = new Map(seats.map((s) => [`${s.gridRow}:${s.gridCol}`, s.id]));
  const seatsById = new Map<string, LinkedSeat>(
    seats.map((s) => [
      s.id,
      {
        kind: s.kind,
        blocked: s.state === "blocked",
        left: byCell.get(`${s.gridRow}:${s.gridCol - 1}`) ?? null,
        right: byCell.get(`${s.gridRow}:${s.gridCol + 1}`) ?? null,
      },
    ]),
  );
  return { seatsById };
}

/**
 * The seats a seat map's selection would strand (the browser's warning): the viewer's seats (`mine`) against
 * everyone else's, the same rule checkout enforces. Empty when the hall allows single gaps.
 */
export function strandedBySelection(
  map: { hall: { preventSingleGaps: boolean }; seats: ReadonlyArray<{ id: string; gridRow: number; gridCol: number; kind: SeatKind; state: string; mine: boolean }> },
  selection?: ReadonlySet<string>,
): string[] {
  if (!map.hall.preventSingleGaps) return [];
  const mine = selection ?? new Set(map.seats.filter((s) => s.mine && s.state !== "free").map((s) => s.id));
  if (mine.size === 0) return [];
  const states = new Map(map.seats.map((s) => [s.id, s.state]));
  return strandedSeats(linkSeatMap(map.seats), mine, (id) => states.get(id) === "free");
}

/** Companion seats in `seats` without a wheelchair space next to them in the same set. */
export function unpairedCompanions(layout: ScreeningLayout, seats: ReadonlySet<string>): SeatInfo[] {
  const result: SeatInfo[] = [];
  for (const id of seats) {
    const seat = layout.seatsById.get(id);
    if (seat?.kind !== "COMPANION") continue;
    const paired = [seat.left, seat.right].some(
      (n) => n !== null && seats.has(n) && layout.seatsById.get(n)?.kind === "WHEELCHAIR",
    );
    if (!paired) result.push(seat);
  }
  return result;
}
