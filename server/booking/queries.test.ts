// Who may read an order or a ticket: the signed-in owner, or a guest with the order's token. Nobody else can even
// tell that it exists.
import { describe, expect, it } from "vitest";
import { createTestUser } from "@/tests/support/users";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { FAKE_PROVIDER } from "@/tests/support/payments";
import {
  accessTokenOf,
  approvePayment,
  checkoutBasket,
  createBookingScreening,
  holdSeats,
  paidOrder,
  withBookingHarness,
} from "@/tests/support/booking";

const clock = createClock();
const h = withBookingHarness({ clock });

describe("orderForViewer", () => {
  it("shows a guest's order with its token, and to nobody else", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["A1", "A2"]);
    const token = accessTokenOf(order.result.orderPath);
    const { user: stranger } = await createTestUser(h.services);

    const view = await h.booking.orderForViewer({ reference: order.reference, accessToken: token });

    expect(view).toMatchObject({ id: order.orderId, reference: order.reference, status: "PAID", phase: "confirmed", refundable: true });
    expect(view.tickets.map((t) => [t.seatLabel, t.status, t.ticketTypeLabel])).toEqual([
      ["A1", "SOLD", "Adult"],
      ["A2", "SOLD", "Adult"],
    ]);
    expect(view.tickets.every((t) => t.code && t.path === `/tickets/${t.code}?token=${token}`)).toBe(true);
    // Reference case doesn't matter.
    expect((await h.booking.orderForViewer({ reference: order.reference.toLowerCase(), accessToken: token })).id).toBe(order.orderId);

    await expectAppError(h.booking.orderForViewer({ reference: order.reference }), "NOT_FOUND");
    await expectAppError(h.booking.orderForViewer({ reference: order.reference, accessToken: `${token.slice(0, -2)}xx` }), "NOT_FOUND");
    await expectAppError(h.booking.orderForViewer({ reference: order.reference, userId: stranger.id }), "NOT_FOUND");
    const other = await paidOrder(h, screening, ["B1"]);
    // Another order's token opens only that order.
    await expectAppError(h.booking.orderForViewer({ reference: order.reference, accessToken: accessTokenOf(other.result.orderPath) }), "NOT_FOUND");
    await expectAppError(h.booking.orderForViewer({ reference: "NOSUCHREF", accessToken: token }), "NOT_FOUND");
  });

  it("shows a customer's order to them when signed in, and never to another customer", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { user: owner } = await createTestUser(h.services);
    const { user: other } = await createTestUser(h.services);
    const order = await paidOrder(h, screening, ["C1"], { userId: owner.id });

    expect((await h.booking.orderForViewer({ reference: order.reference, userId: owner.id })).tickets).toHaveLength(1);
    await expectAppError(h.booking.orderForViewer({ reference: order.reference, userId: other.id }), "NOT_FOUND");
    await expectAppError(h.booking.orderForViewer({ reference: order.reference }), "NOT_FOUND");
  });

  it("tells the phases apart: awaiting payment, declined, confirming", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const basket = await holdSeats(h, screening, ["A5"]);
    const { result, payment } = await checkoutBasket(h, screening, basket, ["A5"]);
    const viewer = { reference: basket.reference, accessToken: accessTokenOf(result.orderPath) };

    expect(await h.booking.orderForViewer(viewer)).toMatchObject({ phase: "awaiting_payment", checkoutPath: `/checkout/${basket.orderId}` });
    await h.payments.handleWebhook({ provider: FAKE_PROVIDER, rawBody: h.fake.decline(payment!.providerRef), headers: {} });
    expect(await h.booking.orderForViewer(viewer)).toMatchObject({ phase: "declined", status: "PENDING", tickets: [{ code: null }] });

    const again = await checkoutBasket(h, screening, basket, ["A5"]);
    await approvePayment(h, again.payment!.providerRef);
    expect(await h.booking.orderForViewer(viewer)).toMatchObject({ phase: "confirming", checkoutPath: null });
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: again.payment!.id });
    expect(await h.booking.orderForViewer(viewer)).toMatchObject({ phase: "confirmed" });
  });
});

describe("ticketByCode and myOrders", () => {
  it("shows a ticket to its owner only, and lists the customer's orders", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { user: owner } = await createTestUser(h.services);
    const { user: other } = await createTestUser(h.services);
    const order = await paidOrder(h, screening, ["A3", "A4"], { userId: owner.id });
    const view = await h.booking.orderForViewer({ reference: order.reference, userId: owner.id });
    const code = view.tickets[0]!.code!;

    const ticket = await h.booking.ticketByCode({ code: code.toLowerCase(), userId: owner.id });
    expect(ticket).toMatchObject({ code, valid: true, seatLabel: "A3", ticketTypeLabel: "Adult", orderReference: order.reference, orderPath: `/orders/${order.reference}` });
    expect(ticket.screening.film.title).toBe("Seat Wars");
    await expectAppError(h.booking.ticketByCode({ code, userId: other.id }), "NOT_FOUND");
    await expectAppError(h.booking.ticketByCode({ code }), "NOT_FOUND");
    await expectAppError(h.booking.ticketByCode({ code: "0000000000000000000A", userId: owner.id }), "NOT_FOUND");

    const mine = await h.booking.myOrders({ userId: owner.id });
    expect(mine.upcoming.map((o) => o.reference)).toEqual([order.reference]);
    expect(mine.past).toEqual([]);
    expect(await h.booking.myOrders({ userId: other.id })).toEqual({ upcoming: [], past: [] });
  });
});
