import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// Refunds through the provider; processRefund throws on a provider failure so the step is retried with backoff, and
// after its own attempt limit flags the refund and the order for staff.
export const createProcessRefund = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: "process-refund",
      triggers: [{ event: "order/refund.requested" }],
      idempotency: "event.data.refundId",
      retries: 5,
    },
    async ({ event, step }) => {
      const { refundId } = event.data as { orderId: string; refundId: string };
      return step.run("refund-through-provider", () => domainStep(() => deps.booking().processRefund({ refundId })));
    },
  );
