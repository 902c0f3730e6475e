"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { CircleAlert, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { TextField } from "@/components/forms/fields";
import { validationModes } from "@/components/forms/validation-modes";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form } from "@/components/ui/form";
import { useTRPC } from "@/lib/trpc/client";
import { cinemaFormSchema, type CinemaFormValues } from "@/server/venues/schemas";
import { RecordDialog } from "./record-dialog";

const FIELDS = ["name", "slug", "address", "city", "postcode", "timeZone", "currency"] as const;

export interface EditableCinema extends CinemaFormValues {
  id: string;
  version: number;
}

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

/** Create or edit a cinema; an edit carries the version it was opened at, so a later save by someone else wins and this one says so. */
export function CinemaDialog({
  open,
  onOpenChange,
  editing,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  editing: EditableCinema | null;
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange}>
      {(closeThen) => <CinemaForm editing={editing} onDone={() => closeThen(onSaved)} />}
    </RecordDialog>
  );
}

function CinemaForm({ editing, onDone }: { editing: EditableCinema | null; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const [slugEdited, setSlugEdited] = useState(!!editing);
  const form = useForm<CinemaFormValues>({
    ...validationModes,
    resolver: zodResolver(cinemaFormSchema),
    defaultValues: editing
      ? { name: editing.name, slug: editing.slug, address: editing.address, city: editing.city, postcode: editing.postcode, timeZone: editing.timeZone, currency: editing.currency }
      : { name: "", slug: "", address: "", city: "", postcode: "", timeZone: "Europe/London", currency: "GBP" },
  });
  const onError = (error: Parameters<typeof applyServerError>[1] & { data?: { code?: string } | null }) => {
    const hasFieldErrors = Object.keys(error.data?.fieldErrors ?? {}).length > 0;
    if (error.data?.code === "CONFLICT" && !hasFieldErrors) return setConflict(error.message);
    setFormError(applyServerError(form, error, FIELDS));
  };
  const settle = (done: string) => ({
    onSuccess: async () => {
      toast.success(done);
      await onDone();
    },
    onError,
  });
  const create = useMutation(trpc.admin.venues.createCinema.mutationOptions(settle("Cinema created.")));
  const update = useMutation(trpc.admin.venues.updateCinema.mutationOptions(settle("Cinema saved.")));
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate(values);
  });
  const pending = create.isPending || update.isPending;

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? `Edit ${editing.name}` : "New cinema"}</DialogTitle>
        <DialogDescription>Its time zone sets the times customers see; its currency is the one its prices are in.</DialogDescription>
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
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={editing ? "Edit cinema" : "New cinema"}>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              control={form.control}
              name="name"
              label="Name"
              autoFocus
              autoComplete="off"
              onInput={(event) => {
                if (!slugEdited) form.setValue("slug", slugOf(event.currentTarget.value), { shouldValidate: form.formState.isSubmitted });
              }}
            />
            <TextField
              control={form.control}
              name="slug"
              label="Slug"
              description="In the cinema's web address; made from the name until you change it."
              autoComplete="off"
              spellCheck={false}
              onInput={() => setSlugEdited(true)}
            />
          </div>
          <TextField control={form.control} name="address" label="Address" autoComplete="off" />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField control={form.control} name="city" label="City" autoComplete="off" />
            <TextField control={form.control} name="postcode" label="Postcode" autoComplete="off" />
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField control={form.control} name="timeZone" label="Time zone" description="IANA name, e.g. Europe/London" autoComplete="off" spellCheck={false} list="time-zones" />
            <TextField control={form.control} name="currency" label="Currency" description="ISO code, e.g. GBP" autoComplete="off" className="uppercase" maxLength={3} />
          </div>
          <datalist id="time-zones">
            {["Europe/London", "Europe/Dublin", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Australia/Sydney"].map((zone) => (
              <option key={zone} value={zone} />
            ))}
          </datalist>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending}>
              {editing ? "Save cinema" : "Create cinema"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}

function NotSaved({ children }: { children: React.ReactNode }) {
  return (
    <Alert variant="destructive">
      <CircleAlert aria-hidden />
      <AlertTitle>Not saved</AlertTitle>
      <AlertDescription>{children}</AlertDescription>
    </Alert>
  );
}
