// What every part of the payments module shares: its dependencies, its clock, its providers by name, and the rows and
// locks all its writers agree on. The parts (start.ts, webhooks.ts, refunds.ts, queries.ts) are functions of this
// context; index.ts puts them together.
import { randomBytes } from "node:crypto";
import type { Database, Prisma } from "@/server/db";
import type { PaymentStatus } from "@/server/db/generated/enums";
import type { EventPublisher } from "@/server/events";
import type { PaymentProvider } from "./provider";

/** Payment.failureReason values this module writes. */
export const PAYMENT_FAILURE = {
  /** A newer attempt for the same order replaced this one (it may still succeed: the customer paid in an old tab). */
  superseded: "SUPERSEDED",
  declined: "DECLINED",
  /** The provider took a different amount than the order's: refused and refunded. */
  amountMismatch: "AMOUNT_MISMATCH",
  /** The provider took a different currency than the order's: refused and refunded. */
  currencyMismatch: "CURRENCY_MISMATCH",
  /** Another payment had already paid this order: refused and refunded. */
  duplicatePayment: "DUPLICATE_PAYMENT",
} as const;

/** Payments refused for the order: they never settle, whatever events arrive later. */
export const REFUSED_REASONS: readonly string[] = [
  PAYMENT_FAILURE.amountMismatch,
  PAYMENT_FAILURE.currencyMismatch,
  PAYMENT_FAILURE.duplicatePayment,
];

/** Refund.reason values this module writes (its own refunds, which retryStalledRefunds may retry). */
export const PAYMENTS_REFUND_REASON = {
  amountMismatch: PAYMENT_FAILURE.amountMismatch,
  currencyMismatch: PAYMENT_FAILURE.currencyMismatch,
  duplicatePayment: PAYMENT_FAILURE.duplicatePayment,
  /** Refunded at the provider (its dashboard), learnt from its webhook. */
  providerInitiated: "PROVIDER_INITIATED",
} as const;

export interface PaymentsOptions {
  /** A refund that failed this many times is left to staff (Refund and Order needsAttention). */
  maxRefundAttempts: number;
  /** Longest wait for the workflow engine to accept an event before settling inline. */
  publishTimeoutMs: number;
  /**
   * A redelivered success whose order is still unsettled this long after the payment succeeded runs the settlement
   * again; sooner, it is a copy racing the first delivery's own settlement and is answered "duplicate".
   */
  resettleAfterSeconds: number;
}

export const defaultPaymentsOptions: PaymentsOptions = { maxRefundAttempts: 5, publishTimeoutMs: 5_000, resettleAfterSeconds: 5 };

/**
 * What the statement that recorded a success already knows, handed to keepSeatsForPayment so that it need not read it
 * again: the order's screening, and whether the order's deadline was moved with the record (paidOrderDeadline).
 */
export interface KeptForPayment {
  screeningId: string;
  orderDeadlineKept: boolean;
}

export interface PaymentsDeps {
  db: Database;
  events: EventPublisher;
  now?: () => Date;
  /** By the name used in URLs and Payment.provider ("sandbox"). */
  providers: Record<string, PaymentProvider>;
  /** booking.settlePaidOrder, called inline when the "order/payment.succeeded" event can't be published. */
  settlePaidOrder: (orderId: string, paymentId: string) => Promise<unknown>;
  /**
   * booking.keepSeatsForPayment: called as soon as a success is recorded, before settling, so that the order's seats
   * can't lapse to another buyer while it settles. Optional (a module test without seats leaves it out); never throws.
   */
  keepSeatsForPayment?: (orderId: string, paymentId: string, known?: KeptForPayment) => Promise<unknown>;
  /**
   * Where booking keeps the order's deadline while a payment that succeeded settles (now + its paidHoldSeconds): the
   * statement that records a success moves the order's deadline there with it. Optional, like keepSeatsForPayment.
   */
  paidOrderDeadline?: () => Date;
  options?: Partial<PaymentsOptions>;
  log?: Pick<Console, "info" | "warn" | "error">;
}

export interface PaymentsContext {
  db: Database;
  events: EventPublisher;
  now: () => Date;
  options: PaymentsOptions;
  log: Pick<Console, "info" | "warn" | "error">;
  settlePaidOrder: PaymentsDeps["settlePaidOrder"];
  keepSeatsForPayment: (orderId: string, paymentId: string, known?: KeptForPayment) => Promise<unknown>;
  paidOrderDeadline: PaymentsDeps["paidOrderDeadline"];
  /** The provider configured under this name; undefined for any other name (the name comes from a URL). */
  providerNamed: (name: string) => PaymentProvider | undefined;
}

export function createPaymentsContext(deps: PaymentsDeps): PaymentsContext {
  return {
    db: deps.db,
    events: deps.events,
    now: deps.now ?? (() => new Date()),
    options: { ...defaultPaymentsOptions, ...deps.options },
    log: deps.log ?? console,
    settlePaidOrder: (orderId, paymentId) => deps.settlePaidOrder(orderId, paymentId),
    keepSeatsForPayment: async (orderId, paymentId, known) => deps.keepSeatsForPayment?.(orderId, paymentId, known),
    paidOrderDeadline: deps.paidOrderDeadline,
    providerNamed: (name) => (Object.hasOwn(deps.providers, name) ? deps.providers[name] : undefined),
  };
}

export type Transaction = Prisma.TransactionClient;

/** A Payment row as lockPayment reads it. */
export type PaymentRow = {
  id: string;
  orderId: string;
  provider: string;
  providerRef: string;
  amount: number;
  currency: string;
  status: PaymentStatus;
  failureReason: string | null;
};

/** The payment states that money can still be refunded from. */
export const ACCEPTS_REFUNDS: readonly PaymentStatus[] = ["SUCCEEDED", "PARTIALLY_REFUNDED"];

/** Where a payment lives at its provider: what it takes to ask the provider about it. */
export const paymentAtProviderSelect = { provider: true, providerRef: true } satisfies Prisma.PaymentSelect;

// Locks: every writer here takes the Order row, then the Payment row, then Refund rows (skipping the ones it doesn't
// need), so that two events for one order are serialised and never deadlock with refunds.

export async function lockOrder(tx: Transaction, orderId: string) {
  await tx.$queryRaw`SELECT 1 FROM "Order" WHERE "id" = ${orderId} FOR UPDATE`;
}

export async function lockPayment(tx: Transaction, paymentId: string): Promise<PaymentRow | null> {
  const [row] = await tx.$queryRaw<PaymentRow[]>`
    SELECT "id", "orderId", "provider", "providerRef", "amount", "currency", "status"::text AS "status", "failureReason"
      FROM "Payment" WHERE "id" = ${paymentId} FOR UPDATE`;
  return row ?? null;
}

export async function flagOrder(tx: Transaction, orderId: string) {
  await tx.order.update({ where: { id: orderId }, data: { needsAttention: true } });
}

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}
