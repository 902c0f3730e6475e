// What the box office's parts share: their dependencies, options and clock. index.ts puts the parts together.
import type { Approvals } from "@/server/accounts/approval";
import type { AuditLog } from "@/server/audit";
import type { Exchanges } from "@/server/booking/exchanges";
import type { Concessions } from "@/server/concessions";
import type { Database } from "@/server/db";
import type { Inventory } from "@/server/inventory";
import type { Payments } from "@/server/payments";
import type { CardRefunds } from "./card";
import { boxOfficeOptionsFromEnv, defaultBoxOfficeOptions, type BoxOfficeOptions } from "./options";

export interface BoxOfficeDeps {
  db: Database;
  now?: () => Date;
  audit: AuditLog;
  approvals: Pick<Approvals, "approve">;
  concessions: Pick<Concessions, "giveBack">;
  inventory: Pick<Inventory, "rebuild" | "seatMap">;
  payments: Pick<Payments, "refundPayment">;
  /** Booking's exchanges (booking.exchanges), or one built with test hooks. */
  exchanges: Exchanges;
  /** The card terminal's refund and charge (the counter's terminal; a sandbox in tests and the demo). */
  card: CardRefunds;
  options?: Partial<BoxOfficeOptions>;
}

export interface BoxOfficeContext extends Omit<BoxOfficeDeps, "now" | "options"> {
  now: () => Date;
  options: BoxOfficeOptions;
}

export function createBoxOfficeContext(deps: BoxOfficeDeps): BoxOfficeContext {
  return { ...deps, now: deps.now ?? (() => new Date()), options: { ...defaultBoxOfficeOptions, ...boxOfficeOptionsFromEnv(), ...deps.options } };
}
