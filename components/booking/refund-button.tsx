"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Loader2, Undo2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogClose, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { useTRPC } from "@/lib/trpc/client";

/** "Refund" with a confirmation: the tickets stop working once the refund goes through, so ask first. */
export function RefundButton({ orderId, token, amount, cutoff }: { orderId: string; token?: string; amount: string; cutoff: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const refund = useMutation(
    trpc.orders.requestRefund.mutationOptions({
      onSuccess: async () => {
        setOpen(false);
        toast.success("Refund requested.");
        await queryClient.invalidateQueries({ queryKey: trpc.orders.byReference.pathKey() });
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant="outline">
          <Undo2 aria-hidden /> Refund
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Refund this booking?</DialogTitle>
          <DialogDescription>
            We&apos;ll cancel all the tickets in this booking and refund {amount} to the card you paid with. The seats go back on
            sale straight away. Refunds are possible until {cutoff}.
          </DialogDescription>
        </DialogHeader>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={refund.isPending}>
              Keep my tickets
            </Button>
          </DialogClose>
          <Button variant="destructive" onClick={() => refund.mutate({ orderId, token })} disabled={refund.isPending} aria-busy={refund.isPending}>
            {refund.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Refund {amount}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
