// The inventory's public types: what callers pass in and get back.
import type { SeatKind } from "@/server/db/generated/enums";
import type { ScreeningLayout } from "./layout";

/** The rules staff can waive with a reason (blocked seats and taken seats are never waived). */
export type WaivableRule = "LIMIT" | "COMPANION" | "GAP";

export interface StaffOverride {
  staffUserId: string;
  /** Why the rule is waived; written to the audit log. */
  reason: string;
}

export interface HoldInput {
  screeningId: string;
  /** The PENDING order (basket) that will own the hold. */
  orderId: string;
  seatIds: string[];
  /** Idempotency key chosen by the client for this attempt: a retry with the same key gets the same answer. */
  requestKey: string;
  /** How long the hold lasts (default options.holdSeconds). */
  holdSeconds?: number;
  override?: StaffOverride;
}

export interface HeldSeat {
  seatId: string;
  label: string;
  /** "sold" when this order had already bought the seat. */
  status: "held" | "sold";
  holdExpiresAt: Date | null;
}

export interface HoldResult {
  screeningId: string;
  orderId: string;
  seats: HeldSeat[];
  /** The earliest deadline among the held seats (null if all of them are already sold to this order). */
  holdExpiresAt: Date | null;
  /** Rules a staff override waived for this hold (each one is in the audit log). */
  waived: WaivableRule[];
  /** True when this answer is the stored outcome of an earlier request with the same key. */
  replayed: boolean;
}

export type SeatState = "free" | "held" | "sold" | "blocked";

export interface SeatMapSeat {
  id: string;
  label: string;
  rowLabel: string;
  number: number;
  gridRow: number;
  gridCol: number;
  kind: SeatKind;
  zone: string | null;
  state: SeatState;
  /** Held or bought by the viewer's order. */
  mine: boolean;
  /** Only for the viewer's own holds. */
  holdExpiresAt: Date | null;
}

export interface SeatMap {
  screeningId: string;
  hall: ScreeningLayout["hall"];
  seats: SeatMapSeat[];
  counts: Record<SeatState, number> & { total: number };
  /** Where the states came from: Redis normally, PostgreSQL when Redis is unreachable. */
  source: "redis" | "postgres";
  generatedAt: Date;
}

export type SeatChangeReason = "hold" | "release" | "sale" | "extend" | "expiry" | "resync" | "rebuild";

export interface SeatChange {
  screeningId: string;
  reason: SeatChangeReason;
  at: Date;
  /** Empty for "rebuild": the whole screening was reloaded; fetch the seat map again. */
  seats: Array<{ seatId: string; state: "free" | "held" | "sold" }>;
}
