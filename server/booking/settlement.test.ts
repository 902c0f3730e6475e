// The payment saga and the order timeout, with payments recorded through the real payments module (a verified
// webhook from the in-test provider), against the real PostgreSQL and Redis.
import { describe, expect, it, vi } from "vitest";
import { countDoubleSold } from "@/tests/support/screenings";
import { ticketQrPngDataUrl } from "./qr";
import { TICKET_CODE_PATTERN } from "./tokens";
import { createClock } from "@/tests/support/clock";
import {
  approvePayment,
  checkedOutOrder,
  checkoutBasket,
  createBookingScreening,
  createPromo,
  guestKey,
  holdSeats,
  liveTickets,
  mailTo,
  orderRow,
  requestKey,
  withBookingHarness,
} from "@/tests/support/booking";
import { uniqueTestEmail } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

/** A PENDING order on a screening of its own. */
async function pendingCheckout(labels: string[], extra: { promoCode?: string } = {}) {
  const screening = await createBookingScreening(h.services.db, clock);
  return { screening, ...(await checkedOutOrder(h, screening, labels, extra)) };
}

describe("expireOrder", () => {
  it("does nothing before the deadline, then expires the order, frees its seats and emails the customer once", async () => {
    const { screening, basket, customer } = await pendingCheckout(["A1", "A2"]);

    expect(await h.booking.expireOrder({ orderId: basket.orderId })).toEqual({ expired: false, status: "PENDING" });
    expect(await liveTickets(h.services.db, screening.screeningId)).toHaveLength(2);

    clock.advance(10 * 60_000);
    expect(await h.booking.expireOrder({ orderId: basket.orderId })).toEqual({ expired: true, status: "EXPIRED" });
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.expiredAt?.getTime()).toBe(clock.ms());
    expect(await liveTickets(h.services.db, screening.screeningId)).toEqual([]);
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.counts.held).toBe(0);

    // Idempotent: a second run (a retried step, reconciliation) changes nothing and sends nothing.
    expect(await h.booking.expireOrder({ orderId: basket.orderId })).toEqual({ expired: false, status: "EXPIRED" });
    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["booking-expired"]);
    expect(mail[0]!.subject).toContain(basket.reference);
  });

  it("leaves an order that was paid meanwhile alone", async () => {
    const { screening, basket, payment } = await pendingCheckout(["A3"]);
    await approvePayment(h, payment.providerRef);
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
    clock.advance(11 * 60_000);

    expect(await h.booking.expireOrder({ orderId: basket.orderId })).toEqual({ expired: false, status: "PAID" });
    expect((await liveTickets(h.services.db, screening.screeningId)).map((t) => t.status)).toEqual(["SOLD"]);
  });

  it("doesn't expire an order whose payment succeeded but isn't settled yet", async () => {
    const { basket, payment } = await pendingCheckout(["A4"]);
    await approvePayment(h, payment.providerRef);
    clock.advance(11 * 60_000);

    expect(await h.booking.expireOrder({ orderId: basket.orderId })).toEqual({ expired: false, status: "PENDING" });
    expect((await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id })).outcome).toBe("confirmed");
  });
});

