// What every part of the scheduler shares: its dependencies, its clock and its defaults. The parts (timing.ts,
// runs.ts, …) are functions of this context; index.ts puts them together.
import type { AuditLog } from "@/server/audit";
import type { Booking } from "@/server/booking";
import type { Database } from "@/server/db";
import type { EventPublisher } from "@/server/events";
import type { Inventory } from "@/server/inventory";
import type { Prices } from "@/server/prices";
import type { Programme } from "@/server/programme";
import type { createMailer } from "@/server/mail";

export interface SchedulingOptions {
  /** Pre-show (adverts and trailers) minutes for a cinema without a setting of its own. */
  defaultPreShowMinutes: number;
  /** Cleaning minutes after the film for a cinema without a setting of its own. */
  defaultCleaningMinutes: number;
}

export const defaultSchedulingOptions: SchedulingOptions = { defaultPreShowMinutes: 20, defaultCleaningMinutes: 15 };

export interface SchedulingDeps {
  db: Database;
  audit: AuditLog;
  mailer: Pick<ReturnType<typeof createMailer>, "send">;
  booking: Pick<Booking, "endOrderOfCancelledScreening">;
  inventory: Pick<Inventory, "rebuild">;
  prices: Pick<Prices, "suggestPricePlan">;
  programme: Pick<Programme, "preShowReel">;
  events: EventPublisher;
  now?: () => Date;
  options?: Partial<SchedulingOptions>;
  log?: { error: (message: string, error?: unknown) => void };
}

export interface SchedulingContext extends Omit<SchedulingDeps, "now" | "options" | "log"> {
  now: () => Date;
  options: SchedulingOptions;
  log: { error: (message: string, error?: unknown) => void };
}

export function createSchedulingContext(deps: SchedulingDeps): SchedulingContext {
  return {
    ...deps,
    now: deps.now ?? (() => new Date()),
    options: { ...defaultSchedulingOptions, ...deps.options },
    log: deps.log ?? { error: (message, error) => console.error(`[scheduling] ${message}`, error) },
  };
}

export const SCREENING_CONFLICT_MESSAGE = "This screening was changed by someone else. Reload to see their changes.";
