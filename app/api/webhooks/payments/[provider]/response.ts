// How a payments webhook's outcome is said over HTTP, which is what the provider acts on: 2xx means "recorded (or
// knowingly ignored), stop"; 400/401 mean "not verifiable", so a genuine provider knows the fault is in the message;
// 404 means no such endpoint; 422 means "verified and recorded, but it makes no sense (rejected, staff told)": a
// genuine provider should not send it again as it is. A 500 (route.ts: we failed) makes it retry later. Pure, so tests answer the same way.
import type { WebhookAnswer, WebhookOutcome } from "@/server/payments";

const STATUS: Record<WebhookOutcome, number> = {
  "unknown-provider": 404,
  unverified: 401,
  malformed: 400,
  duplicate: 200,
  unmatched: 200,
  rejected: 422,
  recorded: 200,
};

export function webhookResponse(answer: WebhookAnswer): { status: number; body: Record<string, unknown> } {
  return { status: STATUS[answer.outcome], body: answer.body };
}
