"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { type AdminTicketType, ticketTypeFormSchema, type TicketTypeFormValues } from "@/server/prices/schemas";
import { NotSaved } from "./not-saved";
import { RecordDialog } from "./record-dialog";

const FIELDS = ["code", "name", "note", "sortOrder"] as const;

/** Add a ticket type to a cinema, or edit one (its code never changes: tickets and prices refer to it). */
export function TicketTypeDialog({
  open,
  onOpenChange,
  cinemaId,
  editing,
  nextSortOrder,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  cinemaId: string;
  editing: AdminTicketType | null;
  nextSortOrder: number;
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="sm:max-w-lg">
      {(closeThen) => (
        <TicketTypeForm cinemaId={cinemaId} editing={editing} nextSortOrder={nextSortOrder} onDone={() => closeThen(onSaved)} />
      )}
    </RecordDialog>
  );
}

function TicketTypeForm({
  cinemaId,
  editing,
  nextSortOrder,
  onDone,
}: {
  cinemaId: string;
  editing: AdminTicketType | null;
  nextSortOrder: number;
  onDone: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<TicketTypeFormValues>({
    ...validationModes,
    resolver: zodResolver(ticketTypeFormSchema),
    defaultValues: editing
      ? { code: editing.code, name: editing.name, note: editing.note ?? "", sortOrder: editing.sortOrder }
      : { code: "", name: "", note: "", sortOrder: nextSortOrder },
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
  const create = useMutation(trpc.admin.prices.createTicketType.mutationOptions(settle("Ticket type added.")));
  const update = useMutation(trpc.admin.prices.updateTicketType.mutationOptions(settle("Ticket type saved.")));
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ id: editing.id, version: editing.version, name: values.name, note: values.note, sortOrder: values.sortOrder });
    else create.mutate({ ...values, cinemaId });
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${editing.name}` : "New ticket type"}</DialogTitle>
        <DialogDescription>Customers choose a ticket type per seat at checkout; the note tells them what to bring.</DialogDescription>
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
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={editing ? "Edit ticket type" : "New ticket type"}>
          <div className="grid gap-4 sm:grid-cols-2">
            <FormField
              control={form.control}
              name="name"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Name</FormLabel>
                  <FormControl>
                    <Input
                      {...field}
                      autoFocus
                      autoComplete="off"
                      onChange={(event) => {
                        field.onChange(event);
                        // A new type's code follows its name until the admin types one.
                        if (!editing && !form.getFieldState("code").isDirty) {
                          form.setValue("code", event.target.value.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 32));
                        }
                      }}
                    />
                  </FormControl>
                  <FormMessage />
                </FormItem>
              )}
            />
            <FormField
              control={form.control}
              name="code"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>Code</FormLabel>
                  <FormControl>
                    <Input
                      {...field}
                      onChange={(event) => field.onChange(event.target.value.toUpperCase())}
                      disabled={!!editing}
                      autoComplete="off"
                      spellCheck={false}
                      className="font-mono"
                    />
                  </FormControl>
                  <FormDescription>{editing ? "Fixed once created." : "Capitals, digits and _; fixed once created."}</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>
          <FormField
            control={form.control}
            name="note"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Note at checkout</FormLabel>
                <FormControl>
                  <Input {...field} autoComplete="off" placeholder="e.g. Under 15, or Valid student ID required" />
                </FormControl>
                <FormDescription>Optional: an age range or the proof to show at the door.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="sortOrder"
            render={({ field }) => (
              <FormItem className="max-w-40">
                <FormLabel>Position</FormLabel>
                <FormControl>
                  <Input
                    type="number"
                    min={0}
                    step={10}
                    name={field.name}
                    ref={field.ref}
                    onBlur={field.onBlur}
                    value={Number.isNaN(field.value) ? "" : field.value}
                    onChange={(event) => field.onChange(event.target.value === "" ? Number.NaN : Number(event.target.value))}
                  />
                </FormControl>
                <FormDescription>Lower comes first.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {editing ? "Save changes" : "Add ticket type"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}
