// "Best available": N seats of a kind (or zone), together in the best row if possible. Pure: it works on a layout
// and a free-seat test, so the box office, the "choose for me" button and tests share it.
//
// A seat's quality: rows about two thirds of the way back from the screen are best and the front rows are worst;
// within a row, the closer to the hall's centre line the better. A block's score is the mean over its seats (lower
// is better). When no row has N adjacent free seats, we try splitting across two neighbouring rows (one block in
// each, lined up), and last the N free seats nearest to the best free seat.
import type { SeatKind } from "@/server/db/generated/enums";
import type { ScreeningLayout, SeatInfo } from "./layout";
import { strandedSeats } from "./rules";

export interface BestAvailableRequest {
  count: number;
  /** Default: standard and premium seats (wheelchair spaces and companion seats are only chosen when asked for). */
  kind?: SeatKind;
  zone?: string;
}

export type Arrangement = "together" | "split-rows" | "scattered";

export interface BestAvailableChoice {
  seats: SeatInfo[];
  arrangement: Arrangement;
}

const IDEAL_DEPTH = 0.65;
const FRONT_ZONE = 0.25;

export function chooseBestSeats(
  layout: ScreeningLayout,
  isFree: (seatId: string) => boolean,
  request: BestAvailableRequest,
): BestAvailableChoice | null {
  const count = request.count;
  const eligible = (seat: SeatInfo) =>
    !seat.blocked &&
    isFree(seat.id) &&
    (request.kind ? seat.kind === request.kind : seat.kind === "STANDARD" || seat.kind === "PREMIUM") &&
    (request.zone === undefined || seat.zone === request.zone);
  const candidates = layout.seats.filter(eligible);
  if (candidates.length < count || count < 1) return null;

  const rows = [...new Set(layout.seats.map((s) => s.gridRow))].sort((a, b) => a - b);
  const firstRow = rows[0]!;
  const lastRow = rows[rows.length - 1]!;
  const cols = layout.seats.map((s) => s.gridCol);
  const centre = (Math.min(...cols) + Math.max(...cols)) / 2;
  const halfWidth = Math.max(1, (Math.max(...cols) - Math.min(...cols)) / 2);
  const depthOf = (gridRow: number) => {
    const span = Math.max(1, lastRow - firstRow);
    const fromTop = (gridRow - firstRow) / span;
    return layout.hall.screenPosition === "TOP" ? fromTop : 1 - fromTop;
  };
  const seatScore = (seat: SeatInfo) => {
    const depth = depthOf(seat.gridRow);
    const rowScore = Math.abs(depth - IDEAL_DEPTH) + (depth < FRONT_ZONE ? (FRONT_ZONE - depth) * 2 : 0);
    return rowScore + 0.7 * (Math.abs(seat.gridCol - centre) / halfWidth);
  };
  const blockScore = (block: SeatInfo[]) => block.reduce((sum, s) => sum + seatScore(s), 0) / block.length;
  const acceptable = (block: SeatInfo[]) =>
    !layout.hall.preventSingleGaps || strandedSeats(layout, new Set(block.map((s) => s.id)), isFree).length === 0;

  // Runs of physically adjacent eligible seats, per grid row.
  const eligibleIds = new Set(candidates.map((s) => s.id));
  const runsByRow = new Map<number, SeatInfo[][]>();
  for (const seat of candidates) {
    const left = seat.left ? layout.seatsById.get(seat.left) : undefined;
    if (left && eligibleIds.has(left.id)) continue; // not the start of a run
    const run: SeatInfo[] = [seat];
    let next = seat.right ? layout.seatsById.get(seat.right) : undefined;
    while (next && eligibleIds.has(next.id)) {
      run.push(next);
      next = next.right ? layout.seatsById.get(next.right) : undefined;
    }
    runsByRow.set(seat.gridRow, [...(runsByRow.get(seat.gridRow) ?? []), run]);
  }
  const blocksInRow = (gridRow: number, size: number): SeatInfo[][] => {
    const blocks: SeatInfo[][] = [];
    for (const run of runsByRow.get(gridRow) ?? []) {
      for (let start = 0; start + size <= run.length; start++) blocks.push(run.slice(start, start + size));
    }
    return blocks;
  };
  const bestBlock = (gridRow: number, size: number, near?: number): { block: SeatInfo[]; score: number } | null => {
    let best: { block: SeatInfo[]; score: number } | null = null;
    for (const block of blocksInRow(gridRow, size)) {
      let score = blockScore(block);
      if (near !== undefined) {
        const middle = (block[0]!.gridCol + block[block.length - 1]!.gridCol) / 2;
        score += 0.5 * (Math.abs(middle - near) / halfWidth);
      }
      if ((!best || score < best.score) && acceptable(block)) best = { block, score };
    }
    return best;
  };

  // 1. Together in one row.
  let together: { block: SeatInfo[]; score: number } | null = null;
  for (const gridRow of runsByRow.keys()) {
    const candidate = bestBlock(gridRow, count);
    if (candidate && (!together || candidate.score < together.score)) together = candidate;
  }
  if (together) return { seats: together.block, arrangement: "together" };

  // 2. Split across two neighbouring rows, the blocks lined up.
  let split: { block: SeatInfo[]; score: number } | null = null;
  if (count > 1) {
    for (let i = 0; i + 1 < rows.length; i++) {
      const [rowA, rowB] = [rows[i]!, rows[i + 1]!];
      for (let first = Math.ceil(count / 2); first < count; first++) {
        for (const [big, small] of [
          [rowA, rowB],
          [rowB, rowA],
        ] as const) {
          const a = bestBlock(big, first);
          if (!a) continue;
          const middle = (a.block[0]!.gridCol + a.block[a.block.length - 1]!.gridCol) / 2;
          const b = bestBlock(small, count - first, middle);
          if (!b) continue;
          const block = [...a.block, ...b.block];
          const score = blockScore(block) + 0.3;
          if (!split || score < split.score) split = { block, score };
        }
      }
    }
  }
  if (split) return { seats: split.block, arrangement: "split-rows" };

  // 3. The free seats nearest the best free seat (rows count a little more than columns).
  const anchors = [...candidates].sort((a, b) => seatScore(a) - seatScore(b)).slice(0, 12);
  let fallback: SeatInfo[] | null = null;
  for (const anchor of anchors) {
    const chosen = [...candidates]
      .sort((a, b) => distance(anchor, a) - distance(anchor, b) || seatScore(a) - seatScore(b))
      .slice(0, count);
    fallback ??= chosen;
    if (acceptable(chosen)) {
      fallback = chosen;
      break;
    }
  }
  return { seats: fallback!.sort((a, b) => a.gridRow - b.gridRow || a.gridCol - b.gridCol), arrangement: "scattered" };
}

function distance(a: SeatInfo, b: SeatInfo) {
  return Math.hypot(a.gridCol - b.gridCol, 1.5 * (a.gridRow - b.gridRow));
}
