"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleCheck, Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { TextField } from "@/components/forms/fields";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDay, formatLongDate, formatMoney, formatTime } from "@/server/format";
import { LoadError } from "@/components/layout/load-error";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { resolveAttentionFormSchema } from "@/server/booking/schemas";

type Item = RouterOutputs["boxOffice"]["attention"][number];

const actionLabels: Record<string, string> = {
  "order.refund_retried": "Refund retried by staff",
  "order.attention_resolved": "Resolved by staff",
  "order.stray_payment_refunded": "A payment the order didn't need was refunded",
  "order.unfulfilled_refunded": "A payment whose booking couldn't be completed was refunded",
  "order.racing_sale_undone": "A sale that raced the refund was undone",
};

/** Orders the automatic retries handed to people, each with what went wrong and what staff can do about it. */
export function AttentionList({ initialItems }: { initialItems: Item[] }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.boxOffice.attention.queryOptions(), initialData: initialItems, staleTime: 10_000 });
  if (query.isError) {
    return <LoadError title="We couldn't load the list" message={query.error.message} onRetry={() => query.refetch()} />;
  }
  const items = query.data;
  if (items.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-12 text-center">
        <CircleCheck className="text-muted-foreground size-8" aria-hidden />
        <p className="font-medium">Nothing needs attention</p>
        <p className="text-muted-foreground text-sm">Refunds the payment provider keeps refusing, and payments that don&apos;t add up, appear here.</p>
      </div>
    );
  }
  return (
    <ul className="grid gap-4" aria-label="Orders needing attention">
      {items.map((item) => (
        <li key={item.orderId}>
          <AttentionCard item={item} />
        </li>
      ))}
    </ul>
  );
}

