import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { countDoubleSold } from "@/tests/support/screenings";
import {
  accessTokenOf,
  approvePayment,
  type BookingScreening,
  checkedOutOrder,
  createBookingScreening,
  guestKey,
  liveTickets,
  mailTo,
  orderRow,
  paidOrder,
  requestKey,
  seatStates,
  withBookingHarness,
} from "@/tests/support/booking";
import { uniqueTestEmail } from "@/tests/support/users";
import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { createOrderTimeout } from "./order-timeout";
import { createPaymentSaga, createPaymentSagaCompensation } from "./payment-saga";
import { createDailyReconciliation } from "./reconciliation";
import { createProcessRefund } from "./refund";
import { createShowReminder } from "./reminder";

// Every function through the SDK's real execution engine (@inngest/test), against real PostgreSQL and Redis through
// the booking harness. Sleeps are stubbed: the harness clock is moved instead, so nothing waits for real.
// @inngest/test runs each execution once without retries, so a retry is modelled as executing the run again.
const MAX_REFUND_ATTEMPTS = 3;

const h = withBookingHarness({ booking: { maxRefundAttempts: MAX_REFUND_ATTEMPTS } });
const ownScreenings: string[] = [];
// Other test files share the database: reconciliation only looks at this file's screenings.
const deps: FunctionDeps = { booking: () => h.booking, reconcileScope: () => ({ screeningIds: [...ownScreenings] }) };

async function screening(): Promise<BookingScreening> {
  const created = await createBookingScreening(h.services.db, h.clock);
  ownScreenings.push(created.screeningId);
  return created;
}

const pendingCheckout = (show: BookingScreening, labels: string[]) => checkedOutOrder(h, show, labels);

const paymentEvent = (orderId: string, paymentId: string) => ({ name: "order/payment.succeeded", data: { orderId, paymentId } });

async function runSaga(orderId: string, paymentId: string, steps: Array<{ id: string; handler: () => unknown }> = []) {
  return new InngestTestEngine({ function: createPaymentSaga(deps), events: [paymentEvent(orderId, paymentId)], steps }).execute();
}

async function runCompensation(orderId: string, paymentId: string, runId = "01FAILEDRUN") {
  const failed = {
    name: "inngest/function.failed",
    data: { function_id: `${inngest.id}-payment-saga`, run_id: runId, error: { message: "gave up" }, event: paymentEvent(orderId, paymentId) },
  };
  return new InngestTestEngine({ function: createPaymentSagaCompensation(deps), events: [failed] }).execute();
}

/**
 * The saga with one booking step failing every time (the inventory or database down for longer than the retries
 * last). @inngest/test doesn't model retries, so the run ends with the step's error; the engine would then emit
 * inngest/function.failed, which runCompensation stands for.
 */
async function runSagaFailingAt(step: "confirmOrRecover" | "sellSeats", orderId: string, paymentId: string) {
  const failing = { ...h.booking, [step]: () => Promise.reject(new Error(`${step} kept failing`)) };
  return new InngestTestEngine({
    function: createPaymentSaga({ booking: () => failing }),
    events: [paymentEvent(orderId, paymentId)],
  }).execute();
}

