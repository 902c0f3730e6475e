"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Ban, CircleAlert, Undo2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";

interface UpcomingScreening {
  id: string;
  startsAt: Date | string;
  filmTitle: string;
  layoutVersion: number;
  ticketsTaken: number;
}

/**
 * Taking broken seats out of sale without touching the layout: pick a screening, pick seats, block them for that
 * screening or for every future screening on its layout (or put them back). Seats someone holds or bought are
 * refused, and the refusal names the order and the customer.
 */
export function SeatBlocks({ screenings, timeZone, canEdit }: { screenings: UpcomingScreening[]; timeZone: string; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [screeningId, setScreeningId] = useState(screenings[0]?.id ?? "");
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState("");
  const [refusal, setRefusal] = useState<string | null>(null);
  const seats = useQuery({ ...trpc.admin.venues.seatBlocks.queryOptions({ screeningId }), enabled: !!screeningId });
  const settle = {
    onSuccess: async (result: { seats: number; screenings: number }) => {
      toast.success(`Done: ${result.seats} seat(s) across ${result.screenings} screening(s).`);
      setSelected(new Set());
      setRefusal(null);
      await queryClient.invalidateQueries({ queryKey: trpc.admin.venues.seatBlocks.queryKey() });
    },
    onError: (error: { message: string }) => setRefusal(error.message),
  };
  const block = useMutation(trpc.admin.venues.blockSeats.mutationOptions(settle));
  const unblock = useMutation(trpc.admin.venues.unblockSeats.mutationOptions(settle));
  const pending = block.isPending || unblock.isPending;
  const run = (action: "block" | "unblock", scope: "screening" | "layout") => {
    const input = { scope, screeningId, seatIds: [...selected], reason };
    if (action === "block") block.mutate(input);
    else unblock.mutate(input);
  };
  const when = (date: Date | string) =>
    new Intl.DateTimeFormat("en-GB", { timeZone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" }).format(new Date(date));

  if (screenings.length === 0) {
    return <p className="text-muted-foreground text-sm">No upcoming screenings in this hall: nothing to block seats for yet.</p>;
  }
  const cols = Math.max(1, ...(seats.data ?? []).map((s) => s.gridCol + 1));
  const rows = [...new Set((seats.data ?? []).map((s) => s.gridRow))].sort((a, b) => a - b);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm font-medium">
          Screening
          <select
            className="border-input h-9 rounded-md border bg-transparent px-2 text-sm"
            value={screeningId}
            onChange={(e) => {
              setScreeningId(e.target.value);
              setSelected(new Set());
              setRefusal(null);
            }}
          >
            {screenings.map((s) => (
              <option key={s.id} value={s.id}>
                {when(s.startsAt)} · {s.filmTitle} · layout v{s.layoutVersion} · {s.ticketsTaken} taken
              </option>
            ))}
          </select>
        </label>
        <label className="grid gap-1 text-sm font-medium">
          Reason
          <Input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. Broken arm rest" className="w-56" maxLength={200} />
        </label>
      </div>
      {seats.isPending ? (
        <Skeleton className="h-32 w-full" />
      ) : seats.isError ? (
        <p className="text-destructive text-sm">{seats.error.message}</p>
      ) : (
        <div className="bg-card overflow-auto rounded-lg border p-3">
          <div role="group" aria-label="Seats to block or unblock" className="mx-auto flex w-max flex-col gap-1">
            {rows.map((r) => (
              <div key={r} className="grid gap-1" style={{ gridTemplateColumns: `repeat(${cols}, 30px)` }}>
                {seats.data
                  .filter((s) => s.gridRow === r)
                  .map((s) => {
                    const isSelected = selected.has(s.id);
                    const blocked = s.blockedForLayout || s.blockedForScreening;
                    return (
                      <button
                        key={s.id}
                        type="button"
                        aria-pressed={isSelected}
                        aria-label={`${s.label}${s.blockedForLayout ? ", blocked for every screening" : s.blockedForScreening ? ", blocked for this screening" : ""}`}
                        title={s.reason ?? undefined}
                        disabled={!canEdit}
                        onClick={() =>
                          setSelected((current) => {
                            const next = new Set(current);
                            if (next.has(s.id)) next.delete(s.id);
                            else next.add(s.id);
                            return next;
                          })
                        }
                        style={{ gridColumnStart: s.gridCol + 1 }}
                        className={cn(
                          "h-7 rounded-t-md rounded-b-sm border text-[10px] tabular-nums",
                          blocked ? "border-dashed border-red-600 bg-red-50 text-red-800" : "border-foreground/40",
                          isSelected && "bg-primary text-primary-foreground border-primary",
                        )}
                      >
                        {s.label}
                      </button>
                    );
                  })}
              </div>
            ))}
          </div>
        </div>
      )}
      {canEdit ? (
        <div className="flex flex-wrap gap-2">
          <Button type="button" size="sm" disabled={pending || selected.size === 0} onClick={() => run("block", "screening")}>
            <Ban aria-hidden /> Block for this screening
          </Button>
          <Button type="button" size="sm" variant="outline" disabled={pending || selected.size === 0} onClick={() => run("block", "layout")}>
            <Ban aria-hidden /> Block for all future screenings on this layout
          </Button>
          <Button type="button" size="sm" variant="outline" disabled={pending || selected.size === 0} onClick={() => run("unblock", "screening")}>
            <Undo2 aria-hidden /> Unblock for this screening
          </Button>
          <Button type="button" size="sm" variant="outline" disabled={pending || selected.size === 0} onClick={() => run("unblock", "layout")}>
            <Undo2 aria-hidden /> Unblock for the layout
          </Button>
        </div>
      ) : null}
      {refusal ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden />
          <AlertTitle>Not blocked</AlertTitle>
          <AlertDescription>{refusal}</AlertDescription>
        </Alert>
      ) : null}
    </div>
  );
}