function AttentionCard({ item }: { item: Item }) {
  const { screening, timeZone: zone } = item;
  const money = (amount: number) => formatMoney(amount, item.currency);
  const stalled = item.refunds.filter((refund) => refund.needsAttention && refund.status !== "SUCCEEDED");
  return (
    <Card>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2 text-base">
          Booking {item.reference}
          <Badge variant="outline">{item.status.toLowerCase()}</Badge>
          <span className="text-muted-foreground font-normal">{money(item.totalAmount)}</span>
        </CardTitle>
        <CardDescription>
          {screening ? (
            <>
              {screening.film.title} · {formatLongDate(screening.startsAt, zone)} at{" "}
              {formatTime(screening.startsAt, zone)} · {screening.cinema.name}, {screening.hallName}
            </>
          ) : (
            "Concessions only"
          )}
          <br />
          {item.customerName ? `${item.customerName} · ` : null}
          {item.email ?? "no email address"}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {item.problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
        {item.history.length ? (
          <div className="text-sm">
            <p className="font-medium">History</p>
            <ul className="text-muted-foreground">
              {item.history.map((entry) => (
                <li key={`${entry.action}-${entry.at.toISOString()}`}>
                  {formatLongDate(entry.at, zone)} {formatTime(entry.at, zone)}: {actionLabels[entry.action] ?? entry.action}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="flex flex-wrap gap-2">
          {stalled.map((refund) => (
            <RetryRefundButton key={refund.id} refundId={refund.id} label={`Retry refund of ${money(refund.amount)}`} />
          ))}
          <ResolveDialog orderId={item.orderId} reference={item.reference} />
        </div>
      </CardContent>
    </Card>
  );
}

function useRefreshList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.boxOffice.attention.queryKey() });
}

function RetryRefundButton({ refundId, label }: { refundId: string; label: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshList();
  const retry = useMutation(
    trpc.boxOffice.retryRefund.mutationOptions({
      onSuccess: async ({ status }) => {
        if (status === "SUCCEEDED") toast.success("The refund went through.");
        else toast.warning("The provider refused again. It will keep retrying and come back here if it gives up.");
        await refresh();
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <Button onClick={() => retry.mutate({ refundId })} disabled={retry.isPending} aria-busy={retry.isPending}>
      {retry.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />}
      {label}
    </Button>
  );
}

function ResolveDialog({ orderId, reference }: { orderId: string; reference: string }) {
  const trpc = useTRPC();
  const refresh = useRefreshList();
  const [open, setOpen] = useState(false);
  const form = useForm({ resolver: zodResolver(resolveAttentionFormSchema), defaultValues: { note: "" } });
  const resolve = useMutation(
    trpc.boxOffice.resolveAttention.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        form.reset();
        toast.success(`Booking ${reference} is resolved.`);
        await refresh();
      },
      onError: (error) => form.setError("note", { type: "server", message: error.message }),
    }),
  );
  const onSubmit = form.handleSubmit(({ note }) => resolve.mutate({ orderId, note }));
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">Mark resolved</Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Resolve booking {reference}</DialogTitle>
          <DialogDescription>
            Use this once it has been dealt with another way, for example refunded from the provider&apos;s dashboard. The note
            goes into the audit log.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={onSubmit} noValidate className="grid gap-4">
            <TextField control={form.control} name="note" label="What was done" autoComplete="off" maxLength={500} autoFocus />
            <DialogFooter>
              <DialogClose asChild>
                <Button type="button" variant="outline" disabled={resolve.isPending}>
                  Cancel
                </Button>
              </DialogClose>
              <Button type="submit" disabled={resolve.isPending} aria-busy={resolve.isPending}>
                {resolve.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
                Mark resolved
              </Button>
            </DialogFooter>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}

type UnmatchedEvent = RouterOutputs["boxOffice"]["unmatchedPaymentEvents"][number];

/** What each PaymentEvent.rejectedReason (server/payments/screen.ts) means, for staff. */
const rejectedText: Record<string, string> = {
  REFUND_AMOUNT_MISSING: "Refund of no amount",
  REFUND_EXCEEDS_PAYMENT: "Refund larger than the payment",
  AMOUNT_OUT_OF_RANGE: "Amount out of range",
  TOO_DEEP: "Malformed (nested too deep)",
  NUL_CHARACTER: "Malformed (NUL character)",
};

/**
 * Provider events that named no payment we know, or that we rejected because they made no sense. Nothing here can be
 * settled automatically: staff look each one up at the provider (by its reference) and refund or match it there.
 */
export function UnmatchedPaymentEvents({ initialEvents }: { initialEvents: UnmatchedEvent[] }) {
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.boxOffice.unmatchedPaymentEvents.queryOptions(), initialData: initialEvents, staleTime: 10_000 });
  return (
    <section aria-labelledby="unmatched-events-heading" className="space-y-3">
      <div>
        <h2 id="unmatched-events-heading" className="text-lg font-semibold">
          Payment events we couldn&apos;t match or refused
        </h2>
        <p className="text-muted-foreground text-sm">
          Signed messages from the payment provider that name no payment in Marquee, or that made no sense and changed
          nothing. Look each reference up at the provider.
        </p>
      </div>
      {query.isError ? (
        <LoadError title="We couldn't load the payment events" message={query.error.message} onRetry={() => query.refetch()} />
      ) : query.data.length === 0 ? (
        <p className="text-muted-foreground rounded-lg border border-dashed px-4 py-6 text-center text-sm">
          None: every payment event matched a payment and made sense.
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border">
          <Table aria-label="Payment events we couldn't match or refused">
            <TableHeader>
              <TableRow>
                <TableHead>Provider</TableHead>
                <TableHead>Reference</TableHead>
                <TableHead>Type</TableHead>
                <TableHead>Problem</TableHead>
                <TableHead className="text-right">Amount</TableHead>
                <TableHead>Received (UTC)</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {query.data.map((event) => (
                <TableRow key={event.id}>
                  <TableCell>{event.provider}</TableCell>
                  <TableCell className="font-mono text-xs break-all">{event.providerRef}</TableCell>
                  <TableCell>{event.type}</TableCell>
                  <TableCell>{event.rejectedReason ? (rejectedText[event.rejectedReason] ?? event.rejectedReason) : "No such payment"}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {event.amount !== null && event.currency ? formatMoney(event.amount, event.currency) : "not given"}
                  </TableCell>
                  <TableCell className="whitespace-nowrap">
                    {formatDay(event.receivedAt, "UTC")} {formatTime(event.receivedAt, "UTC")}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
