// The layout editor's model as plain functions on plain data (no React): a grid of cells, each a seat or nothing
// (an aisle or a gap), row labels, a numbering direction and the screen's side; painting, box selection, rows and
// aisles, renumbering, and an undo/redo history. Every operation returns a new grid, so a history is a list of them.
// `toPlan` turns a grid into the layout the server saves (server/venues/layout-rules.ts checks both sides).
import type { ScreenPosition, SeatKind } from "@/server/db/generated/enums";
import { type LayoutPlan, layoutProblems, MAX_GRID_COLS, MAX_GRID_ROWS } from "@/server/venues/layout-rules";

export interface Cell {
  kind: SeatKind;
  zone: string | null;
  blocked: boolean;
}

export type Numbering = "ltr" | "rtl";

export interface EditorGrid {
  /** rows[r][c]: a seat, or null for no seat (an aisle or a gap). */
  rows: (Cell | null)[][];
  rowLabels: string[];
  numbering: Numbering;
  screenPosition: ScreenPosition;
}

/** What a brush does to a cell: make it a seat of a kind, block it (keeping its kind), or clear it. */
export type Brush = SeatKind | "BLOCKED" | "EMPTY";
/** The brushes in the order of their number keys (1–6). */
export const BRUSHES: Brush[] = ["STANDARD", "PREMIUM", "WHEELCHAIR", "COMPANION", "BLOCKED", "EMPTY"];

export interface Point {
  row: number;
  col: number;
}

/** A box between two corners, either way round. */
export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** "A", "B", … "Z", "AA", "AB", …: the label of the i-th row (0-based). */
export function defaultRowLabel(index: number): string {
  let label = "";
  let n = index;
  do {
    label = String.fromCharCode(65 + (n % 26)) + label;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return label;
}

const clampRows = (n: number) => Math.max(1, Math.min(MAX_GRID_ROWS, Math.floor(n)));
const clampCols = (n: number) => Math.max(1, Math.min(MAX_GRID_COLS, Math.floor(n)));

/** A new hall: every cell a standard seat. */
export function newGrid(rows: number, cols: number): EditorGrid {
  const r = clampRows(rows);
  const c = clampCols(cols);
  return {
    rows: Array.from({ length: r }, () => Array.from({ length: c }, () => ({ kind: "STANDARD", zone: null, blocked: false }) as Cell)),
    rowLabels: Array.from({ length: r }, (_, i) => defaultRowLabel(i)),
    numbering: "ltr",
    screenPosition: "TOP",
  };
}

export function gridSize(grid: EditorGrid) {
  return { rows: grid.rows.length, cols: grid.rows[0]?.length ?? 0 };
}

/** The editor's grid for a saved layout: labels taken from each row's seats, numbering read from the first row. */
export function fromPlan(plan: LayoutPlan): EditorGrid {
  const rows: (Cell | null)[][] = Array.from({ length: plan.gridRows }, () => Array.from({ length: plan.gridCols }, () => null));
  const rowLabels = Array.from({ length: plan.gridRows }, (_, i) => defaultRowLabel(i));
  let numbering: Numbering = "ltr";
  const firstInRow = new Map<number, { col: number; number: number }>();
  for (const seat of plan.seats) {
    const row = rows[seat.gridRow];
    if (!row || seat.gridCol >= row.length) continue;
    row[seat.gridCol] = { kind: seat.kind, zone: seat.zone, blocked: seat.blocked };
    rowLabels[seat.gridRow] = seat.rowLabel;
    const first = firstInRow.get(seat.gridRow);
    if (!first || seat.gridCol < first.col) firstInRow.set(seat.gridRow, { col: seat.gridCol, number: seat.number });
  }
  // Right to left when a row's leftmost seat is not its number 1.
  const sample = [...firstInRow.entries()].find(([row]) => (rows[row]?.filter(Boolean).length ?? 0) > 1);
  if (sample && sample[1].number !== 1) numbering = "rtl";
  return { rows, rowLabels, numbering, screenPosition: plan.screenPosition };
}

/** The layout to save: seats numbered 1… along each row in the grid's direction, aisles and gaps skipped. */
export function toPlan(grid: EditorGrid): LayoutPlan {
  const { rows, cols } = gridSize(grid);
  const seats = grid.rows.flatMap((row, gridRow) => {
    const columns = row.map((cell, gridCol) => ({ cell, gridCol })).filter((entry) => entry.cell !== null);
    const ordered = grid.numbering === "rtl" ? [...columns].reverse() : columns;
    return ordered.map(({ cell, gridCol }, index) => ({
      gridRow,
      gridCol,
      rowLabel: grid.rowLabels[gridRow] ?? defaultRowLabel(gridRow),
      number: index + 1,
      kind: cell!.kind,
      zone: cell!.zone,
      blocked: cell!.blocked,
    }));
  });
  seats.sort((a, b) => a.gridRow - b.gridRow || a.gridCol - b.gridCol);
  return { gridRows: rows, gridCols: cols, screenPosition: grid.screenPosition, seats };
}

/** Every reason the grid can't be saved yet (the server's own check). */
export const gridProblems = (grid: EditorGrid) => layoutProblems(toPlan(grid));

/** The box between two corners. */
export function boxOf(a: Point, b: Point): Box {
  return { top: Math.min(a.row, b.row), bottom: Math.max(a.row, b.row), left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
}

export function inBox(box: Box | null, row: number, col: number): boolean {
  return !!box && row >= box.top && row <= box.bottom && col >= box.left && col <= box.right;
}

export function boxCells(box: Box): Point[] {
  const cells: Point[] = [];
  for (let row = box.top; row <= box.bottom; row++) for (let col = box.left; col <= box.right; col++) cells.push({ row, col });
  return cells;
}

/** Paints every cell of the box with the brush; a zone ("" for none) goes on the seats it paints. */
export function paint(grid: EditorGrid, box: Box, brush: Brush, zone = ""): EditorGrid {
  const rows = grid.rows.map((row, r) =>
    row.map((cell, c) => {
      if (!inBox(box, r, c)) return cell;
      if (brush === "EMPTY") return null;
      if (brush === "BLOCKED") return { kind: cell?.kind ?? "STANDARD", zone: cell?.zone ?? (zone.trim() || null), blocked: true };
      return { kind: brush, zone: zone.trim() || null, blocked: false };
    }),
  );
  return { ...grid, rows };
}

/** Resizes the grid, keeping what fits; new cells are empty, new rows get the next letters. */
export function resize(grid: EditorGrid, rows: number, cols: number): EditorGrid {
  const r = clampRows(rows);
  const c = clampCols(cols);
  return {
    ...grid,
    rows: Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => grid.rows[i]?.[j] ?? null)),
    rowLabels: Array.from({ length: r }, (_, i) => grid.rowLabels[i] ?? defaultRowLabel(i)),
  };
}

