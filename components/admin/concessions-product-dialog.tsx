"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useId, useState } from "react";
import { type Control, type FieldPath, useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { MoneyInput } from "@/components/forms/money-input";
import { ImageUpload } from "@/components/admin/image-upload";
import { NotSaved, textareaClass } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { type AdminProduct, productFormSchema, type ProductFormValues } from "@/server/concessions/schemas";
import { RecordDialog } from "./record-dialog";

const FIELDS = ["name", "category", "description", "currency", "priceAmount", "imageUrl", "active", "sortOrder"] as const;

function initialValues(editing: AdminProduct | null, currency: string): ProductFormValues {
  if (editing) {
    const { name, category, description, currency, priceAmount, imageUrl, active, sortOrder } = editing;
    return { name, category, description, currency, priceAmount, imageUrl, active, sortOrder };
  }
  return { name: "", category: "", description: "", currency, priceAmount: Number.NaN, imageUrl: null, active: true, sortOrder: 0 };
}

/** A labelled text or number input bound to one field of the product form. */
function TextField({
  control,
  name,
  label,
  hint,
  list,
  type = "text",
  autoFocus,
}: {
  control: Control<ProductFormValues>;
  name: FieldPath<ProductFormValues>;
  label: string;
  hint?: string;
  list?: string;
  type?: "text" | "number";
  autoFocus?: boolean;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            {type === "number" ? (
              <Input
                type="number"
                step={1}
                min={0}
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={typeof field.value === "number" && !Number.isNaN(field.value) ? field.value : ""}
                onChange={(event) => field.onChange(event.target.valueAsNumber)}
              />
            ) : (
              <Input {...field} value={String(field.value ?? "")} list={list} autoFocus={autoFocus} autoComplete="off" />
            )}
          </FormControl>
          {hint ? <FormDescription>{hint}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

/**
 * Create or edit a concession product. The form validates with the schema the server validates with; an edit carries
 * the version it was opened at, and a save over someone else's is refused with a reload.
 */
export function ProductDialog({
  open,
  onOpenChange,
  editing,
  categories,
  currency,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: AdminProduct | null;
  /** Categories already in use, suggested as the admin types. */
  categories: string[];
  /** A new product's currency: the cinemas'. */
  currency: string;
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange}>
      {(closeThen) => <ProductForm editing={editing} categories={categories} currency={currency} onDone={() => closeThen(onSaved)} />}
    </RecordDialog>
  );
}

function ProductForm({
  editing,
  categories,
  currency,
  onDone,
}: {
  editing: AdminProduct | null;
  categories: string[];
  currency: string;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const listId = useId();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<ProductFormValues>({
    ...validationModes,
    resolver: zodResolver(productFormSchema),
    defaultValues: initialValues(editing, currency),
  });
  const onError = (error: Parameters<typeof applyServerError>[1] & { data?: { code?: string } | null }) => {
    if (error.data?.code === "CONFLICT") {
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
  const create = useMutation(trpc.admin.concessions.create.mutationOptions(settle("Product created.")));
  const update = useMutation(trpc.admin.concessions.update.mutationOptions(settle("Product saved.")));
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate(values);
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${editing.name}` : "New product"}</DialogTitle>
        <DialogDescription>Sold at the counter and added to web bookings while active. Stock is kept per cinema.</DialogDescription>
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
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={editing ? "Edit product" : "New product"}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField control={form.control} name="name" label="Name" autoFocus />
            <TextField control={form.control} name="category" label="Category" list={listId} hint="Pick one in use or type a new one." />
            <datalist id={listId}>
              {categories.map((category) => (
                <option key={category} value={category} />
              ))}
            </datalist>
            <FormField
              control={form.control}
              name="priceAmount"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Price ({form.getValues("currency")})</FormLabel>
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
                  <FormDescription>e.g. 4.50</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            <TextField control={form.control} name="sortOrder" label="Sort order" type="number" hint="Lower shows first within its category." />
          </div>
          <FormField
            control={form.control}
            name="description"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Description (optional)</FormLabel>
                <FormControl>
                  <textarea {...field} rows={2} className={textareaClass} />
                </FormControl>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="imageUrl"
            render={({ field, fieldState }) => (
              <FormItem>
                <p className="text-sm font-medium">Image</p>
                <ImageUpload kind="advert" label="Product image" value={field.value} onChange={field.onChange} invalid={fieldState.invalid} />
                <FormDescription>At least 640 × 320 pixels; JPEG, PNG or WebP.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="active"
            render={({ field }) => (
              <FormItem className="flex flex-row items-center gap-2">
                <FormControl>
                  <input
                    type="checkbox"
                    className="size-4"
                    name={field.name}
                    ref={field.ref}
                    onBlur={field.onBlur}
                    checked={field.value}
                    onChange={(event) => field.onChange(event.target.checked)}
                  />
                </FormControl>
                <FormLabel>On sale (uncheck to take it off the counter and the website)</FormLabel>
              </FormItem>
            )}
          />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {editing ? "Save product" : "Create product"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}
