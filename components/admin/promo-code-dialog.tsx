"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { type Control, type FieldPath, type Resolver, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { NotSaved } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { AddChoices, ToggleChoices } from "./multi-pick";
import { RecordDialog } from "./record-dialog";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import {
  type AdminPromoCode,
  DAYS_OF_WEEK,
  majorToMinor,
  minorToMajor,
  NO_PROMO_RESTRICTIONS,
  PROMO_CURRENCIES,
  promoCodeBatchCsv,
  promoCodeBatchFormSchema,
  promoCodeFormSchema,
  type PromoCodeBatchCodes,
  type PromoCodeFormValues,
  type PromoCodeList,
} from "@/server/programme/schemas";
import { instantToWallClock } from "@/server/programme/wall-clock";

const FIELDS = [
  "code",
  "prefix",
  "count",
  "description",
  "kind",
  "percentOff",
  "amountOff",
  "currency",
  "validFrom",
  "validUntil",
  "maxRedemptions",
  "perCustomerLimit",
  "minTickets",
  "filmIds",
  "cinemaIds",
  "ticketTypes",
  "daysOfWeek",
] as const;

/** What the restriction pickers offer: the list query's films, cinemas and ticket types. */
export type PromoOptions = Pick<PromoCodeList, "films" | "cinemas" | "ticketTypes">;

/** One form for a code and for a batch of single-use codes: a batch has a prefix and a count instead of a code and a limit. */
type FormValues = PromoCodeFormValues & { prefix: string; count: number };

