"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, Loader2 } from "lucide-react";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { applyServerError } from "@/components/auth/server-errors";
import { validationModes } from "@/components/forms/validation-modes";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Form, FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { useTRPC } from "@/lib/trpc/client";
import { formatDay, formatTime } from "@/server/format";
import { PLAN_BY_TIME_BAND, type RunFormValues, runFormSchema, type RunPreview, WEEKDAYS } from "@/server/scheduling/schemas";
import { RecordDialog } from "./record-dialog";
import { ScreeningFields } from "./screening-fields";

const FIELDS = [
  "filmId",
  "hallId",
  "pricePlanId",
  "format",
  "audioLanguage",
  "subtitleLanguage",
  "daysOfWeek",
  "times",
  "fromDate",
  "toDate",
  "onSaleAt",
] as const;

const screenings = (n: number) => (n === 1 ? "1 screening" : `${n} screenings`);

/** "18:00, 20:45" → ["18:00", "20:45"]. */
const parseTimes = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => (/^\d:\d\d$/.test(t) ? `0${t}` : t));

/** A run of screenings (or one): the form, a live preview of every screening and conflict, then save. */
export function RunDialog({
  open,
  onOpenChange,
  cinemaId,
  timeZone,
  defaultDay,
  onSaved,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  cinemaId: string;
  timeZone: string;
  defaultDay: string;
  onSaved: () => Promise<unknown>;
}) {
  return (
    <RecordDialog open={open} onOpenChange={onOpenChange} className="sm:max-w-3xl">
      {(closeThen) => <RunForm cinemaId={cinemaId} timeZone={timeZone} defaultDay={defaultDay} onDone={() => closeThen(onSaved)} />}
    </RecordDialog>
  );
}

