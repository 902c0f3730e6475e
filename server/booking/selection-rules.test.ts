// Web checkout keeps the single-gap rule for what is sold: holds let a buyer click G6 before G7, but an order whose
// seats would leave one seat empty on its own is refused at checkout, before anything is written.
import { describe, expect, it } from "vitest";
import { checkoutBasket, createBookingScreening, holdSeats, withBookingHarness } from "@/tests/support/booking";
import { expectRefusal } from "@/tests/support/errors";

const h = withBookingHarness();

async function strictScreening() {
  const screening = await createBookingScreening(h.services.db, h.clock, { plan: ["SSSSSSSSSS"] });
  // Before anything reads the layout, so the inventory loads it with the rule on.
  await h.services.db.hall.update({ where: { id: screening.hallId }, data: { preventSingleGaps: true } });
  return screening;
}

describe("checkout and the single-gap rule", () => {
  it("holds G6 before G7 and checks out the pair", async () => {
    const s = await strictScreening();
    const basket = await holdSeats(h, s, ["A6"]);
    await h.services.inventory.hold({ screeningId: s.screeningId, orderId: basket.orderId, seatIds: s.seats("A7"), requestKey: `gap-${Date.now()}` });
    const { result, payment } = await checkoutBasket(h, s, basket, ["A6", "A7"]);
    expect(result.reference).toBe(basket.reference);
    expect(payment).not.toBeNull();
  });

  it("refuses a selection that leaves a single seat, changing nothing", async () => {
    const s = await strictScreening();
    const basket = await holdSeats(h, s, ["A2", "A3"]);
    const error = await expectRefusal(checkoutBasket(h, s, basket, ["A2", "A3"]), "SINGLE_GAP");
    expect(error.message).toContain("seat A1");
    expect(error.details?.seatIds).toEqual(s.seats("A1"));
    const order = await h.services.db.order.findUniqueOrThrow({ where: { id: basket.orderId }, include: { payments: true } });
    expect(order).toMatchObject({ status: "PENDING", checkoutStartedAt: null, email: null });
    expect(order.payments).toEqual([]);
    // Adding the stranded seat makes the order whole.
    await h.services.inventory.hold({ screeningId: s.screeningId, orderId: basket.orderId, seatIds: s.seats("A1"), requestKey: `gap-${Date.now()}-2` });
    await checkoutBasket(h, s, basket, ["A1", "A2", "A3"]);
  });
});
