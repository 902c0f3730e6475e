// Concessions added to a web booking at checkout, against the real PostgreSQL, Redis, inventory and payments: priced
// with the tickets (a promo code discounts the tickets only), reserved before the payment, sold when it is confirmed,
// back on the shelf when the order expires, is cancelled or refunded, and replaced by a second checkout.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectRefusal } from "@/tests/support/errors";
import {
  adults,
  approvePayment,
  checkedOutOrder,
  checkoutBasket,
  createBookingScreening,
  createPromo,
  accessTokenOf,
  holdSeats,
  mailTo,
  withBookingHarness,
} from "@/tests/support/booking";

const clock = createClock();
const h = withBookingHarness({ clock });

async function snacks(cinemaId: string, stock: { popcorn: number; cola: number }) {
  const tag = randomBytes(4).toString("hex");
  const popcorn = await h.services.db.product.create({ data: { name: `Large popcorn ${tag}`, category: "Popcorn", currency: "GBP", priceAmount: 650 } });
  const cola = await h.services.db.product.create({ data: { name: `Cola ${tag}`, category: "Drinks", currency: "GBP", priceAmount: 350 } });
  await h.services.db.productStock.createMany({
    data: [
      { productId: popcorn.id, cinemaId, quantity: stock.popcorn },
      { productId: cola.id, cinemaId, quantity: stock.cola },
    ],
  });
  return { popcorn, cola };
}

const shelf = async (productId: string, cinemaId: string) =>
  (await h.services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId, cinemaId } } })).quantity;

const itemStates = async (orderId: string) =>
  (await h.services.db.orderItem.findMany({ where: { orderId }, orderBy: [{ createdAt: "asc" }, { productId: "asc" }] })).map((i) => [i.productId, i.quantity, i.status]);

