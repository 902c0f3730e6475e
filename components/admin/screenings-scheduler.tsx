"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CalendarPlus, ChevronLeft, ChevronRight, Loader2, Send } from "lucide-react";
import { useCallback, useEffect, useState, useSyncExternalStore } from "react";
import { toast } from "sonner";
import { LoadError } from "@/components/layout/load-error";
import { Button } from "@/components/ui/button";
import { useTRPC } from "@/lib/trpc/client";
import { cn } from "@/lib/utils";
import { formatDay, formatTime } from "@/server/format";
import { instantToWallClock } from "@/server/programme/wall-clock";
import type { ScheduleBlock, WeekView } from "@/server/scheduling/schemas";
import { RunDialog } from "./run-dialog";
import { ScreeningDialog } from "./screening-dialog";
import { TimingSettingsPanel } from "./timing-settings";

const subscribeNever = () => () => {};

// The lanes show 08:00 to 02:00 the next morning: a late show's cleaning still fits.
const DAY_START_HOUR = 8;
const SPAN_HOURS = 18;
const HOURS = Array.from({ length: SPAN_HOURS / 2 }, (_, i) => DAY_START_HOUR + i * 2);

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Minutes of the cinema's wall clock since midnight of `day` (past 1440 for the small hours of the next day). */
function minutesInto(day: string, instant: Date, timeZone: string): number {
  const local = instantToWallClock(instant, timeZone);
  const days = (Date.parse(`${local.slice(0, 10)}T00:00:00Z`) - Date.parse(`${day}T00:00:00Z`)) / 86_400_000;
  return days * 1440 + Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

function isTypingTarget(target: EventTarget | null): boolean {
  const element = target as HTMLElement | null;
  return !!element && (element.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName));
}

