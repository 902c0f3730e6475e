"use client";

import { Accessibility, Minus, Plus } from "lucide-react";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { ScreenPosition } from "@/server/db/generated/enums";
import type { SeatMapSeat } from "@/server/inventory";

// The seat map shows exactly what the inventory reports; its types are the inventory's own (type-only import).
export type { SeatMapSeat, SeatState } from "@/server/inventory";
export type SeatKind = SeatMapSeat["kind"];

export interface SeatMapLayout {
  gridRows: number;
  gridCols: number;
  screenPosition: ScreenPosition;
  seats: SeatMapSeat[];
}

const kindNames: Record<SeatKind, string> = {
  STANDARD: "standard",
  PREMIUM: "premium",
  WHEELCHAIR: "wheelchair space",
  COMPANION: "companion seat",
};

function stateName(seat: SeatMapSeat, selected: boolean): string {
  if (selected) return "selected";
  if (seat.mine) return "held for you";
  return { free: "available", held: "on hold", sold: "sold", blocked: "not available" }[seat.state];
}

function isSelectable(seat: SeatMapSeat): boolean {
  return seat.state === "free" || seat.mine;
}

const zoomLevels = [20, 26, 32, 40];

/**
 * Renders any hall layout on its grid: a grid cell without a seat is an aisle or a gap. Keyboard users move with
 * the arrow keys (skipping gaps), Home/End jump along a row, and Enter or Space selects; one seat at a time is in
 * the tab order (roving tabindex) so the map is a single tab stop.
 */
