// The inventory's public types: what callers pass in and get back. Those that travel over HTTP are the zod schemas'
// types (schemas.ts), so the router's contract and the domain's answer can't drift apart.
import type { z } from "zod";
import type { TicketStatus } from "@/server/db/generated/enums";
import type { ScreeningLayout, SeatInfo } from "./layout";
import type { heldSeatSchema, holdResultSchema, seatMapSeatSchema, seatStateSchema, waivableRuleSchema } from "./schemas";

export type WaivableRule = z.infer<typeof waivableRuleSchema>;

/**
 * A ticket that occupies its seat: held or sold. The partial unique index ticket_one_live_per_seat allows one such
 * ticket per seat and screening (its SQL, and sql.ts's statements that lean on it, spell the same two statuses).
 */
export const LIVE_TICKET_STATUSES = ["HELD", "SOLD"] as const satisfies readonly TicketStatus[];

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
  /**
   * A web client's hold: counted against the seat-holding limits (options.seatLimits) of its holder and address.
   * Omitted by the box office's counter and by the app's own holds (retaking paid seats, exchanges); staff are exempt.
   */
  quota?: HoldQuota;
  /**
   * The hold lives in Redis alone until checkout writes the order's tickets (`commitHolds` + booking's checkout
   * statement): web baskets. Without it the HELD tickets are written to PostgreSQL before the hold is answered (the
   * counter, retaking seats paid for late, exchanges: paths that commit within the same request).
   */
  redisOnly?: boolean;
}

/** A seat an order holds (or has bought), as the inventory's Redis state has it, with the seat's layout. */
export interface OrderSeat {
  seatId: string;
  label: string;
  rowLabel: string;
  number: number;
  gridRow: number;
  gridCol: number;
  kind: SeatInfo["kind"];
  /** null once sold. A hold whose deadline has passed is still listed until someone takes the seat. */
  holdExpiresAt: Date | null;
  /** When the seat was first held (the 20-minute maximum counts from it). */
  heldSince: Date | null;
}

/** A checked-out hold, ready to be written as a HELD ticket by the statement that writes the order. */
export interface CommittedHold {
  id: string;
  seatId: string;
  holdExpiresAt: Date;
  heldSince: Date;
  code: string;
}

/** Who is holding, for the seat-holding limits. */
export interface HoldQuota {
  holderKey: string;
  /** The client address (the tRPC context's `ip`). */
  address: string;
  userId: string | null;
}

export type HeldSeat = z.infer<typeof heldSeatSchema>;
export type HoldResult = z.infer<typeof holdResultSchema>;
export type SeatState = z.infer<typeof seatStateSchema>;
export type SeatMapSeat = z.infer<typeof seatMapSeatSchema>;

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
