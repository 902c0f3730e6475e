"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftRight, Armchair, Loader2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { formatLabels } from "@/server/catalogue/labels";
import { formatDay, formatMoney, formatTime } from "@/server/format";
import { selectClass } from "./labels";
import type { Detail } from "./order-detail";

type Quote = RouterOutputs["boxOffice"]["prepareExchange"];

/**
 * Move tickets to another screening: pick it, the best seats are held at once, the difference is shown, and
 * confirming makes the swap (taking or giving back the difference). Cancelling lets the held seats go.
 */
export function ExchangeDialog({ order, ticketIds, onClose, onDone }: { order: Detail; ticketIds: string[]; onClose: () => void; onDone: (toOrderId: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zone = order.screening?.timeZone ?? "Europe/London";
  const money = (amount: number) => formatMoney(amount, order.currency);
  const targets = useQuery(trpc.boxOffice.exchangeTargets.queryOptions({ orderId: order.id }));
  const [toScreeningId, setToScreeningId] = useState("");
  const [seatText, setSeatText] = useState("");
  const [quote, setQuote] = useState<Quote | null>(null);
  const [tender, setTender] = useState<"cash" | "card">("cash");
  const [tendered, setTendered] = useState("");
  const [pin, setPin] = useState("");
  const [askPin, setAskPin] = useState(order.screening !== null && !order.screening.refundsOpen);
  const [error, setError] = useState<string | null>(null);
  const seats = order.tickets.filter((t) => ticketIds.includes(t.id));

  const prepare = useMutation(
    trpc.boxOffice.prepareExchange.mutationOptions({
      onSuccess: (q) => {
        setQuote(q);
        setTendered(q.difference > 0 ? (q.difference / 100).toFixed(2) : "");
      },
      onError: (e) => setError(e.message),
    }),
  );
  const abandon = useMutation(trpc.boxOffice.abandonExchange.mutationOptions());
  const complete = useMutation(
    trpc.boxOffice.completeExchange.mutationOptions({
      onSuccess: async (result) => {
        const money = (n: number) => formatMoney(n, order.currency);
        toast.success(
          `Exchanged to booking ${result.toReference}.` +
            (result.difference > 0 ? ` Took ${money(result.difference)}${result.changeAmount ? `, change ${money(result.changeAmount)}` : ""}.` : "") +
            (result.difference < 0 ? ` ${money(-result.difference)} goes back to the customer.` : ""),
        );
        await queryClient.invalidateQueries({ queryKey: trpc.boxOffice.orderDetail.queryKey() });
        onDone(result.toOrderId);
      },
      onError: (e) => {
        if (e.data?.code === "FORBIDDEN") setAskPin(true);
        setError(e.message);
      },
    }),
  );

  const tenderedMinor = Math.round(Number(tendered.replace(/[^\d.]/g, "")) * 100);
  const change = quote && quote.difference > 0 && tender === "cash" && Number.isFinite(tenderedMinor) ? tenderedMinor - quote.difference : 0;
  const busy = prepare.isPending || complete.isPending || abandon.isPending;

  const close = () => {
    if (busy) return;
    if (quote) abandon.mutate({ exchangeId: quote.exchangeId });
    onClose();
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!quote) {
      if (!toScreeningId) return setError("Choose the screening to exchange to.");
      const seatLabels = seatText.split(/[\s,]+/).filter(Boolean);
      if (seatLabels.length && seatLabels.length !== ticketIds.length) return setError(`Name ${ticketIds.length} seats, or leave it empty for the best.`);
      prepare.mutate({ orderId: order.id, ticketIds, toScreeningId, seatLabels: seatLabels.length ? seatLabels : undefined });
      return;
    }
    complete.mutate({
      exchangeId: quote.exchangeId,
      tender: quote.difference > 0 ? tender : null,
      tenderedAmount: quote.difference > 0 && tender === "cash" ? tenderedMinor : null,
      managerPin: pin.trim() || null,
    });
  };

  return (
    <Dialog open onOpenChange={(open) => (!open ? close() : undefined)}>
      <DialogContent className="sm:max-w-lg">
        <DialogHeader>
          <DialogTitle>Exchange {seats.length === 1 ? "1 ticket" : `${seats.length} tickets`}</DialogTitle>
          <DialogDescription>
            Booking {order.reference}: {seats.map((t) => `${t.seatLabel} ${t.ticketTypeLabel}`).join(", ")}. The new seats are held first; nothing
            changes until you confirm.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <div className="grid gap-1.5">
            <Label htmlFor="exchange-screening">New screening</Label>
            <select
              id="exchange-screening"
              className={selectClass}
              value={toScreeningId}
              onChange={(e) => setToScreeningId(e.target.value)}
              disabled={!!quote || targets.isLoading}
              autoFocus
            >
              <option value="">{targets.isLoading ? "Loading screenings…" : "Choose a screening"}</option>
              {(targets.data ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {formatDay(s.startsAt, zone)} {formatTime(s.startsAt, zone)} · {s.filmTitle} · {s.hallName}
                  {s.format !== "TWO_D" ? ` · ${formatLabels[s.format]}` : ""}
                </option>
              ))}
            </select>
            {targets.isError ? <p className="text-destructive text-sm">{targets.error.message}</p> : null}
            {targets.data?.length === 0 ? <p className="text-muted-foreground text-sm">No other screenings are on sale at this cinema.</p> : null}
          </div>

          {!quote ? (
            <div className="grid gap-1.5">
              <Label htmlFor="exchange-seats">Seats (optional)</Label>
              <Input
                id="exchange-seats"
                value={seatText}
                onChange={(e) => setSeatText(e.target.value)}
                placeholder="e.g. G6 G7: empty holds the best seats"
                autoComplete="off"
                spellCheck={false}
              />
            </div>
          ) : null}

          {quote ? (
            <section aria-label="Exchange summary" className="bg-muted/40 grid gap-2 rounded-md border p-3 text-sm">
              <p className="flex items-center gap-2">
                <Armchair className="size-4" aria-hidden /> Held: <strong>{quote.seats.map((s) => s.label).join(", ")}</strong>
                {quote.holdExpiresAt ? <span className="text-muted-foreground">until {formatTime(quote.holdExpiresAt, zone)}</span> : null}
              </p>
              <dl className="grid grid-cols-2 gap-x-4 tabular-nums">
                <dt>Old tickets</dt>
                <dd className="text-right">{money(quote.oldAmount)}</dd>
                <dt>New tickets</dt>
                <dd className="text-right">{money(quote.newAmount)}</dd>
                <dt className="font-semibold">{quote.difference > 0 ? "Customer pays" : quote.difference < 0 ? "Customer gets back" : "Difference"}</dt>
                <dd className="text-right font-semibold" data-testid="exchange-difference">
                  {money(Math.abs(quote.difference))}
                </dd>
              </dl>
              {quote.difference > 0 ? (
                <fieldset className="grid gap-2">
                  <legend className="text-sm font-medium">Tender</legend>
                  <div className="flex gap-4">
                    {(["cash", "card"] as const).map((t) => (
                      <label key={t} className="flex items-center gap-1.5">
                        <input type="radio" name="exchange-tender" value={t} checked={tender === t} onChange={() => setTender(t)} className="accent-primary" />
                        {t === "cash" ? "Cash" : "Card"}
                      </label>
                    ))}
                  </div>
                  {tender === "cash" ? (
                    <div className="grid gap-1">
                      <Label htmlFor="exchange-tendered">Cash handed over</Label>
                      <Input id="exchange-tendered" value={tendered} onChange={(e) => setTendered(e.target.value)} inputMode="decimal" autoComplete="off" />
                      <p className="text-muted-foreground text-xs">Change: {change >= 0 ? money(change) : "not enough"}</p>
                    </div>
                  ) : null}
                </fieldset>
              ) : null}
            </section>
          ) : null}

          {quote && askPin ? (
            <div className="grid gap-1.5">
              <Label htmlFor="exchange-pin">Manager PIN</Label>
              <Input id="exchange-pin" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))} type="password" inputMode="numeric" maxLength={8} autoComplete="off" />
            </div>
          ) : null}
          {error ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={close} disabled={busy}>
              Cancel <kbd className="bg-muted ml-1 rounded border px-1 text-xs">Esc</kbd>
            </Button>
            <Button type="submit" disabled={busy || (!quote && !toScreeningId)} aria-busy={busy}>
              {busy ? <Loader2 className="animate-spin" aria-hidden /> : quote ? <ArrowLeftRight aria-hidden /> : <Armchair aria-hidden />}
              {quote ? "Confirm exchange" : seatText.trim() ? "Hold these seats" : "Hold best seats"}
              <kbd className="bg-primary-foreground/20 ml-1 rounded px-1 text-xs">Enter</kbd>
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