function RunForm({ cinemaId, timeZone, defaultDay, onDone }: { cinemaId: string; timeZone: string; defaultDay: string; onDone: () => Promise<void> }) {
  const trpc = useTRPC();
  const choices = useQuery(trpc.admin.screenings.choices.queryOptions({ cinemaId }));
  const [formError, setFormError] = useState<string | null>(null);
  const [timesText, setTimesText] = useState("18:00");
  const form = useForm<RunFormValues>({
    ...validationModes,
    resolver: zodResolver(runFormSchema),
    defaultValues: {
      filmId: "",
      hallId: "",
      pricePlanId: PLAN_BY_TIME_BAND,
      format: "TWO_D",
      audioLanguage: "en",
      subtitleLanguage: null,
      daysOfWeek: [1, 2, 3, 4, 5, 6, 0],
      times: ["18:00"],
      fromDate: defaultDay,
      toDate: defaultDay,
      onSaleAt: null,
    },
  });
  const values = useWatch({ control: form.control });

  // The live preview: every change asks the server (debounced) what the run would create and what it clashes with.
  const preview = useMutation(trpc.admin.screenings.previewRun.mutationOptions());
  const [shown, setShown] = useState<{ preview: RunPreview | null; error: string | null }>({ preview: null, error: null });
  const serialized = JSON.stringify(values);
  useEffect(() => {
    const parsed = runFormSchema.safeParse(JSON.parse(serialized));
    if (!parsed.success) return;
    const timer = setTimeout(() => {
      preview.mutate(parsed.data, {
        onSuccess: (result) => setShown({ preview: result, error: null }),
        onError: (error) => setShown({ preview: null, error: error.message }),
      });
    }, 300);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the serialized values are the dependency
  }, [serialized]);

  const create = useMutation(
    trpc.admin.screenings.createRun.mutationOptions({
      onSuccess: async ({ screeningIds }) => {
        toast.success(`${screenings(screeningIds.length)} scheduled as drafts. Publish the week to put them on sale.`);
        await onDone();
      },
      onError: (error) => setFormError(applyServerError(form, error, FIELDS)),
    }),
  );
  const onSubmit = form.handleSubmit((run) => {
    setFormError(null);
    create.mutate(run);
  });
  const conflicts = shown.preview?.conflicts ?? [];

  return (
    <>
      <DialogHeader>
        <DialogTitle>New run</DialogTitle>
        <DialogDescription>
          One film in one hall at the same times on the chosen days. Every conflict shows below before anything is saved; new screenings are drafts
          until the week is published.
        </DialogDescription>
      </DialogHeader>
      {formError ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden />
          <AlertTitle>Not scheduled</AlertTitle>
          <AlertDescription>{formError}</AlertDescription>
        </Alert>
      ) : null}
      {choices.isError ? <p className="text-destructive text-sm">{choices.error.message}</p> : null}
      <Form {...form}>
        <form onSubmit={onSubmit} noValidate className="grid gap-4" aria-label="New run">
          <ScreeningFields control={form.control} choices={choices.data} planByTimeBand />
          <fieldset className="grid gap-2">
            <legend className="mb-1 text-sm font-medium">Days of the week</legend>
            <FormField
              control={form.control}
              name="daysOfWeek"
              render={({ field }) => (
                <FormItem>
                  <div className="flex flex-wrap gap-3">
                    {WEEKDAYS.map((weekday) => (
                      <label key={weekday.value} className="flex items-center gap-1.5 text-sm">
                        <input
                          type="checkbox"
                          className="size-4"
                          checked={field.value.includes(weekday.value)}
                          onChange={(event) =>
                            field.onChange(event.target.checked ? [...field.value, weekday.value] : field.value.filter((d) => d !== weekday.value))
                          }
                        />
                        {weekday.short}
                      </label>
                    ))}
                  </div>
                  <FormMessage />
                </FormItem>
              )}
            />
          </fieldset>
          <div className="grid gap-4 sm:grid-cols-4">
            <FormField
              control={form.control}
              name="times"
              render={() => (
                <FormItem>
                  <FormLabel>Times</FormLabel>
                  <FormControl>
                    <Input
                      value={timesText}
                      autoComplete="off"
                      onChange={(event) => {
                        setTimesText(event.target.value);
                        form.setValue("times", parseTimes(event.target.value), { shouldValidate: form.formState.isSubmitted });
                      }}
                    />
                  </FormControl>
                  <FormDescription>Start of the pre-show, e.g. 14:00, 18:30</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
            {(["fromDate", "toDate"] as const).map((name) => (
              <FormField
                key={name}
                control={form.control}
                name={name}
                render={({ field }) => (
                  <FormItem>
                    <FormLabel>{name === "fromDate" ? "First date" : "Last date"}</FormLabel>
                    <FormControl>
                      <Input type="date" {...field} />
                    </FormControl>
                    <FormMessage />
                  </FormItem>
                )}
              />
            ))}
            <FormField
              control={form.control}
              name="onSaleAt"
              render={({ field }) => (
                <FormItem>
                  <FormLabel>On sale from</FormLabel>
                  <FormControl>
                    <Input type="datetime-local" step={60} value={field.value ?? ""} onChange={(event) => field.onChange(event.target.value || null)} />
                  </FormControl>
                  <FormDescription>Empty: when published. {timeZone}</FormDescription>
                  <FormMessage />
                </FormItem>
              )}
            />
          </div>

          <section aria-labelledby="run-preview-heading" className="bg-muted/40 grid gap-2 rounded-md border p-3">
            <h3 id="run-preview-heading" className="flex items-center gap-2 text-sm font-semibold">
              Preview {preview.isPending ? <Loader2 className="size-4 animate-spin" aria-label="Checking" /> : null}
            </h3>
            <div role="status" aria-live="polite" className="text-sm">
              {shown.error ? (
                <p className="text-destructive">{shown.error}</p>
              ) : !shown.preview ? (
                <p className="text-muted-foreground">Choose a film, hall and price plan to see the screenings.</p>
              ) : conflicts.length === 0 ? (
                <p className="flex items-center gap-1.5 text-emerald-700">
                  <CircleCheck className="size-4" aria-hidden /> {screenings(shown.preview.screenings.length)}, no conflicts. Each block:{" "}
                  {shown.preview.preShowMinutes} min pre-show + {shown.preview.runtimeMinutes} min film + {shown.preview.cleaningMinutes} min cleaning.
                </p>
              ) : (
                <p className="text-destructive font-medium">
                  {conflicts.length === 1 ? "1 conflict" : `${conflicts.length} conflicts`} in {screenings(shown.preview.screenings.length)}:
                  change the times or dates.
                </p>
              )}
            </div>
            {conflicts.length > 0 ? (
              <ul className="text-destructive max-h-40 list-disc overflow-y-auto pl-5 text-sm" aria-label="Conflicts">
                {conflicts.map((conflict, index) => (
                  <li key={index}>{conflict.message}</li>
                ))}
              </ul>
            ) : null}
            {shown.preview && shown.preview.screenings.length > 0 ? (
              <ul className="text-muted-foreground flex max-h-24 flex-wrap gap-x-3 gap-y-1 overflow-y-auto text-xs" aria-label="Screenings in this run">
                {shown.preview.screenings.map((s) => (
                  <li key={s.startsAtLocal} className={s.conflicts ? "text-destructive font-medium" : undefined}>
                    {formatDay(s.startsAt, timeZone)} {formatTime(s.startsAt, timeZone)} (film {formatTime(s.featureStartsAt, timeZone)}, {s.pricePlanName})
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <DialogFooter>
            <DialogClose asChild>
              <Button type="button" variant="outline">
                Close
              </Button>
            </DialogClose>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Schedule {shown.preview ? screenings(shown.preview.screenings.length) : "run"}
            </Button>
          </DialogFooter>
        </form>
      </Form>
    </>
  );
}
