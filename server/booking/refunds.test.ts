// Customer refunds: the cut-off, the workflow step's retries and hand-over to staff, the inline fallback.
import { describe, expect, it, vi } from "vitest";
import type { EventPublisher } from "@/server/events";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import {
  accessTokenOf,
  checkoutBasket,
  createBookingScreening,
  createHarness,
  guestKey,
  holdSeats,
  liveTickets,
  mailTo,
  orderRow,
  paidOrder,
  requestKey,
  withBookingHarness,
} from "@/tests/support/booking";
import { FAKE_PROVIDER } from "@/tests/support/payments";
import { uniqueTestEmail } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

const email = () => uniqueTestEmail("refund");

describe("requestRefund and processRefund", () => {
  it("refunds before the cut-off: money back, tickets void, seats on sale again, customer emailed", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const customer = email();
    const order = await paidOrder(h, screening, ["A1", "A2"], { email: customer });
    const accessToken = accessTokenOf(order.result.orderPath);

    const requested = await h.booking.requestRefund({ orderId: order.orderId, accessToken });

    expect(requested).toEqual({ refundId: `refund_customer_${order.orderId}`, status: "PENDING" });
    expect(h.events.published).toContainEqual({
      name: "order/refund.requested",
      data: { orderId: order.orderId, refundId: requested.refundId },
      id: `refund-requested-${requested.refundId}`,
    });
    // Asking twice is the same request.
    expect(await h.booking.requestRefund({ orderId: order.orderId, accessToken })).toEqual(requested);
    expect((await orderRow(h.services.db, order.orderId)).status).toBe("PAID");

    expect(await h.booking.processRefund({ refundId: requested.refundId! })).toEqual({ status: "SUCCEEDED" });

    const row = await orderRow(h.services.db, order.orderId);
    expect(row.status).toBe("REFUNDED");
    expect(row.refundedAt?.getTime()).toBe(clock.ms());
    expect(row.tickets.filter((t) => t.status !== "RELEASED").map((t) => t.status)).toEqual(["REFUNDED", "REFUNDED"]);
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: requested.refundId! } })).toMatchObject({
      status: "SUCCEEDED",
      amount: order.payment.amount,
    });
    expect((await h.services.db.payment.findUniqueOrThrow({ where: { id: order.payment.id } })).status).toBe("REFUNDED");
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    expect(map.seats.filter((s) => s.label === "A1" || s.label === "A2").map((s) => s.state)).toEqual(["free", "free"]);
    const next = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: guestKey() });
    await h.services.inventory.hold({ screeningId: screening.screeningId, orderId: next.id, seatIds: screening.seats("A1"), requestKey: requestKey() });
    expect((await mailTo(h.services.db, customer)).map((m) => m.tag)).toEqual(["booking-confirmation", "refund-done"]);

    // Idempotent: the step running again changes nothing and emails nothing.
    expect(await h.booking.processRefund({ refundId: requested.refundId! })).toEqual({ status: "SUCCEEDED" });
    expect((await mailTo(h.services.db, customer)).length).toBe(2);
    expect(await h.booking.requestRefund({ orderId: order.orderId, accessToken })).toEqual({ refundId: null, status: "SUCCEEDED" });
  });

  it("refuses after the cut-off, and anything not paid", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { startsInMinutes: 90 });
    const order = await paidOrder(h, screening, ["B1"]);
    const accessToken = accessTokenOf(order.result.orderPath);
    clock.advance(31 * 60_000); // 59 minutes before the show

    const error = await expectAppError(h.booking.requestRefund({ orderId: order.orderId, accessToken }), "CONFLICT", "REFUND_CUTOFF");
    expect(error.message).toBe("Refunds close an hour before the show.");
    expect(await h.services.db.refund.count({ where: { orderId: order.orderId } })).toBe(0);

    const pending = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, pending, ["A1"]);
    const { result } = await checkoutBasket(h, pending, basket, ["A1"]);
    await expectAppError(h.booking.requestRefund({ orderId: basket.orderId, accessToken: accessTokenOf(result.orderPath) }), "CONFLICT", "NOT_REFUNDABLE");
  });

  it("never lets anyone but the customer ask", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["B2"]);
    await expectAppError(h.booking.requestRefund({ orderId: order.orderId }), "NOT_FOUND");
    await expectAppError(h.booking.requestRefund({ orderId: order.orderId, accessToken: "x".repeat(43) }), "NOT_FOUND");
    await expectAppError(h.booking.requestRefund({ orderId: order.orderId, userId: "someone-else" }), "NOT_FOUND");
  });

  it("retries while the provider fails, then hands the refund to staff", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["C1"]);
    const { refundId } = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
    h.fake.controls.failRefunds = 100;
    const quiet = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      // Attempts 1 to 4 throw, so the workflow step is retried.
      for (let attempt = 1; attempt <= 4; attempt++) {
        await expect(h.booking.processRefund({ refundId: refundId! })).rejects.toMatchObject({ name: "RefundFailedError" });
        expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId! } })).toMatchObject({
          status: "FAILED",
          attempts: attempt,
          needsAttention: false,
        });
      }
      // The fifth failure gives up: flagged for staff, and the step ends instead of retrying forever.
      expect(await h.booking.processRefund({ refundId: refundId! })).toEqual({ status: "NEEDS_ATTENTION" });
    } finally {
      h.fake.controls.failRefunds = 0;
      quiet.mockRestore();
    }
    expect(await h.services.db.refund.findUniqueOrThrow({ where: { id: refundId! } })).toMatchObject({ attempts: 5, needsAttention: true });
    const row = await orderRow(h.services.db, order.orderId);
    expect(row).toMatchObject({ status: "PAID", needsAttention: true });
    expect(row.tickets.filter((t) => t.status === "SOLD")).toHaveLength(1);
  });

  it("recovers from a provider failure on a later attempt", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["C2"]);
    const { refundId } = await h.booking.requestRefund({ orderId: order.orderId, accessToken: accessTokenOf(order.result.orderPath) });
    h.fake.controls.failRefunds = 2;
    const quiet = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      await expect(h.booking.processRefund({ refundId: refundId! })).rejects.toThrow();
      await expect(h.booking.processRefund({ refundId: refundId! })).rejects.toThrow();
    } finally {
      quiet.mockRestore();
    }
    expect(await h.booking.processRefund({ refundId: refundId! })).toEqual({ status: "SUCCEEDED" });
    expect(await orderRow(h.services.db, order.orderId)).toMatchObject({ status: "REFUNDED", needsAttention: false });
    expect(await liveTickets(h.services.db, screening.screeningId)).toEqual([]);
  });

  it("refunds inline when the workflow engine can't be reached", async () => {
    const down: EventPublisher = {
      async publish() {
        throw new Error("engine unreachable");
      },
    };
    const inline = createHarness({ clock, events: down });
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const screening = await createBookingScreening(inline.services.db, clock);
      const basket = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: guestKey() });
      await inline.services.inventory.hold({ screeningId: screening.screeningId, orderId: basket.id, seatIds: screening.seats("A1"), requestKey: requestKey() });
      const holder = await inline.services.db.order.findUniqueOrThrow({ where: { id: basket.id }, select: { holderKey: true } });
      const checkout = await inline.booking.checkout({
        orderId: basket.id,
        holderKey: holder.holderKey!,
        email: email(),
        ticketTypes: { [screening.seat("A1")]: "ADULT" },
      });
      const payment = await inline.services.db.payment.findFirstOrThrow({ where: { orderId: basket.id } });
      // Publishing fails, so payments settles inline too.
      await inline.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody: inline.fake.approve(payment.providerRef), headers: {} });
      expect((await orderRow(inline.services.db, basket.id)).status).toBe("PAID");

      const requested = await inline.booking.requestRefund({ orderId: basket.id, accessToken: accessTokenOf(checkout.orderPath) });

      expect(requested.status).toBe("SUCCEEDED");
      expect((await orderRow(inline.services.db, basket.id)).status).toBe("REFUNDED");
    } finally {
      quiet.mockRestore();
      await inline.dispose();
    }
  });
});
