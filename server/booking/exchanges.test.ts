// Customers exchanging their own web booking from the order page: the same swap as the box office, refused when it
// would cost more or after the cut-off, and only for whoever may see the order.
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { accessTokenOf, createBookingScreening, paidOrder, seatStates, withBookingHarness } from "@/tests/support/booking";

const clock = createClock();
const h = withBookingHarness({ clock });

describe("customer exchanges", () => {
  it("moves a guest's booking to a cheaper screening and refunds the difference to their payment", async () => {
    const imax = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    const plain = await createBookingScreening(h.services.db, clock, { startsInMinutes: 3 * 24 * 60 });
    // The same cinema: the customer's choices are screenings where they booked.
    await h.services.db.hall.update({ where: { id: plain.hallId }, data: { cinemaId: imax.cinemaId } });
    await h.services.db.pricePlan.update({ where: { id: plain.pricePlanId }, data: { cinemaId: imax.cinemaId } });
    const order = await paidOrder(h, imax, ["A1", "A2"]);
    const accessToken = accessTokenOf(order.result.orderPath);

    const targets = await h.booking.customerExchangeTargets({ orderId: order.orderId, accessToken });
    expect(targets.map((t) => t.id)).toContain(plain.screeningId);
    const quote = await h.booking.prepareCustomerExchange({ orderId: order.orderId, toScreeningId: plain.screeningId, accessToken });
    expect(quote.difference).toBe(-500);
    await expectAppError(h.booking.confirmCustomerExchange({ exchangeId: quote.exchangeId, accessToken: "someone-elses-token" }), "NOT_FOUND");

    const done = await h.booking.confirmCustomerExchange({ exchangeId: quote.exchangeId, accessToken });
    expect(done).toMatchObject({ refunded: 500, orderPath: expect.stringContaining("?token=") });
    const refunds = await h.services.db.refund.findMany({ where: { paymentId: order.payment.id } });
    expect(refunds).toEqual([expect.objectContaining({ amount: 500, status: "SUCCEEDED", reason: "EXCHANGE_DIFFERENCE" })]);
    expect(await seatStates(h, imax, "A1", "A2")).toEqual(["free", "free"]);
    const newOrder = await h.services.db.order.findUniqueOrThrow({ where: { id: done.orderId } });
    expect(newOrder).toMatchObject({ status: "PAID", channel: "WEB", email: order.customer });
    // The new order's own link works for the guest.
    const view = await h.booking.orderForViewer({ reference: done.reference, accessToken: accessTokenOf(done.orderPath) });
    expect(view.reference).toBe(done.reference);
  });

  it("refuses a dearer screening (seats let go) and any change after the cut-off", async () => {
    const plain = await createBookingScreening(h.services.db, clock);
    const imax = await createBookingScreening(h.services.db, clock, { format: "IMAX" });
    const order = await paidOrder(h, plain, ["B1"]);
    const accessToken = accessTokenOf(order.result.orderPath);
    await expectAppError(h.booking.prepareCustomerExchange({ orderId: order.orderId, toScreeningId: imax.screeningId, accessToken }), "CONFLICT", "COSTS_MORE");
    const live = await h.services.db.ticket.count({ where: { screeningId: imax.screeningId, status: { in: ["HELD", "SOLD"] } } });
    expect(live).toBe(0);

    const soon = await createBookingScreening(h.services.db, clock, { startsInMinutes: 30 });
    const late = await paidOrder(h, soon, ["A1"]);
    await expectAppError(
      h.booking.prepareCustomerExchange({ orderId: late.orderId, toScreeningId: plain.screeningId, accessToken: accessTokenOf(late.result.orderPath) }),
      "CONFLICT",
      "EXCHANGE_CUTOFF",
    );
  });
});
