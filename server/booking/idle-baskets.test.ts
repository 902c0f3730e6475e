// Baskets that never reach checkout give their seats back sooner than a checkout waiting for its payment: seat-map
// holds last SEAT_HOLD_MINUTES (5 by default), checkout extends to CHECKOUT_MINUTES (10). Nothing has to run for
// it (the harness has no workflow engine: events are only recorded): holds expire by comparison with the clock.
import { describe, expect, it } from "vitest";
import { env } from "@/server/config/env";
import { createClock } from "@/tests/support/clock";
import { checkoutBasket, createBookingScreening, holdSeats, withBookingHarness } from "@/tests/support/booking";

const clock = createClock();
const h = withBookingHarness({ clock });

describe("idle baskets", () => {
  it("release their seats well before a checked-out basket, without any job running", async () => {
    // The defaults: a basket idle for 5 minutes before checkout lets go; checkout holds for 10.
    expect(env().SEAT_HOLD_MINUTES).toBe(5);
    expect(env().CHECKOUT_MINUTES).toBe(10);
    const screening = await createBookingScreening(h.services.db, clock);
    const idle = await holdSeats(h, screening, ["A1", "A2"]);
    const checkedOut = await holdSeats(h, screening, ["B1", "B2"]);
    await checkoutBasket(h, screening, checkedOut, ["B1", "B2"]);

    // Past the idle basket's hold, inside the checkout's.
    clock.advance(5.5 * 60_000);
    const map = await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    const state = (label: string) => map.seats.find((s) => s.id === screening.seat(label))?.state;
    expect([state("A1"), state("A2")]).toEqual(["free", "free"]);
    expect([state("B1"), state("B2")]).toEqual(["held", "held"]);

    // Someone else can have the idle basket's seats; the checked-out ones stay its own.
    const other = await holdSeats(h, screening, ["A1", "A2"]);
    expect(other.orderId).not.toBe(idle.orderId);
    await expect(holdSeats(h, screening, ["B1"])).rejects.toMatchObject({ details: { reason: "SEAT_TAKEN" } });
  });
});
