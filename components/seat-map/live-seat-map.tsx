"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { ArrowRight, Loader2, RefreshCw, Sparkles, Timer, TriangleAlert, X } from "lucide-react";
import Link from "next/link";
import { useCallback, useMemo, useState, useSyncExternalStore } from "react";
import { formatSeconds, useSecondsUntil } from "@/components/hooks/use-seconds-until";
import { toast } from "sonner";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { strandedBySelection } from "@/server/inventory/rules";
import { SeatMap, type SeatMapSeat } from "./seat-map";

const neverChanges = () => () => {};

/**
 * The customer's seat map for one screening. A click holds the seat at once (so every other open map greys it out
 * within a second, through the live subscription) and a second click gives it back. "Choose for me" asks the
 * inventory for the best block and holds it.
 */
export function LiveSeatMap({ screeningId, screeningTitle }: { screeningId: string; screeningTitle: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mapOptions = trpc.screenings.seatMap.queryOptions({ screeningId });
  const mapQuery = useQuery({ ...mapOptions, staleTime: 0, refetchOnWindowFocus: true });
  const [pendingSeatIds, setPendingSeatIds] = useState<ReadonlySet<string>>(new Set());
  const [announcement, setAnnouncement] = useState("");
  // The map is server-rendered; until React takes over, its buttons look ready but do nothing. Browser tests wait
  // for this before clicking.
  const interactive = useSyncExternalStore(neverChanges, () => true, () => false);
  const refetchMap = useCallback(
    () => void queryClient.invalidateQueries({ queryKey: mapOptions.queryKey }),
    [queryClient, mapOptions.queryKey],
  );

  // Other people's changes are applied straight away; a change that touches our own seats (an expiry, say) or a
  // whole-screening rebuild refetches, because only the server knows which seats are ours.
  useSubscription(
    trpc.screenings.seatChanges.subscriptionOptions(
      { screeningId },
      {
        onData: (change) => {
          const current = queryClient.getQueryData(mapOptions.queryKey);
          const states = new Map(change.seats.map((s) => [s.seatId, s.state]));
          const touchesMine = current?.seats.some((seat) => seat.mine && states.has(seat.id)) ?? false;
          if (!change.seats.length || touchesMine || !current) {
            refetchMap();
            return;
          }
          queryClient.setQueryData(mapOptions.queryKey, {
            ...current,
            seats: current.seats.map((seat) => {
              const state = states.get(seat.id);
              return state ? { ...seat, state } : seat;
            }),
          });
        },
      },
    ),
  );

  const onHoldError = (error: { message: string }) => {
    toast.error(error.message);
    setAnnouncement(error.message);
  };

  const hold = useMutation(
    trpc.seats.hold.mutationOptions({
      onSuccess: (result) => {
        const labels = result.seats.map((s) => s.label).join(", ");
        setAnnouncement(`Held for you: ${labels}.`);
      },
      onError: onHoldError,
      onSettled: () => {
        setPendingSeatIds(new Set());
        refetchMap();
      },
    }),
  );
  const release = useMutation(
    trpc.seats.release.mutationOptions({
      onSuccess: ({ released }) => setAnnouncement(released.length ? "Seat released." : ""),
      onError: onHoldError,
      onSettled: () => {
        setPendingSeatIds(new Set());
        refetchMap();
      },
    }),
  );
  const busy = hold.isPending || release.isPending;

  const toggleSeat = (seat: SeatMapSeat) => {
    if (busy) return;
    setPendingSeatIds(new Set([seat.id]));
    if (seat.mine) release.mutate({ screeningId, seatIds: [seat.id] });
    else hold.mutate({ screeningId, seatIds: [seat.id], requestKey: crypto.randomUUID() });
  };

  const map = mapQuery.data;
  const freeCount = map?.seats.filter((s) => s.state === "free").length ?? 0;
  const saleableCount = map ? map.seats.length - map.seats.filter((s) => s.state === "blocked").length : 0;
  const mySeats = useMemo(() => (map ? map.seats.filter((s) => s.mine && s.state === "held") : []), [map]);
  const selectedSeatIds = useMemo(
    () => new Set([...mySeats.map((s) => s.id), ...(hold.isPending ? pendingSeatIds : [])]),
    [mySeats, pendingSeatIds, hold.isPending],
  );
  // The single-gap rule is checked at checkout for the whole selection; until then the map only warns, so a buyer
  // can click G6 before G7. Same pure rule as the server's.
  const stranded = useMemo(() => {
    if (!map) return [];
    const ids = new Set(strandedBySelection(map, new Set(mySeats.map((s) => s.id))));
    return map.seats.filter((s) => ids.has(s.id));
  }, [map, mySeats]);
  const strandedIds = useMemo(() => new Set(stranded.map((s) => s.id)), [stranded]);

  if (mapQuery.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-live="polite">
        <span className="sr-only">Loading the seat map…</span>
        <Skeleton className="h-5 w-72" />
        <Skeleton className="h-72 w-full" />
      </div>
    );
  }
  if (mapQuery.isError || !map) {
    return (
      <Alert variant="destructive">
        <AlertTitle>We couldn&apos;t load the seats</AlertTitle>
        <AlertDescription>
          <p>{mapQuery.error?.message ?? "Please try again."}</p>
          <Button variant="outline" size="sm" onClick={() => mapQuery.refetch()}>
            <RefreshCw aria-hidden /> Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  }

  const layout = {
    gridRows: map.hall.gridRows,
    gridCols: map.hall.gridCols,
    screenPosition: map.hall.screenPosition,
    seats: map.seats,
  };

  return (
    <div className="space-y-4" data-interactive={interactive || undefined}>
      <p className="text-muted-foreground text-sm">
        <span className="text-foreground font-medium tabular-nums">{freeCount}</span> of{" "}
        <span className="tabular-nums">{saleableCount}</span> seats free. Choose up to{" "}
        {map.hall.maxSeatsPerOrder} seats: select a seat to hold it, select it again to let it go.
      </p>
      <ChooseForMe
        screeningId={screeningId}
        max={map.hall.maxSeatsPerOrder}
        disabled={busy || freeCount === 0}
        onChosen={(seatIds) => hold.mutate({ screeningId, seatIds, requestKey: crypto.randomUUID() })}
      />
      <SeatMap
        layout={layout}
        selectedSeatIds={selectedSeatIds}
        onToggleSeat={toggleSeat}
        disabled={busy}
        caption={`Seats for ${screeningTitle}, ${map.hall.name}`}
        warningSeatIds={strandedIds}
      />
      {stranded.length ? <StrandedWarning labels={stranded.map((s) => s.label)} /> : null}
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <HeldSeatsSummary
        seats={mySeats}
        orderId={map.orderId}
        releasing={release.isPending}
        onReleaseAll={() => release.mutate({ screeningId })}
        onExpired={refetchMap}
      />
    </div>
  );
}

function StrandedWarning({ labels }: { labels: string[] }) {
  const list = labels.length <= 1 ? labels[0] : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
  return (
    <Alert role="status" data-testid="stranded-warning" className="border-amber-500/60 bg-amber-50 text-amber-950 dark:bg-amber-950/40 dark:text-amber-100">
      <TriangleAlert aria-hidden />
      <AlertTitle>
        {labels.length === 1 ? `Seat ${list} would be left empty on its own` : `Seats ${list} would each be left empty on their own`}
      </AlertTitle>
      <AlertDescription className="text-current">
        Add {labels.length === 1 ? "it" : "them"} to your seats, or choose seats that leave at least two free together. You
        can keep choosing, but checkout won&apos;t accept a single empty seat.
      </AlertDescription>
    </Alert>
  );
}

function ChooseForMe({
  screeningId,
  max,
  disabled,
  onChosen,
}: {
  screeningId: string;
  max: number;
  disabled: boolean;
  onChosen: (seatIds: string[]) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [count, setCount] = useState("2");
  const [finding, setFinding] = useState(false);
  const choose = async () => {
    setFinding(true);
    try {
      const best = await queryClient.fetchQuery({
        ...trpc.seats.bestAvailable.queryOptions({ screeningId, count: Number(count) }),
        staleTime: 0,
      });
      onChosen(best.seatIds);
      if (best.arrangement !== "together") {
        toast.info(best.arrangement === "split-rows" ? "No block that size is free: seats are split over two rows." : "The best free seats aren't next to each other.");
      }
    } catch (error) {
      toast.error((error as Error).message);
    } finally {
      setFinding(false);
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label htmlFor="seat-count" className="text-sm font-medium">
        Number of seats
      </label>
      <select
        id="seat-count"
        value={count}
        onChange={(event) => setCount(event.target.value)}
        className="border-input focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]"
      >
        {Array.from({ length: max }, (_, i) => String(i + 1)).map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <Button type="button" variant="secondary" onClick={choose} disabled={disabled || finding}>
        {finding ? <Loader2 className="animate-spin" aria-hidden /> : <Sparkles aria-hidden />}
        Choose for me
      </Button>
    </div>
  );
}

function HeldSeatsSummary({
  seats,
  orderId,
  releasing,
  onReleaseAll,
  onExpired,
}: {
  seats: SeatMapSeat[];
  orderId: string | null;
  releasing: boolean;
  onReleaseAll: () => void;
  onExpired: () => void;
}) {
  const deadline = useMemo(() => {
    const times = seats.map((s) => s.holdExpiresAt?.getTime()).filter((t): t is number => typeof t === "number");
    return times.length ? Math.min(...times) : null;
  }, [seats]);
  const secondsLeft = useSecondsUntil(deadline, onExpired);
  if (seats.length === 0) return null;
  return (
    <section aria-labelledby="held-seats" className="bg-accent/50 flex flex-wrap items-center justify-between gap-3 rounded-lg border p-4">
      <div className="space-y-1">
        <h3 id="held-seats" className="font-semibold">
          Held for you: {seats.map((s) => s.label).join(", ")}
        </h3>
        {secondsLeft !== null ? (
          <p className="text-muted-foreground flex items-center gap-1.5 text-sm" role="timer" aria-live="off">
            <Timer className="size-4" aria-hidden />
            These seats are yours for{" "}
            <span className="text-foreground font-medium tabular-nums">
              {formatSeconds(secondsLeft)}
            </span>
          </p>
        ) : null}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" onClick={onReleaseAll} disabled={releasing}>
          {releasing ? <Loader2 className="animate-spin" aria-hidden /> : <X aria-hidden />}
          Release {seats.length === 1 ? "seat" : "seats"}
        </Button>
        {orderId ? (
          <Button asChild>
            <Link href={`/checkout/${orderId}`}>
              Continue to checkout <ArrowRight aria-hidden />
            </Link>
          </Button>
        ) : null}
      </div>
    </section>
  );
}
