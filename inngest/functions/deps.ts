import type { Booking, ReconcileInput } from "@/server/booking";
import type { Scheduling } from "@/server/scheduling";

// What the functions need, injected so that tests run them against their own services (database, clock, provider).
export interface FunctionDeps {
  booking: () => Booking;
  /** Only the screening-cancellation function needs it (the booking functions' tests build deps without it). */
  scheduling?: () => Scheduling;
  /** Narrows the nightly reconciliation (tests share one database, so they keep it to their own screenings). */
  reconcileScope?: () => ReconcileInput;
}
