// Runs of screenings: a film in a hall at the same times on chosen days between two dates. previewRun expands a run
// and reports every conflict (with screenings already in the hall, cleaning time and pre-show included, and between
// the run's own screenings) before anything is saved; createRun saves all of it or nothing.
import { addDaysToKey } from "@/server/catalogue/days";
import { badRequest, conflict } from "@/server/errors";
import { formatLongDate, formatTime } from "@/server/format";
import { instantToWallClock, wallClockToInstant } from "@/server/programme/wall-clock";
import type { SchedulingContext } from "./context";
import { insertScreening } from "./insert";
import { MAX_RUN_SCREENINGS, PLAN_BY_TIME_BAND, type RunConflict, type RunInput, type RunPreview, type ScreeningCreateValues } from "./schemas";
import { blockOf, type Timing } from "./timing";

interface Candidate {
  startsAt: Date;
  featureStartsAt: Date;
  endsAt: Date;
  preShowMinutes: number;
  cleaningMinutes: number;
  pricePlanId: string;
  pricePlanName: string;
}

const overlaps = (a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }) => a.startsAt < b.endsAt && b.startsAt < a.endsAt;

export function createRuns(ctx: SchedulingContext, timing: Timing) {
  const { db } = ctx;

  async function context(run: Pick<RunInput, "filmId" | "hallId" | "pricePlanId">) {
    const [film, hall, plan] = await Promise.all([
      db.film.findUnique({ where: { id: run.filmId }, select: { id: true, title: true, runtimeMinutes: true, status: true } }),
      db.hall.findUnique({ where: { id: run.hallId }, select: { id: true, name: true, cinemaId: true, cinema: { select: { timeZone: true } } } }),
      run.pricePlanId === PLAN_BY_TIME_BAND
        ? null
        : db.pricePlan.findUnique({ where: { id: run.pricePlanId }, select: { id: true, name: true, cinemaId: true, active: true } }),
    ]);
    if (!film) throw badRequest("Choose a film.", { field: "filmId" });
    // A draft film may be scheduled ahead (customers see neither it nor its screenings until it is published); an
    // archived one is finished.
    if (film.status === "ARCHIVED") throw badRequest(`${film.title} is archived: publish it again before scheduling it.`, { field: "filmId" });
    if (!hall) throw badRequest("Choose a hall.", { field: "hallId" });
    if (run.pricePlanId !== PLAN_BY_TIME_BAND && (!plan || plan.cinemaId !== hall.cinemaId || !plan.active)) {
      throw badRequest("Choose one of this cinema's active price plans.", { field: "pricePlanId" });
    }
    return { film, hall, plan, timeZone: hall.cinema.timeZone };
  }

  /** The run's start times, in order, on the cinema's wall clock. */
  function startTimes(run: RunInput, timeZone: string): Date[] {
    const starts: Date[] = [];
    const times = [...run.times].sort();
    for (let day = run.fromDate; day <= run.toDate; day = addDaysToKey(day, 1)) {
      const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
      if (!run.daysOfWeek.includes(weekday)) continue;
      for (const time of times) {
        starts.push(wallClockToInstant(`${day}T${time}`, timeZone));
        if (starts.length > MAX_RUN_SCREENINGS) {
          throw badRequest(`A run can have at most ${MAX_RUN_SCREENINGS} screenings: shorten the dates or choose fewer times.`, { field: "toDate" });
        }
      }
    }
    if (starts.length === 0) throw badRequest("None of the chosen days falls between the dates.", { field: "daysOfWeek" });
    return starts;
  }

  async function expand(run: RunInput) {
    const { film, hall, plan, timeZone } = await context(run);
    const starts = startTimes(run, timeZone);
    const now = ctx.now();
    if (starts[0]! <= now) throw badRequest("A screening can't start in the past.", { field: "fromDate" });
    const onSaleAt = run.onSaleAt ? wallClockToInstant(run.onSaleAt, timeZone) : null;
    if (onSaleAt && onSaleAt >= starts[0]!) throw badRequest("Tickets must go on sale before the first screening starts.", { field: "onSaleAt" });
    const cleaningMinutes = await timing.cleaningMinutesFor({ cinemaId: hall.cinemaId, hallId: hall.id });
    const candidates: Candidate[] = [];
    for (const startsAt of starts) {
      const preShowMinutes = await timing.preShowMinutesFor({ cinemaId: hall.cinemaId, hallId: hall.id, startsAt });
      const block = blockOf(startsAt, { preShowMinutes, runtimeMinutes: film.runtimeMinutes, cleaningMinutes });
      const pricePlan = plan ?? (await ctx.prices.suggestPricePlan({ cinemaId: hall.cinemaId, format: run.format, startsAt }));
      if (!pricePlan) {
        throw badRequest(
          `No active price plan of this cinema fits ${formatLongDate(startsAt, timeZone)} ${formatTime(startsAt, timeZone)} (${run.format}): add one under Prices or choose a plan.`,
          { field: "pricePlanId" },
        );
      }
      candidates.push({ startsAt, featureStartsAt: block.featureStartsAt, endsAt: block.endsAt, preShowMinutes, cleaningMinutes, pricePlanId: pricePlan.id, pricePlanName: pricePlan.name });
    }
    return { film, hall, timeZone, candidates, onSaleAt, cleaningMinutes };
  }

  async function conflictsOf(expanded: Awaited<ReturnType<typeof expand>>, reader: Pick<typeof db, "screening"> = db): Promise<RunConflict[]> {
    const { candidates, hall, timeZone } = expanded;
    const first = candidates[0]!.startsAt;
    const last = candidates[candidates.length - 1]!.endsAt;
    const existing = await reader.screening.findMany({
      where: { hallId: hall.id, status: { not: "CANCELLED" }, startsAt: { lt: last }, endsAt: { gt: first } },
      orderBy: { startsAt: "asc" },
      select: { id: true, startsAt: true, endsAt: true, film: { select: { title: true } } },
    });
    const when = (date: Date) => `${formatLongDate(date, timeZone)} ${formatTime(date, timeZone)}`;
    const conflicts: RunConflict[] = [];
    for (const candidate of candidates) {
      for (const other of existing.filter((row) => overlaps(candidate, row))) {
        conflicts.push({
          startsAt: candidate.startsAt,
          endsAt: candidate.endsAt,
          kind: "existing",
          withFilmTitle: other.film.title,
          withStartsAt: other.startsAt,
          withEndsAt: other.endsAt,
          withScreeningId: other.id,
          message: `${when(candidate.startsAt)}: ${hall.name} is taken by ${other.film.title} (${formatTime(other.startsAt, timeZone)}–${formatTime(other.endsAt, timeZone)}, pre-show and cleaning included).`,
        });
      }
    }
    for (let i = 0; i < candidates.length; i++) {
      for (let j = i + 1; j < candidates.length && candidates[j]!.startsAt < candidates[i]!.endsAt; j++) {
        const [a, b] = [candidates[i]!, candidates[j]!];
        conflicts.push({
          startsAt: b.startsAt,
          endsAt: b.endsAt,
          kind: "within-run",
          withFilmTitle: expanded.film.title,
          withStartsAt: a.startsAt,
          withEndsAt: a.endsAt,
          withScreeningId: null,
          message: `${when(b.startsAt)}: overlaps this run's own screening at ${formatTime(a.startsAt, timeZone)} (it ends at ${formatTime(a.endsAt, timeZone)}).`,
        });
      }
    }
    return conflicts;
  }

  async function previewRun(run: RunInput): Promise<RunPreview> {
    const expanded = await expand(run);
    const conflicts = await conflictsOf(expanded);
    const clashing = (c: Candidate) => conflicts.filter((x) => x.startsAt.getTime() === c.startsAt.getTime()).length;
    return {
      screenings: expanded.candidates.map((c) => ({
        startsAt: c.startsAt,
        featureStartsAt: c.featureStartsAt,
        endsAt: c.endsAt,
        startsAtLocal: instantToWallClock(c.startsAt, expanded.timeZone),
        conflicts: clashing(c),
        pricePlanName: c.pricePlanName,
      })),
      conflicts,
      preShowMinutes: expanded.candidates[0]!.preShowMinutes,
      runtimeMinutes: expanded.film.runtimeMinutes,
      cleaningMinutes: expanded.cleaningMinutes,
    };
  }

  /**
   * Saves the whole run in one transaction, as drafts (unpublished), or nothing: any conflict refuses it with the
   * first clash named. The exclusion constraint still has the last word if someone schedules into the hall meanwhile.
   */
  async function createRun(run: RunInput & { actorId: string }): Promise<{ screeningIds: string[] }> {
    const expanded = await expand(run);
    const conflicts = await conflictsOf(expanded);
    if (conflicts.length > 0) {
      throw conflict(
        conflicts.length === 1 ? conflicts[0]!.message : `${conflicts.length} conflicts, the first: ${conflicts[0]!.message}`,
        { reason: "HALL_OVERLAP", conflicts: conflicts.length },
      );
    }
    const onSaleAt = expanded.onSaleAt;
    return db.$transaction(async (tx) => {
      const screeningIds: string[] = [];
      for (const candidate of expanded.candidates) {
        const { id } = await insertScreening(
          tx,
          {
            filmId: run.filmId,
            hallId: run.hallId,
            pricePlanId: candidate.pricePlanId,
            format: run.format,
            audioLanguage: run.audioLanguage,
            subtitleLanguage: run.subtitleLanguage || null,
            startsAt: candidate.startsAt,
            endsAt: candidate.endsAt,
            preShowMinutes: candidate.preShowMinutes,
            cleaningMinutes: candidate.cleaningMinutes,
            onSaleAt,
            publishedAt: null,
          },
          db,
        );
        screeningIds.push(id);
      }
      await ctx.audit.record(
        {
          actorId: run.actorId,
          action: screeningIds.length === 1 ? "screening.created" : "screening.run_created",
          entityType: "Screening",
          entityId: screeningIds[0]!,
          details: {
            before: null,
            after: {
              screeningIds,
              filmId: run.filmId,
              hallId: run.hallId,
              pricePlanIds: expanded.candidates.map((c) => c.pricePlanId),
              format: run.format,
              audioLanguage: run.audioLanguage,
              subtitleLanguage: run.subtitleLanguage || null,
              starts: expanded.candidates.map((c) => c.startsAt.toISOString()),
              onSaleAt: onSaleAt?.toISOString() ?? null,
            },
          },
        },
        tx,
      );
      return { screeningIds };
    });
  }

  /** One screening: a run of one day and one time. */
  async function createScreening(input: ScreeningCreateValues & { actorId: string }): Promise<{ screeningId: string }> {
    const [day, time] = input.startsAt.split("T") as [string, string];
    const { screeningIds } = await createRun({
      ...input,
      daysOfWeek: [new Date(`${day}T12:00:00Z`).getUTCDay()],
      times: [time],
      fromDate: day,
      toDate: day,
    });
    return { screeningId: screeningIds[0]! };
  }

  return { previewRun, createRun, createScreening };
}