/** Saves the batch's codes as a CSV file the browser downloads. */
export function downloadBatchCsv(batch: PromoCodeBatchCodes, name: string) {
  const url = URL.createObjectURL(new Blob([promoCodeBatchCsv(batch)], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = `${name}.csv`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The values an edit starts from, or a new code's: 10% off from the next hour for 30 days, no limit. */
function initialValues(editing: AdminPromoCode | null, timeZone: string): FormValues {
  if (editing) {
    return {
      code: editing.code,
      description: editing.description,
      kind: editing.kind,
      percentOff: editing.percentOff,
      amountOff: editing.amountOff,
      currency: (editing.currency as PromoCodeFormValues["currency"]) ?? null,
      validFrom: editing.validFromLocal,
      validUntil: editing.validUntilLocal,
      maxRedemptions: editing.maxRedemptions,
      perCustomerLimit: editing.perCustomerLimit,
      minTickets: editing.minTickets,
      filmIds: editing.filmIds,
      cinemaIds: editing.cinemaIds,
      ticketTypes: editing.ticketTypes,
      daysOfWeek: editing.daysOfWeek,
      prefix: "",
      count: 100,
    };
  }
  const start = new Date(Math.floor(Date.now() / 3600_000) * 3600_000);
  const end = new Date(start.getTime() + 30 * 24 * 3600_000);
  return {
    code: "",
    description: "",
    kind: "percent",
    percentOff: 10,
    amountOff: null,
    currency: null,
    validFrom: instantToWallClock(start, timeZone),
    validUntil: instantToWallClock(end, timeZone),
    maxRedemptions: null,
    ...NO_PROMO_RESTRICTIONS,
    prefix: "",
    count: 100,
  };
}

/**
 * Create or edit a promo code. The form validates with the schema the server validates with; an edit carries the
 * version it was opened at, so a save after someone else's is refused and says so.
 */
export function PromoCodeDialog({
  open,
  onOpenChange,
  editing,
  batch = false,
  timeZone,
  options,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The code as it was when the dialog opened; null to create one. */
  editing: AdminPromoCode | null;
  /** Generate a batch of single-use codes instead of one code. */
  batch?: boolean;
  timeZone: string;
  options: PromoOptions;
  /** Loads the list again (after a save, or after a conflict). */
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="max-h-[92vh] overflow-y-auto sm:max-w-3xl">
      {(closeThen) => (
        <PromoCodeForm editing={batch ? null : editing} batch={batch} timeZone={timeZone} options={options} onDone={() => closeThen(onSaved)} />
      )}
    </RecordDialog>
  );
}

function PromoCodeForm({
  editing,
  batch,
  timeZone,
  options,
  onDone,
}: {
  editing: AdminPromoCode | null;
  batch: boolean;
  timeZone: string;
  options: PromoOptions;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<FormValues>({
    ...validationModes,
    // Both schemas check the fields the form shows in that mode; the other mode's extra values are dropped by them.
    resolver: zodResolver(batch ? promoCodeBatchFormSchema : promoCodeFormSchema) as unknown as Resolver<FormValues>,
    defaultValues: initialValues(editing, timeZone),
  });
  const kind = useWatch({ control: form.control, name: "kind" });

  const onError = (error: Parameters<typeof applyServerError>[1] & { data?: { code?: string } | null }) => {
    const hasFieldErrors = Object.keys(error.data?.fieldErrors ?? {}).length > 0;
    if (error.data?.code === "CONFLICT" && !hasFieldErrors) {
      setConflict(error.message);
      return;
    }
    setFormError(applyServerError(form, error, FIELDS));
  };
  const settle = (saved: string) => ({
    onSuccess: async () => {
      toast.success(saved);
      await onDone();
    },
    onError,
  });
  const create = useMutation(trpc.admin.promoCodes.create.mutationOptions(settle("Promo code created.")));
  const update = useMutation(trpc.admin.promoCodes.update.mutationOptions(settle("Promo code saved.")));
  const generate = useMutation(
    trpc.admin.promoCodes.generateBatch.mutationOptions({
      onSuccess: async (made, values) => {
        downloadBatchCsv(made, `promo-codes-${values.prefix.toUpperCase()}`);
        toast.success(`${made.codes.length} codes created and downloaded as CSV.`);
        await onDone();
      },
      onError,
    }),
  );
  const pending = create.isPending || update.isPending || generate.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (batch) generate.mutate(values);
    else if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate(values);
  });
  const setKind = (next: "percent" | "amount") => {
    form.setValue("kind", next);
    // The hidden discount is cleared, so only the chosen one is checked and sent.
    if (next === "percent") {
      form.setValue("amountOff", null);
      form.setValue("currency", null);
      if (form.getValues("percentOff") === null) form.setValue("percentOff", 10);
    } else {
      form.setValue("percentOff", null);
      if (form.getValues("currency") === null) form.setValue("currency", "GBP");
    }
    form.clearErrors(["percentOff", "amountOff", "currency"]);
  };

  return (
    <>
      <DialogHeader>
        <DialogTitle>{batch ? "Generate single-use codes" : editing ? `Edit ${editing.code}` : "New promo code"}</DialogTitle>
        <DialogDescription>
          {batch
            ? "Each code works once, with the settings below; the codes download as a CSV file to hand out."
            : "Customers type the code at checkout; it works between its start and end, while it isn't paused."}
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
        <form
          onSubmit={onSubmit}
          noValidate
          className="grid gap-4"
          aria-label={batch ? "Generate single-use codes" : editing ? "Edit promo code" : "New promo code"}
        >
          <div className="grid gap-4 sm:grid-cols-2">
            {batch ? (
              <div className="grid grid-cols-2 gap-4">
                <FormField
                  control={form.control}
                  name="prefix"
                  render={({ field }) => (
                    <FormItem>
                      <FormLabel>Prefix</FormLabel>
                      <FormControl>
                        <Input {...field} autoFocus autoComplete="off" spellCheck={false} className="font-mono uppercase" />
                      </FormControl>
                      <FormDescription>Codes look like PREFIX-7KQ2M9XA.</FormDescription>
                      <FormMessage />
                    </FormItem>
                  )}
                />
                <NumberField control={form.control} name="count" label="How many" parse={parseWhole} show={(n) => String(n)} description="Up to 5000." />
              </div>
            ) : (
            <FormField
              control={form.control}
              name="code"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Code</FormLabel>
                  <FormControl>
                    <Input {...field} autoFocus autoComplete="off" spellCheck={false} className="font-mono uppercase" />
                  </FormControl>
                  <FormDescription>Letters, digits, - or _; stored in capitals.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            )}
            <FormField
              control={form.control}
              name="description"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Description</FormLabel>
                  <FormControl>
                    <Input {...field} autoComplete="off" />
                  </FormControl>
                  <FormDescription>Shown to the customer beside the discount.</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">Discount</legend>
            <div className="bg-muted inline-flex w-fit rounded-md p-1" role="radiogroup" aria-label="Kind of discount">
              {(["percent", "amount"] as const).map((value) => (
                <button
                  key={value}
                  type="button"
                  role="radio"
                  aria-checked={kind === value}
                  onClick={() => setKind(value)}
                  className={cn(
                    "rounded px-3 py-1 text-sm font-medium",
                    kind === value ? "bg-background shadow-sm" : "text-muted-foreground hover:text-foreground",
                  )}
                >
                  {value === "percent" ? "Percent off" : "Amount off"}
                </button>
              ))}
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              {kind === "percent" ? (
                <NumberField control={form.control} name="percentOff" label="Percent off" suffix="%" parse={parseWhole} show={(n) => String(n)} />
              ) : (
                <>
                  <NumberField
                    control={form.control}
                    name="amountOff"
                    label="Amount off"
                    parse={(text) => majorToMinor(text) ?? Number.NaN}
                    show={minorToMajor}
                    description="In pounds, euros or dollars, e.g. 2.50"
                  />
                  <FormField
                    control={form.control}
                    name="currency"
                    render={({ field }) => (
                      <FormItem>
                        <FormLabel>Currency</FormLabel>
                        <Select value={field.value ?? ""} onValueChange={field.onChange}>
                          <FormControl>
                            <SelectTrigger className="w-full" onBlur={field.onBlur} ref={field.ref}>
                              <SelectValue placeholder="Choose" />
                            </SelectTrigger>
                          </FormControl>
                          <SelectContent>
                            {PROMO_CURRENCIES.map((currency) => (
                              <SelectItem key={currency} value={currency}>
                                {currency}
                              </SelectItem>
                            ))}
                          </SelectContent>
                        </Select>
                        <FormMessage />
                      </FormItem>
                    )}
                  />
                </>
              )}
            </div>
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-3">
            {(["validFrom", "validUntil"] as const).map((name) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{name === "validFrom" ? "Valid from" : "Valid until"}</FormLabel>
                    <FormControl>
                      <Input type="datetime-local" step={60} {...field} />
                    </FormControl>
                    <FormDescription>{timeZone} time</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
            {batch ? null : (
              <NumberField
                control={form.control}
                name="maxRedemptions"
                label="Total uses allowed"
                parse={parseWhole}
                show={(n) => String(n)}
                description={editing ? `Blank for no limit; used ${editing.redemptions} times so far.` : "Blank for no limit."}
              />
            )}
          </div>
          <Restrictions control={form.control} options={options} />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {batch ? "Generate and download" : editing ? "Save changes" : "Create code"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}

/** "" is null; anything that isn't a whole number is NaN, which the schema refuses with the field's message. */
function parseWhole(text: string): number {
  return /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
}

/**
 * A number typed as text: the text is kept as typed, and the form holds what it means (null when blank, NaN when
 * it isn't a number, so the schema puts its message beside the field).
 */
function NumberField({
  control,
  name,
  label,
  parse,
  show,
  suffix,
  description,
}: {
  control: Control<FormValues>;
  name: Extract<FieldPath<FormValues>, "percentOff" | "amountOff" | "maxRedemptions" | "perCustomerLimit" | "minTickets" | "count">;
  label: string;
  parse: (text: string) => number;
  show: (value: number) => string;
  suffix?: string;
  description?: string;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <NumberInput
          ref={field.ref}
          name={field.name}
          value={field.value}
          onValueChange={field.onChange}
          onBlur={field.onBlur}
          label={label}
          parse={parse}
          show={show}
          suffix={suffix}
          description={description}
        />
      )}
    />
  );
}

function NumberInput({
  ref,
  name,
  value,
  onValueChange,
  onBlur,
  label,
  parse,
  show,
  suffix,
  description,
}: {
  ref: React.Ref<HTMLInputElement>;
  name: string;
  value: number | null;
  onValueChange: (value: number | null) => void;
  onBlur: () => void;
  label: string;
  parse: (text: string) => number;
  show: (value: number) => string;
  suffix?: string;
  description?: string;
}) {
  const [text, setText] = useState(() => (value === null || Number.isNaN(value) ? "" : show(value)));
  return (
    <FormItem>
      <FormLabel>{label}</FormLabel>
      <div className="flex items-center gap-2">
        <FormControl>
          <Input
            name={name}
            ref={ref}
            inputMode="decimal"
            autoComplete="off"
            value={text}
            onBlur={onBlur}
            onChange={(event) => {
              setText(event.target.value);
              onValueChange(event.target.value.trim() === "" ? null : parse(event.target.value));
            }}
          />
        </FormControl>
        {suffix ? <span className="text-muted-foreground text-sm">{suffix}</span> : null}
      </div>
      {description ? <FormDescription>{description}</FormDescription> : null}
      <FormMessage />
    </FormItem>
  );
}

/** Who may use the code, and for what: an empty choice means no restriction. */
function Restrictions({ control, options }: { control: Control<FormValues>; options: PromoOptions }) {
  return (
    <fieldset className="grid gap-4 rounded-md border p-3">
      <legend className="px-1 text-sm font-medium">Restrictions</legend>
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField
          control={control}
          name="perCustomerLimit"
          label="Uses per customer"
          parse={parseWhole}
          show={(n) => String(n)}
          description="By account, or email for guests. Blank for no limit."
        />
        <NumberField control={control} name="minTickets" label="Minimum tickets" parse={parseWhole} show={(n) => String(n)} description="Tickets needed in one booking." />
      </div>
      <FormField
        control={control}
        name="daysOfWeek"
        render={({ field }) => (
          <PickerItem label="Days of the week">
            <ToggleChoices
              label="Days of the week"
              options={DAYS_OF_WEEK.map((d) => ({ value: d.day as number, label: d.short }))}
              value={field.value}
              onChange={field.onChange}
              anyLabel="Any day (of the screening, at its cinema)"
            />
          </PickerItem>
        )}
      />
      <FormField
        control={control}
        name="ticketTypes"
        render={({ field }) => (
          <PickerItem label="Ticket types">
            <ToggleChoices
              label="Ticket types"
              options={options.ticketTypes.map((t) => ({ value: t.code, label: t.label }))}
              value={field.value}
              onChange={field.onChange}
              anyLabel="Every ticket type; otherwise every ticket in the booking must be one of these"
            />
          </PickerItem>
        )}
      />
      <FormField
        control={control}
        name="cinemaIds"
        render={({ field }) => (
          <PickerItem label="Cinemas">
            <ToggleChoices
              label="Cinemas"
              options={options.cinemas.map((c) => ({ value: c.id, label: c.name }))}
              value={field.value}
              onChange={field.onChange}
              anyLabel="Every cinema"
            />
          </PickerItem>
        )}
      />
      <FormField
        control={control}
        name="filmIds"
        render={({ field }) => (
          <PickerItem label="Films">
            <AddChoices
              label="Films"
              options={options.films.map((f) => ({ value: f.id, label: f.title }))}
              value={field.value}
              onChange={field.onChange}
              anyLabel="Every film"
              placeholder="Add a film…"
            />
          </PickerItem>
        )}
      />
    </fieldset>
  );
}

function PickerItem({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <FormItem>
      <div className="text-sm font-medium">{label}</div>
      {children}
      <FormMessage />
    </FormItem>
  );
}
