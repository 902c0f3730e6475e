import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// A few hours before the show, remind the customer (once: sendReminder records it on the order).
export const createShowReminder = (deps: FunctionDeps) =>
  inngest.createFunction(
  { id: "show-reminder", triggers: [{ event: "order/confirmed" }], idempotency: "event.data.orderId" },
  async ({ event, step }) => {
    const { orderId, screeningStartsAt } = event.data as { orderId: string; screeningStartsAt: string };
    const hoursBefore = deps.booking().options.reminderHoursBefore;
    const remindAt = new Date(new Date(screeningStartsAt).getTime() - hoursBefore * 60 * 60 * 1000);
    if (remindAt.getTime() > Date.now()) await step.sleepUntil("wait-until-reminder-time", remindAt);
    return step.run("send-reminder", () => domainStep(() => deps.booking().sendReminder({ orderId })));
  },
);