describe("settlePaidOrder", () => {
  it("confirms the order, issues unguessable codes, sells the seats and emails the tickets with QR codes", async () => {
    const { screening, basket, payment, customer } = await pendingCheckout(["B1", "B2"]);
    const heldCodes = (await orderRow(h.services.db, basket.orderId)).tickets.map((t) => t.code);
    await approvePayment(h, payment.providerRef);
    expect(h.events.published).toContainEqual({
      name: "order/payment.succeeded",
      data: { orderId: basket.orderId, paymentId: payment.id },
      id: `payment-succeeded-${payment.id}`,
    });

    const result = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });

    expect(result).toEqual({ outcome: "confirmed", confirmationSent: true });
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order.status).toBe("PAID");
    expect(order.paidAt?.getTime()).toBe(clock.ms());
    expect(order.confirmationSentAt?.getTime()).toBe(clock.ms());
    expect(order.tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    for (const ticket of order.tickets) {
      expect(ticket.code).toMatch(TICKET_CODE_PATTERN);
      expect(heldCodes).not.toContain(ticket.code);
    }
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.seats.filter((s) => s.label === "B1" || s.label === "B2").map((s) => s.state)).toEqual(["sold", "sold"]);

    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["booking-confirmation"]);
    const html = mail[0]!.html;
    for (const ticket of order.tickets) expect(html).toContain(ticket.code);
    expect(html.match(/src="data:image\/png;base64,/g)).toHaveLength(2);
    expect(html).toContain(`http://marquee.test/orders/${basket.reference}?token=`);

    const { startsAt } = await h.services.db.screening.findUniqueOrThrow({ where: { id: screening.screeningId } });
    expect(h.events.published).toContainEqual({
      name: "order/confirmed",
      data: { orderId: basket.orderId, screeningStartsAt: startsAt.toISOString() },
      id: `order-confirmed-${basket.orderId}`,
    });
  });

  it("does nothing the second time (a duplicate event, a retried workflow)", async () => {
    const { basket, payment, customer } = await pendingCheckout(["B4"]);
    await approvePayment(h, payment.providerRef);
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
    const before = await orderRow(h.services.db, basket.orderId);
    const published = h.events.published.length;
    clock.advance(1000);

    const again = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
    // The steps one by one, as the workflow would retry them, are no-ops too.
    expect(await h.booking.confirmOrRecover({ orderId: basket.orderId, paymentId: payment.id })).toEqual({ outcome: "already_confirmed" });
    expect(await h.booking.issueTickets({ orderId: basket.orderId })).toEqual({ issued: 0 });
    expect((await h.booking.sellSeats({ orderId: basket.orderId })).sold).toBe(true);
    expect(await h.booking.sendConfirmation({ orderId: basket.orderId })).toEqual({ sent: false, reason: "already sent" });

    expect(again).toEqual({ outcome: "already_confirmed", confirmationSent: false });
    expect(await orderRow(h.services.db, basket.orderId)).toEqual(before);
    expect(h.events.published.length).toBe(published);
    expect((await mailTo(h.services.db, customer)).length).toBe(1);
  });

  it("emails the confirmation exactly once when settlements and the saga's email step race", async () => {
    const { basket, payment, customer } = await pendingCheckout(["C1", "C2"]);
    await approvePayment(h, payment.providerRef);
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () => h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id })),
      ...Array.from({ length: 6 }, () => h.booking.sendConfirmation({ orderId: basket.orderId })),
    ]);
    const sent = results.filter((result) => ("confirmationSent" in result ? result.confirmationSent : result.sent));
    expect(sent).toHaveLength(1);

    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["booking-confirmation"]);
    const order = await orderRow(h.services.db, basket.orderId);
    // Each ticket's own code and QR image, in the HTML, and the code in the text.
    for (const ticket of order.tickets) {
      expect(mail[0]!.html).toContain(`src="${await ticketQrPngDataUrl(ticket.code!)}"`);
      expect(mail[0]!.text).toContain(ticket.code);
    }
  });

  it("ignores a payment that hasn't succeeded", async () => {
    const { basket, payment } = await pendingCheckout(["B6"]);
    expect(await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id })).toMatchObject({ outcome: "ignored" });
    expect((await orderRow(h.services.db, basket.orderId)).status).toBe("PENDING");
  });

  it("resends the confirmation later if the mail provider failed", async () => {
    const { basket, payment, customer } = await pendingCheckout(["B7"]);
    await approvePayment(h, payment.providerRef);
    h.mail.failing = true;
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      expect(await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id })).toEqual({
        outcome: "confirmed",
        confirmationSent: false,
      });
      await expect(h.booking.sendConfirmation({ orderId: basket.orderId })).rejects.toThrow("mail provider unavailable");
    } finally {
      h.mail.failing = false;
      quiet.mockRestore();
    }
    expect((await orderRow(h.services.db, basket.orderId)).confirmationSentAt).toBeNull();
    expect(await h.booking.sendConfirmation({ orderId: basket.orderId })).toEqual({ sent: true });
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation"]);
  });
});

