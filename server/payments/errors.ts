// Errors callers of the payments module tell apart.

/**
 * The provider did not complete a refund. The Refund row is FAILED with its attempt counted; calling
 * refundPayment again with the same idempotency key retries it (Inngest steps do so by throwing this on).
 */
export class RefundFailedError extends Error {
  readonly retryable = true;

  constructor(
    readonly refundId: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super("The refund could not be completed with the payment provider just now. It will be retried automatically.", options);
    this.name = "RefundFailedError";
  }
}

export function isRefundFailedError(error: unknown): error is RefundFailedError {
  // By name as well: Next can load this module twice in one process (see isAppError in server/errors.ts).
  return error instanceof RefundFailedError || (error instanceof Error && error.name === "RefundFailedError");
}
