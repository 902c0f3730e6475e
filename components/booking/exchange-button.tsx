"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowLeftRight, Loader2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { formatLabels } from "@/server/catalogue/labels";
import { formatDay, formatMoney, formatTime } from "@/server/format";

type Quote = RouterOutputs["orders"]["prepareExchange"];

/**
 * "Change showing": the customer moves their booking to another screening at the same cinema, any film, until the
 * refund cut-off. The best seats are held first; the change costs the same or less (any difference goes back to their
 * card); confirming opens the new booking.
 */
export function ExchangeButton({ orderId, token, currency, timeZone, cutoff }: { orderId: string; token?: string; currency: string; timeZone: string; cutoff: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [toScreeningId, setToScreeningId] = useState("");
  const [quote, setQuote] = useState<Quote | null>(null);
  const [error, setError] = useState<string | null>(null);
  const money = (amount: number) => formatMoney(amount, currency);
  const targets = useQuery({ ...trpc.orders.exchangeTargets.queryOptions({ orderId, token }), enabled: open });
  const prepare = useMutation(trpc.orders.prepareExchange.mutationOptions({ onSuccess: setQuote, onError: (e) => setError(e.message) }));
  const abandon = useMutation(trpc.orders.abandonExchange.mutationOptions());
  const confirm = useMutation(
    trpc.orders.confirmExchange.mutationOptions({
      onSuccess: (result) => {
        toast.success(`Your new booking is ${result.reference}.${result.refunded ? ` ${money(result.refunded)} is on its way back to your card.` : ""}`);
        router.push(result.orderPath);
      },
      onError: (e) => setError(e.message),
    }),
  );
  const busy = prepare.isPending || confirm.isPending;

  const change = (next: boolean) => {
    if (busy) return;
    if (!next && quote) abandon.mutate({ exchangeId: quote.exchangeId, token });
    if (!next) {
      setQuote(null);
      setError(null);
    }
    setOpen(next);
  };

  return (
    <Dialog open={open} onOpenChange={change}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <ArrowLeftRight aria-hidden /> Change showing
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Change to another showing</DialogTitle>
          <DialogDescription>
            Any film at this cinema, until {cutoff}. We hold the best seats for you first; nothing changes until you confirm. A showing
            that costs more can be changed at the box office.
          </DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          <div className="grid gap-1.5">
            <Label htmlFor="exchange-to">Showing</Label>
            <select
              id="exchange-to"
              value={toScreeningId}
              onChange={(e) => setToScreeningId(e.target.value)}
              disabled={!!quote || targets.isLoading}
              className="border-input focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm outline-none focus-visible:ring-[3px]"
            >
              <option value="">{targets.isLoading ? "Loading showings…" : "Choose a showing"}</option>
              {(targets.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {formatDay(s.startsAt, timeZone)} {formatTime(s.startsAt, timeZone)} · {s.filmTitle}
                  {s.format !== "TWO_D" ? ` (${formatLabels[s.format]})` : ""}
                </option>
              ))}
            </select>
          </div>
          {quote ? (
            <p className="bg-muted/40 rounded-md border p-3 text-sm" role="status">
              Seats held for you: <strong>{quote.seats.map((s) => s.label).join(", ")}</strong>.{" "}
              {quote.difference < 0 ? `${money(-quote.difference)} goes back to your card.` : "No difference to pay."}
            </p>
          ) : null}
          {error ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
        </div>
        <DialogFooter>
          <Button variant="outline" onClick={() => change(false)} disabled={busy}>
            Keep my booking
          </Button>
          {quote ? (
            <Button onClick={() => confirm.mutate({ exchangeId: quote.exchangeId, token })} disabled={busy} aria-busy={busy}>
              {busy ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Confirm change
            </Button>
          ) : (
            <Button
              onClick={() => {
                setError(null);
                prepare.mutate({ orderId, toScreeningId, token });
              }}
              disabled={busy || !toScreeningId}
              aria-busy={busy}
            >
              {busy ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Find seats
            </Button>
          )}
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
