// The sandbox card terminal: no card, no money. The clerk chooses approve or decline in the sale screen's sandbox
// dialog and the charge answers accordingly; a charge without a choice is approved (the benchmark and scripts).
// References are random, so two charges never share one; refunds always succeed unless told to fail (tests).
import { randomBytes } from "node:crypto";
import type { CardTerminal } from "./types";

export interface SandboxTerminalOptions {
  /** Refunds fail while this returns true (tests of what a failed refund leaves). */
  refundsFail?: () => boolean;
}

export function createSandboxTerminal(options: SandboxTerminalOptions = {}): CardTerminal & { charges: Map<string, { amount: number; refunded: number }> } {
  const charges = new Map<string, { amount: number; refunded: number }>();
  const ref = (prefix: string) => `${prefix}_${randomBytes(9).toString("base64url")}`;
  return {
    name: "Sandbox terminal",
    simulated: true,
    charges,
    async charge(input) {
      const reference = ref("sbx_card");
      if (input.simulate === "decline") return { approved: false, reference, declineReason: "Declined by the card issuer (sandbox)." };
      charges.set(reference, { amount: input.amount, refunded: 0 });
      return { approved: true, reference };
    },
    async refund(input) {
      const reference = ref("sbx_refund");
      const charge = charges.get(input.chargeReference);
      if (options.refundsFail?.()) return { refunded: false, reference, failureReason: "Terminal offline (sandbox)." };
      // The sandbox forgets charges on restart; a refund of one it no longer knows is still accepted.
      if (charge) charge.refunded += input.amount;
      return { refunded: true, reference };
    },
  };
}
