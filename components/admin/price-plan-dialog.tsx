"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { type Control, type FieldPath, useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { MoneyInput } from "@/components/forms/money-input";
import { validationModes } from "@/components/forms/validation-modes";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { formatLabels, seatKindLabels } from "@/server/catalogue/labels";
import { screeningFormatSchema, seatKindSchema } from "@/server/db/schemas";
import { type AdminPricePlan, type AdminTicketType, pricePlanFormSchema, type PricePlanFormValues } from "@/server/prices/schemas";
import { bandLabels, feeModeLabels } from "./price-labels";
import { NotSaved } from "./not-saved";
import { RecordDialog } from "./record-dialog";

const FIELDS = ["name", "currency", "band", "format", "bookingFeeAmount", "bookingFeeMode", "ticketPrices"] as const;
const selectClass =
  "border-input bg-background h-9 w-full rounded-md border px-3 text-sm shadow-xs focus-visible:ring-ring/50 focus-visible:ring-[3px] focus-visible:outline-none";

/** The form's values: every ticket type of the cinema (blank = not sold), every seat kind and format (0 = none). */
function initialValues(editing: AdminPricePlan | null, ticketTypes: AdminTicketType[], currency: string): PricePlanFormValues {
  const price = (code: string) => editing?.ticketPrices.find((p) => p.ticketType === code)?.amount ?? null;
  return {
    name: editing?.name ?? "",
    currency: editing?.currency ?? currency,
    band: editing?.band ?? "ANY",
    format: editing?.format ?? null,
    bookingFeeAmount: editing?.bookingFeeAmount ?? 0,
    bookingFeeMode: editing?.bookingFeeMode ?? "PER_ORDER",
    active: editing?.active ?? true,
    ticketPrices: ticketTypes.map((type) => ({ ticketType: type.code, amount: price(type.code) })),
    seatKindSurcharges: seatKindSchema.options.map((seatKind) => ({
      seatKind,
      amount: editing?.seatKindSurcharges.find((s) => s.seatKind === seatKind)?.amount ?? 0,
    })),
    formatSurcharges: screeningFormatSchema.options.map((format) => ({
      format,
      amount: editing?.formatSurcharges.find((f) => f.format === format)?.amount ?? 0,
    })),
  };
}

/**
 * Create or edit a price plan: its band and format, its booking fee, and a grid of prices per ticket type and
 * surcharges per seat kind and format. A saved change applies to new orders only.
 */
export function PricePlanDialog({
  open,
  onOpenChange,
  cinemaId,
  editing,
  ticketTypes,
  currency,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  cinemaId: string;
  editing: AdminPricePlan | null;
  ticketTypes: AdminTicketType[];
  /** The cinema's currency (its other plans'), for a new plan. */
  currency: string;
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="sm:max-w-3xl">
      {(closeThen) => (
        <PricePlanForm cinemaId={cinemaId} editing={editing} ticketTypes={ticketTypes} currency={currency} onDone={() => closeThen(onSaved)} />
      )}
    </RecordDialog>
  );
}

