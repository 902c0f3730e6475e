// The seat rules in TypeScript, for the places that plan rather than decide: best-available seat choice (which must
// propose selections the hold will accept) and partial releases. hold.lua is the authority when seats are taken;
// keep the two in step (rules.test.ts and inventory.test.ts cover both).
import type { ScreeningLayout, SeatInfo } from "./layout";

/** Seats that would be left as a single free seat between taken seats, an aisle or a wall if `taking` were taken. */
export function strandedSeats(layout: ScreeningLayout, taking: ReadonlySet<string>, isFree: (seatId: string) => boolean) {
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
