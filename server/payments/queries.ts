// Reading what the provider and the event log say, for reconciliation and staff.
import { notFound, preconditionFailed } from "@/server/errors";
import { paymentAtProviderSelect, type PaymentsContext } from "./context";
import type { ProviderPaymentStatus } from "./provider";

export function createQueries(ctx: PaymentsContext) {
  const { db } = ctx;

  async function providerStatus(input: { paymentId: string }): Promise<ProviderPaymentStatus> {
    const payment = await db.payment.findUnique({ where: { id: input.paymentId }, select: paymentAtProviderSelect });
    if (!payment) throw notFound("That payment");
    const provider = ctx.providerNamed(payment.provider);
    if (!provider) throw preconditionFailed(`The payment provider "${payment.provider}" is not configured here.`);
    return provider.status(payment.providerRef);
  }

  /**
   * Verified events staff must look at, newest first (booking's attention desk shows them): those that named no payment
   * we know, and those rejected as making no sense (rejectedReason says why; nothing acted on them).
   */
  async function unmatchedEvents(input: { limit?: number } = {}) {
    return db.paymentEvent.findMany({
      where: { OR: [{ paymentId: null }, { rejectedReason: { not: null } }] },
      orderBy: { receivedAt: "desc" },
      take: input.limit ?? 50,
      select: {
        id: true,
        provider: true,
        providerEventId: true,
        providerRef: true,
        type: true,
        amount: true,
        currency: true,
        rejectedReason: true,
        receivedAt: true,
      },
    });
  }

  return { providerStatus, unmatchedEvents };
}