export function SeatMap({
  layout,
  selectedSeatIds,
  onToggleSeat,
  disabled = false,
  caption,
  warningSeatIds,
}: {
  layout: SeatMapLayout;
  selectedSeatIds: ReadonlySet<string>;
  onToggleSeat?: (seat: SeatMapSeat) => void;
  disabled?: boolean;
  caption: string;
  /** Free seats the current selection would leave alone (the single-gap rule): outlined, and named to screen readers. */
  warningSeatIds?: ReadonlySet<string>;
}) {
  const [zoomIndex, setZoomIndex] = useState(1);
  const seatSize = zoomLevels[zoomIndex] ?? 26;
  const gridRef = useRef<HTMLDivElement>(null);
  const seatsById = useMemo(() => new Map(layout.seats.map((seat) => [seat.id, seat])), [layout.seats]);

  const rows = useMemo(() => {
    const byRow = new Map<number, SeatMapSeat[]>();
    for (const seat of layout.seats) {
      const row = byRow.get(seat.gridRow) ?? [];
      row.push(seat);
      byRow.set(seat.gridRow, row);
    }
    for (const seats of byRow.values()) seats.sort((a, b) => a.gridCol - b.gridCol);
    const ordered = [...byRow.entries()].sort(([a], [b]) => a - b);
    return layout.screenPosition === "BOTTOM" ? ordered.reverse() : ordered;
  }, [layout]);

  const firstFocusable = useMemo(
    () => layout.seats.find((seat) => selectedSeatIds.has(seat.id)) ?? layout.seats.find(isSelectable) ?? layout.seats[0],
    [layout.seats, selectedSeatIds],
  );
  const [focusedSeatId, setFocusedSeatId] = useState<string | undefined>(undefined);
  const activeSeatId = focusedSeatId && layout.seats.some((s) => s.id === focusedSeatId) ? focusedSeatId : firstFocusable?.id;

  const moveFocus = useCallback(
    (from: SeatMapSeat, key: string) => {
      const rowIndex = rows.findIndex(([gridRow]) => gridRow === from.gridRow);
      const rowSeats = rows[rowIndex]?.[1] ?? [];
      let target: SeatMapSeat | undefined;
      if (key === "ArrowRight") target = rowSeats.find((s) => s.gridCol > from.gridCol);
      else if (key === "ArrowLeft") target = [...rowSeats].reverse().find((s) => s.gridCol < from.gridCol);
      else if (key === "Home") target = rowSeats[0];
      else if (key === "End") target = rowSeats.at(-1);
      else if (key === "ArrowUp" || key === "ArrowDown") {
        const nextRow = rows[rowIndex + (key === "ArrowDown" ? 1 : -1)]?.[1];
        // The seat in the next row that sits closest to the same column.
        target = nextRow?.reduce<SeatMapSeat | undefined>(
          (best, s) => (!best || Math.abs(s.gridCol - from.gridCol) < Math.abs(best.gridCol - from.gridCol) ? s : best),
          undefined,
        );
      }
      if (target) {
        setFocusedSeatId(target.id);
        gridRef.current?.querySelector<HTMLButtonElement>(`button[data-seat-id="${CSS.escape(target.id)}"]`)?.focus();
      }
    },
    [rows],
  );

  // One listener per event on the grid rather than on each of a big hall's hundreds of seats: the seats are then
  // plain props, so a change to one seat re-renders that seat alone, and the page's hydration attaches no handlers
  // per seat.
  const seatOf = (event: React.SyntheticEvent): SeatMapSeat | undefined => {
    const id = (event.target as Element).closest?.("button[data-seat-id]")?.getAttribute("data-seat-id");
    return id ? seatsById.get(id) : undefined;
  };
  const onGridClick = (event: React.MouseEvent) => {
    const seat = seatOf(event);
    if (seat && isSelectable(seat) && !disabled) onToggleSeat?.(seat);
  };
  const onGridKeyDown = (event: React.KeyboardEvent) => {
    const seat = seatOf(event);
    if (seat && ["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"].includes(event.key)) {
      event.preventDefault();
      moveFocus(seat, event.key);
    }
  };
  const onGridFocus = (event: React.FocusEvent) => {
    const seat = seatOf(event);
    if (seat) setFocusedSeatId(seat.id);
  };

  const screen = (
    <div aria-hidden className="flex flex-col items-center gap-1 py-2">
      <div className="bg-muted-foreground/40 h-1.5 w-2/3 rounded-full" />
      <span className="text-muted-foreground text-xs tracking-[0.3em] uppercase">Screen</span>
    </div>
  );

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-2">
        <SeatLegend />
        <div className="flex items-center gap-1" role="group" aria-label="Zoom">
          <Button
            type="button"
            variant="outline"
            size="icon"
            aria-label="Zoom out"
            disabled={zoomIndex === 0}
            onClick={() => setZoomIndex((i) => Math.max(0, i - 1))}
          >
            <Minus aria-hidden />
          </Button>
          <Button
            type="button"
            variant="outline"
            size="icon"
            aria-label="Zoom in"
            disabled={zoomIndex === zoomLevels.length - 1}
            onClick={() => setZoomIndex((i) => Math.min(zoomLevels.length - 1, i + 1))}
          >
            <Plus aria-hidden />
          </Button>
        </div>
      </div>
      <div className="bg-card overflow-auto rounded-lg border p-3 [touch-action:pan-x_pan-y_pinch-zoom]" tabIndex={-1}>
        <div className="mx-auto w-max">
          {layout.screenPosition === "TOP" ? screen : null}
          <div
            ref={gridRef}
            role="grid"
            aria-label={caption}
            aria-disabled={disabled || undefined}
            className="flex flex-col gap-1"
            onClick={onGridClick}
            onKeyDown={onGridKeyDown}
            onFocus={onGridFocus}
          >
            {rows.map(([gridRow, seats]) => {
              const rowLabel = seats[0]?.rowLabel ?? "";
              return (
                <div role="row" key={gridRow} aria-label={`Row ${rowLabel}`} className="flex items-center gap-1">
                  <span aria-hidden className="text-muted-foreground w-6 text-center text-xs font-medium">
                    {rowLabel}
                  </span>
                  <div
                    className="grid gap-1"
                    style={{ gridTemplateColumns: `repeat(${layout.gridCols}, ${seatSize}px)` }}
                  >
                    {seats.map((seat) => {
                      const selected = selectedSeatIds.has(seat.id);
                      return (
                        <SeatCell
                          key={seat.id}
                          seat={seat}
                          selected={selected}
                          selectable={isSelectable(seat) && !disabled}
                          warned={!selected && !!warningSeatIds?.has(seat.id)}
                          tabbable={seat.id === activeSeatId}
                          seatSize={seatSize}
                        />
                      );
                    })}
                  </div>
                  <span aria-hidden className="text-muted-foreground w-6 text-center text-xs font-medium">
                    {rowLabel}
                  </span>
                </div>
              );
            })}
          </div>
          {layout.screenPosition === "BOTTOM" ? screen : null}
        </div>
      </div>
    </div>
  );
}

