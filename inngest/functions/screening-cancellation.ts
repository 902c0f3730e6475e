import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// Settles a cancelled screening's orders one step each, so a provider failure retries only that order's refund
// (with backoff) and a re-delivered event finds the finished orders done. A refund payments gives up on is recorded
// as failed on its row (and flagged for the box office), never lost; finish marks the cancellation done.
export const createScreeningCancellation = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "screening-cancellation",
      triggers: [{ event: "screening/cancelled" }],
      idempotency: "event.data.cancellationId",
      retries: 5,
    },
    async ({ event, step }) => {
      const { cancellationId } = event.data as { screeningId: string; cancellationId: string };
      if (!deps.scheduling) throw new Error("screening-cancellation needs the scheduling module");
      const scheduling = deps.scheduling();
      const orderIds = await step.run("orders-to-settle", () => domainStep(() => scheduling.ordersToSettle({ cancellationId })));
      for (const orderId of orderIds) {
        await step.run(`settle-${orderId}`, () => domainStep(() => scheduling.settleCancelledOrder({ cancellationId, orderId })));
      }
      return step.run("finish", () => domainStep(() => scheduling.finishCancellation({ cancellationId })));
    },
  );
