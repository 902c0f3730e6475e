import type { BookingFeeMode, PriceBand } from "@/server/db/generated/enums";

/** How the admin reads a plan's time band (server/prices/bands.ts has the rules). */
export const bandLabels: Record<PriceBand, string> = {
  ANY: "Any time",
  MATINEE: "Matinee (weekdays before 17:00)",
  EVENING: "Evening (weekdays from 17:00)",
  WEEKEND: "Weekend (Sat and Sun)",
};

export const shortBandLabels: Record<PriceBand, string> = { ANY: "Any time", MATINEE: "Matinee", EVENING: "Evening", WEEKEND: "Weekend" };

export const feeModeLabels: Record<BookingFeeMode, string> = { PER_ORDER: "Per order", PER_TICKET: "Per ticket" };
