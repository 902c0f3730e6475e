import { isConfirmed } from "@/server/booking";
import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

const SAGA_ID = "payment-saga";

// On a verified, recorded payment, one retried step per stage: confirm the order (or recover it after expiry),
// issue the tickets, sell the seats, send the confirmation, announce it. Each step re-reads PostgreSQL and does
// nothing when its work is already done, so a retry or a duplicate event changes nothing. A stage that can't complete
// (the seats were lost, the payment no longer fits the order) compensates inside booking: the money goes back.
export const createPaymentSaga = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: SAGA_ID,
      triggers: [{ event: "order/payment.succeeded" }],
      idempotency: "event.data.paymentId",
      retries: 8,
    },
    async ({ event, step }) => {
      const booking = deps.booking;
      const input = event.data as { orderId: string; paymentId: string };
      const { orderId } = input;

      const confirmation = await step.run("confirm-order", () => domainStep(() => booking().confirmOrRecover(input)));
      if (!isConfirmed(confirmation)) return confirmation;

      await step.run("issue-tickets", () => domainStep(() => booking().issueTickets({ orderId })));
      const sale = await step.run("sell-seats", () => domainStep(() => booking().sellSeats({ orderId })));
      if (!sale.sold) return { outcome: sale.outcome, detail: sale.detail };

      try {
        await step.run("send-confirmation", () => domainStep(() => booking().sendConfirmation({ orderId })));
      } catch {
        // The tickets are sold and on the order page; reconciliation resends the email. Not worth undoing a sale.
      }
      await step.run("publish-confirmed", () => domainStep(() => booking().publishConfirmed({ orderId })));
      return confirmation;
    },
  );

// When a saga step fails for good (its retries spent), nothing may be left half-done: an order paid for but not sold
// is ended and refunded in full, with the customer told. An order already sold is left as it is.
export const createPaymentSagaCompensation = (deps: FunctionDeps) =>
  inngest.createFunction(
    {
      id: `${SAGA_ID}-compensation`,
      triggers: [{ event: "inngest/function.failed", if: `event.data.function_id == '${inngest.id}-${SAGA_ID}'` }],
      idempotency: "event.data.run_id",
      retries: 8,
    },
    async ({ event, step }) => {
      const failed = (event.data as { event?: { data?: { orderId?: string; paymentId?: string } } }).event?.data;
      if (!failed?.orderId || !failed.paymentId) return { outcome: "ignored", detail: "the failed run has no order" };
      const input = { orderId: failed.orderId, paymentId: failed.paymentId };
      return step.run("refund-undelivered", () => domainStep(() => deps.booking().compensateFailedSettlement(input)));
    },
  );
