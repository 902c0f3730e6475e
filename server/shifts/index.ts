// Tills, shifts and cash-up (issue 11): a staff member's session at a till from the counted float to the cash-up,
// its cash movements, X and Z reports. See README.md for the API and the invariants.
import { createCash } from "./cash";
import { createClosing } from "./close";
import { createShiftsContext, type ShiftsDeps } from "./context";
import { createOpening } from "./open";
import { createReports } from "./reports";

export type { ShiftsDeps, ShiftsOptions } from "./context";
export { shiftRequired } from "./open";

export function createShifts(deps: ShiftsDeps) {
  const ctx = createShiftsContext(deps);
  const opening = createOpening(ctx);
  const cash = createCash(ctx);
  const closing = createClosing(ctx);
  const reports = createReports(ctx);
  return {
    options: ctx.options,
    tills: opening.tills,
    currentShift: opening.currentShift,
    requireOpenShift: opening.requireOpenShift,
    open: opening.open,
    recent: opening.recent,
    recordMovement: cash.recordMovement,
    correct: cash.correct,
    close: closing.close,
    signOff: closing.signOff,
    report: reports.shiftReport,
    zReport: reports.zReport,
  };
}

export type Shifts = ReturnType<typeof createShifts>;
