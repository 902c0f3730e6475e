// The seat rules for a whole selection, checked when it is committed (web checkout, counter sale). Today hold.lua
// refuses a stranded seat on every hold, so a selection that exists already obeys the rules and there is nothing left
// to check here; the shifts work (issue 11) moves the single-gap rule from each click to this call and fills it in.
import type { StaffOverride } from "./types";

export async function checkSelectionRules(input: { screeningId: string; orderId: string; override?: StaffOverride }): Promise<void> {
  void input;
}
