// Verified is not the same as sensible. A provider (or whoever holds its signing secret) can send a correctly signed
// event that PostgreSQL cannot store (a NUL character: text and jsonb refuse \u0000; a body nested tens of thousands
// of levels deep: serialising it overflows the stack) or that makes no sense for the payment it names (a refund of
// nothing, a refund of more than was paid). Failing on such an event with a 500 would make the provider retry it
// forever, and acting on it would corrupt the books. So it is kept as rejected evidence (PaymentEvent.rejectedReason),
// acted on by nothing, answered with a 4xx, and listed for staff.
import { createHash } from "node:crypto";
import type { ProviderEvent } from "./provider";

/** PaymentEvent.rejectedReason values. */
export const REJECTED_EVENT = {
  /** A refund event that names none of our refunds and doesn't say how much was refunded (or says 0). */
  refundAmountMissing: "REFUND_AMOUNT_MISSING",
  /** A refund event that would take the payment's refunds past what the payment took. */
  refundExceedsPayment: "REFUND_EXCEEDS_PAYMENT",
  /** An amount that is not a whole number of minor units within PostgreSQL's integer. */
  amountOutOfRange: "AMOUNT_OUT_OF_RANGE",
  /** The body is nested deeper than any provider's event (MAX_DEPTH). */
  tooDeep: "TOO_DEEP",
  /** A NUL character (\u0000) in the event id, a reference or any string of the body. */
  nulCharacter: "NUL_CHARACTER",
} as const;
export type RejectedReason = (typeof REJECTED_EVENT)[keyof typeof REJECTED_EVENT];

/** What the provider is told (the 4xx body) about each rejection. */
export const REJECTION_MESSAGE: Record<RejectedReason, string> = {
  REFUND_AMOUNT_MISSING: "refund event without a positive amount for a refund we don't know: rejected, not applied",
  REFUND_EXCEEDS_PAYMENT: "refund event larger than what is left of the payment: rejected, not applied",
  AMOUNT_OUT_OF_RANGE: "amount is not a whole number of minor units in range: rejected, not applied",
  TOO_DEEP: "event body is nested too deeply: rejected, not applied",
  NUL_CHARACTER: "event contains a NUL character: rejected, not applied",
};

/** Real providers' events nest a handful of levels (Stripe's about eight); anything past this is not an event. */
export const MAX_DEPTH = 64;

const NUL = "\u0000";
const hasNul = (value: string | null | undefined) => typeof value === "string" && value.includes(NUL);

/**
 * Walks a parsed body without recursion (so that depth itself can't overflow the stack) and says what is wrong with
 * it, if anything: too deep, or a NUL character in a key or a string.
 */
export function inspectBody(value: unknown, maxDepth = MAX_DEPTH): "TOO_DEEP" | "NUL_CHARACTER" | null {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (typeof current === "string") {
      if (current.includes(NUL)) return REJECTED_EVENT.nulCharacter;
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (depth >= maxDepth) return REJECTED_EVENT.tooDeep;
    if (Array.isArray(current)) {
      for (const item of current) stack.push({ value: item, depth: depth + 1 });
    } else {
      for (const [key, item] of Object.entries(current)) {
        if (key.includes(NUL)) return REJECTED_EVENT.nulCharacter;
        stack.push({ value: item, depth: depth + 1 });
      }
    }
  }
  return null;
}

/** NUL written out as the six characters `\u0000`, so that staff see where it was and PostgreSQL can store it. */
const printable = (value: string) => value.replaceAll(NUL, "\\u0000");

/**
 * The event as it can be stored, and why it must be rejected before anything looks at what it says (null: it is
 * storable and goes on to be judged against its payment). A rejected body is replaced by a digest and an excerpt.
 */
export function screenEvent(event: ProviderEvent, rawBody: string): { event: ProviderEvent; rejection: RejectedReason | null } {
  const fields = [event.id, event.type, event.providerRef, event.currency, event.refundRef, event.refundKey, event.failureReason];
  const rejection: RejectedReason | null = fields.some(hasNul)
    ? REJECTED_EVENT.nulCharacter
    : (inspectBody(event.payload) ??
      (event.amount !== null && !(Number.isSafeInteger(event.amount) && event.amount >= 0 && event.amount <= 2_147_483_647)
        ? REJECTED_EVENT.amountOutOfRange
        : null));
  if (!rejection) return { event, rejection: null };
  const storable: ProviderEvent = {
    id: printable(event.id),
    type: printable(event.type),
    providerRef: printable(event.providerRef),
    amount: rejection === REJECTED_EVENT.amountOutOfRange ? null : event.amount,
    currency: event.currency === null ? null : printable(event.currency),
    refundRef: event.refundRef == null ? null : printable(event.refundRef),
    refundKey: event.refundKey == null ? null : printable(event.refundKey),
    failureReason: event.failureReason == null ? null : printable(event.failureReason),
    payload: {
      rejected: rejection,
      sha256: createHash("sha256").update(rawBody).digest("hex"),
      bytes: Buffer.byteLength(rawBody, "utf8"),
      excerpt: printable(rawBody.slice(0, 2_000)),
    },
  };
  return { event: storable, rejection };
}