/** The scheduler: a week per cinema, a lane per hall and day, blocks to edit, a "New run" dialog, publishing. */
export function ScreeningsScheduler({ initial, canEdit }: { initial: WeekView; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [cinemaId, setCinemaId] = useState(initial.cinema.id);
  const [weekStart, setWeekStart] = useState(initial.weekStart);
  const query = useQuery({
    ...trpc.admin.screenings.week.queryOptions({ cinemaId, weekStart }),
    initialData: cinemaId === initial.cinema.id && weekStart === initial.weekStart ? initial : undefined,
    staleTime: 5_000,
  });
  const week = query.data;
  const [runOpen, setRunOpen] = useState(false);
  const [editing, setEditing] = useState<ScheduleBlock | null>(null);
  const reload = useCallback(() => queryClient.invalidateQueries({ queryKey: trpc.admin.screenings.week.queryKey() }), [queryClient, trpc]);
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);

  const publish = useMutation(
    trpc.admin.screenings.publishWeek.mutationOptions({
      onSuccess: async ({ published }) => {
        toast.success(published === 0 ? "Nothing to publish: every screening of this week is already on the site." : `${published} screenings published.`);
        await reload();
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  const goWeek = useCallback((days: number) => setWeekStart((current) => addDays(current, days)), []);
  const goToday = useCallback(() => setWeekStart(initial.weekStart), [initial.weekStart]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target)) return;
      if (document.querySelector("[role=dialog]")) return;
      if (event.key === "ArrowLeft") goWeek(-7);
      else if (event.key === "ArrowRight") goWeek(7);
      else if (event.key === "t" || event.key === "T") goToday();
      else if ((event.key === "n" || event.key === "N") && canEdit) setRunOpen(true);
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [goWeek, goToday, canEdit]);

  // Once the open screening is cancelled (here or by someone else) the dialog shows it so: the block as clicked would
  // keep offering its edit and cancel forms. Otherwise it keeps the block as opened, whose version a save must match.
  const fresh = editing ? week?.lanes.flatMap((lane) => lane.blocks).find((block) => block.id === editing.id) : undefined;
  const shownBlock = fresh?.status === "CANCELLED" ? fresh : editing;

  const timeZone = week?.cinema.timeZone ?? initial.cinema.timeZone;
  const cinemaName = week?.cinema.name ?? initial.cinema.name;

  return (
    <div className="space-y-4" data-interactive={hydrated ? "true" : undefined}>
      <div className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1 text-sm font-medium">
          {/* Labelled by id, not by wrapping: a wrapping label's name would include every option's text. */}
          <label htmlFor="scheduler-cinema">Cinema</label>
          <select
            id="scheduler-cinema"
            className="border-input bg-background h-9 rounded-md border px-2 text-sm"
            value={cinemaId}
            onChange={(event) => setCinemaId(event.target.value)}
          >
            {initial.cinemas.map((cinema) => (
              <option key={cinema.id} value={cinema.id}>
                {cinema.name}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-center gap-1" role="group" aria-label="Week">
          <Button variant="outline" size="icon" aria-label="Previous week" aria-keyshortcuts="ArrowLeft" onClick={() => goWeek(-7)}>
            <ChevronLeft aria-hidden />
          </Button>
          <Button variant="outline" aria-keyshortcuts="T" onClick={goToday}>
            Today
          </Button>
          <Button variant="outline" size="icon" aria-label="Next week" aria-keyshortcuts="ArrowRight" onClick={() => goWeek(7)}>
            <ChevronRight aria-hidden />
          </Button>
        </div>
        <p className="text-sm font-medium" aria-live="polite">
          Week of {formatDay(new Date(`${weekStart}T12:00:00Z`), "UTC")}
          {query.isFetching ? <Loader2 className="ml-2 inline size-4 animate-spin" aria-label="Loading" /> : null}
        </p>
        {canEdit ? (
          <div className="ml-auto flex gap-2">
            <Button variant="outline" disabled={publish.isPending || !week} onClick={() => publish.mutate({ cinemaId, weekStart })}>
              <Send aria-hidden /> Publish week{week && week.unpublished > 0 ? ` (${week.unpublished} drafts)` : ""}
            </Button>
            <Button aria-keyshortcuts="N" onClick={() => setRunOpen(true)}>
              <CalendarPlus aria-hidden /> New run
            </Button>
          </div>
        ) : null}
      </div>
      <p className="text-muted-foreground text-xs">
        Shortcuts: <kbd className="rounded border px-1">←</kbd> / <kbd className="rounded border px-1">→</kbd> previous / next week,{" "}
        <kbd className="rounded border px-1">T</kbd> this week{canEdit ? <>, <kbd className="rounded border px-1">N</kbd> new run</> : null}. Times are{" "}
        {timeZone} time.
      </p>
      <Legend />

      {query.isError ? (
        <LoadError title="The week could not be loaded" message={query.error.message} onRetry={() => query.refetch()} />
      ) : !week ? (
        <div className="text-muted-foreground flex items-center gap-2 text-sm">
          <Loader2 className="size-4 animate-spin" aria-hidden /> Loading the week…
        </div>
      ) : week.lanes.length === 0 ? (
        <p className="text-muted-foreground text-sm">{cinemaName} has no halls yet.</p>
      ) : (
        <WeekGrid week={week} onOpen={setEditing} />
      )}

      <details className="rounded-md border p-3">
        <summary className="cursor-pointer text-sm font-medium">Pre-show and cleaning minutes for new screenings</summary>
        <div className="mt-3">
          <TimingSettingsPanel cinemaId={cinemaId} canEdit={canEdit} />
        </div>
      </details>

      {canEdit && week ? (
        <RunDialog open={runOpen} onOpenChange={setRunOpen} cinemaId={week.cinema.id} timeZone={timeZone} defaultDay={weekStart} onSaved={reload} />
      ) : null}
      <ScreeningDialog
        block={shownBlock}
        onOpenChange={(open) => (open ? null : setEditing(null))}
        cinemaId={cinemaId}
        timeZone={timeZone}
        canEdit={canEdit}
        onSaved={reload}
      />
    </div>
  );
}

function Legend() {
  return (
    <ul className="text-muted-foreground flex flex-wrap gap-4 text-xs" aria-label="Block legend">
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-3 w-5 rounded-sm bg-amber-300" aria-hidden /> Pre-show (adverts, trailers)
      </li>
      <li className="flex items-center gap-1.5">
        <span className="bg-primary inline-block h-3 w-5 rounded-sm" aria-hidden /> Film
      </li>
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-3 w-5 rounded-sm bg-zinc-400" aria-hidden /> Cleaning
      </li>
      <li className="flex items-center gap-1.5">
        <span className="inline-block h-3 w-5 rounded-sm border-2 border-dashed border-zinc-500" aria-hidden /> Draft (not published)
      </li>
    </ul>
  );
}

function WeekGrid({ week, onOpen }: { week: WeekView; onOpen: (block: ScheduleBlock) => void }) {
  const zone = week.cinema.timeZone;
  return (
    <div className="overflow-x-auto rounded-md border">
      <div className="min-w-[56rem]">
        <div className="bg-muted/50 grid grid-cols-[9rem_1fr] border-b text-xs">
          <div className="px-2 py-1 font-medium">Day · hall</div>
          <div className="relative h-6" aria-hidden>
            {HOURS.map((hour) => (
              <span key={hour} className="text-muted-foreground absolute top-1 -translate-x-1/2" style={{ left: `${((hour - DAY_START_HOUR) / SPAN_HOURS) * 100}%` }}>
                {String(hour % 24).padStart(2, "0")}:00
              </span>
            ))}
          </div>
        </div>
        {week.days.map((day) => {
          const dayLabel = formatDay(new Date(`${day}T12:00:00Z`), "UTC");
          return (
            <section key={day} aria-label={dayLabel} className="border-b last:border-b-0">
              <h3 className="bg-muted/40 border-b px-2 py-0.5 text-xs font-semibold">{dayLabel}</h3>
              {week.lanes.map((lane) => (
                <div key={lane.hallId} className="grid grid-cols-[9rem_1fr] border-b border-dashed border-zinc-200 last:border-b-0">
                  <div className="text-muted-foreground flex items-center border-r px-2 text-xs">{lane.hallName}</div>
                  <div className="relative h-10" role="list" aria-label={`${lane.hallName}, ${dayLabel}`}>
                    {HOURS.map((hour) => (
                      <span
                        key={hour}
                        aria-hidden
                        className="absolute inset-y-0 border-l border-dashed border-zinc-200"
                        style={{ left: `${((hour - DAY_START_HOUR) / SPAN_HOURS) * 100}%` }}
                      />
                    ))}
                    {lane.blocks
                      .filter((block) => dayOf(block.startsAt, zone, day))
                      .map((block) => (
                        <BlockButton key={block.id} block={block} day={day} zone={zone} hallName={lane.hallName} onOpen={onOpen} />
                      ))}
                  </div>
                </div>
              ))}
            </section>
          );
        })}
      </div>
    </div>
  );
}

/** Whether the block starts on `day` in the zone, or in the small hours after it (shown at the right of the day). */
function dayOf(instant: Date, zone: string, day: string): boolean {
  const minutes = minutesInto(day, instant, zone);
  return minutes >= DAY_START_HOUR * 60 && minutes < (DAY_START_HOUR + SPAN_HOURS) * 60;
}

function BlockButton({
  block,
  day,
  zone,
  hallName,
  onOpen,
}: {
  block: ScheduleBlock;
  day: string;
  zone: string;
  hallName: string;
  onOpen: (block: ScheduleBlock) => void;
}) {
  const span = SPAN_HOURS * 60;
  const start = minutesInto(day, block.startsAt, zone) - DAY_START_HOUR * 60;
  const total = block.preShowMinutes + block.runtimeMinutes + block.cleaningMinutes;
  const cancelled = block.status === "CANCELLED";
  const draft = block.publishedAt === null && !cancelled;
  const label =
    `${block.filmTitle}, ${hallName}, ${formatDay(block.startsAt, zone)} ${formatTime(block.startsAt, zone)} to ${formatTime(block.endsAt, zone)}, ` +
    `film starts ${formatTime(block.featureStartsAt, zone)}, ${block.sold} sold, ${cancelled ? "cancelled" : draft ? "draft" : "published"}`;
  const pct = (minutes: number) => `${(minutes / total) * 100}%`;
  return (
    <button
      type="button"
      role="listitem"
      aria-label={label}
      title={label}
      onClick={() => onOpen(block)}
      className={cn(
        "focus-visible:ring-ring absolute inset-y-1 flex overflow-hidden rounded-sm text-left text-[11px] leading-tight text-white shadow-sm outline-none focus-visible:ring-2 focus-visible:ring-offset-1",
        draft && "outline-2 outline-offset-1 outline-zinc-500 outline-dashed",
        cancelled && "opacity-40",
      )}
      style={{ left: `${(start / span) * 100}%`, width: `${(total / span) * 100}%` }}
    >
      <span className="h-full shrink-0 bg-amber-300" style={{ width: pct(block.preShowMinutes) }} aria-hidden />
      <span className={cn("bg-primary h-full min-w-0 shrink-0 truncate px-1 py-0.5", cancelled && "line-through")} style={{ width: pct(block.runtimeMinutes) }} aria-hidden>
        <span className="block truncate font-semibold">{block.filmTitle}</span>
        <span className="block truncate opacity-90">
          {formatTime(block.featureStartsAt, zone)} · {block.sold} sold{draft ? " · draft" : ""}
        </span>
      </span>
      <span className="h-full shrink-0 bg-zinc-400" style={{ width: pct(block.cleaningMinutes) }} aria-hidden />
    </button>
  );
}
