"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { Ban, CircleAlert, Loader2, RefreshCw } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { formatLongDate, formatTime } from "@/server/format";
import { type ScheduleBlock, screeningEditSchema, type ScreeningEditValues } from "@/server/scheduling/schemas";
import { RecordDialog } from "./record-dialog";
import { ScreeningFields } from "./screening-fields";

const FIELDS = ["filmId", "hallId", "pricePlanId", "format", "audioLanguage", "subtitleLanguage", "startsAt", "onSaleAt"] as const;
const LOCKED_WITH_SALES = ["filmId", "hallId", "format", "audioLanguage", "subtitleLanguage"];

/** One screening: its details, moving or editing it (admins), cancelling it, and a cancellation's progress. */
export function ScreeningDialog({
  block,
  onOpenChange,
  cinemaId,
  timeZone,
  canEdit,
  onSaved,
}: {
  block: ScheduleBlock | null;
  onOpenChange: (open: boolean) => void;
  cinemaId: string;
  timeZone: string;
  canEdit: boolean;
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={block !== null} onOpenChange={onOpenChange} className="sm:max-w-3xl">
      {(closeThen) =>
        block ? <ScreeningPanel block={block} cinemaId={cinemaId} timeZone={timeZone} canEdit={canEdit} onSaved={onSaved} onDone={() => closeThen(onSaved)} /> : null
      }
    </RecordDialog>
  );
}

function ScreeningPanel({
  block,
  cinemaId,
  timeZone,
  canEdit,
  onSaved,
  onDone,
}: {
  block: ScheduleBlock;
  cinemaId: string;
  timeZone: string;
  canEdit: boolean;
  onSaved: () => Promise<unknown>;
  onDone: () => Promise<void>;
}) {
  const cancelled = block.status === "CANCELLED";
  const when = `${formatLongDate(block.startsAt, timeZone)}, ${formatTime(block.startsAt, timeZone)}–${formatTime(block.endsAt, timeZone)}`;
  return (
    <>
      <DialogHeader>
        <DialogTitle>{block.filmTitle}</DialogTitle>
        <DialogDescription>
          {when}. Pre-show {block.preShowMinutes} min, film {formatTime(block.featureStartsAt, timeZone)}–{formatTime(block.featureEndsAt, timeZone)},
          cleaning {block.cleaningMinutes} min.
        </DialogDescription>
      </DialogHeader>
      <p className="flex flex-wrap gap-2 text-sm">
        <Badge variant={cancelled ? "destructive" : "secondary"}>{cancelled ? "Cancelled" : "Scheduled"}</Badge>
        <Badge variant="outline">{block.publishedAt ? "Published" : "Draft"}</Badge>
        <Badge variant="outline">{block.sold} sold</Badge>
        {block.onSaleAt ? <Badge variant="outline">On sale from {formatLongDate(block.onSaleAt, timeZone)} {formatTime(block.onSaleAt, timeZone)}</Badge> : null}
      </p>
      {cancelled ? (
        <CancellationProgressPanel screeningId={block.id} canEdit={canEdit} onChanged={onSaved} />
      ) : canEdit ? (
        <>
          <EditForm block={block} cinemaId={cinemaId} timeZone={timeZone} onDone={onDone} />
          <CancelForm block={block} onCancelled={onSaved} />
        </>
      ) : (
        <p className="text-muted-foreground text-sm">Only admins can change or cancel screenings.</p>
      )}
    </>
  );
}

