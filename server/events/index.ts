// The boundary between domain code and the workflow engine. Domain modules announce what happened through an
// EventPublisher; the app supplies the implementation when it wires the services (instrumentation.ts hands
// inngest/publisher.ts to configureServices), so nothing under server/ depends on the engine. Publishing can fail (the engine is down): callers that
// must not lose the step do it themselves instead (see server/payments), because the system stays correct without
// the workflow engine.

export interface DomainEvents {
  /** A checkout started: the order times out at expiresAt unless it is paid first. */
  "order/checkout.started": { orderId: string; expiresAt: string };
  /** A verified, recorded payment for the order's amount: confirm it (the payment saga). */
  "order/payment.succeeded": { orderId: string; paymentId: string };
  /** The order is paid and its tickets issued. */
  "order/confirmed": { orderId: string; screeningStartsAt: string };
  /** A customer asked for a refund that the rules allow; the refund row exists. */
  "order/refund.requested": { orderId: string; refundId: string };
  /** An admin cancelled a screening: refund, release and email every order it had (server/scheduling). */
  "screening/cancelled": { screeningId: string; cancellationId: string };
}

export type DomainEventName = keyof DomainEvents;

export interface EventPublisher {
  /** `id` makes the send idempotent: the engine ignores a second event with the same id. */
  publish<TName extends DomainEventName>(name: TName, data: DomainEvents[TName], options?: { id?: string }): Promise<void>;
}

/** For tests and tools that run without a workflow engine: keeps what was published. */
export function createRecordingPublisher(): EventPublisher & {
  published: Array<{ name: DomainEventName; data: unknown; id?: string }>;
} {
  const published: Array<{ name: DomainEventName; data: unknown; id?: string }> = [];
  return {
    published,
    async publish(name, data, options) {
      published.push({ name, data, id: options?.id });
    },
  };
}

/**
 * For a process that was given no engine: every publish fails, so callers take the path they take when the engine
 * is down (settle or refund inline, or leave the step to reconciliation) instead of losing the event silently.
 */
export function createUnavailablePublisher(): EventPublisher {
  return {
    async publish(name) {
      throw new Error(`No workflow engine is configured; "${name}" was not published`);
    },
  };
}
