// What every part of the booking module shares: its dependencies, its clock and a few helpers. The parts
// (checkout.ts, settlement.ts, refunds.ts, …) are functions of this context; index.ts puts them together.
import type { AuditLog } from "@/server/audit";
import type { Concessions } from "@/server/concessions";
import { authSecret } from "@/server/config/secret";
import type { Database } from "@/server/db";
import { Prisma } from "@/server/db/generated/client";
import type { EventPublisher } from "@/server/events";
import type { Inventory } from "@/server/inventory";
import type { Mailer } from "@/server/mail";
import type { RedisClient } from "@/server/redis/client";
import { assertRefundFits } from "@/server/payments";
import { defaultBookingOptions, bookingOptionsFromEnv, type BookingOptions } from "./options";
import { orderAccessToken } from "./tokens";

/** What booking needs from the payments module (server/payments, see the issue 4 contract). */
export interface BookingPayments {
  /** Creates a PENDING Payment for the order's total and returns the provider's hosted page. */
  startPayment(input: { orderId: string; provider: string; returnUrl: string }): Promise<{ paymentId: string; redirectUrl: string }>;
  /**
   * Refunds through the provider, idempotent on idempotencyKey (booking passes the Refund row's id). A provider
   * failure leaves the Refund FAILED with attempts + 1 and throws (RefundFailedError): the caller retries.
   */
  refundPayment(input: {
    paymentId: string;
    orderId: string;
    amount: number;
    reason: string;
    idempotencyKey: string;
  }): Promise<{ refundId: string; status: "SUCCEEDED" | "FAILED" }>;
  /** A refund given up on goes back to the automatic retries (staff asked); false if there was nothing to re-arm. */
  rearmRefund(refundId: string): Promise<boolean>;
  /** Retries payments' own refunds (of refused payments) left PENDING/FAILED; reconciliation runs it. */
  retryStalledRefunds(input: { olderThanSeconds?: number; limit?: number; screeningIds?: string[] }): Promise<Array<{ refundId: string; status: "SUCCEEDED" | "FAILED" }>>;
  /** Verified provider events that named no payment we know or were rejected, newest first (the attention desk lists them). */
  unmatchedEvents(input: { limit?: number }): Promise<
    Array<{
      id: string;
      provider: string;
      providerEventId: string;
      providerRef: string;
      type: string;
      amount: number | null;
      currency: string | null;
      rejectedReason: string | null;
      receivedAt: Date;
    }>
  >;
  /** What the provider says about a payment, for reconciliation. */
  providerStatus(input: { paymentId: string }): Promise<{ status: "open" | "succeeded" | "declined" | "refunded"; amount: number; currency: string }>;
}

export type BookingInventory = Pick<Inventory, "hold" | "extend" | "release" | "sell" | "seatMap" | "rebuild" | "salesWindow" | "staffOverride" | "bestAvailable" | "checkSelectionRules" | "orderSeats" | "commitHolds" | "refuseCommitted">;

/** What booking needs from server/concessions: items added at checkout, collected at the counter. */
export type BookingConcessions = Pick<Concessions, "take" | "markSold" | "markSoldSql" | "giveBack">;

export interface BookingDeps {
  db: Database;
  inventory: BookingInventory;
  concessions: BookingConcessions;
  payments: BookingPayments;
  mailer: Pick<Mailer, "send">;
  events: EventPublisher;
  audit: AuditLog;
  now?: () => Date;
  /** Where open web baskets are cached beside their holds (basket-cache.ts); without it baskets are read from PostgreSQL. */
  redis?: RedisClient;
  options?: Partial<BookingOptions>;
  /** Keys guests' order links (default: the server secret, AUTH_SECRET). */
  linkSecret?: () => string;
}

export interface BookingContext extends Omit<BookingDeps, "now" | "options" | "linkSecret"> {
  now: () => Date;
  options: BookingOptions;
  /** The guest's access token for an order (see tokens.ts). */
  accessTokenFor: (orderId: string) => string;
  /** Site-relative link to an order's page; guests' links carry their token. */
  orderPath: (order: { id: string; reference: string; userId: string | null }) => string;
  ticketPath: (order: { id: string; userId: string | null }, code: string) => string;
  absolute: (path: string) => string;
}

export function createBookingContext(deps: BookingDeps): BookingContext {
  const options: BookingOptions = { ...defaultBookingOptions, ...bookingOptionsFromEnv(), ...deps.options };
  const secret = deps.linkSecret ?? authSecret;
  const accessTokenFor = (orderId: string) => orderAccessToken(secret(), orderId);
  const tokenQuery = (order: { id: string; userId: string | null }) =>
    order.userId ? "" : `?token=${encodeURIComponent(accessTokenFor(order.id))}`;
  return {
    db: deps.db,
    redis: deps.redis,
    inventory: deps.inventory,
    concessions: deps.concessions,
    payments: deps.payments,
    mailer: deps.mailer,
    events: deps.events,
    audit: deps.audit,
    now: deps.now ?? (() => new Date()),
    options,
    accessTokenFor,
    orderPath: (order) => `/orders/${encodeURIComponent(order.reference)}${tokenQuery(order)}`,
    ticketPath: (order, code) => `/tickets/${encodeURIComponent(code)}${tokenQuery(order)}`,
    absolute: (path) => new URL(path, options.appUrl).toString(),
  };
}