describe("order timeout", () => {
  it("expires an unpaid order after its deadline and frees its seats", async () => {
    const show = await screening();
    const { basket, result, customer } = await pendingCheckout(show, ["A1", "A2"]);
    h.clock.set(result.expiresAt.getTime() + 1_000);
    const engine = new InngestTestEngine({
      function: createOrderTimeout(deps),
      events: [{ name: "order/checkout.started", data: { orderId: basket.orderId, expiresAt: result.expiresAt.toISOString() } }],
      steps: [{ id: "wait-for-deadline", handler: () => undefined }],
    });
    const { result: outcome, error } = await engine.execute();
    expect(error).toBeUndefined();
    expect(outcome).toEqual({ expired: true, status: "EXPIRED" });
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("EXPIRED");
    expect(await seatStates(h, show, "A1", "A2")).toEqual(["free", "free"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-expired"]);
  });

  it("leaves a paid order alone when the timeout fires anyway", async () => {
    const show = await screening();
    const order = await paidOrder(h, show, ["A3"]);
    h.clock.set(order.result.expiresAt.getTime() + 1_000);
    const { result, error } = await new InngestTestEngine({
      function: createOrderTimeout(deps),
      events: [{ name: "order/checkout.started", data: { orderId: order.orderId, expiresAt: order.result.expiresAt.toISOString() } }],
      steps: [{ id: "wait-for-deadline", handler: () => undefined }],
    }).execute();
    expect(error).toBeUndefined();
    expect(result).toEqual({ expired: false, status: "PAID" });
    expect((await liveTickets(h.services.db, show.screeningId)).map((t) => t.status)).toEqual(["SOLD"]);
  });
});

describe("payment saga", () => {
  it("confirms, issues tickets, sells the seats, emails and announces, one step each, once per payment", async () => {
    const show = await screening();
    const { basket, payment, customer } = await pendingCheckout(show, ["B1", "B2"]);
    await approvePayment(h, payment.providerRef);
    const published = h.events.published.length;

    const first = await runSaga(basket.orderId, payment.id);
    expect(first.error).toBeUndefined();
    expect(first.result).toEqual({ outcome: "confirmed" });
    const stepIds = first.ctx.step.run.mock.calls.map((call) => call[0]);
    expect(stepIds).toEqual(["confirm-order", "issue-tickets", "sell-seats", "send-confirmation", "publish-confirmed"]);

    // The same event again (a duplicate delivery): every step finds its work done.
    const second = await runSaga(basket.orderId, payment.id);
    expect(second.result).toEqual({ outcome: "already_confirmed" });

    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("PAID");
    expect(order.tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
    const confirmedEvents = h.events.published.slice(published).filter((e) => e.name === "order/confirmed");
    // Published twice, with the same event id: the engine's event idempotency keeps it to one reminder.
    expect(new Set(confirmedEvents.map((e) => e.id))).toEqual(new Set([`order-confirmed-${basket.orderId}`]));
  });

  it("payment after expiry with the seats still free: takes them back and completes the order", async () => {
    const show = await screening();
    const { basket, result, payment, customer } = await pendingCheckout(show, ["B3", "B4"]);
    h.clock.set(result.expiresAt.getTime() + 60_000);
    await h.booking.expireOrder({ orderId: basket.orderId });
    expect(await seatStates(h, show, "B3", "B4")).toEqual(["free", "free"]);
    await approvePayment(h, payment.providerRef);

    const run = await runSaga(basket.orderId, payment.id);

    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ outcome: "retaken" });
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order).toMatchObject({ status: "PAID", statusReason: "PAYMENT_AFTER_EXPIRY_COMPLETED" });
    expect(order.tickets.filter((t) => t.status === "SOLD")).toHaveLength(2);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-expired", "booking-confirmation"]);
  });

  it("payment after expiry with a seat taken: refunds in full, frees the rest, tells the customer, sells nothing twice", async () => {
    const show = await screening();
    const { basket, result, payment, customer } = await pendingCheckout(show, ["B5", "B6"]);
    h.clock.set(result.expiresAt.getTime() + 60_000);
    await h.booking.expireOrder({ orderId: basket.orderId });
    const other = await h.booking.openBasket({ screeningId: show.screeningId, holderKey: guestKey() });
    await h.services.inventory.hold({ screeningId: show.screeningId, orderId: other.id, seatIds: show.seats("B6"), requestKey: requestKey() });
    await approvePayment(h, payment.providerRef);

    const run = await runSaga(basket.orderId, payment.id);

    expect(run.error).toBeUndefined();
    expect(run.result).toMatchObject({ outcome: "refunded" });
    // The saga stopped at the decision: no tickets issued, nothing sold.
    expect(run.ctx.step.run.mock.calls.map((call) => call[0])).toEqual(["confirm-order"]);
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "REFUNDED", statusReason: "PAYMENT_AFTER_EXPIRY_SEATS_TAKEN" });
    expect((await h.services.db.refund.findMany({ where: { orderId: basket.orderId } })).map((r) => [r.status, r.amount])).toEqual([
      ["SUCCEEDED", payment.amount],
    ]);
    expect((await liveTickets(h.services.db, show.screeningId)).map((t) => t.orderId)).toEqual([other.id]);
    expect(await countDoubleSold(h.services.db, show.screeningId)).toBe(0);
    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["booking-expired", "unfulfilled-refund"]);
    expect(mail[1]!.text).toContain("booked by someone else");
  });

  it("a confirmation email that can't be sent doesn't undo the sale", async () => {
    const show = await screening();
    const { basket, payment, customer } = await pendingCheckout(show, ["C1"]);
    await approvePayment(h, payment.providerRef);
    h.mail.failing = true;
    try {
      // The email step fails, so the engine will retry it; everything before it is done and stays done.
      const run = await runSaga(basket.orderId, payment.id);
      expect(run.error).toBeDefined();
    } finally {
      h.mail.failing = false;
    }
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "PAID", confirmationSentAt: null });
    expect((await liveTickets(h.services.db, show.screeningId)).map((t) => t.status)).toEqual(["SOLD"]);
    expect(await mailTo(h.services.db, customer)).toEqual([]);
    // Should the retries run out, the compensation has nothing to undo on a sold order (reconciliation resends).
    expect((await runCompensation(basket.orderId, payment.id)).result).toMatchObject({ outcome: "already_confirmed" });
    // And the retry sends it.
    expect((await runSaga(basket.orderId, payment.id)).result).toEqual({ outcome: "already_confirmed" });
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
  });

  it("an order that doesn't exist fails at once instead of retrying", async () => {
    const { error } = await runSaga("no-such-order", "no-such-payment");
    expect(error).toBeDefined();
    expect(JSON.stringify(error)).toMatch(/NonRetriable|not found/i);
  });
});