describe("concessions at web checkout", () => {
  it("quotes them with the tickets, reserves them at checkout, sells them with the payment, and shows them on the order", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { popcorn, cola } = await snacks(screening.cinemaId, { popcorn: 5, cola: 5 });
    const basket = await holdSeats(h, screening, ["A1", "A2"]);
    const promo = await createPromo(h.services.db, clock, { percentOff: 50 });
    const lines = [{ productId: popcorn.id, quantity: 1 }, { productId: cola.id, quantity: 2 }];

    const quote = await h.booking.quote({ orderId: basket.orderId, holderKey: basket.holderKey, ticketTypes: adults(screening, "A1", "A2"), promoCode: promo.code, concessions: lines });
    expect(quote.items.map((i) => [i.name, i.quantity, i.amount])).toEqual([[popcorn.name, 1, 650], [cola.name, 2, 700]]);
    // 2 adults 2400 + snacks 1350; half off the tickets only.
    expect([quote.subtotal, quote.discount, quote.total]).toEqual([3750, 1200, 3750 - 1200 + quote.bookingFee]);

    const { result, payment } = await checkoutBasket(h, screening, basket, ["A1", "A2"], { promoCode: promo.code, concessions: lines });
    expect(result.total).toBe(quote.total);
    expect([await shelf(popcorn.id, screening.cinemaId), await shelf(cola.id, screening.cinemaId)]).toEqual([4, 3]);
    expect(await itemStates(basket.orderId)).toEqual([[popcorn.id, 1, "RESERVED"], [cola.id, 2, "RESERVED"]]);
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } });
    // The Order CHECK still holds: total = subtotal − discount + fee.
    expect(order.totalAmount).toBe(order.subtotalAmount - order.discountAmount + order.bookingFeeAmount);

    await approvePayment(h, payment!.providerRef);
    const settled = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment!.id });
    expect(settled.outcome).toBe("confirmed");
    expect((await itemStates(basket.orderId)).map((i) => i[2])).toEqual(["SOLD", "SOLD"]);

    const view = await h.booking.orderForViewer({ reference: basket.reference, userId: null, accessToken: accessTokenOf(result.orderPath) });
    expect(view.items.map((i) => [i.name, i.quantity, i.status])).toEqual([[popcorn.name, 1, "SOLD"], [cola.name, 2, "SOLD"]]);
    const [mail] = await mailTo(h.services.db, order.email!);
    expect(JSON.stringify(mail)).toContain("collect at the counter");
    expect(JSON.stringify(mail)).toContain(popcorn.name);
  });

  it("gives them back when the unpaid order expires", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { popcorn } = await snacks(screening.cinemaId, { popcorn: 3, cola: 0 });
    const { basket } = await checkedOutOrder(h, screening, ["B1"], { concessions: [{ productId: popcorn.id, quantity: 3 }] });
    expect(await shelf(popcorn.id, screening.cinemaId)).toBe(0);
    clock.advance(11 * 60_000);
    expect((await h.booking.expireOrder({ orderId: basket.orderId })).expired).toBe(true);
    expect(await shelf(popcorn.id, screening.cinemaId)).toBe(3);
    expect(await itemStates(basket.orderId)).toEqual([[popcorn.id, 3, "RELEASED"]]);
    // Idempotent: expiring again returns nothing more.
    await h.booking.expireOrder({ orderId: basket.orderId });
    expect(await shelf(popcorn.id, screening.cinemaId)).toBe(3);
  });

  it("a second checkout replaces the first one's items; cancelling gives them back; short stock refuses the checkout", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { popcorn, cola } = await snacks(screening.cinemaId, { popcorn: 2, cola: 4 });
    const basket = await holdSeats(h, screening, ["C1"]);
    await checkoutBasket(h, screening, basket, ["C1"], { concessions: [{ productId: popcorn.id, quantity: 2 }] });
    expect(await shelf(popcorn.id, screening.cinemaId)).toBe(0);
    const current = await h.booking.current({ holderKey: basket.holderKey, orderId: basket.orderId });
    expect(current?.concessions).toEqual([{ productId: popcorn.id, quantity: 2 }]);

    const { result } = await checkoutBasket(h, screening, basket, ["C1"], { concessions: [{ productId: cola.id, quantity: 1 }] });
    expect([await shelf(popcorn.id, screening.cinemaId), await shelf(cola.id, screening.cinemaId)]).toEqual([2, 3]);
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId } });
    expect(order.subtotalAmount).toBe(1500 + 350);
    expect(result.total).toBe(order.totalAmount);

    await expectRefusal(
      h.booking.checkout({ orderId: basket.orderId, holderKey: basket.holderKey, email: "snacks@test.marquee.local", ticketTypes: adults(screening, "C1"), concessions: [{ productId: popcorn.id, quantity: 3 }] }),
      "OUT_OF_STOCK",
    );
    await h.booking.cancel({ orderId: basket.orderId, holderKey: basket.holderKey });
    expect([await shelf(popcorn.id, screening.cinemaId), await shelf(cola.id, screening.cinemaId)]).toEqual([2, 4]);
    expect((await itemStates(basket.orderId)).every((i) => i[2] === "RELEASED")).toBe(true);
  });

  it("a customer refund puts the paid items back on the shelf as REFUNDED", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const { cola } = await snacks(screening.cinemaId, { popcorn: 0, cola: 2 });
    const { basket, payment, result } = await checkedOutOrder(h, screening, ["A5"], { concessions: [{ productId: cola.id, quantity: 2 }] });
    await approvePayment(h, payment.providerRef);
    await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
    expect(await shelf(cola.id, screening.cinemaId)).toBe(0);
    const requested = await h.booking.requestRefund({ orderId: basket.orderId, accessToken: accessTokenOf(result.orderPath) });
    if (requested.refundId) await h.booking.processRefund({ refundId: requested.refundId });
    expect(await shelf(cola.id, screening.cinemaId)).toBe(2);
    expect(await itemStates(basket.orderId)).toEqual([[cola.id, 2, "REFUNDED"]]);
  });
});