/** One seat: its props are plain values (the grid handles its events), so it re-renders only when they change. */
const SeatCell = memo(function SeatCell({
  seat,
  selected,
  selectable,
  warned,
  tabbable,
  seatSize,
}: {
  seat: SeatMapSeat;
  selected: boolean;
  selectable: boolean;
  warned: boolean;
  tabbable: boolean;
  seatSize: number;
}) {
  return (
    <div role="gridcell" style={{ gridColumnStart: seat.gridCol + 1 }}>
      <button
        type="button"
        data-seat-id={seat.id}
        data-kind={seat.kind}
        data-state={seat.mine ? "mine" : selected ? "selected" : seat.state}
        data-warning={warned ? "stranded" : undefined}
        tabIndex={tabbable ? 0 : -1}
        aria-pressed={selected}
        aria-disabled={!selectable}
        aria-label={`Row ${seat.rowLabel}, seat ${seat.number}, ${kindNames[seat.kind]}${seat.zone ? `, ${seat.zone}` : ""}, ${stateName(seat, selected)}${warned ? ", would be left empty on its own" : ""}`}
        style={{ width: seatSize, height: seatSize }}
        className={cn(
          "focus-visible:ring-ring relative flex items-center justify-center rounded-t-md rounded-b-sm border text-[10px] font-medium tabular-nums transition-colors outline-none focus-visible:ring-[3px] focus-visible:ring-offset-1",
          seatClass(seat, selected),
          warned && "ring-2 ring-amber-500 ring-offset-1 ring-offset-background",
          selectable ? "cursor-pointer" : "cursor-not-allowed",
        )}
      >
        {seat.kind === "WHEELCHAIR" ? <Accessibility className="size-3.5" aria-hidden /> : seatSize >= 26 ? seat.number : null}
      </button>
    </div>
  );
});

function seatClass(seat: SeatMapSeat, selected: boolean): string {
  if (selected || seat.mine) return "bg-primary border-primary text-primary-foreground";
  if (seat.state === "sold" || seat.state === "held") return "bg-muted-foreground/25 border-transparent text-transparent";
  if (seat.state === "blocked") return "bg-transparent border-dashed border-muted-foreground/40 text-transparent";
  if (seat.kind === "PREMIUM") return "bg-amber-100 border-amber-600 text-amber-950 hover:bg-amber-200 dark:bg-amber-950 dark:text-amber-100";
  if (seat.kind === "WHEELCHAIR" || seat.kind === "COMPANION") return "bg-sky-100 border-sky-700 text-sky-950 hover:bg-sky-200 dark:bg-sky-950 dark:text-sky-100";
  return "bg-background border-foreground/40 hover:bg-accent";
}

export function SeatLegend() {
  const items = [
    { label: "Available", className: "bg-background border-foreground/40" },
    { label: "Premium", className: "bg-amber-100 border-amber-600" },
    { label: "Wheelchair / companion", className: "bg-sky-100 border-sky-700" },
    { label: "Your seats", className: "bg-primary border-primary" },
    { label: "Taken", className: "bg-muted-foreground/25 border-transparent" },
    { label: "Not available", className: "border-dashed border-muted-foreground/40" },
  ];
  return (
    <ul aria-label="Seat legend" className="text-muted-foreground flex flex-wrap gap-x-4 gap-y-1 text-xs">
      {items.map((item) => (
        <li key={item.label} className="flex items-center gap-1.5">
          <span aria-hidden className={cn("inline-block size-3.5 rounded-t-sm rounded-b-[2px] border", item.className)} />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
