import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// Sleeps until the order's deadline, unless it is paid first (cancelOn), then expires it with a conditional update
// and releases its seats. Holds expire by time anyway; this tidies up and tells the customer.
export const createOrderTimeout = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "order-timeout",
      triggers: [{ event: "order/checkout.started" }],
      cancelOn: [{ event: "order/payment.succeeded", if: "async.data.orderId == event.data.orderId" }],
      retries: 5,
    },
    async ({ event, step }) => {
      const { orderId, expiresAt } = event.data as { orderId: string; expiresAt: string };
      await step.sleepUntil("wait-for-deadline", new Date(expiresAt));
      return step.run("expire-order", () => domainStep(() => deps.booking().expireOrder({ orderId })));
    },
  );
