"use client";

import { Search, TriangleAlert } from "lucide-react";
import { forwardRef, useEffect, useRef } from "react";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/utils";
import type { RouterOutputs } from "@/lib/trpc/types";
import { formatLabels } from "@/server/catalogue/labels";
import { formatTime } from "@/server/format";

export type CounterScreening = RouterOutputs["counter"]["day"]["screenings"][number];

/**
 * Sold / held / checked in as a bar: the staff member sees at a glance how full a show is. When baskets hold a large
 * share of the unsold seats (heldWarning: server/box-office/held-share.ts) the held share is spelled out in red, since
 * that is what hoarded seats look like.
 */
function Occupancy({ screening }: { screening: CounterScreening }) {
  const { capacity, sold, held, checkedIn, heldShare, heldWarning } = screening;
  const pct = (n: number) => (capacity ? `${Math.min(100, (n / capacity) * 100)}%` : "0%");
  const share = `${Math.round(heldShare * 100)}%`;
  return (
    <div className="space-y-0.5">
      <div className="bg-muted flex h-1.5 overflow-hidden rounded-full" aria-hidden>
        <div className="bg-primary" style={{ width: pct(sold) }} />
        <div className={heldWarning ? "bg-destructive" : "bg-amber-400"} style={{ width: pct(held) }} />
      </div>
      <p className="text-muted-foreground text-xs tabular-nums" data-testid="occupancy">
        <span className="text-foreground font-medium">{sold}</span> sold · {held} held · {checkedIn} in · {capacity - sold - held} free
      </p>
      {heldWarning ? (
        <p className="text-destructive flex items-center gap-1 text-xs font-medium" data-testid="held-warning" role="status">
          <TriangleAlert className="size-3.5 shrink-0" aria-hidden />
          {share} of unsold seats held in baskets
        </p>
      ) : null}
    </div>
  );
}

export const ScreeningList = forwardRef<
  HTMLInputElement,
  {
    screenings: CounterScreening[];
    timeZone: string;
    filter: string;
    onFilterChange: (value: string) => void;
    activeIndex: number;
    onActiveIndexChange: (index: number) => void;
    chosenId: string | null;
    onChoose: (screening: CounterScreening) => void;
    now: number;
  }
>(function ScreeningList({ screenings, timeZone, filter, onFilterChange, activeIndex, onActiveIndexChange, chosenId, onChoose, now }, filterRef) {
  const listRef = useRef<HTMLUListElement>(null);
  useEffect(() => {
    listRef.current?.querySelector<HTMLElement>(`[data-index="${activeIndex}"]`)?.scrollIntoView({ block: "nearest" });
  }, [activeIndex]);

  const move = (event: React.KeyboardEvent) => {
    // "/" is the way back to this filter from anywhere; pressed here it selects what is typed, ready to replace.
    if (event.key === "/" && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      event.target.select();
      return;
    }
    const last = screenings.length - 1;
    const next =
      event.key === "ArrowDown" ? Math.min(last, activeIndex + 1)
      : event.key === "ArrowUp" ? Math.max(0, activeIndex - 1)
      : event.key === "PageUp" || (event.key === "Home" && !(event.target instanceof HTMLInputElement)) ? 0
      : event.key === "PageDown" || (event.key === "End" && !(event.target instanceof HTMLInputElement)) ? last
      : null;
    if (next !== null) {
      event.preventDefault();
      onActiveIndexChange(next);
    } else if (event.key === "Enter") {
      const screening = screenings[activeIndex];
      if (screening) {
        event.preventDefault();
        onChoose(screening);
      }
    }
  };

  return (
    <section aria-labelledby="screenings-heading" className="flex min-h-0 flex-col gap-2">
      <div className="flex items-baseline justify-between gap-2">
        <h2 id="screenings-heading" className="font-semibold">
          Today
        </h2>
        <p className="text-muted-foreground text-[11px]">
          <kbd className="rounded border px-1">/</kbd> filter · <kbd className="rounded border px-1">↑↓</kbd> ·{" "}
          <kbd className="rounded border px-1">Enter</kbd> choose
        </p>
      </div>
      <div className="relative">
        <Search className="text-muted-foreground absolute top-2.5 left-2 size-4" aria-hidden />
        <Input
          ref={filterRef}
          value={filter}
          onChange={(event) => onFilterChange(event.target.value)}
          onKeyDown={move}
          placeholder="Type a film…"
          // The counter starts here: type a film or press Enter for the highlighted screening.
          autoFocus
          aria-label="Filter screenings by film"
          aria-controls="counter-screenings"
          className="pl-8"
        />
      </div>
      {screenings.length === 0 ? (
        <p className="text-muted-foreground rounded-md border border-dashed p-4 text-sm">
          {filter ? "No screening today matches that film." : "No screenings today at this cinema."}
        </p>
      ) : (
        <ul
          id="counter-screenings"
          ref={listRef}
          role="listbox"
          aria-label="Today's screenings"
          aria-activedescendant={screenings[activeIndex] ? `screening-${screenings[activeIndex].id}` : undefined}
          tabIndex={0}
          onKeyDown={move}
          className="min-h-0 flex-1 space-y-1 overflow-y-auto pr-1 outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 rounded-md"
        >
          {screenings.map((screening, index) => {
            const started = screening.startsAt.getTime() <= now;
            return (
              <li
                key={screening.id}
                id={`screening-${screening.id}`}
                role="option"
                aria-selected={screening.id === chosenId}
                data-index={index}
                data-active={index === activeIndex || undefined}
                onClick={() => {
                  onActiveIndexChange(index);
                  onChoose(screening);
                }}
                className={cn(
                  "cursor-pointer rounded-md border px-2 py-1.5",
                  index === activeIndex && "ring-ring ring-2",
                  screening.id === chosenId && "bg-accent",
                  (started || screening.status === "CANCELLED") && "opacity-60",
                )}
              >
                <div className="flex items-baseline justify-between gap-2">
                  <span className="truncate text-sm font-medium">{screening.film.title}</span>
                  <span className="text-sm font-semibold tabular-nums">{formatTime(screening.startsAt, timeZone)}</span>
                </div>
                <p className="text-muted-foreground text-xs">
                  {screening.hall.name} · {formatLabels[screening.format]} · {screening.film.certificate}
                  {screening.status === "CANCELLED" ? " · cancelled" : started ? " · started" : ""}
                </p>
                <Occupancy screening={screening} />
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
});
