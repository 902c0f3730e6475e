// Booking: from held seats to paid tickets and back. Checkout (pricing, promo codes, the payment deadline), the
// payment saga (confirm, issue tickets, sell the seats, confirm by email), order timeouts, refunds, reminders,
// reconciliation, and what customers may read about their orders. README.md beside this file describes the flows
// and the decisions behind them.
//
// The seats themselves belong to server/inventory and the money to server/payments: this module only calls them.
// It imports neither tRPC, Next nor Inngest; the workflow engine calls the exported steps, each of which is
// idempotent and re-reads the order from PostgreSQL.
import { createAttentionDesk } from "./attention";
import { createBaskets } from "./baskets";
import { createCheckout } from "./checkout";
import { createCustomerExchanges, createExchanges } from "./exchanges";
import { hashAccessToken } from "./tokens";
import { createCounterSupport } from "./counter";
import { expireOrder } from "./expiry";
import { createBookingContext, type BookingDeps } from "./context";
import { createNotifications } from "./notifications";
import { createQueries } from "./queries";
import { createPaidHolds } from "./paid-holds";
import { createReconciler } from "./reconcile";
import { createRefunds } from "./refunds";
import { createSettlement } from "./settlement";

export type { BookingDeps, BookingPayments, BookingInventory } from "./context";
export type { Baskets } from "./baskets";
export { isUnfulfilled, StatusReason, RefundReason } from "./context";
export type { BookingOptions } from "./options";
export { bookingOptionsFromEnv, defaultBookingOptions } from "./options";
export type { BasketSeat, BasketState, BasketView, CheckoutInput, CheckoutResult, Quote } from "./checkout";
export type { SettleOutcome, SettleResult } from "./settlement";
export { isConfirmed } from "./settlement";
export type { RefundOutcome } from "./refunds";
export type { ExchangeHooks, ExchangeQuote, Exchanges } from "./exchanges";
export { createExchanges } from "./exchanges";
export type { ReconcileInput, ReconcileItem, ReconcileKind, ReconcileReport } from "./reconcile";
export type { AttentionItem, AttentionRefund, UnmatchedPaymentEvent } from "./attention";
export type { OrderPhase, OrderTicketView, OrderView, ScreeningSummary, TicketView } from "./views";
export type { PriceLine, TicketOption } from "./pricing";
export { bookingFee } from "./pricing";

export function createBooking(deps: BookingDeps) {
  const ctx = createBookingContext(deps);
  const notifications = createNotifications(ctx);
  const settlement = createSettlement(ctx, notifications);
  const baskets = createBaskets(ctx);
  const checkout = createCheckout(ctx, settlement, baskets);
  const refunds = createRefunds(ctx, notifications, settlement);
  const queries = createQueries(ctx);
  const paidHolds = createPaidHolds(ctx);
  const reconcile = createReconciler(ctx, settlement, refunds, notifications, paidHolds);
  const attention = createAttentionDesk(ctx, refunds);
  const exchanges = createExchanges({
    db: ctx.db,
    inventory: ctx.inventory,
    baskets,
    audit: ctx.audit,
    now: ctx.now,
    accessTokenHashFor: (orderId) => hashAccessToken(ctx.accessTokenFor(orderId)),
  });
  const customerExchanges = createCustomerExchanges(ctx, exchanges);
  const counter = createCounterSupport(ctx);

  return {
    options: ctx.options,

    // ── The basket: opened before the first hold (seats belong to the inventory, the order to booking) ──
    /** The holder's PENDING order for the screening, created if there is none; refused if the screening isn't on sale. */
    openBasket: baskets.openBasket,
    /** The holder's open basket for the screening, or null; creates nothing. */
    currentBasket: baskets.currentBasket,
    /** Whether the holder has any open basket at all. */
    hasOpenBasket: baskets.hasOpenBasket,
    /** The seat map's calls, through the holder's basket (the seats and screenings routers). */
    holdSeats: baskets.holdSeats,
    releaseSeats: baskets.releaseSeats,
    seatMapFor: baskets.seatMapFor,

    // ── The basket and checkout (the checkout page) ──
    /** The holder's basket by order id, or their open basket for a screening; null if they have none. */
    current: checkout.current,
    quote: checkout.quote,
    checkout: checkout.checkout,
    cancel: checkout.cancel,

    // ── The order timeout ("order/checkout.started" → sleep until expiresAt → expireOrder) ──
    expireOrder: (input: { orderId: string }) => expireOrder(ctx, notifications, input),

    // ── The payment saga ("order/payment.succeeded"): the steps in order, or all of them at once ──
    confirmOrRecover: settlement.confirmOrRecover,
    issueTickets: settlement.issueTickets,
    sellSeats: settlement.sellSeats,
    sendConfirmation: settlement.sendConfirmation,
    publishConfirmed: settlement.publishConfirmed,
    settlePaidOrder: settlement.settlePaidOrder,
    /** The seats of an order whose payment succeeded are kept for it while it settles (payments calls it). */
    keepSeatsForPayment: paidHolds.keepSeatsForPayment,
    /** Where a paid order's deadline goes while it settles (payments moves it there as it records the success). */
    paidHoldUntil: paidHolds.paidHoldUntil,
    /** The saga's compensation after a step failed for good: refund what wasn't delivered. */
    compensateFailedSettlement: settlement.compensateFailedSettlement,

    // ── Refunds ("order/refund.requested" → processRefund) ──
    requestRefund: refunds.requestRefund,
    processRefund: refunds.processRefund,
    /** A cancelled screening's order: refunded in full (PAID) or released (PENDING), once (server/scheduling). */
    endOrderOfCancelledScreening: refunds.endOrderOfCancelledScreening,

    // ── The reminder ("order/confirmed" → sleep until reminderHoursBefore the show → sendReminder) ──
    sendReminder: (input: { orderId: string }) => notifications.sendReminder(input.orderId),
    /** When the reminder for a show starting at `startsAt` goes out. */
    reminderTime: (startsAt: Date) => new Date(startsAt.getTime() - ctx.options.reminderHoursBefore * 3600_000),

    // ── Reconciliation (a periodic job) ──
    reconcile,

    // ── Orders handed to staff (needsAttention) ──
    needingAttention: attention.list,
    retryRefund: attention.retryRefund,
    resolveAttention: attention.resolve,
    unmatchedPaymentEvents: attention.unmatchedPaymentEvents,

    // ── The box office's counter sale (server/counter): orders of concessions alone, guest links for emailed tickets ──
    counter,

    // ── Reading orders and tickets (pages) ──
    orderForViewer: queries.orderForViewer,
    myOrders: queries.myOrders,
    ticketByCode: queries.ticketByCode,

    // ── Exchanges (exchanges.ts): new seats held, then one swap transaction; staff drive it from server/box-office ──
    exchanges,
    /** The customer's own web booking to another screening, before the cut-off, when it costs no more (order page). */
    customerExchangeTargets: customerExchanges.targets,
    prepareCustomerExchange: customerExchanges.prepare,
    confirmCustomerExchange: customerExchanges.confirm,
    abandonCustomerExchange: customerExchanges.abandon,
  };
}

export type Booking = ReturnType<typeof createBooking>;
