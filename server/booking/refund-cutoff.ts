// Customers may refund a paid booking until refundCutoffMinutes (REFUND_CUTOFF_MINUTES, 60) before the show. The
// order page shows the same instant the refund request enforces.

/** The moment refunds close for a show starting at `startsAt`. */
export function refundCutoffAt(startsAt: Date, refundCutoffMinutes: number): Date {
  return new Date(startsAt.getTime() - refundCutoffMinutes * 60_000);
}

/** Whether a customer may still ask for a refund at `now`. */
export function refundsOpen(startsAt: Date, refundCutoffMinutes: number, now: Date): boolean {
  return now < refundCutoffAt(startsAt, refundCutoffMinutes);
}
