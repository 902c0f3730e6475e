import type { Booking, ReconcileInput } from "@/server/booking";

// What the functions need, injected so that tests run them against their own services (database, clock, provider).
export interface FunctionDeps {
  booking: () => Booking;
  /** Narrows the nightly reconciliation (tests share one database, so they keep it to their own screenings). */
  reconcileScope?: () => ReconcileInput;
}
