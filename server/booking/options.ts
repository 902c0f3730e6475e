import { env, paymentsProvider } from "@/server/config/env";

export interface BookingOptions {
  /** How long a customer has to pay once checkout starts (the seat holds are extended to the same deadline). */
  checkoutMinutes: number;
  /** Refunds are refused this close to the show. */
  refundCutoffMinutes: number;
  /** The reminder email goes out this long before the show. */
  reminderHoursBefore: number;
  /** Absolute base of the links in emails and of the provider's return URL, e.g. https://tickets.example.com. */
  appUrl: string;
  /** The payment provider new checkouts use. */
  paymentProvider: string;
  /** Provider failures on one refund before it is handed to staff (Refund.needsAttention). */
  maxRefundAttempts: number;
  /** How long a paid order may retake seats it lost to the clock (payment after expiry), per hold. */
  retakeHoldSeconds: number;
  /** Reconciliation leaves an order or payment alone this long, so it doesn't race the normal flow. */
  reconcileGraceSeconds: number;
  /** Most items of each kind one reconciliation run looks at (oldest first). */
  reconcileBatchSize: number;
  /** Once its payment has succeeded, an order's seats are kept this long (past the usual maximum) while it settles. */
  paidHoldSeconds: number;
}

export const defaultBookingOptions: Omit<BookingOptions, "appUrl"> = {
  checkoutMinutes: 10,
  refundCutoffMinutes: 60,
  reminderHoursBefore: 3,
  paymentProvider: "sandbox",
  maxRefundAttempts: 5,
  retakeHoldSeconds: 120,
  reconcileGraceSeconds: 120,
  reconcileBatchSize: 100,
  paidHoldSeconds: 24 * 3600,
};

export function bookingOptionsFromEnv(): BookingOptions {
  const settings = env();
  return {
    ...defaultBookingOptions,
    checkoutMinutes: settings.CHECKOUT_MINUTES,
    refundCutoffMinutes: settings.REFUND_CUTOFF_MINUTES,
    reminderHoursBefore: settings.REMINDER_HOURS_BEFORE,
    appUrl: settings.APP_URL,
    paymentProvider: paymentsProvider(settings),
  };
}
