// What every part of the counter shares: its dependencies, the clock, the card terminal, and the clerk's open shift
// (which every sale and counter hold needs: the shift's id keys the counter basket and its drawer takes the cash).
import type { AuditLog } from "@/server/audit";
import type { Approvals } from "@/server/accounts/approval";
import type { SessionUser } from "@/server/accounts/roles";
import type { Booking } from "@/server/booking";
import type { BoxOffice } from "@/server/box-office";
import type { Concessions } from "@/server/concessions";
import type { Database } from "@/server/db";
import { AppError } from "@/server/errors";
import type { Inventory } from "@/server/inventory";
import type { Payments } from "@/server/payments";
import { terminalFromEnvironment, type CardTerminal } from "./terminal";

export interface CounterDeps {
  db: Database;
  booking: Booking;
  inventory: Inventory;
  payments: Payments;
  concessions: Concessions;
  approvals: Approvals;
  audit: AuditLog;
  /** The day overview the sale screen lists (read only). */
  boxOffice?: BoxOffice;
  /** The card terminal (default: chosen by COUNTER_CARD_TERMINAL, the sandbox outside production). */
  terminal?: CardTerminal;
  now?: () => Date;
}

export interface CounterContext extends Omit<CounterDeps, "now" | "terminal"> {
  now: () => Date;
  terminal: CardTerminal;
}

export type Actor = Pick<SessionUser, "id" | "role">;

export function createCounterContext(deps: CounterDeps): CounterContext {
  return { ...deps, now: deps.now ?? (() => new Date()), terminal: deps.terminal ?? terminalFromEnvironment() };
}

/** The counter basket's holder key: one basket per shift and screening, on the same path as the web's baskets. */
export const counterHolder = (shiftId: string) => `counter:${shiftId}`;

export function shiftRequired(): AppError {
  return new AppError("PRECONDITION_FAILED", "Open a shift at a till before selling.", { reason: "SHIFT_REQUIRED" });
}

/** The clerk's OPEN shift, or null. */
export async function openShiftOf(ctx: Pick<CounterContext, "db">, staffId: string) {
  return ctx.db.shift.findFirst({
    where: { staffId, status: "OPEN" },
    select: { id: true, cinemaId: true, currency: true, openedAt: true, till: { select: { name: true } } },
  });
}

export async function requireOpenShift(ctx: Pick<CounterContext, "db">, staffId: string) {
  const shift = await openShiftOf(ctx, staffId);
  if (!shift) throw shiftRequired();
  return shift;
}

export type OpenShift = NonNullable<Awaited<ReturnType<typeof openShiftOf>>>;