/** Why an order ended the way it did (Order.statusReason). */
export const StatusReason = {
  /** A payment arrived after the order expired or was cancelled, and its seats were gone: refunded in full. */
  LATE_PAYMENT_SEATS_TAKEN: "PAYMENT_AFTER_EXPIRY_SEATS_TAKEN",
  /** A payment arrived after the order expired or was cancelled; the seats were free and are being taken back. */
  RETAKING: "PAYMENT_AFTER_EXPIRY_RETAKING",
  /** As above, and the seats were taken back: the order is complete. */
  PAID_AFTER_EXPIRY: "PAYMENT_AFTER_EXPIRY_COMPLETED",
  /** Settling a paid order failed for good (a saga step spent its retries): the order ended, refunded in full. */
  SETTLEMENT_FAILED: "SETTLEMENT_FAILED",
  /** An admin cancelled the screening: a paid order was refunded in full, a basket cancelled (server/scheduling). */
  SCREENING_CANCELLED: "SCREENING_CANCELLED",
} as const;

/**
 * The order was paid for but will never be delivered, and its payment goes back in full (decided once: a retry only
 * retries the refund). The reason says why, for what the customer is told.
 */
export const unfulfilledReasons: string[] = [StatusReason.LATE_PAYMENT_SEATS_TAKEN, StatusReason.SETTLEMENT_FAILED];
export const isUnfulfilled = (statusReason: string | null): boolean => statusReason !== null && unfulfilledReasons.includes(statusReason);

/** Refund.reason values booking writes. */
export const RefundReason = {
  CUSTOMER_REQUEST: "CUSTOMER_REQUEST",
  LATE_PAYMENT_SEATS_TAKEN: StatusReason.LATE_PAYMENT_SEATS_TAKEN,
  /** A second payment for an order that was already paid (the customer paid in two tabs). */
  DUPLICATE_PAYMENT: "DUPLICATE_PAYMENT",
  /** A payment for an amount the order no longer has (the customer changed the booking and checked out again). */
  ORDER_CHANGED: "ORDER_CHANGED_AFTER_PAYMENT_STARTED",
  /** The screening was cancelled by the cinema. */
  SCREENING_CANCELLED: StatusReason.SCREENING_CANCELLED,
} as const;

/** Refund ids are derived from what they refund, so that asking twice can only ever make one refund. */
export const refundIds = {
  customer: (orderId: string) => `refund_customer_${orderId}`,
  late: (paymentId: string) => `refund_late_${paymentId}`,
  duplicate: (paymentId: string) => `refund_duplicate_${paymentId}`,
  changed: (paymentId: string) => `refund_changed_${paymentId}`,
  cancelledScreening: (orderId: string) => `refund_cancelled_${orderId}`,
};

/**
 * Inserts a Refund row unless one with its id exists (refund ids are derived from what they refund, so asking twice
 * finds the first). With the payment row locked, a new row must fit in what is left of the payment (payments'
 * assertRefundFits: REFUND_EXCEEDS_PAYMENT, nothing written); the database's refund_within_payment trigger checks
 * the same again.
 */
export async function insertRefundOnce(
  ctx: Pick<BookingContext, "db" | "now">,
  data: { id: string; paymentId: string; orderId: string; amount: number; currency: string; reason: string },
): Promise<"created" | "exists"> {
  return ctx.db.$transaction(async (tx) => {
    const fits = await assertRefundFits(tx, { paymentId: data.paymentId, amount: data.amount, currency: data.currency, refundId: data.id });
    if (fits === "exists") return "exists";
    await tx.refund.create({ data: { ...data, createdAt: ctx.now(), updatedAt: ctx.now() } });
    return "created";
  });
}

/**
 * The payment that paid the order: payments (server/payments) lets at most one payment of an order succeed (a second
 * success is refused there as DUPLICATE_PAYMENT and refunded), so it is the one that succeeded, whether or not it has
 * been refunded since. Null for a free order or an order not paid.
 */
export async function payerOf(ctx: BookingContext, orderId: string) {
  return ctx.db.payment.findFirst({
    where: { orderId, status: { in: ["SUCCEEDED", "PARTIALLY_REFUNDED", "REFUNDED"] }, failureReason: null },
    orderBy: [{ succeededAt: "asc" }, { id: "asc" }],
    select: { id: true, amount: true, currency: true, status: true },
  });
}

export function logError(message: string, error: unknown) {
  console.error(`[booking] ${message}`, error);
}

/**
 * A timestamp for raw SQL: the columns hold UTC without a zone, so the instant is passed with its zone and converted
 * here, whatever the session's time zone.
 */
export const utcSql = (at: Date) => Prisma.sql`(${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;
