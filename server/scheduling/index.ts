// The screenings scheduler: a cinema's week (one lane per hall), runs of screenings with every conflict shown before
// saving, moving and editing screenings within what keeps sold tickets valid, publishing a week, and cancelling a
// screening with refunds. README.md beside this file describes each call and the rules. Imports neither tRPC, Next,
// next-auth nor Inngest: the "screening/cancelled" function (inngest/functions/screening-cancellation.ts) calls the
// exported steps.
import { createCancellations } from "./cancellation";
import { createSchedulingContext, type SchedulingDeps } from "./context";
import { createEdits } from "./edit";
import { createNotifications } from "./notifications";
import { createRuns } from "./runs";
import { createTiming } from "./timing";
import { createWeek } from "./week";

export type { SchedulingDeps, SchedulingOptions } from "./context";
export { defaultSchedulingOptions, SCREENING_CONFLICT_MESSAGE } from "./context";
export { blockOf } from "./timing";
export { insertScreening, isHallOverlap, type ScreeningRow } from "./insert";
export { mondayOf } from "./week";
export type * from "./schemas";
export { PLAN_BY_TIME_BAND } from "./schemas";

export function createScheduling(deps: SchedulingDeps) {
  const ctx = createSchedulingContext(deps);
  const timing = createTiming(ctx);
  const notifications = createNotifications(ctx);
  const runs = createRuns(ctx, timing);
  const week = createWeek(ctx);
  const edits = createEdits(ctx, timing, notifications);
  const cancellations = createCancellations(ctx, notifications);
  return {
    // ── The week (/admin/screenings) ──
    weekView: week.weekView,
    choices: week.choices,
    publishWeek: week.publishWeek,
    // ── Block timing: pre-show and cleaning minutes per cinema, overridable per hall ──
    preShowMinutesFor: timing.preShowMinutesFor,
    cleaningMinutesFor: timing.cleaningMinutesFor,
    timingSettings: timing.timingSettings,
    setTiming: timing.setTiming,
    // ── Scheduling ──
    previewRun: runs.previewRun,
    createRun: runs.createRun,
    createScreening: runs.createScreening,
    updateScreening: edits.updateScreening,
    // ── Cancelling ("screening/cancelled" → ordersToSettle → settleCancelledOrder each → finishCancellation) ──
    cancelScreening: cancellations.cancelScreening,
    ordersToSettle: cancellations.ordersToSettle,
    settleCancelledOrder: cancellations.settleCancelledOrder,
    finishCancellation: cancellations.finishCancellation,
    /** All the steps at once: the page's "Finish now" button, a periodic job, or the fallback when the engine is down. */
    processCancellation: cancellations.processCancellation,
    cancellationProgress: cancellations.cancellationProgress,
  };
}

export type Scheduling = ReturnType<typeof createScheduling>;
