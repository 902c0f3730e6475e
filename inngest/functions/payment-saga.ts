import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// On a verified, recorded payment: confirm the order (or recover it after expiry), issue the tickets, sell the seats
// and send the confirmation. settlePaidOrder re-checks every step in PostgreSQL and compensates (retake the seats or
// refund in full) when the order can't be completed, so a retry or a duplicate event does nothing twice.
export const createPaymentSaga = (deps: FunctionDeps) =>
  inngest.createFunction(
  {
    id: "payment-saga",
    triggers: [{ event: "order/payment.succeeded" }],
    idempotency: "event.data.paymentId",
    retries: 8,
  },
  async ({ event, step }) => {
    const { orderId, paymentId } = event.data as { orderId: string; paymentId: string };
    return step.run("settle-paid-order", () => domainStep(() => deps.booking().settlePaidOrder({ orderId, paymentId })));
  },
);
