// Which card terminal the counter uses, by configuration: COUNTER_CARD_TERMINAL names it ("sandbox" is the only one
// built in). Unset, the counter follows the web's payment sandbox (PAYMENTS_SANDBOX, on by default outside
// production): where the web takes pretend money, so does the counter. A real provider adds its implementation of
// CardTerminal here and a name to choose it by; the sale code does not change.
import { paymentsSandboxEnabled } from "@/server/config/env";
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

export function terminalFromEnvironment(configured: string | undefined = process.env.COUNTER_CARD_TERMINAL): CardTerminal {
  const name = configured?.trim() || (paymentsSandboxEnabled() ? "sandbox" : "");
  if (name === "sandbox") return createSandboxTerminal();
  return unconfiguredTerminal(name);
}
