"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { AlertTriangle, Minus, Plus, Printer, ShieldAlert, Ticket, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { SeatMap, type SeatMapSeat } from "@/components/seat-map/seat-map";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { cn } from "@/lib/utils";
import { formatLabels } from "@/server/catalogue/labels";
import { formatMoney, formatTime } from "@/server/format";
import { PayDialog, type Tender } from "./pay-dialog";
import { ScreeningList, type CounterScreening } from "./screening-list";

type SaleResult = RouterOutputs["counter"]["sell"];
type Product = RouterOutputs["counter"]["catalogue"][number];

const neverChanges = () => () => {};
const kbd = "rounded border bg-background px-1 font-mono text-[11px]";

function isTyping(target: EventTarget | null) {
  return target instanceof HTMLElement && !!target.closest("input, textarea, select, [contenteditable=true]");
}

/**
 * The box office's sale screen: today's screenings with live occupancy, the chosen screening's seat map (the counter
 * basket's seats marked), ticket types per seat, concessions, the running total and the pay step. Everything has a
 * key: / filter, ↑↓ Enter choose, 1–9 best N seats, then 1–n ticket type per seat, ⇧1–9 add a product, P pay.
 */
export function SaleScreen({ isManager, actions }: { isManager: boolean; actions?: React.ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const interactive = useSyncExternalStore(neverChanges, () => true, () => false);

  const [cinemaId, setCinemaId] = useState<string | undefined>(undefined);
  const dayOptions = trpc.counter.day.queryOptions({ cinemaId });
  const day = useQuery({ ...dayOptions, refetchInterval: 60_000 });
  const shift = day.data?.shift ?? null;
  const cinema = day.data?.cinema ?? null;
  const currency = cinema?.currency ?? "GBP";
  const money = useCallback((amount: number) => formatMoney(amount, currency), [currency]);

  const [filter, setFilter] = useState("");
  // Null until the clerk moves: the highlight then rests on the next screening to start (Enter sells it).
  const [activeIndex, setActiveIndex] = useState<number | null>(null);
  const [screeningId, setScreeningId] = useState<string | null>(null);
  const [chosenTypes, setTicketTypes] = useState<Record<string, string>>({});
  const [cursorState, setCursorState] = useState(0);
  const [items, setItems] = useState<Record<string, number>>({});
  const [override, setOverride] = useState<{ open: boolean; reason: string; pin: string }>({ open: false, reason: "", pin: "" });
  const [payOpen, setPayOpen] = useState(false);
  const [payError, setPayError] = useState<string | null>(null);
  const [done, setDone] = useState<SaleResult | null>(null);
  const [message, setMessage] = useState<{ tone: "info" | "error"; text: string } | null>(null);
  const filterRef = useRef<HTMLInputElement>(null);
  const workspaceRef = useRef<HTMLDivElement>(null);
  const [saleKey, setSaleKey] = useState("");

  const now = day.dataUpdatedAt || 0;
  const screenings = useMemo(() => {
    const all = day.data?.screenings ?? [];
    const wanted = filter.trim().toLowerCase();
    return wanted ? all.filter((s) => s.film.title.toLowerCase().includes(wanted)) : all;
  }, [day.data, filter]);
  const chosen = day.data?.screenings.find((s) => s.id === screeningId) ?? null;
  const nextToStart = Math.max(0, screenings.findIndex((s) => s.startsAt.getTime() > now && s.status !== "CANCELLED"));

  // The day's occupancy follows every seat change of its screenings (one stream for all of them).
  const screeningIds = useMemo(() => (day.data?.screenings ?? []).map((s) => s.id), [day.data]);
  useSubscription(
    trpc.counter.dayChanges.subscriptionOptions(
      { screeningIds },
      {
        enabled: screeningIds.length > 0,
        // A refetch in flight is cancelled by the next one, so a burst of holds costs one answer.
        onData: () => void queryClient.invalidateQueries({ queryKey: dayOptions.queryKey }),
      },
    ),
  );

  const basketOptions = trpc.counter.basket.queryOptions({ screeningId: screeningId ?? "" });
  const basket = useQuery({ ...basketOptions, enabled: !!screeningId && !!shift, staleTime: 0 });
  const refetchBasket = useCallback(() => void queryClient.invalidateQueries({ queryKey: basketOptions.queryKey }), [queryClient, basketOptions.queryKey]);
  useSubscription(
    trpc.screenings.seatChanges.subscriptionOptions({ screeningId: screeningId ?? "" }, { enabled: !!screeningId && !!shift, onData: refetchBasket }),
  );

  const options = basket.data?.ticketOptions ?? [];
  const held = useMemo(() => (basket.data ? basket.data.seatMap.seats.filter((s) => s.mine && s.state === "held") : []), [basket.data]);
  // Seats let go (a release, an expiry) drop out of the ticket types and the cursor here rather than in state.
  const ticketTypes = useMemo(() => {
    const ids = new Set(held.map((s) => s.id));
    return Object.fromEntries(Object.entries(chosenTypes).filter(([id]) => ids.has(id)));
  }, [held, chosenTypes]);
  const seatCursor = Math.min(cursorState, Math.max(0, held.length - 1));
  const setSeatCursor = (update: (cursor: number) => number) => setCursorState(update(seatCursor));

  const catalogue = useQuery({ ...trpc.counter.catalogue.queryOptions({ cinemaId: cinema?.id ?? "" }), enabled: !!cinema && !!shift });
  const products = useMemo(() => (catalogue.data ?? []).slice(0, 18), [catalogue.data]);
  const lines = Object.entries(items).filter(([, quantity]) => quantity > 0).map(([productId, quantity]) => ({ productId, quantity }));

  const quoteInput = { screeningId: held.length ? (screeningId ?? undefined) : undefined, ticketTypes, concessions: lines };
  const quote = useQuery({
    ...trpc.counter.quote.queryOptions(quoteInput),
    enabled: !!shift && (held.length > 0 || lines.length > 0),
    placeholderData: keepPreviousData,
  });
  const nothingInBasket = held.length === 0 && lines.length === 0;
  const total = nothingInBasket ? 0 : (quote.data?.total ?? 0);

  const onError = (error: { message: string }) => setMessage({ tone: "error", text: error.message });
  const holdBest = useMutation(
    trpc.counter.holdBest.mutationOptions({
      onSuccess: (result) => {
        setMessage({ tone: "info", text: `Held ${result.seats.map((s) => s.label).join(", ")}.` });
        setCursorState(0);
      },
      onError,
      onSettled: refetchBasket,
    }),
  );
  const hold = useMutation(
    trpc.counter.hold.mutationOptions({
      onSuccess: (result) =>
        setMessage({ tone: "info", text: `Held ${result.seats.map((s) => s.label).join(", ")}${result.waived.length ? ` (override: ${result.waived.join(", ")})` : ""}.` }),
      onError,
      onSettled: refetchBasket,
    }),
  );
  const release = useMutation(trpc.counter.release.mutationOptions({ onError, onSettled: refetchBasket }));
  const sell = useMutation(
    trpc.counter.sell.mutationOptions({
      onSuccess: (result) => {
        setPayOpen(false);
        setDone(result);
        setMessage(null);
        setItems({});
        setTicketTypes({});
        setOverride({ open: false, reason: "", pin: "" });
        void queryClient.invalidateQueries({ queryKey: dayOptions.queryKey });
        refetchBasket();
      },
      onError: (error) => {
        setPayError(error.message);
        refetchBasket();
      },
    }),
  );
  const busy = holdBest.isPending || hold.isPending || release.isPending;

  const choose = useCallback((screening: CounterScreening) => {
    setScreeningId(screening.id);
    setMessage(null);
    setDone(null);
    requestAnimationFrame(() => workspaceRef.current?.focus());
  }, []);

  const bestSeats = (count: number) => {
    if (!screeningId || busy) return;
    holdBest.mutate({ screeningId, count, requestKey: crypto.randomUUID() });
  };
  const toggleSeat = (seat: SeatMapSeat) => {
    if (!screeningId || busy) return;
    if (seat.mine) release.mutate({ screeningId, seatIds: [seat.id] });
    else
      hold.mutate({
        screeningId,
        seatIds: [seat.id],
        requestKey: crypto.randomUUID(),
        override: override.open && override.reason.trim().length >= 3 ? { reason: override.reason.trim(), managerPin: override.pin.trim() || undefined } : undefined,
      });
  };
  const setType = (seatId: string, code: string) => setTicketTypes((current) => ({ ...current, [seatId]: code }));
  const addProduct = (product: Product, delta = 1) =>
    setItems((current) => ({ ...current, [product.id]: Math.max(0, Math.min(50, (current[product.id] ?? 0) + delta)) }));
  const openPay = () => {
    if (nothingInBasket || !shift) return;
    setSaleKey(crypto.randomUUID());
    setPayError(null);
    setPayOpen(true);
  };
  const pay = (tender: Tender, email: string) => {
    setPayError(null);
    sell.mutate({
      screeningId: held.length ? (screeningId ?? undefined) : undefined,
      ticketTypes,
      concessions: lines,
      tender,
      email: email.trim() || undefined,
      override: override.open && override.reason.trim().length >= 3 ? { reason: override.reason.trim(), managerPin: override.pin.trim() || undefined } : undefined,
      requestKey: saleKey,
    });
  };
  const newSale = () => {
    setDone(null);
    setMessage(null);
    requestAnimationFrame(() => (screeningId ? workspaceRef.current : filterRef.current)?.focus());
  };
  const print = (result: SaleResult) => window.open(result.printPath, "_blank");

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (payOpen || event.ctrlKey || event.metaKey || event.altKey) return;
      if (done) {
        // Only the filter can be typed in now (focus may still be leaving the closed pay dialog's field).
        if (event.target === filterRef.current) return;
        if (event.key === "p" || event.key === "P") {
          event.preventDefault();
          print(done);
        } else if (event.key === "Enter" || event.key === "n" || event.key === "N" || event.key === "Escape") {
          event.preventDefault();
          newSale();
        }
        return;
      }
      if (isTyping(event.target)) return;
      if (event.key === "/") {
        event.preventDefault();
        filterRef.current?.focus();
        return;
      }
      if (event.target instanceof HTMLElement && event.target.closest('[role="listbox"]')) return;
      const digit = /^Digit([1-9])$/.exec(event.code)?.[1];
      if (digit && event.shiftKey) {
        const product = products[Number(digit) - 1];
        if (product) {
          event.preventDefault();
          addProduct(product);
        }
        return;
      }
      const inMap = event.target instanceof HTMLElement && !!event.target.closest('[role="grid"]');
      if (digit && screeningId) {
        event.preventDefault();
        const n = Number(digit);
        if (held.length === 0) bestSeats(n);
        else {
          const option = options[n - 1];
          const seat = held[seatCursor];
          if (option && seat) {
            setType(seat.id, option.ticketType);
            setSeatCursor((cursor) => Math.min(held.length - 1, cursor + 1));
          }
        }
        return;
      }
      if (inMap) return;
      if (event.key === "ArrowRight" || event.key === "ArrowDown") {
        if (held.length) {
          event.preventDefault();
          setSeatCursor((cursor) => Math.min(held.length - 1, cursor + 1));
        }
      } else if (event.key === "ArrowLeft" || event.key === "ArrowUp") {
        if (held.length) {
          event.preventDefault();
          setSeatCursor((cursor) => Math.max(0, cursor - 1));
        }
      } else if (event.key === "p" || event.key === "P" || event.key === "Enter") {
        if (!(event.target instanceof HTMLButtonElement) || event.key !== "Enter") {
          event.preventDefault();
          openPay();
        }
      } else if ((event.key === "Delete" || event.key === "Backspace") && screeningId && held.length) {
        event.preventDefault();
        release.mutate({ screeningId });
      } else if (event.key === "o" || event.key === "O") {
        event.preventDefault();
        setOverride((current) => ({ ...current, open: !current.open }));
      } else if (event.key === "Escape") {
        event.preventDefault();
        filterRef.current?.focus();
      }
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  });

  if (day.isPending) {
    return (
      <div className="grid gap-3 lg:grid-cols-[220px_1fr_280px] xl:grid-cols-[260px_1fr_320px]" aria-busy="true">
        <span className="sr-only">Loading today&apos;s screenings…</span>
        <Skeleton className="h-96" />
        <Skeleton className="h-96" />
        <Skeleton className="h-96" />
      </div>
    );
  }
  if (day.isError || !day.data) {
    return (
      <Alert variant="destructive">
        <AlertTitle>The sale screen couldn&apos;t load</AlertTitle>
        <AlertDescription>
          <p>{day.error?.message ?? "Please try again."}</p>
          <Button variant="outline" size="sm" onClick={() => day.refetch()}>
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }

  const timeZone = cinema?.timeZone ?? "Europe/London";
  return (
    <div className="space-y-3" data-ready={(interactive && day.isSuccess) || undefined}>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Sell</h1>
        <label className="flex items-center gap-2 text-sm">
          <span className="font-medium">Cinema</span>
          <select
            value={cinema?.id ?? ""}
            onChange={(event) => {
              setCinemaId(event.target.value);
              setScreeningId(null);
              setActiveIndex(null);
            }}
            className="border-input focus-visible:ring-ring/50 h-8 rounded-md border bg-transparent px-2 text-sm outline-none focus-visible:ring-[3px]"
          >
            {day.data.cinemas.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        {shift ? (
          <p className="text-muted-foreground text-sm">
            {shift.tillName} · shift open since {formatTime(shift.openedAt, timeZone)}
          </p>
        ) : null}
        <p className="text-muted-foreground ml-auto hidden text-xs xl:block">
          <kbd className={kbd}>1</kbd>–<kbd className={kbd}>9</kbd> best seats · then ticket type per seat ·{" "}
          <kbd className={kbd}>⇧1</kbd>… add product · <kbd className={kbd}>Del</kbd> clear seats · <kbd className={kbd}>O</kbd> override ·{" "}
          <kbd className={kbd}>P</kbd> pay
        </p>
        {actions}
      </div>

      {!shift ? (
        <Alert>
          <AlertTriangle aria-hidden />
          <AlertTitle>Open a shift to sell</AlertTitle>
          <AlertDescription>
            <p>
              Sales go into a till&apos;s drawer: open your shift first.{" "}
              <Link className="underline" href="/box-office/shift">
                Go to Shift
              </Link>
            </p>
          </AlertDescription>
        </Alert>
      ) : shift.cinemaId !== cinema?.id ? (
        <Alert>
          <AlertTriangle aria-hidden />
          <AlertTitle>Your shift is at another cinema</AlertTitle>
          <AlertDescription>You can look at this cinema&apos;s day; sales are made at the cinema of your till.</AlertDescription>
        </Alert>
      ) : null}

      <div className="grid gap-3 lg:h-[calc(100vh-9.5rem)] lg:min-h-[560px] lg:grid-cols-[220px_minmax(0,1fr)_280px] xl:grid-cols-[260px_minmax(0,1fr)_320px]">
        <ScreeningList
          ref={filterRef}
          screenings={screenings}
          timeZone={timeZone}
          filter={filter}
          onFilterChange={(value) => {
            setFilter(value);
            setActiveIndex(null);
          }}
          activeIndex={Math.min(activeIndex ?? nextToStart, Math.max(0, screenings.length - 1))}
          onActiveIndexChange={setActiveIndex}
          chosenId={screeningId}
          onChoose={choose}
          now={now}
        />

        <section
          ref={workspaceRef}
          tabIndex={-1}
          aria-label="Seats"
          className="focus-visible:ring-ring/50 flex min-h-0 flex-col gap-2 overflow-y-auto rounded-md border p-3 outline-none focus-visible:ring-[3px]"
        >
          {!chosen ? (
            <p className="text-muted-foreground m-auto max-w-sm text-center text-sm">
              Choose a screening on the left (<kbd className={kbd}>↑↓</kbd> <kbd className={kbd}>Enter</kbd>), or sell concessions alone from the
              products on the right.
            </p>
          ) : (
            <>
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">
                  {chosen.film.title} · {formatTime(chosen.startsAt, timeZone)} · {chosen.hall.name} · {formatLabels[chosen.format]}
                </h2>
                <p className="text-muted-foreground text-xs">
                  Press <kbd className={kbd}>1</kbd>–<kbd className={kbd}>9</kbd> for the best seats, or pick them on the map.
                </p>
              </div>
              {!shift ? (
                <p className="text-muted-foreground text-sm">Open a shift to hold seats for a customer.</p>
              ) : basket.isPending ? (
                <Skeleton className="h-64 w-full" />
              ) : basket.isError ? (
                <Alert variant="destructive">
                  <AlertDescription>{basket.error.message}</AlertDescription>
                </Alert>
              ) : basket.data ? (
                <SeatMap
                  layout={{
                    gridRows: basket.data.seatMap.hall.gridRows,
                    gridCols: basket.data.seatMap.hall.gridCols,
                    screenPosition: basket.data.seatMap.hall.screenPosition,
                    seats: basket.data.seatMap.seats,
                  }}
                  selectedSeatIds={new Set(held.map((s) => s.id))}
                  onToggleSeat={toggleSeat}
                  disabled={busy}
                  caption={`Seats for ${chosen.film.title}, ${chosen.hall.name}`}
                />
              ) : null}
              <OverridePanel isManager={isManager} value={override} onChange={setOverride} />
            </>
          )}
          <p aria-live="polite" className={cn("text-sm", message?.tone === "error" ? "text-destructive" : "text-muted-foreground")} data-testid="sale-message">
            {message?.text ?? ""}
          </p>
        </section>

        <aside aria-label="Basket" className="flex min-h-0 flex-col gap-3 overflow-y-auto rounded-md border p-3">
          {done ? (
            <SaleDone result={done} onPrint={() => print(done)} onNewSale={newSale} />
          ) : (
            <>
              <TicketLines
                held={held}
                options={options}
                ticketTypes={ticketTypes}
                cursor={seatCursor}
                onCursor={setCursorState}
                onType={setType}
                lines={quote.data?.lines ?? []}
                money={money}
                onClear={() => screeningId && release.mutate({ screeningId })}
              />
              <Concessions products={products} items={items} onAdd={addProduct} money={money} loading={catalogue.isPending && !!shift} />
              <div className="mt-auto space-y-2 border-t pt-3">
                <div className="flex items-baseline justify-between" aria-live="polite">
                  <span className="font-medium">Total</span>
                  <span className="text-2xl font-semibold tabular-nums" data-testid="sale-total" aria-busy={quote.isFetching}>
                    {money(total)}
                  </span>
                </div>
                <p className="text-muted-foreground text-xs">No booking fee at the counter.</p>
                <Button type="button" className="w-full" size="lg" onClick={openPay} disabled={nothingInBasket || !shift || quote.isFetching && !quote.data}>
                  Pay <kbd className="ml-1 rounded border px-1 text-[11px] opacity-80">P</kbd>
                </Button>
              </div>
            </>
          )}
        </aside>
      </div>

      <PayDialog
        key={saleKey}
        open={payOpen}
        onOpenChange={setPayOpen}
        total={total}
        currency={currency}
        terminal={day.data.terminal}
        isManager={isManager}
        pending={sell.isPending}
        error={payError}
        onPay={pay}
      />
    </div>
  );
}

function TicketLines({
  held,
  options,
  ticketTypes,
  cursor,
  onCursor,
  onType,
  lines,
  money,
  onClear,
}: {
  held: SeatMapSeat[];
  options: RouterOutputs["counter"]["basket"]["ticketOptions"];
  ticketTypes: Record<string, string>;
  cursor: number;
  onCursor: (index: number) => void;
  onType: (seatId: string, code: string) => void;
  lines: RouterOutputs["counter"]["quote"]["lines"];
  money: (amount: number) => string;
  onClear: () => void;
}) {
  return (
    <section aria-labelledby="tickets-heading" className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 id="tickets-heading" className="flex items-center gap-1.5 font-semibold">
          <Ticket className="size-4" aria-hidden /> Tickets
        </h2>
        {held.length ? (
          <Button type="button" variant="ghost" size="sm" onClick={onClear}>
            <X aria-hidden /> Clear <kbd className={kbd}>Del</kbd>
          </Button>
        ) : null}
      </div>
      {options.length ? (
        <p className="text-muted-foreground text-xs" data-testid="ticket-keys">
          {options.map((option, index) => (
            <span key={option.ticketType} className="mr-2 inline-block">
              <kbd className={kbd}>{index + 1}</kbd> {option.label} {money(option.amount)}
            </span>
          ))}
        </p>
      ) : null}
      {held.length === 0 ? (
        <p className="text-muted-foreground text-sm">No seats yet.</p>
      ) : (
        <ul className="space-y-1" aria-label="Seats in this sale">
          {held.map((seat, index) => {
            const line = lines.find((l) => l.seatId === seat.id);
            const code = ticketTypes[seat.id] ?? line?.ticketType ?? options[0]?.ticketType ?? "";
            return (
              <li
                key={seat.id}
                data-current={index === cursor || undefined}
                className={cn("flex items-center gap-2 rounded-md border px-2 py-1", index === cursor && "ring-ring ring-2")}
                onClick={() => onCursor(index)}
              >
                <span className="w-10 font-mono text-sm font-semibold">{seat.label}</span>
                <select
                  aria-label={`Ticket type for ${seat.label}`}
                  value={code}
                  onChange={(event) => onType(seat.id, event.target.value)}
                  className="border-input h-7 flex-1 rounded-md border bg-transparent px-1 text-sm"
                >
                  {options.map((option) => (
                    <option key={option.ticketType} value={option.ticketType}>
                      {option.label}
                    </option>
                  ))}
                </select>
                <span className="w-16 text-right text-sm tabular-nums">{line ? money(line.amount) : "…"}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Concessions({
  products,
  items,
  onAdd,
  money,
  loading,
}: {
  products: Product[];
  items: Record<string, number>;
  onAdd: (product: Product, delta?: number) => void;
  money: (amount: number) => string;
  loading: boolean;
}) {
  return (
    <section aria-labelledby="concessions-heading" className="space-y-2">
      <h2 id="concessions-heading" className="font-semibold">
        Concessions
      </h2>
      {loading ? (
        <Skeleton className="h-20" />
      ) : products.length === 0 ? (
        <p className="text-muted-foreground text-sm">No products on sale here.</p>
      ) : (
        <ul className="grid grid-cols-2 gap-1.5" aria-label="Products">
          {products.map((product, index) => {
            const quantity = items[product.id] ?? 0;
            return (
              <li key={product.id} className={cn("rounded-md border p-1.5 text-sm", quantity > 0 && "border-primary bg-accent")}>
                <button
                  type="button"
                  className="w-full text-left disabled:opacity-50"
                  onClick={() => onAdd(product)}
                  disabled={product.inStock <= quantity}
                  aria-label={`Add ${product.name}, ${money(product.priceAmount)}`}
                >
                  <span className="flex justify-between gap-1">
                    <span className="truncate font-medium">{product.name}</span>
                    {index < 9 ? <kbd className={kbd}>⇧{index + 1}</kbd> : null}
                  </span>
                  <span className="text-muted-foreground text-xs tabular-nums">
                    {money(product.priceAmount)} · {product.inStock} left
                  </span>
                </button>
                {quantity > 0 ? (
                  <div className="mt-1 flex items-center justify-between">
                    <Button type="button" variant="outline" size="icon" className="size-6" onClick={() => onAdd(product, -1)} aria-label={`One fewer ${product.name}`}>
                      <Minus aria-hidden />
                    </Button>
                    <span className="tabular-nums" aria-label={`${quantity} ${product.name}`}>
                      × {quantity}
                    </span>
                    <Button type="button" variant="outline" size="icon" className="size-6" onClick={() => onAdd(product)} aria-label={`One more ${product.name}`}>
                      <Plus aria-hidden />
                    </Button>
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function OverridePanel({
  isManager,
  value,
  onChange,
}: {
  isManager: boolean;
  value: { open: boolean; reason: string; pin: string };
  onChange: (value: { open: boolean; reason: string; pin: string }) => void;
}) {
  if (!value.open) {
    return (
      <Button type="button" variant="ghost" size="sm" className="self-start" onClick={() => onChange({ ...value, open: true })}>
        <ShieldAlert aria-hidden /> Override seat rules <kbd className={kbd}>O</kbd>
      </Button>
    );
  }
  return (
    <fieldset className="grid gap-2 rounded-md border border-amber-400 p-2 sm:grid-cols-[1fr_140px_auto]">
      <legend className="px-1 text-sm font-medium">Override seat rules (stranded seat, companion seat) for the next seats picked</legend>
      <div className="grid gap-1">
        <Label htmlFor="override-reason">Reason</Label>
        <Input id="override-reason" value={value.reason} onChange={(e) => onChange({ ...value, reason: e.target.value })} placeholder="e.g. Customer asked for these seats" />
      </div>
      {isManager ? (
        <p className="text-muted-foreground self-end text-xs">Approved by you as a manager.</p>
      ) : (
        <div className="grid gap-1">
          <Label htmlFor="override-pin">Manager PIN</Label>
          <Input id="override-pin" type="password" inputMode="numeric" autoComplete="off" value={value.pin} onChange={(e) => onChange({ ...value, pin: e.target.value })} />
        </div>
      )}
      <Button type="button" variant="ghost" size="sm" className="self-end" onClick={() => onChange({ open: false, reason: "", pin: "" })}>
        Cancel
      </Button>
    </fieldset>
  );
}

function SaleDone({ result, onPrint, onNewSale }: { result: SaleResult; onPrint: () => void; onNewSale: () => void }) {
  const money = (amount: number) => formatMoney(amount, result.currency);
  return (
    <section aria-label="Sale complete" className="flex flex-1 flex-col gap-3" role="status">
      <h2 className="text-lg font-semibold">Sale complete</h2>
      <div className="rounded-md bg-emerald-50 p-3 text-emerald-950 dark:bg-emerald-950 dark:text-emerald-50">
        <p className="text-sm">Change due</p>
        <p className="text-4xl font-bold tabular-nums" data-testid="change-due">
          {money(result.changeDue)}
        </p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-muted-foreground">Reference</dt>
        <dd className="font-mono text-lg font-semibold" data-testid="sale-reference">
          {result.reference}
        </dd>
        <dt className="text-muted-foreground">Total</dt>
        <dd className="tabular-nums">{money(result.total)}</dd>
        {result.seats.length ? (
          <>
            <dt className="text-muted-foreground">Seats</dt>
            <dd>{result.seats.join(", ")}</dd>
          </>
        ) : null}
        <dt className="text-muted-foreground">Paid</dt>
        <dd>{result.tenders.map((t) => `${t.provider.replace("counter-", "")} ${money(t.amount)}`).join(" + ") || "nothing to pay"}</dd>
        {result.emailed ? (
          <>
            <dt className="text-muted-foreground">Email</dt>
            <dd>Tickets sent</dd>
          </>
        ) : null}
      </dl>
      <div className="mt-auto grid gap-2">
        <Button type="button" size="lg" onClick={onPrint}>
          <Printer aria-hidden /> Print tickets <kbd className="ml-1 rounded border px-1 text-[11px] opacity-80">P</kbd>
        </Button>
        <Button type="button" variant="outline" onClick={onNewSale}>
          New sale <kbd className={kbd}>Enter</kbd>
        </Button>
      </div>
    </section>
  );
}