describe("payment saga compensation (a step failed for good)", () => {
  it("the sale failed after the order was paid: refund in full, free the seats, tell the customer, once", async () => {
    const show = await screening();
    const { basket, payment, customer } = await pendingCheckout(show, ["A1", "A2"]);
    await approvePayment(h, payment.providerRef);
    const failing = await runSagaFailingAt("sellSeats", basket.orderId, payment.id);
    expect(failing.error).toBeDefined();
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("PAID");

    const first = await runCompensation(basket.orderId, payment.id);
    const again = await runCompensation(basket.orderId, payment.id);

    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ outcome: "refunded" });
    expect(again.result).toMatchObject({ outcome: "ignored" });
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("REFUNDED");
    expect(order.tickets.some((t) => t.status === "HELD" || t.status === "SOLD")).toBe(false);
    expect(await seatStates(h, show, "A1", "A2")).toEqual(["free", "free"]);
    const refunds = await h.services.db.refund.findMany({ where: { orderId: basket.orderId } });
    expect(refunds.map((r) => [r.status, r.amount])).toEqual([["SUCCEEDED", payment.amount]]);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
    // Told the truth: the seats weren't taken by anyone, settling failed on our side.
    expect(order.statusReason).toBe("SETTLEMENT_FAILED");
    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["unfulfilled-refund"]);
    expect(mail[0]!.text).toContain("Something went wrong on our side");
    expect(mail[0]!.text).not.toContain("booked by someone else");
  });

  it("the order could never be confirmed: it is ended and the payment goes back", async () => {
    const show = await screening();
    const { basket, payment } = await pendingCheckout(show, ["A1"]);
    await approvePayment(h, payment.providerRef);
    const failing = await runSagaFailingAt("confirmOrRecover", basket.orderId, payment.id);
    expect(failing.error).toBeDefined();
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("PENDING");

    const { result } = await runCompensation(basket.orderId, payment.id);

    expect(result).toMatchObject({ outcome: "refunded", detail: "SETTLEMENT_FAILED" });
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "REFUNDED", statusReason: "SETTLEMENT_FAILED" });
    expect(await seatStates(h, show, "A1")).toEqual(["free"]);
  });

  it("a sale that lands while it is deciding (reconciliation settling the same order) is undone with the refund", async () => {
    const show = await screening();
    const { basket, payment, customer } = await pendingCheckout(show, ["A1", "A2"]);
    await approvePayment(h, payment.providerRef);
    expect((await runSagaFailingAt("sellSeats", basket.orderId, payment.id)).error).toBeDefined();
    // Reconciliation read the order before the compensation decided; its sale lands just before the seats are let go.
    const inventory = h.services.inventory;
    const release = inventory.release.bind(inventory);
    let sold: unknown = null;
    const racingSale = vi.spyOn(inventory, "release").mockImplementationOnce(async (input) => {
      sold = await inventory.sell({ screeningId: show.screeningId, orderId: basket.orderId, seatIds: show.seats("A1", "A2") });
      return release(input);
    });
    try {
      const { result } = await runCompensation(basket.orderId, payment.id);
      expect(result).toMatchObject({ outcome: "refunded" });
    } finally {
      racingSale.mockRestore();
    }
    expect(sold).toBeTruthy();

    // Refunded means no seats: the customer's money went back, so the tickets no longer admit anyone.
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("REFUNDED");
    expect(order.tickets.filter((t) => t.status === "HELD" || t.status === "SOLD")).toEqual([]);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
    expect(await seatStates(h, show, "A1", "A2")).toEqual(["free", "free"]);
    expect(await countDoubleSold(h.services.db, show.screeningId)).toBe(0);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["unfulfilled-refund"]);
  });

  it("a refund the provider keeps refusing is retried by the engine (the step throws), never lost", async () => {
    const show = await screening();
    const { basket, payment } = await pendingCheckout(show, ["A1"]);
    await approvePayment(h, payment.providerRef);
    expect((await runSagaFailingAt("sellSeats", basket.orderId, payment.id)).error).toBeDefined();
    h.fake.controls.failRefunds = 1;

    const refused = await runCompensation(basket.orderId, payment.id);
    expect(refused.error).toBeDefined();
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("SUCCEEDED");

    const retried = await runCompensation(basket.orderId, payment.id);
    expect(retried.result).toMatchObject({ outcome: "refunded" });
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("REFUNDED");
  });
});

