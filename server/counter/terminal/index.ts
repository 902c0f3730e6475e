// Which card terminal the counter uses, by configuration: COUNTER_CARD_TERMINAL names it ("sandbox" is the only one
// built in, and the default outside production). A real provider adds its implementation of CardTerminal here and a
// name to choose it by; the sale code does not change.
import type { CardTerminal } from "./types";
import { createSandboxTerminal } from "./sandbox";

export type { CardChargeInput, CardChargeResult, CardRefundInput, CardRefundResult, CardTerminal } from "./types";
export { createSandboxTerminal } from "./sandbox";

/** A terminal that refuses everything: card sales are off until one is configured. */
function unconfiguredTerminal(name: string): CardTerminal {
  const reason = `No card terminal is configured (COUNTER_CARD_TERMINAL=${name || "unset"}).`;
  return {
    name: "No card terminal",
    simulated: false,
    async charge() {
      return { approved: false, reference: "none", declineReason: reason };
    },
    async refund() {
      return { refunded: false, reference: "none", failureReason: reason };
    },
  };
}

export function terminalFromEnvironment(environment: Record<string, string | undefined> = process.env): CardTerminal {
  const name = environment.COUNTER_CARD_TERMINAL ?? (environment.NODE_ENV === "production" ? "" : "sandbox");
  if (name === "sandbox") return createSandboxTerminal();
  return unconfiguredTerminal(name);
}
