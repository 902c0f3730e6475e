import type { Booking } from "@/server/booking";

// What the functions need, injected so that tests run them against their own services (database, clock, provider).
export interface FunctionDeps {
  booking: () => Booking;
}
