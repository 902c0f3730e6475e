// The card terminal as refunds and exchanges need it. The counter's terminal (server/counter) implements these two
// calls for a real provider; the sandbox below approves everything unless told to decline, for tests and the demo.
import { randomBytes } from "node:crypto";

export interface CardRefunds {
  /** Gives `amount` back to the card of a counter-card Payment. Idempotent on idempotencyKey. */
  refundCard(input: { paymentId: string; amount: number; idempotencyKey: string }): Promise<{ approved: boolean; reference: string | null }>;
  /** Takes `amount` on the terminal (an exchange's difference). Idempotent on idempotencyKey. */
  chargeCard(input: { amount: number; currency: string; idempotencyKey: string }): Promise<{ approved: boolean; reference: string | null }>;
}

export function createSandboxCardRefunds(options: { decline?: () => boolean } = {}): CardRefunds & { calls: Array<{ kind: string; amount: number; key: string }> } {
  const calls: Array<{ kind: string; amount: number; key: string }> = [];
  const answers = new Map<string, { approved: boolean; reference: string | null }>();
  const answer = (kind: string, amount: number, key: string) => {
    const seen = answers.get(key);
    if (seen) return seen;
    calls.push({ kind, amount, key });
    const approved = !(options.decline?.() ?? false);
    const result = { approved, reference: approved ? `sandbox-terminal-${randomBytes(6).toString("hex")}` : null };
    answers.set(key, result);
    return result;
  };
  return {
    calls,
    refundCard: async (input) => answer("refund", input.amount, input.idempotencyKey),
    chargeCard: async (input) => answer("charge", input.amount, input.idempotencyKey),
  };
}
