"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { type Control, type FieldPath, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { NotSaved } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { RecordDialog } from "./record-dialog";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import {
  type AdminPromoCode,
  majorToMinor,
  minorToMajor,
  PROMO_CURRENCIES,
  promoCodeFormSchema,
  type PromoCodeFormValues,
} from "@/server/programme/schemas";
import { instantToWallClock } from "@/server/programme/wall-clock";

const FIELDS = ["code", "description", "kind", "percentOff", "amountOff", "currency", "validFrom", "validUntil", "maxRedemptions"] as const;

/** The values an edit starts from, or a new code's: 10% off from the next hour for 30 days, no limit. */
function initialValues(editing: AdminPromoCode | null, timeZone: string): PromoCodeFormValues {
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
  timeZone,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The code as it was when the dialog opened; null to create one. */
  editing: AdminPromoCode | null;
  timeZone: string;
  /** Loads the list again (after a save, or after a conflict). */
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="sm:max-w-2xl">
      {(closeThen) => <PromoCodeForm editing={editing} timeZone={timeZone} onDone={() => closeThen(onSaved)} />}
    </RecordDialog>
  );
}

function PromoCodeForm({ editing, timeZone, onDone }: { editing: AdminPromoCode | null; timeZone: string; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<PromoCodeFormValues>({
    ...validationModes,
    resolver: zodResolver(promoCodeFormSchema),
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
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
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
        <DialogTitle>{editing ? `Edit ${editing.code}` : "New promo code"}</DialogTitle>
        <DialogDescription>Customers type the code at checkout; it works between its start and end, while it isn&apos;t paused.</DialogDescription>
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
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={editing ? "Edit promo code" : "New promo code"}>
          <div className="grid gap-4 sm:grid-cols-2">
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
            <NumberField
              control={form.control}
              name="maxRedemptions"
              label="Total uses allowed"
              parse={parseWhole}
              show={(n) => String(n)}
              description={editing ? `Blank for no limit; used ${editing.redemptions} times so far.` : "Blank for no limit."}
            />
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {editing ? "Save changes" : "Create code"}
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
  control: Control<PromoCodeFormValues>;
  name: Extract<FieldPath<PromoCodeFormValues>, "percentOff" | "amountOff" | "maxRedemptions">;
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
