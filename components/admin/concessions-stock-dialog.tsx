"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2 } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { NotSaved } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { stockChangeFormSchema, type StockChangeFormValues, type StockMode } from "@/server/concessions/schemas";
import { RecordDialog } from "./record-dialog";

export interface StockTarget {
  productId: string;
  productName: string;
  cinemaId: string;
  cinemaName: string;
  quantity: number;
}

const modes: Record<StockMode, { label: string; quantity: string; hint: string }> = {
  RECEIVE: { label: "Receive delivery", quantity: "Received (+)", hint: "Added to what is on the shelf." },
  SET: { label: "Set count", quantity: "Counted on the shelf", hint: "Replaces the stock with what you counted." },
  WASTE: { label: "Waste", quantity: "Thrown away (−)", hint: "Taken off the shelf: spilt, damaged, out of date." },
};

/** Change one product's stock at one cinema: a delivery, a count or waste, with the reason kept on the movement. */
export function StockDialog({
  target,
  onOpenChange,
  onSaved,
  as = "admin",
  initialMode = "RECEIVE",
}: {
  target: StockTarget | null;
  onOpenChange: (open: boolean) => void;
  onSaved: () => Promise<unknown>;
  /** Whose procedure saves it: the admin's screen, or the box office's staff stock screen. */
  as?: "admin" | "staff";
  initialMode?: StockMode;
}) {
  return (
    <RecordDialog open={target !== null} onOpenChange={onOpenChange} className="sm:max-w-md">
      {(closeThen) => (target ? <StockForm target={target} as={as} initialMode={initialMode} onDone={() => closeThen(onSaved)} /> : null)}
    </RecordDialog>
  );
}

function StockForm({ target, as, initialMode, onDone }: { target: StockTarget; as: "admin" | "staff"; initialMode: StockMode; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<StockChangeFormValues>({
    ...validationModes,
    resolver: zodResolver(stockChangeFormSchema),
    defaultValues: { mode: initialMode, quantity: Number.NaN, note: "" },
  });
  const mode = useWatch({ control: form.control, name: "mode" });
  const handlers = {
    onSuccess: async (result: { quantity: number }) => {
      toast.success(`${target.productName} at ${target.cinemaName}: ${result.quantity} in stock.`);
      await onDone();
    },
    onError: (error: Parameters<typeof applyServerError>[1]) => setFormError(applyServerError(form, error, ["mode", "quantity", "note"])),
  };
  const change = useMutation(
    as === "staff" ? trpc.concessions.changeStock.mutationOptions(handlers) : trpc.admin.concessions.changeStock.mutationOptions(handlers),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    change.mutate({ ...values, productId: target.productId, cinemaId: target.cinemaId });
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>Stock of {target.productName}</DialogTitle>
        <DialogDescription>
          {target.cinemaName}: {target.quantity} on the shelf now.
        </DialogDescription>
      </DialogHeader>
      {formError ? <NotSaved>{formError}</NotSaved> : null}
      <Form {...form}>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Change stock">
          <FormField
            control={form.control}
            name="mode"
            render={({ field }) => (
              <FormItem>
                <FormLabel>What happened</FormLabel>
                <div role="radiogroup" aria-label="What happened" className="grid grid-cols-3 gap-2">
                  {(Object.keys(modes) as StockMode[]).map((value) => (
                    <Button
                      key={value}
                      type="button"
                      role="radio"
                      aria-checked={field.value === value}
                      variant={field.value === value ? "default" : "outline"}
                      size="sm"
                      onClick={() => field.onChange(value)}
                    >
                      {modes[value].label}
                    </Button>
                  ))}
                </div>
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="quantity"
            render={({ field }) => (
              <FormItem>
                <FormLabel>{modes[mode].quantity}</FormLabel>
                <FormControl>
                  <Input
                    type="number"
                    step={1}
                    min={0}
                    autoFocus
                    name={field.name}
                    ref={field.ref}
                    onBlur={field.onBlur}
                    value={Number.isNaN(field.value) ? "" : field.value}
                    onChange={(event) => field.onChange(event.target.valueAsNumber)}
                  />
                </FormControl>
                <FormDescription>{modes[mode].hint}</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="note"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Reason</FormLabel>
                <FormControl>
                  <Input {...field} placeholder="e.g. Tuesday delivery" autoComplete="off" />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={change.isPending}>
              {change.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Save stock
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}
