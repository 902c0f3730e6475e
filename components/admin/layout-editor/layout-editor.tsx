"use client";

import { useMutation } from "@tanstack/react-query";
import { Accessibility, CircleAlert, Columns2, Eye, PencilRuler, Redo2, Rows2, Trash2, Undo2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { SeatMap, type SeatMapSeat } from "@/components/seat-map/seat-map";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { cn } from "@/lib/utils";
import { hallFormSchema } from "@/server/venues/schemas";
import {
  type Box,
  boxOf,
  type Brush,
  BRUSHES,
  type Cell,
  type EditorGrid,
  fromPlan,
  gridProblems,
  gridSize,
  inBox,
  insertAisle,
  insertRow,
  newGrid,
  paint,
  type Point,
  record,
  redo,
  removeColumn,
  removeRow,
  renameRow,
  resize,
  setNumbering,
  setScreenPosition,
  startHistory,
  step,
  toPlan,
  undo,
} from "./grid";

type Hall = RouterOutputs["admin"]["venues"]["getHall"];

const brushNames: Record<Brush, string> = {
  STANDARD: "Standard",
  PREMIUM: "Premium",
  WHEELCHAIR: "Wheelchair",
  COMPANION: "Companion",
  BLOCKED: "Blocked",
  EMPTY: "Aisle / gap",
};

const subscribeNever = () => () => {};
const CELL = 28;

function cellClass(cell: Cell | null): string {
  if (!cell) return "border border-dashed border-transparent bg-transparent hover:border-muted-foreground/40";
  if (cell.blocked) return "border border-dashed border-muted-foreground/60 bg-muted text-muted-foreground";
  if (cell.kind === "PREMIUM") return "border border-amber-600 bg-amber-100 text-amber-950";
  if (cell.kind === "WHEELCHAIR" || cell.kind === "COMPANION") return "border border-sky-700 bg-sky-100 text-sky-950";
  return "border border-foreground/40 bg-background";
}

function brushSwatch(brush: Brush): string {
  if (brush === "EMPTY") return "border border-dashed border-muted-foreground/60";
  if (brush === "BLOCKED") return cellClass({ kind: "STANDARD", zone: null, blocked: true });
  return cellClass({ kind: brush, zone: null, blocked: false });
}

/** The seats as the customer's seat map shows them (every seat free, blocked ones not available). */
function previewSeats(grid: EditorGrid): SeatMapSeat[] {
  return toPlan(grid).seats.map((seat) => ({
    id: `${seat.gridRow}:${seat.gridCol}`,
    label: `${seat.rowLabel}${seat.number}`,
    rowLabel: seat.rowLabel,
    number: seat.number,
    gridRow: seat.gridRow,
    gridCol: seat.gridCol,
    kind: seat.kind,
    zone: seat.zone,
    state: seat.blocked ? "blocked" : "free",
    mine: false,
    holdExpiresAt: null,
  }));
}

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");

/**
 * The visual seat-layout editor: the grid as customers will see it, a brush toolbar, box selection with the mouse
 * (drag) or the keyboard (Shift+arrows), rows and aisles, row labels, numbering direction, the hall's rules, a
 * preview, undo/redo, and a save that says which screenings keep the old layout version.
 */
export function LayoutEditor({ cinema, hall }: { cinema: { id: string; name: string; timeZone: string }; hall: Hall | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);
  const [history, setHistory] = useState(() => startHistory(hall ? fromPlan(hall.layout) : newGrid(6, 10)));
  const grid = history.present;
  const { rows, cols } = gridSize(grid);
  const [name, setName] = useState(hall?.name ?? "");
  const [maxSeatsPerOrder, setMaxSeatsPerOrder] = useState(String(hall?.maxSeatsPerOrder ?? 10));
  const [preventSingleGaps, setPreventSingleGaps] = useState(hall?.preventSingleGaps ?? true);
  const [brush, setBrush] = useState<Brush>("STANDARD");
  const [zone, setZone] = useState("");
  const [cursor, setCursor] = useState<Point>({ row: 0, col: 0 });
  const [anchor, setAnchor] = useState<Point | null>(null);
  const [dragging, setDragging] = useState(false);
  const [preview, setPreview] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; problems: string[] } | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);

  const selection: Box = boxOf(anchor ?? cursor, cursor);
  const problems = useMemo(() => gridProblems(grid), [grid]);
  const seatCount = useMemo(() => toPlan(grid).seats.length, [grid]);

  const change = useCallback((next: (grid: EditorGrid) => EditorGrid) => {
    setHistory((h) => record(h, next(h.present)));
    setRefusal(null);
  }, []);
  const clampCursor = useCallback((next: EditorGrid) => {
    const size = gridSize(next);
    setCursor((c) => ({ row: Math.min(c.row, size.rows - 1), col: Math.min(c.col, size.cols - 1) }));
    setAnchor(null);
  }, []);
  const structural = (next: (grid: EditorGrid) => EditorGrid) => {
    const result = next(grid);
    change(() => result);
    clampCursor(result);
  };
  const paintSelection = useCallback(() => change((g) => paint(g, selection, brush, zone)), [change, selection, brush, zone]);
  const doUndo = useCallback(() => setHistory((h) => undo(h)), []);
  const doRedo = useCallback(() => setHistory((h) => redo(h)), []);

  // Undo and redo work anywhere in the editor except while typing in a field (where they undo the typing).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || !(event.ctrlKey || event.metaKey)) return;
      const key = event.key.toLowerCase();
      if (key === "z" && event.shiftKey) doRedo();
      else if (key === "z") doUndo();
      else if (key === "y") doRedo();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [doUndo, doRedo]);

  useEffect(() => {
    const stop = () => setDragging(false);
    window.addEventListener("mouseup", stop);
    return () => window.removeEventListener("mouseup", stop);
  }, []);

  const onGridKey = (event: React.KeyboardEvent) => {
    if (event.key.startsWith("Arrow")) {
      event.preventDefault();
      if (event.shiftKey) setAnchor((a) => a ?? cursor);
      else setAnchor(null);
      setCursor((c) => step(c, event.key, grid));
    } else if (event.key === " " || event.key === "Enter") {
      event.preventDefault();
      paintSelection();
    } else if (event.key === "Escape") {
      setAnchor(null);
    } else if (/^[1-6]$/.test(event.key) && !event.ctrlKey && !event.metaKey) {
      setBrush(BRUSHES[Number(event.key) - 1]!);
    }
  };

  const values = () => ({
    name,
    maxSeatsPerOrder: Number(maxSeatsPerOrder),
    preventSingleGaps,
    layout: toPlan(grid),
  });
  const onError = (error: { message: string; data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null }) => {
    const fieldProblems = Object.values(error.data?.fieldErrors ?? {}).flatMap((list) => list ?? []);
    setRefusal({ message: error.message, problems: fieldProblems });
  };
  const create = useMutation(
    trpc.admin.venues.createHall.mutationOptions({
      onSuccess: (created) => {
        toast.success(`${created.name} created with ${seatCount} seats.`);
        router.push(`/admin/cinemas/${cinema.id}/halls/${created.id}`);
      },
      onError,
    }),
  );
  const save = useMutation(
    trpc.admin.venues.saveHall.mutationOptions({
      onSuccess: (result) => {
        toast.success(
          result.layoutChanged
            ? `Saved as layout version ${result.layoutVersion}: ${result.movedScreenings} screening(s) moved to it, ${result.keptScreenings.length} keep their old version.`
            : "Saved. The seats are unchanged, so no new layout version was needed.",
        );
        router.refresh();
      },
      onError,
    }),
  );
  const pending = create.isPending || save.isPending;
  const onSave = () => {
    const input = values();
    const parsed = hallFormSchema.safeParse(input);
    if (!parsed.success) {
      setRefusal({ message: "The hall can't be saved yet:", problems: parsed.error.issues.map((issue) => issue.message) });
      return;
    }
    setRefusal(null);
    if (hall) save.mutate({ ...parsed.data, hallId: hall.id, version: hall.version });
    else create.mutate({ ...parsed.data, cinemaId: cinema.id });
  };

  const when = (date: Date | string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone: cinema.timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(
      new Date(date),
    );

  return (
    <div className="space-y-5" data-interactive={hydrated || undefined}>
      <section aria-label="Hall" className="grid gap-4 rounded-lg border p-4 sm:grid-cols-[2fr_1fr_1fr_1fr_1fr]">
        <label className="grid gap-1 text-sm font-medium">
          Hall name
          <Input value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </label>
        <label className="grid gap-1 text-sm font-medium">
          Max seats per order
          <Input type="number" min={1} max={50} value={maxSeatsPerOrder} onChange={(e) => setMaxSeatsPerOrder(e.target.value)} />
        </label>
        <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium">
          <input type="checkbox" className="size-4" checked={preventSingleGaps} onChange={(e) => setPreventSingleGaps(e.target.checked)} />
          No stranded single seat
        </label>
        <label className="grid gap-1 text-sm font-medium">
          Screen
          <select
            className="border-input h-9 rounded-md border bg-transparent px-2 text-sm"
            value={grid.screenPosition}
            onChange={(e) => change((g) => setScreenPosition(g, e.target.value as "TOP" | "BOTTOM"))}
          >
            <option value="TOP">At the top</option>
            <option value="BOTTOM">At the bottom</option>
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium">
          Seat numbers
          <select
            className="border-input h-9 rounded-md border bg-transparent px-2 text-sm"
            value={grid.numbering}
            onChange={(e) => change((g) => setNumbering(g, e.target.value as "ltr" | "rtl"))}
          >
            <option value="ltr">Left to right</option>
            <option value="rtl">Right to left</option>
          </select>
        </label>
      </section>

      <section aria-label="Layout tools" className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm font-medium">
          Rows
          <Input
            type="number"
            min={1}
            max={60}
            className="w-20"
            value={rows}
            onChange={(e) => e.target.value && structural((g) => resize(g, Number(e.target.value), cols))}
          />
        </label>
        <label className="grid gap-1 text-sm font-medium">
          Columns
          <Input
            type="number"
            min={1}
            max={80}
            className="w-20"
            value={cols}
            onChange={(e) => e.target.value && structural((g) => resize(g, rows, Number(e.target.value)))}
          />
        </label>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Rows and aisles at the cursor">
          <Button type="button" variant="outline" size="sm" onClick={() => structural((g) => insertRow(g, cursor.row))}>
            <Rows2 aria-hidden /> Row above
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={() => structural((g) => insertRow(g, cursor.row + 1))}>
            <Rows2 aria-hidden /> Row below
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={() => structural((g) => removeRow(g, cursor.row))}>
            <Trash2 aria-hidden /> Remove row
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={() => structural((g) => insertAisle(g, cursor.col))}>
            <Columns2 aria-hidden /> Aisle left
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={() => structural((g) => insertAisle(g, cursor.col + 1))}>
            <Columns2 aria-hidden /> Aisle right
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={() => structural((g) => removeColumn(g, cursor.col))}>
            <Trash2 aria-hidden /> Remove column
          </Button>
        </div>
        <div className="flex gap-1" role="group" aria-label="History">
          <Button type="button" variant="outline" size="sm" onClick={doUndo} disabled={history.past.length === 0} aria-keyshortcuts="Control+Z">
            <Undo2 aria-hidden /> Undo
          </Button>
          <Button type="button" variant="outline" size="sm" onClick={doRedo} disabled={history.future.length === 0} aria-keyshortcuts="Control+Shift+Z">
            <Redo2 aria-hidden /> Redo
          </Button>
        </div>
        <Button type="button" variant={preview ? "default" : "outline"} size="sm" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
          {preview ? <PencilRuler aria-hidden /> : <Eye aria-hidden />} {preview ? "Back to editing" : "Preview"}
        </Button>
      </section>

      <section aria-label="Brush" className="flex flex-wrap items-end gap-3">
        <div className="flex flex-wrap gap-1" role="radiogroup" aria-label="Brush">
          {BRUSHES.map((b, index) => (
            <button
              key={b}
              type="button"
              role="radio"
              aria-checked={brush === b}
              aria-keyshortcuts={String(index + 1)}
              onClick={() => setBrush(b)}
              className={cn(
                "flex items-center gap-2 rounded-md border px-2.5 py-1.5 text-sm",
                brush === b ? "border-primary ring-primary/40 ring-2" : "hover:bg-accent",
              )}
            >
              <span aria-hidden className={cn("inline-flex size-4 items-center justify-center rounded-t-sm rounded-b-[2px]", brushSwatch(b))} />
              {brushNames[b]}
              <kbd className="text-muted-foreground rounded border px-1 font-mono text-[10px]">{index + 1}</kbd>
            </button>
          ))}
        </div>
        <label className="grid gap-1 text-sm font-medium">
          Zone (optional)
          <Input value={zone} onChange={(e) => setZone(e.target.value)} placeholder="e.g. Balcony" className="w-36" maxLength={40} />
        </label>
        <Button type="button" onClick={paintSelection}>
          Paint selection
        </Button>
      </section>

      {preview ? (
        <section aria-label="Preview" className="space-y-2">
          <p className="text-muted-foreground text-sm">As customers will see it: {seatCount} seats.</p>
          <SeatMap layout={{ gridRows: rows, gridCols: cols, screenPosition: grid.screenPosition, seats: previewSeats(grid) }} selectedSeatIds={new Set()} caption="Preview of the seat map" />
        </section>
      ) : (
        <section aria-label="Editor" className="space-y-2">
          <p className="text-muted-foreground text-xs" id="editor-help">
            <kbd>←↑→↓</kbd> move · <kbd>Shift</kbd>+arrows select a box · drag to select with the mouse · <kbd>Space</kbd>/<kbd>Enter</kbd> paint ·{" "}
            <kbd>1</kbd>–<kbd>6</kbd> brush · <kbd>Ctrl</kbd>+<kbd>Z</kbd> undo · <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>Z</kbd> redo · <kbd>Esc</kbd> clear selection
          </p>
          <div className="bg-card overflow-auto rounded-lg border p-3">
            <div className="mx-auto w-max">
              {grid.screenPosition === "TOP" ? <ScreenBar /> : null}
              <div
                ref={gridRef}
                role="grid"
                tabIndex={0}
                aria-label="Seat layout editor"
                aria-describedby="editor-help"
                aria-activedescendant={`cell-${cursor.row}-${cursor.col}`}
                aria-multiselectable
                onKeyDown={onGridKey}
                className="focus-visible:ring-ring flex select-none flex-col gap-1 rounded outline-none focus-visible:ring-2"
              >
                {(grid.screenPosition === "BOTTOM" ? [...grid.rows.keys()].reverse() : [...grid.rows.keys()]).map((r) => (
                  <div role="row" key={r} className="flex items-center gap-1">
                    <input
                      aria-label={`Label of row ${r + 1}`}
                      value={grid.rowLabels[r] ?? ""}
                      onChange={(e) => change((g) => renameRow(g, r, e.target.value))}
                      className="border-input h-6 w-9 rounded border bg-transparent text-center text-xs font-medium uppercase"
                      maxLength={3}
                    />
                    <div className="grid gap-1" style={{ gridTemplateColumns: `repeat(${cols}, ${CELL}px)` }}>
                      {grid.rows[r]!.map((cell, c) => {
                        const selected = inBox(selection, r, c);
                        const isCursor = cursor.row === r && cursor.col === c;
                        return (
                          <div
                            key={c}
                            id={`cell-${r}-${c}`}
                            role="gridcell"
                            aria-selected={selected}
                            aria-label={`Row ${r + 1}, column ${c + 1}: ${cell ? `${cell.blocked ? "blocked " : ""}${brushNames[cell.kind].toLowerCase()} seat${cell.zone ? `, ${cell.zone}` : ""}` : "empty"}`}
                            data-row={r}
                            data-col={c}
                            data-cell={cell ? (cell.blocked ? "BLOCKED" : cell.kind) : "EMPTY"}
                            onMouseDown={(event) => {
                              event.preventDefault();
                              gridRef.current?.focus();
                              if (event.shiftKey) setAnchor((a) => a ?? cursor);
                              else setAnchor({ row: r, col: c });
                              setCursor({ row: r, col: c });
                              setDragging(true);
                            }}
                            onMouseEnter={() => dragging && setCursor({ row: r, col: c })}
                            style={{ width: CELL, height: CELL }}
                            className={cn(
                              "flex cursor-pointer items-center justify-center rounded-t-md rounded-b-sm text-[10px] tabular-nums",
                              cellClass(cell),
                              selected && "ring-primary/70 ring-2",
                              isCursor && "outline-primary outline-2 outline-offset-1",
                            )}
                          >
                            {cell?.kind === "WHEELCHAIR" ? <Accessibility className="size-3.5" aria-hidden /> : cell?.kind === "COMPANION" ? "C" : null}
                          </div>
                        );
                      })}
                    </div>
                  </div>
                ))}
              </div>
              {grid.screenPosition === "BOTTOM" ? <ScreenBar /> : null}
            </div>
          </div>
        </section>
      )}

      <section aria-label="Save" className="space-y-3 rounded-lg border p-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm">
            <span className="font-medium">{seatCount} seats</span> in {rows} rows × {cols} columns
            {hall ? <span className="text-muted-foreground"> · layout version {hall.layout.version}</span> : null}
          </p>
          <Button type="button" onClick={onSave} disabled={pending}>
            {hall ? "Save layout" : "Create hall"}
          </Button>
        </div>
        {problems.length ? (
          <div role="status" aria-label="Problems to fix" className="text-sm text-amber-800 dark:text-amber-300">
            <p className="font-medium">Fix before saving:</p>
            <ul className="list-disc pl-5">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : null}
        {refusal ? (
          <Alert variant="destructive">
            <CircleAlert aria-hidden />
            <AlertTitle>Not saved</AlertTitle>
            <AlertDescription>
              <p>{refusal.message}</p>
              {refusal.problems.length ? (
                <ul className="list-disc pl-5">
                  {refusal.problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              ) : null}
            </AlertDescription>
          </Alert>
        ) : null}
        {hall ? (
          hall.keepOldLayout.length ? (
            <div className="text-sm">
              <p className="font-medium">
                If you change the seats, these screenings keep layout version {hall.layout.version} because they have sold or held seats
                {hall.wouldMove ? `; ${hall.wouldMove} other future screening(s) move to the new version` : ""}:
              </p>
              <ul aria-label="Screenings that keep the old layout" className="mt-1 grid gap-0.5">
                {hall.keepOldLayout.map((s) => (
                  <li key={s.id} className="tabular-nums">
                    {when(s.startsAt)} · {s.filmTitle} · {s.ticketsTaken} ticket(s) sold or held · version {s.layoutVersion}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="text-muted-foreground text-sm">
              No future screening has sold or held seats: {hall.wouldMove ? `all ${hall.wouldMove} will use the new layout.` : "new screenings will use the new layout."}
            </p>
          )
        ) : null}
      </section>
    </div>
  );
}

function ScreenBar() {
  return (
    <div aria-hidden className="flex flex-col items-center gap-1 py-2">
      <div className="bg-muted-foreground/40 h-1.5 w-2/3 rounded-full" />
      <span className="text-muted-foreground text-xs tracking-[0.3em] uppercase">Screen</span>
    </div>
  );
}