describe("process refund", () => {
  async function refundRequested(labels: string[]) {
    const show = await screening();
    const customer = uniqueTestEmail("refund");
    const order = await paidOrder(h, show, labels, { email: customer });
    const { refundId } = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
    return { show, order, customer, refundId: refundId! };
  }
  const runRefund = (orderId: string, refundId: string) =>
    new InngestTestEngine({
      function: createProcessRefund(deps),
      events: [{ name: "order/refund.requested", data: { orderId, refundId } }],
    }).execute();

  it("refunds through the provider, frees the seats and emails the customer; a duplicate event changes nothing", async () => {
    const { show, order, customer, refundId } = await refundRequested(["A1", "A2"]);

    const first = await runRefund(order.orderId, refundId);
    const duplicate = await runRefund(order.orderId, refundId);

    expect(first.result).toEqual({ status: "SUCCEEDED" });
    expect(duplicate.result).toEqual({ status: "SUCCEEDED" });
    expect((await orderRow(h.services.db, order.orderId)).status).toBe("REFUNDED");
    expect(await seatStates(h, show, "A1", "A2")).toEqual(["free", "free"]);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation", "refund-done"]);
    expect(h.fake.controls.refundCalls).toBeGreaterThan(0);
  });

  it("a failing provider is retried, then the refund is flagged for staff after the attempt limit", async () => {
    const { order, refundId } = await refundRequested(["A1"]);
    h.fake.controls.failRefunds = MAX_REFUND_ATTEMPTS;

    for (let attempt = 1; attempt < MAX_REFUND_ATTEMPTS; attempt++) {
      const { error } = await runRefund(order.orderId, refundId);
      expect(error, `attempt ${attempt} should be retried`).toBeDefined();
      expect(JSON.stringify(error)).not.toMatch(/NonRetriable/);
    }
    const last = await runRefund(order.orderId, refundId);

    expect(last.result).toEqual({ status: "NEEDS_ATTENTION" });
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId } })).toMatchObject({
      needsAttention: true,
      attempts: MAX_REFUND_ATTEMPTS,
    });
    // The customer keeps their tickets until staff sort it out.
    expect(await orderRow(h.services.db, order.orderId)).toMatchObject({ status: "PAID", needsAttention: true });
  });

  it("an unknown refund fails at once", async () => {
    const { error } = await runRefund("no-order", "no-such-refund");
    expect(JSON.stringify(error)).toMatch(/NonRetriable|not found/i);
  });
});

