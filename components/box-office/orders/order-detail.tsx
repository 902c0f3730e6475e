"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeftRight, HandPlatter, Loader2, Undo2 } from "lucide-react";
import { useEffect, useState } from "react";
import { toast } from "sonner";
import { LoadError } from "@/components/layout/load-error";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import { ExchangeDialog } from "./exchange-dialog";
import { typingInField } from "./find-booking";
import { historyLabels, refundReasonLabels, tenderLabels } from "./labels";
import { RefundDialog } from "./refund-dialog";

export type Detail = RouterOutputs["boxOffice"]["orderDetail"];

/** One booking as staff see it: what was bought, how it was paid, what went back, and what happened to it. */
export function OrderDetail({ orderId, onOpenOrder }: { orderId: string; onOpenOrder: (orderId: string) => void }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.boxOffice.orderDetail.queryOptions({ orderId }));
  const [tickets, setTickets] = useState<Set<string>>(new Set());
  const [items, setItems] = useState<Set<string>>(new Set());
  const [dialog, setDialog] = useState<"refund" | "exchange" | null>(null);
  const order = query.data;
  const paid = order?.status === "PAID";
  const queryClient = useQueryClient();
  // A web order's paid items wait at the counter until handed over; a counter sale's were handed over when sold.
  const toCollect = paid ? (order?.items ?? []).filter((i) => i.status === "SOLD" && i.collectedAt === null) : [];
  const chosenToCollect = toCollect.filter((i) => items.has(i.id));
  const handOver = useMutation(
    trpc.concessions.collect.mutationOptions({
      onSuccess: async (result) => {
        toast.success(result.collectedIds.length ? `Handed over ${result.collectedIds.length} item${result.collectedIds.length === 1 ? "" : "s"}.` : "Already handed over.");
        setItems(new Set());
        await queryClient.invalidateQueries({ queryKey: trpc.boxOffice.orderDetail.queryKey({ orderId }) });
      },
      onError: (error) => {
        toast.error(error.message);
        void queryClient.invalidateQueries({ queryKey: trpc.boxOffice.orderDetail.queryKey({ orderId }) });
      },
    }),
  );
  const handOverChosen = () => {
    if (toCollect.length === 0 || handOver.isPending) return;
    handOver.mutate({ orderId, ...(chosenToCollect.length ? { itemIds: chosenToCollect.map((i) => i.id) } : {}) });
  };

  // R refunds, X exchanges, H hands concessions over (the dialogs' own fields keep their keys).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!paid || dialog || typingInField(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === "r" || event.key === "R") {
        event.preventDefault();
        setDialog("refund");
      } else if ((event.key === "x" || event.key === "X") && order?.tickets.some((t) => t.status === "SOLD")) {
        event.preventDefault();
        setDialog("exchange");
      } else if (event.key === "h" || event.key === "H") {
        event.preventDefault();
        handOverChosen();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  if (query.isError) return <LoadError title="We couldn't load this booking" message={query.error.message} onRetry={() => query.refetch()} />;
  if (!order) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading the booking">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  const zone = order.screening?.timeZone ?? "Europe/London";
  const money = (amount: number) => formatMoney(amount, order.currency);
  const at = (date: Date) => `${formatLongDate(date, zone)} ${formatTime(date, zone)}`;
  const sold = order.tickets.filter((t) => t.status === "SOLD");
  const soldItems = order.items.filter((i) => i.status === "SOLD");
  const toggle = (set: Set<string>, id: string, update: (s: Set<string>) => void) => {
    const next = new Set(set);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    update(next);
  };
  const chosenTickets = sold.filter((t) => tickets.has(t.id));
  const chosenItems = soldItems.filter((i) => items.has(i.id));
  const nothingChosen = chosenTickets.length + chosenItems.length === 0;

  return (
    <article aria-labelledby="order-heading" className="space-y-3" data-order-reference={order.reference}>
      <Card className="gap-3 py-4">
        <CardHeader className="px-4">
          <CardTitle id="order-heading" className="flex flex-wrap items-center gap-2 text-lg">
            <span className="font-mono">{order.reference}</span>
            <Badge variant={order.status === "PAID" ? "default" : "outline"}>{order.status.toLowerCase()}</Badge>
            {order.statusReason === "EXCHANGED" ? <Badge variant="outline">exchanged</Badge> : null}
            <Badge variant="outline">{order.channel === "BOX_OFFICE" ? "counter" : "online"}</Badge>
            {order.needsAttention ? <Badge variant="destructive">needs attention</Badge> : null}
            <span className="ml-auto tabular-nums">{money(order.totalAmount)}</span>
          </CardTitle>
          <div className="text-muted-foreground text-sm">
            {order.screening ? (
              <p>
                <span className="text-foreground font-medium">{order.screening.filmTitle}</span> · {at(order.screening.startsAt)} ·{" "}
                {order.screening.cinemaName}, {order.screening.hallName}
                {!order.screening.refundsOpen ? <span className="text-amber-700 dark:text-amber-400"> · past the refund cut-off</span> : null}
              </p>
            ) : (
              <p>Concessions only</p>
            )}
            <p>
              {order.customerName ?? "No name"} · {order.email ?? "no email"}
              {order.soldBy ? ` · sold by ${order.soldBy}` : ""}
              {order.paidAt ? ` · paid ${at(order.paidAt)}` : ""}
            </p>
          </div>
        </CardHeader>
        {paid ? (
          <CardContent className="flex flex-wrap items-center gap-2 px-4">
            <Button onClick={() => setDialog("refund")} variant="outline">
              <Undo2 aria-hidden />
              {nothingChosen ? "Refund whole order" : `Refund selected (${chosenTickets.length + chosenItems.length})`}
              <kbd className="bg-muted ml-1 rounded border px-1 text-xs">R</kbd>
            </Button>
            <Button onClick={() => setDialog("exchange")} variant="outline" disabled={sold.length === 0}>
              <ArrowLeftRight aria-hidden />
              {nothingChosen || chosenTickets.length === 0 ? "Exchange tickets" : `Exchange selected (${chosenTickets.length})`}
              <kbd className="bg-muted ml-1 rounded border px-1 text-xs">X</kbd>
            </Button>
            {toCollect.length ? (
              <Button onClick={handOverChosen} disabled={handOver.isPending}>
                {handOver.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <HandPlatter aria-hidden />}
                {chosenToCollect.length ? `Hand over selected (${chosenToCollect.length})` : `Hand over all (${toCollect.length})`}
                <kbd className="bg-primary-foreground/20 ml-1 rounded border px-1 text-xs">H</kbd>
              </Button>
            ) : null}
            <span className="text-muted-foreground text-xs">Tick tickets or items to refund, exchange or hand over only those.</span>
          </CardContent>
        ) : null}
      </Card>

      <section aria-label="Tickets" className="rounded-md border">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead className="w-8">
                <span className="sr-only">Select</span>
              </TableHead>
              <TableHead>Seat</TableHead>
              <TableHead>Type</TableHead>
              <TableHead className="text-right">Price</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>Checked in</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {order.tickets.length === 0 ? (
              <TableRow>
                <TableCell colSpan={6} className="text-muted-foreground">
                  No tickets.
                </TableCell>
              </TableRow>
            ) : (
              order.tickets.map((t) => (
                <TableRow key={t.id} data-state={tickets.has(t.id) ? "selected" : undefined}>
                  <TableCell>
                    {t.status === "SOLD" && paid ? (
                      <input
                        type="checkbox"
                        className="accent-primary size-4"
                        aria-label={`Select seat ${t.seatLabel}`}
                        checked={tickets.has(t.id)}
                        onChange={() => toggle(tickets, t.id, setTickets)}
                      />
                    ) : null}
                  </TableCell>
                  <TableCell className="font-medium">{t.seatLabel}</TableCell>
                  <TableCell>{t.ticketTypeLabel}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(t.priceAmount)}</TableCell>
                  <TableCell>
                    <Badge variant={t.status === "SOLD" ? "secondary" : "outline"}>{t.exchanged ? "exchanged" : t.status.toLowerCase()}</Badge>
                  </TableCell>
                  <TableCell className="text-sm">{t.checkedInAt ? `${formatTime(t.checkedInAt, zone)}${t.checkedInBy ? ` by ${t.checkedInBy}` : ""}` : "—"}</TableCell>
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </section>

      {order.items.length ? (
        <section aria-label="Concessions" className="rounded-md border">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead className="w-8">
                  <span className="sr-only">Select</span>
                </TableHead>
                <TableHead>Item</TableHead>
                <TableHead className="text-right">Qty</TableHead>
                <TableHead className="text-right">Amount</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {order.items.map((i) => (
                <TableRow key={i.id}>
                  <TableCell>
                    {i.status === "SOLD" && paid ? (
                      <input
                        type="checkbox"
                        className="accent-primary size-4"
                        aria-label={`Select ${i.name}`}
                        checked={items.has(i.id)}
                        onChange={() => toggle(items, i.id, setItems)}
                      />
                    ) : null}
                  </TableCell>
                  <TableCell>{i.name}</TableCell>
                  <TableCell className="text-right tabular-nums">{i.quantity}</TableCell>
                  <TableCell className="text-right tabular-nums">{money(i.quantity * i.unitPriceAmount)}</TableCell>
                  <TableCell className="space-x-1 text-sm">
                    <Badge variant="outline">{i.status.toLowerCase()}</Badge>
                    {i.status === "SOLD" && i.collectedAt ? (
                      <span className="text-muted-foreground">collected {formatTime(i.collectedAt, zone)}</span>
                    ) : i.status === "SOLD" && paid ? (
                      <Badge variant="outline" className="border-amber-500 text-amber-700 dark:text-amber-400">
                        to collect
                      </Badge>
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ) : null}

      <div className="grid gap-3 xl:grid-cols-2">
        <section aria-labelledby="payments-heading" className="rounded-md border p-3">
          <h2 id="payments-heading" className="mb-2 text-sm font-semibold">
            Payments
          </h2>
          {order.payments.length === 0 ? (
            <p className="text-muted-foreground text-sm">None{order.exchanges.some((e) => e.direction === "from") ? " (paid by the order it was exchanged from)" : ""}.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {order.payments.map((p) => (
                <li key={p.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {tenderLabels[p.tender]} <span className="text-muted-foreground">· {p.status.toLowerCase().replace("_", " ")}</span>
                    {p.till ? <span className="text-muted-foreground"> · {p.till}{p.shiftStaff ? `, ${p.shiftStaff}` : ""}</span> : null}
                    {p.tenderedAmount !== null ? <span className="text-muted-foreground"> · tendered {money(p.tenderedAmount)}, change {money(p.changeAmount ?? 0)}</span> : null}
                    {p.note ? <span className="text-muted-foreground"> · {p.note}</span> : null}
                  </span>
                  <span className="tabular-nums">{money(p.amount)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="refunds-heading" className="rounded-md border p-3">
          <h2 id="refunds-heading" className="mb-2 text-sm font-semibold">
            Refunds
          </h2>
          {order.refunds.length === 0 ? (
            <p className="text-muted-foreground text-sm">None.</p>
          ) : (
            <ul className="space-y-1 text-sm">
              {order.refunds.map((r) => (
                <li key={r.id} className="flex flex-wrap justify-between gap-2">
                  <span>
                    {tenderLabels[r.tender]} · {refundReasonLabels[r.reasonCode ?? ""] ?? r.reason.toLowerCase().replaceAll("_", " ")}
                    <span className="text-muted-foreground">
                      {" "}
                      · {r.status.toLowerCase()}
                      {r.staff ? ` · by ${r.staff}` : ""}
                      {r.approvedBy ? `, approved by ${r.approvedBy}` : ""}
                      {r.till ? ` · ${r.till}` : ""}
                    </span>
                  </span>
                  <span className="tabular-nums">−{money(r.amount)}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>

      {order.exchanges.length ? (
        <section aria-labelledby="exchanges-heading" className="rounded-md border p-3">
          <h2 id="exchanges-heading" className="mb-2 text-sm font-semibold">
            Exchanges
          </h2>
          <ul className="space-y-1 text-sm">
            {order.exchanges.map((e) => (
              <li key={`${e.direction}-${e.orderId}`}>
                {e.direction === "to" ? "Tickets moved to " : "Tickets came from "}
                <button type="button" className="font-mono underline underline-offset-2" onClick={() => onOpenOrder(e.orderId)}>
                  {e.reference}
                </button>
                {e.differenceAmount ? ` · difference ${money(e.differenceAmount)}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="history-heading" className="rounded-md border p-3">
        <h2 id="history-heading" className="mb-2 text-sm font-semibold">
          History
        </h2>
        {order.history.length === 0 ? (
          <p className="text-muted-foreground text-sm">No staff actions yet.</p>
        ) : (
          <ol className="space-y-1 text-sm">
            {order.history.map((h) => (
              <li key={h.id}>
                <span className="text-muted-foreground tabular-nums">{at(h.createdAt)}</span> · {historyLabels[h.action] ?? h.action}
                {h.actor ? <span className="text-muted-foreground"> · {h.actor}</span> : null}
                {typeof h.details.amount === "number" ? <span className="text-muted-foreground"> · {money(h.details.amount)}</span> : null}
              </li>
            ))}
          </ol>
        )}
      </section>

      {dialog === "refund" ? (
        <RefundDialog
          order={order}
          ticketIds={chosenTickets.map((t) => t.id)}
          itemIds={chosenItems.map((i) => i.id)}
          onClose={() => {
            setDialog(null);
            setTickets(new Set());
            setItems(new Set());
          }}
        />
      ) : null}
      {dialog === "exchange" ? (
        <ExchangeDialog
          order={order}
          ticketIds={(chosenTickets.length ? chosenTickets : sold).map((t) => t.id)}
          onClose={() => setDialog(null)}
          onDone={(toOrderId) => {
            setDialog(null);
            onOpenOrder(toOrderId);
          }}
        />
      ) : null}
    </article>
  );
}
