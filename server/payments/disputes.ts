// Disputes (chargebacks): the customer asked their bank for the money back. Marquee can't answer a dispute itself
// (evidence goes to the provider's dashboard), so a recorded dispute flags the order for staff; the payment's status
// is left as it is, because the money only moves if the bank decides against the cinema.
import { flagOrder, type PaymentRow, type Transaction } from "./context";
import type { ProviderEvent } from "./provider";

export const DISPUTE_EVENT = "payment.disputed";

export async function applyDispute(tx: Transaction, payment: PaymentRow, event: ProviderEvent) {
  await flagOrder(tx, payment.orderId);
  return { kind: "noted" as const, paymentId: payment.id, note: `dispute recorded${event.failureReason ? ` (${event.failureReason})` : ""}; order flagged for staff` };
}