/** Inserts a row of standard seats at `at` (labels re-lettered A, B, … from the top). */
export function insertRow(grid: EditorGrid, at: number): EditorGrid {
  const { rows, cols } = gridSize(grid);
  if (rows >= MAX_GRID_ROWS) return grid;
  const index = Math.max(0, Math.min(rows, at));
  const row: (Cell | null)[] = Array.from({ length: cols }, () => ({ kind: "STANDARD", zone: null, blocked: false }));
  const next = [...grid.rows.slice(0, index), row, ...grid.rows.slice(index)];
  return { ...grid, rows: next, rowLabels: next.map((_, i) => defaultRowLabel(i)) };
}

export function removeRow(grid: EditorGrid, at: number): EditorGrid {
  if (grid.rows.length <= 1) return grid;
  const rows = grid.rows.filter((_, i) => i !== at);
  const rowLabels = grid.rowLabels.filter((_, i) => i !== at);
  return { ...grid, rows, rowLabels };
}

/** Inserts an aisle: an empty column at `at`. */
export function insertAisle(grid: EditorGrid, at: number): EditorGrid {
  const { cols } = gridSize(grid);
  if (cols >= MAX_GRID_COLS) return grid;
  const index = Math.max(0, Math.min(cols, at));
  return { ...grid, rows: grid.rows.map((row) => [...row.slice(0, index), null, ...row.slice(index)]) };
}

export function removeColumn(grid: EditorGrid, at: number): EditorGrid {
  if (gridSize(grid).cols <= 1) return grid;
  return { ...grid, rows: grid.rows.map((row) => row.filter((_, i) => i !== at)) };
}

export function renameRow(grid: EditorGrid, at: number, label: string): EditorGrid {
  return { ...grid, rowLabels: grid.rowLabels.map((old, i) => (i === at ? label.trim().toUpperCase() : old)) };
}

export function setNumbering(grid: EditorGrid, numbering: Numbering): EditorGrid {
  return { ...grid, numbering };
}

export function setScreenPosition(grid: EditorGrid, screenPosition: ScreenPosition): EditorGrid {
  return { ...grid, screenPosition };
}

/** Moves a point by one cell (or stays at the edge). */
export function step(point: Point, key: string, grid: EditorGrid): Point {
  const { rows, cols } = gridSize(grid);
  const delta = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[key] ?? [0, 0];
  return {
    row: Math.max(0, Math.min(rows - 1, point.row + delta[0]!)),
    col: Math.max(0, Math.min(cols - 1, point.col + delta[1]!)),
  };
}

// ─── Undo / redo ─────────────────────────────────────────────────────────────

export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

const HISTORY_LIMIT = 200;

export const startHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

/** Records a change; a change equal to the present records nothing, and any redo trail is dropped. */
export function record<T>(history: History<T>, next: T): History<T> {
  if (next === history.present) return history;
  return { past: [...history.past, history.present].slice(-HISTORY_LIMIT), present: next, future: [] };
}

export function undo<T>(history: History<T>): History<T> {
  const previous = history.past.at(-1);
  if (previous === undefined) return history;
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future] };
}

export function redo<T>(history: History<T>): History<T> {
  const [next, ...rest] = history.future;
  if (next === undefined) return history;
  return { past: [...history.past, history.present], present: next, future: rest };
}
