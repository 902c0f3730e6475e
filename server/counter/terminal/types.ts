// The card terminal beside the till. A real provider (an integrated PIN pad, a cloud terminal API) implements this
// interface; the sale only ever talks to it through charge and refund, and keeps the terminal's reference on the
// Payment row (providerRef) so that a refund can find the charge again.
export interface CardChargeInput {
  /** Minor units. */
  amount: number;
  currency: string;
  /** The order's reference: what the terminal prints on its slip and the provider shows in its dashboard. */
  reference: string;
  /**
   * Only the sandbox reads this: the clerk plays the customer and chooses the outcome in the sandbox dialog. A real
   * terminal ignores it (the customer's card decides).
   */
  simulate?: "approve" | "decline";
}

export interface CardChargeResult {
  approved: boolean;
  /** The terminal's own reference for this charge (also for a decline, for the slip). */
  reference: string;
  declineReason?: string;
}

export interface CardRefundInput {
  /** The reference charge() returned. */
  chargeReference: string;
  amount: number;
  currency: string;
  /** Why, for the terminal's records. */
  reason: string;
}

export interface CardRefundResult {
  refunded: boolean;
  reference: string;
  failureReason?: string;
}

export interface CardTerminal {
  /** What the screens call it ("Sandbox terminal"). */
  readonly name: string;
  /** Whether the clerk chooses the outcome (the sale screen then shows the sandbox dialog). */
  readonly simulated: boolean;
  charge(input: CardChargeInput): Promise<CardChargeResult>;
  refund(input: CardRefundInput): Promise<CardRefundResult>;
}