function PricePlanForm({
  cinemaId,
  editing,
  ticketTypes,
  currency,
  onDone,
}: {
  cinemaId: string;
  editing: AdminPricePlan | null;
  ticketTypes: AdminTicketType[];
  currency: string;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<PricePlanFormValues>({
    ...validationModes,
    resolver: zodResolver(pricePlanFormSchema),
    defaultValues: initialValues(editing, ticketTypes, currency),
  });
  const onError = (error: Parameters<typeof applyServerError>[1] & { data?: { code?: string } | null }) => {
    const hasFieldErrors = Object.keys(error.data?.fieldErrors ?? {}).length > 0;
    if (error.data?.code === "CONFLICT" && !hasFieldErrors) return setConflict(error.message);
    setFormError(applyServerError(form, error, FIELDS));
  };
  const settle = (saved: string) => ({
    onSuccess: async () => {
      toast.success(saved);
      await onDone();
    },
    onError,
  });
  const create = useMutation(trpc.admin.prices.createPricePlan.mutationOptions(settle("Price plan created.")));
  const update = useMutation(trpc.admin.prices.updatePricePlan.mutationOptions(settle("Prices saved: new orders pay them from now on.")));
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate({ ...values, cinemaId });
  });
  const ticketPricesError = form.formState.errors.ticketPrices?.message ?? form.formState.errors.ticketPrices?.root?.message;

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${editing.name}` : "New price plan"}</DialogTitle>
        <DialogDescription>
          A change applies to new orders only: orders already paid or checked out keep their prices.
          {editing && editing.upcomingScreenings > 0 ? ` ${editing.upcomingScreenings} upcoming screenings sell on this plan.` : ""}
        </DialogDescription>
      </DialogHeader>
      {conflict ? (
        <NotSaved>
          <p>{conflict}</p>
          <Button type="button" variant="outline" size="sm" onClick={onDone}>
            <RefreshCw aria-hidden /> Reload
          </Button>
        </NotSaved>
      ) : null}
      {formError ? <NotSaved>{formError}</NotSaved> : null}
      <Form {...form}>
        <form onSubmit={onSubmit} noValidate className="grid gap-5" aria-label={editing ? "Edit price plan" : "New price plan"}>
          <div className="grid gap-4 sm:grid-cols-4">
            <FormField
              control={form.control}
              name="name"
              render={({ field }) => (
                <FormItem className="sm:col-span-2">
                  <FormLabel>Name</FormLabel>
                  <FormControl>
                    <Input {...field} autoFocus autoComplete="off" />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="currency"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Currency</FormLabel>
                  <FormControl>
                    <Input {...field} onChange={(event) => field.onChange(event.target.value.toUpperCase())} maxLength={3} className="font-mono" />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="active"
              render={({ field }) => (
                <FormItem className="flex flex-col justify-end">
                  <label className="flex h-9 items-center gap-2 text-sm font-medium">
                    <input type="checkbox" checked={field.value} onChange={(event) => field.onChange(event.target.checked)} className="size-4" />
                    Offered for new screenings
                  </label>
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="band"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Time band</FormLabel>
                  <FormControl>
                    <select className={selectClass} {...field}>
                      {(Object.keys(bandLabels) as Array<keyof typeof bandLabels>).map((band) => (
                        <option key={band} value={band}>
                          {bandLabels[band]}
                        </option>
                      ))}
                    </select>
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="format"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Format</FormLabel>
                  <FormControl>
                    <select
                      className={selectClass}
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      value={field.value ?? ""}
                      onChange={(event) => field.onChange(event.target.value === "" ? null : event.target.value)}
                    >
                      <option value="">Any format</option>
                      {screeningFormatSchema.options.map((format) => (
                        <option key={format} value={format}>
                          {formatLabels[format]}
                        </option>
                      ))}
                    </select>
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <MoneyField control={form.control} name="bookingFeeAmount" label="Booking fee" />
            <FormField
              control={form.control}
              name="bookingFeeMode"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Fee charged</FormLabel>
                  <FormControl>
                    <select className={selectClass} {...field}>
                      {(Object.keys(feeModeLabels) as Array<keyof typeof feeModeLabels>).map((mode) => (
                        <option key={mode} value={mode}>
                          {feeModeLabels[mode]}
                        </option>
                      ))}
                    </select>
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>

          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Ticket prices</legend>
            <p className="text-muted-foreground text-xs">Leave a type blank to not sell it on this plan.</p>
            <div className="grid gap-x-4 gap-y-2 sm:grid-cols-3">
              {ticketTypes.map((type, index) => (
                <MoneyField
                  key={type.code}
                  control={form.control}
                  name={`ticketPrices.${index}.amount`}
                  label={`${type.name}${type.active ? "" : " (retired)"}`}
                  compact
                />
              ))}
            </div>
            {ticketPricesError ? <p className="text-destructive text-sm">{ticketPricesError}</p> : null}
          </fieldset>

          <div className="grid gap-5 sm:grid-cols-2">
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Seat surcharges</legend>
              <div className="grid grid-cols-2 gap-x-4 gap-y-2">
                {seatKindSchema.options.map((seatKind, index) => (
                  <MoneyField key={seatKind} control={form.control} name={`seatKindSurcharges.${index}.amount`} label={seatKindLabels[seatKind]} compact />
                ))}
              </div>
            </fieldset>
            <fieldset className="grid gap-2">
              <legend className="mb-1 text-sm font-medium">Format surcharges</legend>
              <div className="grid grid-cols-3 gap-x-4 gap-y-2">
                {screeningFormatSchema.options.map((format, index) => (
                  <MoneyField key={format} control={form.control} name={`formatSurcharges.${index}.amount`} label={formatLabels[format]} compact />
                ))}
              </div>
            </fieldset>
          </div>

          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {editing ? "Save prices" : "Create plan"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}

function MoneyField({
  control,
  name,
  label,
  compact = false,
}: {
  control: Control<PricePlanFormValues>;
  name: FieldPath<PricePlanFormValues>;
  label: string;
  compact?: boolean;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem className={compact ? "gap-1" : undefined}>
          <FormLabel className={compact ? "text-xs" : undefined}>{label}</FormLabel>
          <FormControl>
            <MoneyInput
              name={field.name}
              ref={field.ref}
              onBlur={field.onBlur}
              value={typeof field.value === "number" ? field.value : null}
              onValueChange={field.onChange}
              className="tabular-nums"
            />
          </FormControl>
          {compact ? null : <FormDescription>e.g. 1.50</FormDescription>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
