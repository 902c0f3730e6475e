"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { type Control, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { AnnouncementsBanner } from "@/components/programme/announcements-banner";
import { NotSaved } from "@/components/admin/form-parts";
import { Button } from "@/components/ui/button";
import { RecordDialog } from "./record-dialog";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import { AnnouncementSeverity } from "@/server/db/generated/enums";
import {
  ANNOUNCEMENT_MESSAGE_MAX,
  type AdminAnnouncement,
  announcementFormSchema,
  type AnnouncementFormValues,
  type ProgrammeCinema,
} from "@/server/programme/schemas";
import { instantToWallClock } from "@/server/programme/wall-clock";

const ALL_CINEMAS = "all";
const FIELDS = ["message", "severity", "cinemaId", "startsAt", "endsAt"] as const;
export const severityLabels: Record<AnnouncementSeverity, string> = { INFO: "Information", WARNING: "Warning" };

/** The values an edit starts from, or a new announcement's: from the next hour, for a day. */
function initialValues(editing: AdminAnnouncement | null, chainTimeZone: string): AnnouncementFormValues {
  if (editing) {
    return {
      message: editing.message,
      severity: editing.severity,
      cinemaId: editing.cinema?.id ?? null,
      startsAt: editing.startsAtLocal,
      endsAt: editing.endsAtLocal,
    };
  }
  const start = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000);
  const end = new Date(start.getTime() + 24 * 3600_000);
  return {
    message: "",
    severity: "INFO",
    cinemaId: null,
    startsAt: instantToWallClock(start, chainTimeZone),
    endsAt: instantToWallClock(end, chainTimeZone),
  };
}

/**
 * Create or edit an announcement. The form validates with the schema the server validates with; an edit carries
 * the version it was opened at, so a save after someone else's is refused and says so.
 */
export function AnnouncementDialog({
  open,
  onOpenChange,
  editing,
  cinemas,
  chainTimeZone,
  onSaved,
  onReload,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The announcement as it was when the dialog opened; null to create one. */
  editing: AdminAnnouncement | null;
  cinemas: ProgrammeCinema[];
  chainTimeZone: string;
  onSaved: () => Promise<unknown>;
  /** Loads the list again after a conflict and closes the dialog. */
  onReload: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="sm:max-w-2xl">
      {(closeThen) => (
        <AnnouncementForm
          editing={editing}
          cinemas={cinemas}
          chainTimeZone={chainTimeZone}
          onDone={() => closeThen(onSaved)}
          onReload={() => closeThen(onReload)}
        />
      )}
    </RecordDialog>
  );
}

function AnnouncementForm({
  editing,
  cinemas,
  chainTimeZone,
  onDone,
  onReload,
}: {
  editing: AdminAnnouncement | null;
  cinemas: ProgrammeCinema[];
  chainTimeZone: string;
  onDone: () => Promise<void>;
  onReload: () => Promise<void>;
}) {
  const trpc = useTRPC();
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<string | null>(null);
  const form = useForm<AnnouncementFormValues>({
    ...validationModes,
    resolver: zodResolver(announcementFormSchema),
    defaultValues: initialValues(editing, chainTimeZone),
  });
  const [message, severity, cinemaId] = useWatch({ control: form.control, name: ["message", "severity", "cinemaId"] });
  const cinema = cinemas.find((candidate) => candidate.id === cinemaId) ?? null;
  const timeZone = cinema?.timeZone ?? chainTimeZone;

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
  const create = useMutation(trpc.admin.announcements.create.mutationOptions(settle("Announcement created.")));
  const update = useMutation(trpc.admin.announcements.update.mutationOptions(settle("Announcement saved.")));
  const pending = create.isPending || update.isPending;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    if (editing) update.mutate({ ...values, id: editing.id, version: editing.version });
    else create.mutate(values);
  });

  return (
    <>
      <DialogHeader>
        <DialogTitle>{editing ? "Edit announcement" : "New announcement"}</DialogTitle>
        <DialogDescription>Shown at the top of the home page between its start and end, to everyone at once.</DialogDescription>
      </DialogHeader>
      {conflict ? (
        <NotSaved>
          <p>{conflict}</p>
          <Button type="button" variant="outline" size="sm" onClick={onReload}>
            <RefreshCw aria-hidden /> Reload
          </Button>
        </NotSaved>
      ) : null}
      {formError ? <NotSaved>{formError}</NotSaved> : null}
      <Form {...form}>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label={editing ? "Edit announcement" : "New announcement"}>
          <FormField
            control={form.control}
            name="message"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Message</FormLabel>
                <FormControl>
                  <textarea
                    {...field}
                    rows={3}
                    maxLength={ANNOUNCEMENT_MESSAGE_MAX + 20}
                    autoFocus
                    className={cn(
                      "border-input placeholder:text-muted-foreground flex w-full rounded-md border bg-transparent px-3 py-2 text-base shadow-xs outline-none md:text-sm",
                      "focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px]",
                      "aria-invalid:ring-destructive/20 aria-invalid:border-destructive",
                    )}
                  />
                </FormControl>
                <FormDescription>
                  {message.trim().length} of {ANNOUNCEMENT_MESSAGE_MAX} characters
                </FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <SelectField
              control={form.control}
              name="severity"
              label="Severity"
              options={Object.values(AnnouncementSeverity).map((value) => ({ value, label: severityLabels[value] }))}
            />
            <SelectField
              control={form.control}
              name="cinemaId"
              label="Cinema"
              options={[{ value: ALL_CINEMAS, label: "All cinemas" }, ...cinemas.map((option) => ({ value: option.id, label: option.name }))]}
            />
            {(["startsAt", "endsAt"] as const).map((name) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{name === "startsAt" ? "Starts" : "Ends"}</FormLabel>
                    <FormControl>
                      <Input type="datetime-local" step={60} {...field} />
                    </FormControl>
                    <FormDescription>{timeZone} time</FormDescription>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
          </div>
          <div className="grid gap-2">
            <p className="text-sm font-medium" id="announcement-preview-heading">
              Preview
            </p>
            <div className="bg-background rounded-lg border border-dashed p-3" aria-labelledby="announcement-preview-heading">
              {message.trim() ? (
                <AnnouncementsBanner
                  label="Preview of the announcement"
                  announcements={[
                    { id: "preview", message: message.trim(), severity, cinema: cinema ? { slug: cinema.id, name: cinema.name } : null },
                  ]}
                />
              ) : (
                <p className="text-muted-foreground text-sm">Write a message to see how it looks on the site.</p>
              )}
            </div>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" disabled={pending || conflict !== null} aria-busy={pending}>
              {pending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              {editing ? "Save changes" : "Create announcement"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}

/** A labelled select for one of the form's fields; the cinema's "All cinemas" option stands for null. */
function SelectField({
  control,
  name,
  label,
  options,
}: {
  control: Control<AnnouncementFormValues>;
  name: "severity" | "cinemaId";
  label: string;
  options: { value: string; label: string }[];
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <Select value={field.value ?? ALL_CINEMAS} onValueChange={(value) => field.onChange(value === ALL_CINEMAS ? null : value)}>
            <FormControl>
              <SelectTrigger className="w-full" onBlur={field.onBlur} ref={field.ref}>
                <SelectValue />
              </SelectTrigger>
            </FormControl>
            <SelectContent>
              {options.map((option) => (
                <SelectItem key={option.value} value={option.value}>
                  {option.label}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
