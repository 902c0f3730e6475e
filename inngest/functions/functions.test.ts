import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  approvePayment,
  checkoutBasket,
  createBookingScreening,
  createHarness,
  holdSeats,
  orderRow,
  type BookingHarness,
  type BookingScreening,
} from "@/server/booking/test-support";
import { createOrderTimeout } from "./order-timeout";
import { createPaymentSaga } from "./payment-saga";

// The functions through the SDK's real execution engine (@inngest/test), against real PostgreSQL and Redis through
// the booking harness. Sleeps are stubbed: the harness clock is moved instead, so nothing waits for real.
describe("inngest functions", () => {
  let h: BookingHarness;
  let screening: BookingScreening;
  beforeAll(async () => {
    h = createHarness();
    screening = await createBookingScreening(h.services.db, h.clock);
  });
  afterAll(async () => {
    await h.dispose();
  });
  const deps = () => ({ booking: () => h.booking });

  it("order timeout: expires an unpaid order after its deadline and frees its seats", async () => {
    const basket = await holdSeats(h, screening, ["A1", "A2"]);
    const { result } = await checkoutBasket(h, screening, basket, ["A1", "A2"]);
    h.clock.set(result.expiresAt.getTime() + 1_000);
    const engine = new InngestTestEngine({
      function: createOrderTimeout(deps()),
      events: [{ name: "order/checkout.started", data: { orderId: basket.orderId, expiresAt: result.expiresAt.toISOString() } }],
      steps: [{ id: "wait-for-deadline", handler: () => undefined }],
    });
    const { error } = await engine.execute();
    expect(error).toBeUndefined();
    expect((await orderRow(h.services.db, basket.orderId))?.status).toBe("EXPIRED");
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    const freed = map.seats.filter((s) => screening.seats("A1", "A2").includes(s.id));
    expect(freed.map((s) => s.state)).toEqual(["free", "free"]);
  });

  it("payment saga: confirms a paid order once, however often the event arrives", async () => {
    const basket = await holdSeats(h, screening, ["B1", "B2"]);
    const { payment } = await checkoutBasket(h, screening, basket, ["B1", "B2"]);
    await approvePayment(h, payment!.providerRef);
    const event = { name: "order/payment.succeeded", data: { orderId: basket.orderId, paymentId: payment!.id } };
    for (let delivery = 0; delivery < 2; delivery++) {
      const { error } = await new InngestTestEngine({ function: createPaymentSaga(deps()), events: [event] }).execute();
      expect(error).toBeUndefined();
    }
    const order = await orderRow(h.services.db, basket.orderId);
    expect(order?.status).toBe("PAID");
    const tickets = await h.services.db.ticket.findMany({ where: { orderId: basket.orderId } });
    expect(tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    const confirmations = await h.services.db.emailMessage.count({ where: { to: order!.email!, tag: { contains: "confirm" } } });
    expect(confirmations).toBe(1);
  });

  it("payment saga: an order that doesn't exist fails at once instead of retrying", async () => {
    const { error } = await new InngestTestEngine({
      function: createPaymentSaga(deps()),
      events: [{ name: "order/payment.succeeded", data: { orderId: "no-such-order", paymentId: "no-such-payment" } }],
    }).execute();
    expect(error).toBeDefined();
    expect(JSON.stringify(error)).toMatch(/NonRetriable|not found/i);
  });
});