function EditForm({ block, cinemaId, timeZone, onDone }: { block: ScheduleBlock; cinemaId: string; timeZone: string; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.admin.screenings.choices.queryOptions({ cinemaId }));
  const [formError, setFormError] = useState<string | null>(null);
  const [stale, setStale] = useState<string | null>(null);
  const form = useForm<ScreeningEditValues>({
    ...validationModes,
    resolver: zodResolver(screeningEditSchema),
    defaultValues: {
      id: block.id,
      version: block.version,
      filmId: block.filmId,
      hallId: block.hallId,
      pricePlanId: block.pricePlanId,
      format: block.format,
      audioLanguage: block.audioLanguage,
      subtitleLanguage: block.subtitleLanguage,
      startsAt: block.startsAtLocal,
      onSaleAt: block.onSaleAtLocal,
    },
  });
  const update = useMutation(
    trpc.admin.screenings.update.mutationOptions({
      onSuccess: async ({ emailed }) => {
        toast.success(emailed > 0 ? `Screening saved; ${emailed} customers emailed the new time.` : "Screening saved.");
        await onDone();
      },
      onError: (error) => {
        if (error.data?.code === "CONFLICT" && /changed by someone else/.test(error.message)) setStale(error.message);
        else setFormError(applyServerError(form, error, FIELDS));
      },
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    update.mutate(values);
  });
  const hasSales = block.sold > 0;
  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="Edit screening">
        {stale ? (
          <Alert variant="destructive">
            <CircleAlert aria-hidden />
            <AlertTitle>Not saved</AlertTitle>
            <AlertDescription>
              <p>{stale}</p>
              <Button type="button" variant="outline" size="sm" onClick={onDone}>
                <RefreshCw aria-hidden /> Reload
              </Button>
            </AlertDescription>
          </Alert>
        ) : null}
        {formError ? (
          <Alert variant="destructive">
            <CircleAlert aria-hidden />
            <AlertTitle>Not saved</AlertTitle>
            <AlertDescription>{formError}</AlertDescription>
          </Alert>
        ) : null}
        {hasSales ? (
          <p className="text-muted-foreground text-sm">
            Tickets have been sold, so the film, hall, format and languages stay as they are. A new time is emailed to every customer who paid.
          </p>
        ) : null}
        <ScreeningFields control={form.control} choices={choices.data} locked={hasSales ? LOCKED_WITH_SALES : []} />
        <div className="grid gap-4 sm:grid-cols-2">
          <FormField
            control={form.control}
            name="startsAt"
            render={({ field }) => (
              <FormItem>
                <FormLabel>Starts (pre-show)</FormLabel>
                <FormControl>
                  <Input type="datetime-local" step={60} {...field} />
                </FormControl>
                <FormDescription>{timeZone} time; the film starts {block.preShowMinutes} min later.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
          <FormField
            control={form.control}
            name="onSaleAt"
            render={({ field }) => (
              <FormItem>
                <FormLabel>On sale from</FormLabel>
                <FormControl>
                  <Input type="datetime-local" step={60} value={field.value ?? ""} onChange={(event) => field.onChange(event.target.value || null)} />
                </FormControl>
                <FormDescription>Empty: as soon as it is published.</FormDescription>
                <FormMessage />
              </FormItem>
            )}
          />
        </div>
        <DialogFooter>
          <DialogClose asChild>
            <Button type="button" variant="outline">
              Close
            </Button>
          </DialogClose>
          <Button type="submit" disabled={update.isPending}>
            {update.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
            Save screening
          </Button>
        </DialogFooter>
      </form>
    </Form>
  );
}

function CancelForm({ block, onCancelled }: { block: ScheduleBlock; onCancelled: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [reason, setReason] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [started, setStarted] = useState(false);
  const cancel = useMutation(
    trpc.admin.screenings.cancel.mutationOptions({
      onSuccess: async () => {
        setStarted(true);
        toast.success("Screening cancelled. Refunds and emails are on their way.");
        await onCancelled();
      },
      onError: (e) => setError(e.message),
    }),
  );
  if (started) return <CancellationProgressPanel screeningId={block.id} canEdit onChanged={onCancelled} />;
  return (
    <section aria-labelledby="cancel-heading" className="border-destructive/40 grid gap-2 rounded-md border p-3">
      <h3 id="cancel-heading" className="text-destructive text-sm font-semibold">
        Cancel this screening
      </h3>
      <p className="text-muted-foreground text-sm">
        Sales stop at once. {block.sold > 0 ? `Every paid order (${block.sold} tickets) is refunded in full and its customer emailed; ` : ""}open baskets are
        released.
      </p>
      <label className="grid gap-1 text-sm font-medium">
        Reason (customers see it)
        <Input value={reason} onChange={(event) => setReason(event.target.value)} placeholder="e.g. a projector fault" />
      </label>
      {error ? (
        <p role="alert" className="text-destructive text-sm">
          {error}
        </p>
      ) : null}
      {confirming ? (
        <div className="flex flex-wrap items-center gap-2">
          <span className="text-sm font-medium">Cancel {block.filmTitle} and refund everyone?</span>
          <Button variant="destructive" disabled={cancel.isPending} onClick={() => cancel.mutate({ id: block.id, version: block.version, reason })}>
            {cancel.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <Ban aria-hidden />} Yes, cancel the screening
          </Button>
          <Button variant="outline" onClick={() => setConfirming(false)}>
            Keep it
          </Button>
        </div>
      ) : (
        <Button
          variant="outline"
          className="w-fit"
          onClick={() => {
            if (reason.trim().length < 3) setError("Say why (customers see it).");
            else {
              setError(null);
              setConfirming(true);
            }
          }}
        >
          <Ban aria-hidden /> Cancel screening…
        </Button>
      )}
    </section>
  );
}

/** The cancellation's progress, polled until every order is settled; failures listed; "Finish now" runs the steps here. */
function CancellationProgressPanel({ screeningId, canEdit, onChanged }: { screeningId: string; canEdit: boolean; onChanged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const progress = useQuery({
    ...trpc.admin.screenings.cancellation.queryOptions({ screeningId }),
    refetchInterval: (query) => (query.state.data && query.state.data.done ? false : 2_000),
  });
  const finish = useMutation(
    trpc.admin.screenings.finishCancellation.mutationOptions({
      onSuccess: async () => {
        await progress.refetch();
        await onChanged();
      },
      onError: (e) => toast.error(e.message),
    }),
  );
  const p = progress.data;
  if (!p) return progress.isLoading ? <Loader2 className="size-4 animate-spin" aria-label="Loading progress" /> : <p className="text-sm">No cancellation recorded.</p>;
  const settled = p.refunded + p.released + p.failed;
  return (
    <section aria-labelledby="cancellation-heading" className="grid gap-2 rounded-md border p-3">
      <h3 id="cancellation-heading" className="text-sm font-semibold">
        Cancellation {p.done ? "done" : "in progress"}
      </h3>
      <p className="text-muted-foreground text-sm">Reason: {p.reason}</p>
      <div role="status" aria-live="polite" className="text-sm">
        {settled} of {p.total} orders settled: {p.refunded} refunded, {p.released} released, {p.failed} failed; {p.emailed} customers emailed.
      </div>
      <progress className="w-full" max={Math.max(p.total, 1)} value={p.total === 0 ? 1 : settled} aria-label="Orders settled" />
      {p.failures.length > 0 ? (
        <ul className="text-destructive list-disc pl-5 text-sm" aria-label="Problems">
          {p.failures.map((f) => (
            <li key={f.orderId}>
              {f.reference}: {f.error}
            </li>
          ))}
        </ul>
      ) : null}
      {canEdit && (!p.done || p.failed > 0) ? (
        <Button variant="outline" className="w-fit" disabled={finish.isPending} onClick={() => finish.mutate({ cancellationId: p.cancellationId })}>
          {finish.isPending ? <Loader2 className="animate-spin" aria-hidden /> : <RefreshCw aria-hidden />} Finish now
        </Button>
      ) : null}
    </section>
  );
}
