"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Undo2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterInputs } from "@/lib/trpc/types";
import { formatMoney } from "@/server/format";
import { refundReasonLabels, selectClass, tenderLabels } from "./labels";
import type { Detail } from "./order-detail";

type ReasonCode = RouterInputs["boxOffice"]["refund"]["reasonCode"];
const REASONS: ReasonCode[] = ["CUSTOMER_REQUEST", "WRONG_BOOKING", "SCREENING_PROBLEM", "DUPLICATE", "OTHER"];

/** Refund the whole order or the ticked tickets and items, with a reason; a manager's PIN when the rules ask for one. */
export function RefundDialog({ order, ticketIds, itemIds, onClose }: { order: Detail; ticketIds: string[]; itemIds: string[]; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const whole = ticketIds.length + itemIds.length === 0;
  const tickets = order.tickets.filter((t) => (whole ? t.status === "SOLD" : ticketIds.includes(t.id)));
  const items = order.items.filter((i) => (whole ? i.status === "SOLD" : itemIds.includes(i.id)));
  const refunded = order.refunds.reduce((s, r) => s + r.amount, 0);
  const partial = tickets.reduce((s, t) => s + t.priceAmount, 0) + items.reduce((s, i) => s + i.quantity * i.unitPriceAmount, 0);
  const estimate = whole && order.payments.length ? Math.max(0, order.totalAmount - refunded) : partial;
  const needsManager =
    (order.screening !== null && !order.screening.refundsOpen) || estimate > order.managerRefundAbove || tickets.some((t) => t.checkedInAt);

  const [reasonCode, setReasonCode] = useState<ReasonCode>("CUSTOMER_REQUEST");
  const [note, setNote] = useState("");
  const [pin, setPin] = useState("");
  const [askPin, setAskPin] = useState(needsManager);
  const [error, setError] = useState<string | null>(null);

  const refund = useMutation(
    trpc.boxOffice.refund.mutationOptions({
      onSuccess: async (result) => {
        const ways = result.refunds.map((r) => `${formatMoney(r.amount, order.currency)} ${tenderLabels[r.tender]?.toLowerCase()}${r.status === "SUCCEEDED" ? "" : " (pending)"}`);
        toast.success(
          ways.length === 1 ? `Refunded ${ways[0]}.` : `Refunded ${formatMoney(result.amount, order.currency)}${ways.length ? `: ${ways.join(", ")}` : ""}.`,
        );
        if (result.refunds.some((r) => r.status === "FAILED")) toast.warning("A card or online refund didn't go through; it is in Needs attention.");
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.boxOffice.orderDetail.queryKey({ orderId: order.id }) }),
          queryClient.invalidateQueries({ queryKey: trpc.boxOffice.find.queryKey() }),
        ]);
        onClose();
      },
      onError: (e) => {
        if (e.data?.code === "FORBIDDEN") setAskPin(true);
        setError(e.message);
      },
    }),
  );

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    refund.mutate({
      orderId: order.id,
      ticketIds: whole ? undefined : ticketIds,
      itemIds: whole ? undefined : itemIds,
      reasonCode,
      note: note.trim() || null,
      managerPin: pin.trim() || null,
    });
  };

  const what = whole
    ? "the whole order"
    : [tickets.length ? `${tickets.length} ticket${tickets.length === 1 ? "" : "s"} (${tickets.map((t) => t.seatLabel).join(", ")})` : null, items.length ? `${items.length} item${items.length === 1 ? "" : "s"}` : null]
        .filter(Boolean)
        .join(" and ");

  return (
    <Dialog open onOpenChange={(open) => (!open && !refund.isPending ? onClose() : undefined)}>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Refund {what}</DialogTitle>
          <DialogDescription>
            Booking {order.reference}. About <strong>{formatMoney(estimate, order.currency)}</strong> goes back the way it was paid
            {order.payments.some((p) => p.tender === "cash") ? "; cash comes out of your drawer" : ""}.
          </DialogDescription>
        </DialogHeader>
        <form onSubmit={submit} className="grid gap-4" noValidate>
          <div className="grid gap-1.5">
            <Label htmlFor="refund-reason">Reason</Label>
            <select id="refund-reason" className={selectClass} value={reasonCode} onChange={(e) => setReasonCode(e.target.value as ReasonCode)} autoFocus>
              {REASONS.map((code) => (
                <option key={code} value={code}>
                  {refundReasonLabels[code]}
                </option>
              ))}
            </select>
          </div>
          <div className="grid gap-1.5">
            <Label htmlFor="refund-note">Note{reasonCode === "OTHER" ? "" : " (optional)"}</Label>
            <Input id="refund-note" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} autoComplete="off" />
          </div>
          {askPin ? (
            <div className="grid gap-1.5">
              <Label htmlFor="refund-pin">Manager PIN</Label>
              <Input
                id="refund-pin"
                value={pin}
                onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))}
                inputMode="numeric"
                type="password"
                maxLength={8}
                autoComplete="off"
              />
              <p className="text-muted-foreground text-xs">
                {needsManager ? "This refund needs a manager (after the cut-off, above the limit, or admitted tickets)." : "A manager can approve with their PIN."} A
                signed-in manager can leave it empty.
              </p>
            </div>
          ) : null}
          {error ? (
            <Alert variant="destructive" role="alert">
              <AlertDescription>{error}</AlertDescription>
            </Alert>
          ) : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose} disabled={refund.isPending}>
              Cancel <kbd className="bg-muted ml-1 rounded border px-1 text-xs">Esc</kbd>
            </Button>
            <Button type="submit" disabled={refund.isPending} aria-busy={refund.isPending}>
              {refund.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Undo2 aria-hidden />}
              Refund {formatMoney(estimate, order.currency)}
              <kbd className="bg-primary-foreground/20 ml-1 rounded px-1 text-xs">Enter</kbd>
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
