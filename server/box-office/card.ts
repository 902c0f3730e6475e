// The card terminal as refunds and exchanges need it: `cardRefundsFromTerminal` puts these two calls over the
// counter's CardTerminal (server/counter/terminal), the one the sale screen charges, so a real provider plugs in once.
// The sandbox below approves everything unless told to decline, for tests.
import { randomBytes } from "node:crypto";
import type { CardTerminal } from "@/server/counter/terminal";
import type { Database } from "@/server/db";

export interface CardRefunds {
  /** Gives `amount` back to the card of a counter-card Payment. Idempotent on idempotencyKey. */
  refundCard(input: {
    /** A counter-card Payment's id, or the terminal's charge reference when no Payment row was written yet. */
    paymentId: string;
    amount: number;
    idempotencyKey: string;
    /** Needed when paymentId is a bare charge reference. */
    currency?: string;
  }): Promise<{ approved: boolean; reference: string | null }>;
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

/**
 * The counter's terminal behind the refund and exchange calls. Terminals have no idempotency keys of their own, so
 * answers are remembered per key in this process; across a restart the caller's own row (the Refund, the Exchange)
 * is what stops a second call, as it is for the web provider.
 */
export function cardRefundsFromTerminal({ db, terminal }: { db: Database; terminal: CardTerminal }): CardRefunds {
  const answers = new Map<string, Promise<{ approved: boolean; reference: string | null }>>();
  const once = (key: string, run: () => Promise<{ approved: boolean; reference: string | null }>) => {
    const seen = answers.get(key);
    if (seen) return seen;
    const answer = run().catch((error: unknown) => {
      answers.delete(key);
      throw error;
    });
    answers.set(key, answer);
    return answer;
  };
  return {
    refundCard: (input) =>
      once(input.idempotencyKey, async () => {
        const payment = await db.payment.findUnique({ where: { id: input.paymentId }, select: { providerRef: true, currency: true } });
        const chargeReference = payment?.providerRef ?? input.paymentId;
        const currency = payment?.currency ?? input.currency;
        if (!currency) throw new Error(`card refund ${input.idempotencyKey}: no currency for charge ${chargeReference}`);
        const result = await terminal.refund({ chargeReference, amount: input.amount, currency, reason: "Box office refund" });
        return { approved: result.refunded, reference: result.reference };
      }),
    chargeCard: (input) =>
      once(input.idempotencyKey, async () => {
        const result = await terminal.charge({ amount: input.amount, currency: input.currency, reference: input.idempotencyKey });
        return { approved: result.approved, reference: result.reference };
      }),
  };
}