describe("payment after expiry", () => {
  it("takes the seats back when they are still free, and completes the order", async () => {
    const promo = await createPromo(h.services.db, clock, { amountOff: 100 });
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["C1", "C2"]);
    const [c1, c2] = screening.seats("C1", "C2") as [string, string];
    const customer = uniqueTestEmail("late");
    const { payment: started } = await checkoutBasket(h, screening, basket, ["C1", "C2"], {
      email: customer,
      promoCode: promo.code,
      ticketTypes: { [c1]: "CHILD", [c2]: "ADULT" },
    });
    const payment = started!;
    expect(payment.amount).toBe(1100 + 1500 - 100);
    clock.advance(10 * 60_000);
    await h.booking.expireOrder({ orderId: basket.orderId });
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(0);
    clock.advance(60_000);

    await approvePayment(h, payment.providerRef);
    const result = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });

    expect(result).toEqual({ outcome: "retaken", confirmationSent: true });
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order).toMatchObject({ status: "PAID", statusReason: "PAYMENT_AFTER_EXPIRY_COMPLETED" });
    const sold = order.tickets.filter((t) => t.status === "SOLD");
    // The new tickets carry the types and prices that were paid for.
    expect(sold.map((t) => [t.seatId, t.ticketType, t.priceAmount]).sort()).toEqual(
      [
        [c1, "CHILD", 1100],
        [c2, "ADULT", 1500],
      ].sort(),
    );
    expect((await h.services.db.promoCode.findUniqueOrThrow({ where: { id: promo.id } })).redemptions).toBe(1);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-expired", "booking-confirmation"]);
  });

  it("refunds in full when the seats have been taken, never selling a seat twice, and tells the customer", async () => {
    const { screening, basket, payment, customer } = await pendingCheckout(["C4", "C5"]);
    clock.advance(10 * 60_000);
    await h.booking.expireOrder({ orderId: basket.orderId });
    // Someone else buys one of the seats.
    const other = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: guestKey() });
    await h.services.inventory.hold({ screeningId: screening.screeningId, orderId: other.id, seatIds: screening.seats("C5"), requestKey: requestKey() });

    await approvePayment(h, payment.providerRef);
    const result = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });

    expect(result).toMatchObject({ outcome: "refunded" });
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order).toMatchObject({ status: "REFUNDED", statusReason: "PAYMENT_AFTER_EXPIRY_SEATS_TAKEN" });
    expect(order.tickets.some((t) => t.status === "HELD" || t.status === "SOLD")).toBe(false);
    const refunds = await h.services.db.refund.findMany({ where: { orderId: basket.orderId } });
    expect(refunds.map((r) => [r.status, r.amount, r.reason])).toEqual([["SUCCEEDED", payment.amount, "PAYMENT_AFTER_EXPIRY_SEATS_TAKEN"]]);
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: payment.id } })).status).toBe("REFUNDED");
    expect(await countDoubleSold(h.services.db, screening.screeningId)).toBe(0);
    expect((await liveTickets(h.services.db, screening.screeningId)).map((t) => t.orderId)).toEqual([other.id]);
    // The seat that was still free went back too.
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.seats.find((s) => s.label === "C4")?.state).toBe("free");
    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["booking-expired", "unfulfilled-refund"]);

    // Settling again (a duplicate event) refunds nothing more and sends nothing more.
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
    expect(await h.services.db.refund.count({ where: { orderId: basket.orderId } })).toBe(1);
    expect((await mailTo(h.services.db, customer)).length).toBe(2);
  });

  it("retries the refund while the provider fails, without reopening the decision", async () => {
    const { screening, basket, payment } = await pendingCheckout(["C7"]);
    await h.booking.cancel(basket);
    const other = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: guestKey() });
    await h.services.inventory.hold({ screeningId: screening.screeningId, orderId: other.id, seatIds: screening.seats("C7"), requestKey: requestKey() });
    await approvePayment(h, payment.providerRef);
    h.fake.controls.failRefunds = 1;

    await expect(h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id })).rejects.toThrow("retried");
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "CANCELLED", statusReason: "PAYMENT_AFTER_EXPIRY_SEATS_TAKEN" });
    // Free again, but the decision stands: no retake.
    await h.services.inventory.release({ screeningId: screening.screeningId, orderId: other.id });

    expect((await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id })).outcome).toBe("refunded");
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "REFUNDED" });
    expect(await liveTickets(h.services.db, screening.screeningId)).toEqual([]);
  });

  it("refunds when a hold ran out and the seat was taken before the payment's success reached us", async () => {
    const { screening, basket, payment, customer } = await pendingCheckout(["C8"]);
    clock.advance(11 * 60_000);
    const other = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: guestKey() });
    await h.services.inventory.hold({ screeningId: screening.screeningId, orderId: other.id, seatIds: screening.seats("C8"), requestKey: requestKey() });
    // Once a success is recorded its seats are kept for it (paid-holds.test.ts); this one arrives too late for that.
    await approvePayment(h, payment.providerRef);

    const result = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });

    expect(result.outcome).toBe("refunded");
    expect(await orderRow(h.services.db, basket.orderId)).toMatchObject({ status: "REFUNDED", statusReason: "PAYMENT_AFTER_EXPIRY_SEATS_TAKEN" });
    expect(await countDoubleSold(h.services.db, screening.screeningId)).toBe(0);
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["unfulfilled-refund"]);
  });
});

describe("sendReminder", () => {
  it("reminds a paid customer once, and not one who booked inside the reminder window", async () => {
    const { basket, payment, customer } = await pendingCheckout(["A6"]);
    await approvePayment(h, payment.providerRef);
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });

    expect(await h.booking.sendReminder({ orderId: basket.orderId })).toEqual({ sent: true });
    expect(await h.booking.sendReminder({ orderId: basket.orderId })).toEqual({ sent: false, reason: "already sent" });
    const mail = await mailTo(h.services.db, customer);
    expect(mail.map((m) => m.tag)).toEqual(["booking-confirmation", "show-reminder"]);
    expect(mail[1]!.text).toContain("A6");

    const soon = await createBookingScreening(h.services.db, clock, { startsInMinutes: 120 });
    const late = await holdSeats(h, soon, ["A7"]);
    const { payment: latePayment } = await checkoutBasket(h, soon, late, ["A7"]);
    await approvePayment(h, latePayment!.providerRef);
    await h.booking.settlePaidOrder({ orderId: late.orderId, paymentId: latePayment!.id });
    expect(await h.booking.sendReminder({ orderId: late.orderId })).toEqual({ sent: false, reason: "booked shortly before the show" });

    const unpaid = await pendingCheckout(["A8"]);
    expect(await h.booking.sendReminder({ orderId: unpaid.basket.orderId })).toEqual({ sent: false, reason: "order is PENDING" });
  });
});
