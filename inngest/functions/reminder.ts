import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// A few hours before the show, remind the customer (once: sendReminder records it on the order, and says no to an
// order refunded since, a show already started, or a booking made inside the window).
export const createShowReminder = (deps: FunctionDeps) =>
  inngest.createFunction(
    { id: "show-reminder", triggers: [{ event: "order/confirmed" }], idempotency: "event.data.orderId" },
    async ({ event, step }) => {
      const { orderId, screeningStartsAt } = event.data as { orderId: string; screeningStartsAt: string };
      // Always the same step, even when the time has passed (it then returns at once): replays stay deterministic.
      await step.sleepUntil("wait-until-reminder-time", deps.booking().reminderTime(new Date(screeningStartsAt)));
      return step.run("send-reminder", () => domainStep(() => deps.booking().sendReminder({ orderId })));
    },
  );
