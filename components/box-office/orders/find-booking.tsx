"use client";

import { useQuery } from "@tanstack/react-query";
import { Loader2, Search, SearchX } from "lucide-react";
import { useEffect, useId, useRef, useState, useSyncExternalStore } from "react";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { cn } from "@/lib/utils";
import { formatDay, formatMoney, formatTime } from "@/server/format";
import { selectClass } from "./labels";
import { OrderDetail } from "./order-detail";

type Result = RouterOutputs["boxOffice"]["find"]["results"][number];

export interface DayScreening {
  id: string;
  startsAt: Date;
  title: string;
  hallName: string;
}

const noSubscribe = () => () => {};

const kindLabels = { reference: "reference", ticket: "ticket code", email: "email address", name: "name" } as const;

/** True when a key press belongs to a text field rather than to the page's shortcuts. */
export function typingInField(event: KeyboardEvent): boolean {
  const target = event.target as HTMLElement | null;
  if (!target) return false;
  // A ticked checkbox keeps focus; its row's shortcuts still work.
  if (target instanceof HTMLInputElement) return !["checkbox", "radio", "button", "submit"].includes(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * The counter's search: one box for a reference, a scanned QR code (a USB scanner types the code or link and Enter),
 * an email or a last name, narrowed to one of today's screenings if chosen. Arrow keys move through the results while
 * the box keeps focus; the highlighted booking's detail shows beside the list.
 */
export function FindBooking({
  initialQuery,
  initialOrderId,
  timeZone,
  screenings,
}: {
  initialQuery: string;
  initialOrderId: string | null;
  timeZone: string;
  screenings: DayScreening[];
}) {
  const trpc = useTRPC();
  const inputRef = useRef<HTMLInputElement>(null);
  // Hydrated: the search box takes keys only once React handles them (the e2e tests wait for data-ready).
  const ready = useSyncExternalStore(noSubscribe, () => true, () => false);
  const [text, setText] = useState(initialQuery);
  const [screeningId, setScreeningId] = useState("");
  const [submitted, setSubmitted] = useState<{ query: string; screeningId: string | null } | null>(
    initialQuery ? { query: initialQuery, screeningId: null } : null,
  );
  // What is highlighted belongs to one answer (dataUpdatedAt): a new answer starts again at its first booking, so a
  // scan or a reference shows the booking at once.
  const [pick, setPick] = useState<{ answer: number; index: number; orderId?: string } | null>(null);
  const listId = useId();

  const search = useQuery({
    ...trpc.boxOffice.find.queryOptions(submitted ?? { query: "-" }),
    enabled: !!submitted,
    staleTime: 5_000,
  });
  const results = search.data?.results ?? [];
  const answer = search.data ? search.dataUpdatedAt : 0;
  const current = pick && pick.answer === answer ? pick : null;
  const active = current?.index ?? 0;
  const openOrderId = current?.orderId ?? results[active]?.id ?? (answer === 0 ? initialOrderId : null);
  const setOpenOrderId = (orderId: string) => setPick({ answer, index: active, orderId });

  // "/" jumps to the search box from anywhere on the screen.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "/" && !typingInField(event) && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        inputRef.current?.focus();
        inputRef.current?.select();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const url = new URL(window.location.href);
    if (submitted?.query) url.searchParams.set("q", submitted.query);
    else url.searchParams.delete("q");
    if (openOrderId) url.searchParams.set("order", openOrderId);
    else url.searchParams.delete("order");
    window.history.replaceState(null, "", url);
  }, [submitted, openOrderId]);

  function run(event?: React.FormEvent) {
    event?.preventDefault();
    const query = text.trim();
    if (!query) return;
    setSubmitted({ query, screeningId: screeningId || null });
    if (submitted?.query === query && submitted.screeningId === (screeningId || null)) void search.refetch();
  }

  function move(delta: number) {
    if (results.length === 0) return;
    setPick({ answer, index: (active + delta + results.length) % results.length });
  }

  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(18rem,26rem)_1fr]" data-ready={ready ? "true" : undefined}>
      <section aria-label="Search" className="space-y-3">
        <form onSubmit={run} className="space-y-2" role="search">
          <label htmlFor="find-query" className="flex items-center justify-between text-sm font-medium">
            Reference, ticket code, email or last name
            <span className="text-muted-foreground text-xs font-normal">
              <kbd className="bg-muted rounded border px-1">/</kbd> to search
            </span>
          </label>
          <div className="flex gap-2">
            <Input
              id="find-query"
              ref={inputRef}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "ArrowDown") {
                  e.preventDefault();
                  move(1);
                } else if (e.key === "ArrowUp") {
                  e.preventDefault();
                  move(-1);
                }
              }}
              placeholder="Scan a ticket or type…"
              autoComplete="off"
              spellCheck={false}
              autoFocus
              disabled={!ready}
              role="combobox"
              aria-expanded={results.length > 0}
              aria-controls={listId}
              aria-activedescendant={results[active] ? `${listId}-${results[active].id}` : undefined}
            />
            <Button type="submit" disabled={!ready || search.isFetching} aria-busy={search.isFetching}>
              {search.isFetching ? <Loader2 className="animate-spin" aria-hidden /> : <Search aria-hidden />}
              Search
            </Button>
          </div>
          <div className="grid gap-1">
            <label htmlFor="find-screening" className="text-sm font-medium">
              Screening (for a name)
            </label>
            <select id="find-screening" className={selectClass} value={screeningId} onChange={(e) => setScreeningId(e.target.value)}>
              <option value="">Any screening</option>
              {screenings.map((s) => (
                <option key={s.id} value={s.id}>
                  {formatTime(s.startsAt, timeZone)} {s.title} · {s.hallName}
                </option>
              ))}
            </select>
          </div>
          <p className="text-muted-foreground text-xs">
            <kbd className="bg-muted rounded border px-1">Enter</kbd> searches · <kbd className="bg-muted rounded border px-1">↑</kbd>
            <kbd className="bg-muted rounded border px-1">↓</kbd> move through results
          </p>
        </form>

        {search.isError ? (
          <LoadError title="The search failed" message={search.error.message} onRetry={() => search.refetch()} />
        ) : search.data ? (
          results.length === 0 ? (
            <div className="flex flex-col items-center gap-1 rounded-lg border border-dashed px-4 py-8 text-center" role="status">
              <SearchX className="text-muted-foreground size-6" aria-hidden />
              <p className="font-medium">No booking found</p>
              <p className="text-muted-foreground text-sm">Searched by {kindLabels[search.data.kind]}.</p>
            </div>
          ) : (
            <div className="space-y-1">
              <p className="text-muted-foreground text-xs" role="status">
                {results.length} booking{results.length === 1 ? "" : "s"} by {kindLabels[search.data.kind]}
              </p>
              <ul id={listId} role="listbox" aria-label="Bookings found" className="divide-y rounded-md border">
                {results.map((result, index) => (
                  <ResultRow
                    key={result.id}
                    id={`${listId}-${result.id}`}
                    result={result}
                    active={index === active}
                    onPick={() => setPick({ answer, index })}
                  />
                ))}
              </ul>
            </div>
          )
        ) : (
          <p className="text-muted-foreground rounded-lg border border-dashed px-4 py-8 text-center text-sm">
            Scan the customer&apos;s ticket or type their booking reference.
          </p>
        )}
      </section>

      <section aria-label="Booking" className="min-w-0">
        {openOrderId ? (
          <OrderDetail key={openOrderId} orderId={openOrderId} onOpenOrder={setOpenOrderId} />
        ) : (
          <div className="text-muted-foreground hidden h-full items-center justify-center rounded-lg border border-dashed p-8 text-sm lg:flex">
            The booking you pick shows here.
          </div>
        )}
      </section>
    </div>
  );
}

function ResultRow({ id, result, active, onPick }: { id: string; result: Result; active: boolean; onPick: () => void }) {
  const { screening } = result;
  return (
    <li
      id={id}
      role="option"
      aria-selected={active}
      onClick={onPick}
      className={cn("cursor-pointer px-3 py-2 text-sm", active ? "bg-accent" : "hover:bg-muted/60")}
    >
      <div className="flex items-center justify-between gap-2">
        <span className="font-mono font-semibold">{result.reference}</span>
        <span className="flex items-center gap-1">
          <Badge variant={result.status === "PAID" ? "secondary" : "outline"}>{result.status.toLowerCase()}</Badge>
          <span className="tabular-nums">{formatMoney(result.totalAmount, result.currency)}</span>
        </span>
      </div>
      <div className="text-muted-foreground truncate">
        {result.customerName ?? result.email ?? (result.channel === "BOX_OFFICE" ? "Counter sale" : "No name")}
        {screening ? ` · ${screening.filmTitle}, ${formatDay(screening.startsAt, screening.timeZone)} ${formatTime(screening.startsAt, screening.timeZone)}` : " · Concessions"}
        {` · ${result.ticketCount} ticket${result.ticketCount === 1 ? "" : "s"}`}
      </div>
    </li>
  );
}