describe("show reminder", () => {
  const startsAtOf = async (show: BookingScreening) =>
    (await h.services.db.screening.findUniqueOrThrow({ where: { id: show.screeningId }, select: { startsAt: true } })).startsAt;
  const runReminder = async (orderId: string, show: BookingScreening) =>
    new InngestTestEngine({
      function: createShowReminder(deps),
      events: [{ name: "order/confirmed", data: { orderId, screeningStartsAt: (await startsAtOf(show)).toISOString() } }],
      steps: [{ id: "wait-until-reminder-time", handler: () => undefined }],
    }).execute();

  it("sleeps until the reminder time, then emails the customer once", async () => {
    const show = await screening();
    const customer = uniqueTestEmail("remind");
    const order = await paidOrder(h, show, ["A1"], { email: customer });
    const run = await runReminder(order.orderId, show);
    expect(run.error).toBeUndefined();
    expect(run.result).toEqual({ sent: true });
    const sleep = run.ctx.step.sleepUntil.mock.calls[0]!;
    expect(new Date(sleep[1] as Date).getTime()).toBe((await startsAtOf(show)).getTime() - h.booking.options.reminderHoursBefore * 3600_000);
    expect((await runReminder(order.orderId, show)).result).toMatchObject({ sent: false });
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation", "show-reminder"]);
  });

  it("sends nothing for an order refunded in the meantime", async () => {
    const show = await screening();
    const customer = uniqueTestEmail("remind");
    const order = await paidOrder(h, show, ["A1"], { email: customer });
    const { refundId } = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
    await h.booking.processRefund({ refundId: refundId! });
    const run = await runReminder(order.orderId, show);
    expect(run.result).toMatchObject({ sent: false });
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).not.toContain("show-reminder");
  });
});

describe("daily reconciliation", () => {
  it("settles a recorded payment whose saga never ran, and a second run finds nothing", async () => {
    const show = await screening();
    const { basket, payment } = await pendingCheckout(show, ["A1"]);
    await approvePayment(h, payment.providerRef); // published to the recording publisher: no saga runs
    h.clock.advance(h.booking.options.reconcileGraceSeconds * 1000 + 60_000);
    const cron = () => new InngestTestEngine({ function: createDailyReconciliation(deps) }).execute();

    const first = await cron();

    expect(first.error).toBeUndefined();
    expect(first.result).toMatchObject({ repaired: [{ kind: "payment_not_settled", orderId: basket.orderId }], flagged: [] });
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("PAID");
    expect((await cron()).result).toEqual({ repaired: [], flagged: [] });
  });
});
