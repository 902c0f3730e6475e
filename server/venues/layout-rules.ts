// What makes a hall layout valid, as plain functions on plain data: the admin's editor runs them on every change
// (so it can list problems before saving) and the server runs them again before writing a version. No imports but
// types, so client components can use it.
import type { SeatKind, ScreenPosition } from "@/server/db/generated/enums";

export const MAX_GRID_ROWS = 60;
export const MAX_GRID_COLS = 80;

export interface LayoutSeat {
  gridRow: number;
  gridCol: number;
  rowLabel: string;
  number: number;
  kind: SeatKind;
  zone: string | null;
  blocked: boolean;
}

export interface LayoutPlan {
  gridRows: number;
  gridCols: number;
  screenPosition: ScreenPosition;
  seats: LayoutSeat[];
}

export const seatLabel = (seat: Pick<LayoutSeat, "rowLabel" | "number">) => `${seat.rowLabel}${seat.number}`;

/** Every reason the layout can't be saved, each naming the seats concerned; empty when it is fine. */
export function layoutProblems(plan: LayoutPlan): string[] {
  const problems: string[] = [];
  if (plan.seats.length === 0) problems.push("The layout has no seats: paint at least one.");
  const outside = plan.seats.filter(
    (seat) => seat.gridRow < 0 || seat.gridCol < 0 || seat.gridRow >= plan.gridRows || seat.gridCol >= plan.gridCols,
  );
  if (outside.length) {
    problems.push(`Outside the ${plan.gridRows} × ${plan.gridCols} grid: ${outside.map(seatLabel).join(", ")}.`);
  }
  const byCell = new Map<string, LayoutSeat>();
  const byLabel = new Map<string, LayoutSeat[]>();
  for (const seat of plan.seats) {
    const cell = `${seat.gridRow}:${seat.gridCol}`;
    if (byCell.has(cell)) problems.push(`Two seats share row ${seat.gridRow + 1}, column ${seat.gridCol + 1}.`);
    byCell.set(cell, seat);
    const label = seatLabel(seat);
    byLabel.set(label, [...(byLabel.get(label) ?? []), seat]);
  }
  const duplicates = [...byLabel].filter(([, seats]) => seats.length > 1).map(([label]) => label);
  if (duplicates.length) problems.push(`Seat labels must be unique; used more than once: ${duplicates.join(", ")}.`);
  const badLabels = plan.seats.filter((seat) => !/^[A-Z]{1,3}$/.test(seat.rowLabel) || seat.number < 1 || seat.number > 999);
  if (badLabels.length) {
    problems.push(`Row labels are 1–3 capital letters and seat numbers 1–999: ${badLabels.map(seatLabel).join(", ")}.`);
  }
  const lonelyCompanions = plan.seats.filter((seat) => {
    if (seat.kind !== "COMPANION") return false;
    const left = byCell.get(`${seat.gridRow}:${seat.gridCol - 1}`);
    const right = byCell.get(`${seat.gridRow}:${seat.gridCol + 1}`);
    return left?.kind !== "WHEELCHAIR" && right?.kind !== "WHEELCHAIR";
  });
  if (lonelyCompanions.length) {
    problems.push(
      `Every companion seat must sit next to a wheelchair space: ${lonelyCompanions.map(seatLabel).join(", ")} ${lonelyCompanions.length === 1 ? "doesn't" : "don't"}.`,
    );
  }
  return problems;
}

/** Two plans with the same grid and the same seats (in any order): saving such a plan makes no new version. */
export function sameLayout(a: LayoutPlan, b: LayoutPlan): boolean {
  if (a.gridRows !== b.gridRows || a.gridCols !== b.gridCols || a.screenPosition !== b.screenPosition) return false;
  if (a.seats.length !== b.seats.length) return false;
  const key = (seat: LayoutSeat) =>
    [seat.gridRow, seat.gridCol, seat.rowLabel, seat.number, seat.kind, seat.zone ?? "", seat.blocked ? 1 : 0].join("|");
  const left = new Set(a.seats.map(key));
  return b.seats.every((seat) => left.has(key(seat)));
}
