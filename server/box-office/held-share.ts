// How much of a screening's unsold stock is held in baskets, and when that is worth a look. Seats held and never
// bought are what a hoarder leaves behind (docs/inventory.md, "Seat-holding limits"): the counter's list flags a
// screening where holds are a large share of what is left, so staff notice before customers are told it is full.

/** Flagged when at least this share of the unsold seats is held… */
export const HELD_WARNING_SHARE = 0.3;
/** …and at least this many seats are held (two held seats of the last three free aren't a hoard). */
export const HELD_WARNING_MIN_SEATS = 10;

/** Held seats as a share (0–1) of the unsold ones (held + free), and whether the counter should flag it. */
export function heldShare(screening: { capacity: number; sold: number; held: number }) {
  const unsold = Math.max(0, screening.capacity - screening.sold);
  const share = unsold === 0 ? 0 : Math.min(1, screening.held / unsold);
  return { heldShare: share, heldWarning: screening.held >= HELD_WARNING_MIN_SEATS && share >= HELD_WARNING_SHARE };
}
