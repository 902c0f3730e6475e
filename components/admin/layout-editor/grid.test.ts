// The layout editor's pure model: painting, box selection, rows and aisles, renumbering, undo/redo and the
// validation the server shares.
import { describe, expect, it } from "vitest";
import {
  boxCells,
  boxOf,
  defaultRowLabel,
  fromPlan,
  gridProblems,
  insertAisle,
  insertRow,
  newGrid,
  paint,
  record,
  redo,
  removeRow,
  renameRow,
  resize,
  setNumbering,
  startHistory,
  step,
  toPlan,
  undo,
} from "./grid";

const labels = (grid: ReturnType<typeof newGrid>) => toPlan(grid).seats.map((s) => `${s.rowLabel}${s.number}@${s.gridCol}`);

describe("layout editor grid", () => {
  it("letters rows A…Z, AA… and numbers seats along the row, skipping aisles", () => {
    expect([0, 25, 26, 27, 51, 52].map(defaultRowLabel)).toEqual(["A", "Z", "AA", "AB", "AZ", "BA"]);
    const grid = insertAisle(newGrid(1, 4), 2);
    expect(labels(grid)).toEqual(["A1@0", "A2@1", "A3@3", "A4@4"]);
    expect(labels(setNumbering(grid, "rtl"))).toEqual(["A4@0", "A3@1", "A2@3", "A1@4"]);
  });

  it("paints a box selection with a brush; blocking keeps the kind; the eraser leaves a gap", () => {
    const box = boxOf({ row: 1, col: 2 }, { row: 0, col: 1 });
    expect(box).toEqual({ top: 0, bottom: 1, left: 1, right: 2 });
    expect(boxCells(box)).toHaveLength(4);
    let grid = paint(newGrid(2, 4), box, "PREMIUM", "Gold");
    expect(grid.rows[0]![1]).toEqual({ kind: "PREMIUM", zone: "Gold", blocked: false });
    expect(grid.rows[0]![0]).toEqual({ kind: "STANDARD", zone: null, blocked: false });
    grid = paint(grid, boxOf({ row: 0, col: 1 }, { row: 0, col: 1 }), "BLOCKED");
    expect(grid.rows[0]![1]).toEqual({ kind: "PREMIUM", zone: "Gold", blocked: true });
    grid = paint(grid, boxOf({ row: 1, col: 0 }, { row: 1, col: 0 }), "EMPTY");
    expect(grid.rows[1]![0]).toBeNull();
    expect(labels(grid).slice(4)).toEqual(["B1@1", "B2@2", "B3@3"]);
  });

  it("adds, removes and renames rows; resizing keeps what fits", () => {
    let grid = insertRow(newGrid(2, 2), 0);
    expect(grid.rowLabels).toEqual(["A", "B", "C"]);
    grid = renameRow(grid, 2, "x");
    expect(grid.rowLabels[2]).toBe("X");
    grid = removeRow(grid, 0);
    expect(grid.rowLabels).toEqual(["B", "X"]);
    grid = resize(grid, 3, 1);
    expect(grid.rows.map((r) => r.length)).toEqual([1, 1, 1]);
    expect(grid.rows[2]![0]).toBeNull();
    expect(grid.rowLabels).toEqual(["B", "X", "C"]);
  });

  it("round-trips through the saved layout, numbering direction included", () => {
    const grid = setNumbering(insertAisle(paint(newGrid(2, 3), boxOf({ row: 1, col: 0 }, { row: 1, col: 0 }), "WHEELCHAIR"), 1), "rtl");
    const again = fromPlan(toPlan(grid));
    expect(again).toEqual(grid);
  });

  it("moves a cursor inside the grid", () => {
    const grid = newGrid(2, 3);
    expect(step({ row: 0, col: 0 }, "ArrowLeft", grid)).toEqual({ row: 0, col: 0 });
    expect(step({ row: 0, col: 2 }, "ArrowDown", grid)).toEqual({ row: 1, col: 2 });
    expect(step({ row: 1, col: 2 }, "ArrowRight", grid)).toEqual({ row: 1, col: 2 });
  });

  it("undoes and redoes, and a new change drops the redo trail", () => {
    const a = newGrid(1, 2);
    const b = paint(a, boxOf({ row: 0, col: 0 }, { row: 0, col: 0 }), "PREMIUM");
    const c = paint(b, boxOf({ row: 0, col: 1 }, { row: 0, col: 1 }), "EMPTY");
    let history = record(record(startHistory(a), b), c);
    history = undo(history);
    expect(history.present).toBe(b);
    history = undo(undo(history));
    expect(history.present).toBe(a);
    history = redo(history);
    expect(history.present).toBe(b);
    history = record(history, a);
    expect(history.future).toEqual([]);
    expect(redo(history)).toBe(history);
  });

  it("lists every problem with the seats concerned", () => {
    let grid = paint(newGrid(1, 4), boxOf({ row: 0, col: 3 }, { row: 0, col: 3 }), "COMPANION");
    expect(gridProblems(grid)).toEqual([expect.stringContaining("A4 doesn't")]);
    grid = paint(grid, boxOf({ row: 0, col: 2 }, { row: 0, col: 2 }), "WHEELCHAIR");
    expect(gridProblems(grid)).toEqual([]);
    grid = renameRow(insertRow(grid, 1), 1, "A");
    expect(gridProblems(grid).join(" ")).toContain("used more than once: A1, A2, A3, A4");
    expect(gridProblems(paint(newGrid(1, 2), boxOf({ row: 0, col: 0 }, { row: 0, col: 1 }), "EMPTY"))).toEqual([
      expect.stringContaining("no seats"),
    ]);
    expect(gridProblems(renameRow(newGrid(1, 1), 0, "a1"))).toEqual([expect.stringContaining("Row labels")]);
  });
});
