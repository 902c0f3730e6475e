// PostgreSQL round trips per paid order, stage by stage, counted at the driver (pg.Client#query: Prisma's adapter and
// raw SQL both go through it, and so do BEGIN and COMMIT). A regression guard on the count, never on time: each
// stage's budget is what its invariants need (server/booking/README.md, "Round trips").
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { approvePayment, createBookingScreening, holdSeats, adults, withBookingHarness } from "@/tests/support/booking";
import { statementsOf } from "@/tests/support/statements";
import { uniqueTestEmail } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

describe("round trips per paid order", () => {
  it("checks out, records the payment and settles a two-seat order within its statement budget", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const labels = ["B3", "B4"];
    // Warm: the screening's layout and the scripts are loaded by a first hold, as in a running app.
    await holdSeats(h, screening, ["A1"]);
    // A web hold lives in Redis alone until checkout (its basket is opened first, as booking.holdSeats does).
    const holderKey = `guest:round-trips-${screening.screeningId}`;
    const opened = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey, userId: null });
    const hold = await statementsOf(() =>
      h.services.inventory.hold({ screeningId: screening.screeningId, orderId: opened.id, seatIds: screening.seats(...labels), requestKey: `round-trips-${opened.id}`, redisOnly: true }),
    );
    const basket = { orderId: opened.id, holderKey };
    const email = uniqueTestEmail("round-trips");
    let expiresAt: Date | undefined;
    const checkout = await statementsOf(async () => {
      const result = await h.booking.checkout({ orderId: basket.orderId, holderKey: basket.holderKey, email, name: "Round Trips", ticketTypes: adults(screening, ...labels) });
      expiresAt = result.expiresAt;
    });
    // What the one-statement write recorded: the deadline and start as instants, and each ticket's price.
    const order = await h.services.db.order.findUniqueOrThrow({
      where: { id: basket.orderId },
      select: { expiresAt: true, checkoutStartedAt: true, email: true, tickets: { where: { status: "HELD" }, select: { ticketType: true, priceAmount: true } } },
    });
    expect(order.expiresAt.getTime()).toBe(expiresAt!.getTime());
    expect(order.checkoutStartedAt?.getTime()).toBe(clock.ms());
    expect(order.email).toBe(email.toLowerCase());
    expect(order.tickets).toEqual([{ ticketType: "ADULT", priceAmount: 1200 }, { ticketType: "ADULT", priceAmount: 1200 }]);
    const payment = await h.services.db.payment.findFirstOrThrow({ where: { orderId: basket.orderId, status: "PENDING" } });
    const pay = await statementsOf(() => approvePayment(h, payment.providerRef));
    // What the one-statement record wrote: the payment SUCCEEDED, its event, and the order's deadline and seats kept
    // for it while it settles (paid-holds).
    const keptUntil = h.booking.paidHoldUntil().getTime();
    const recorded = await h.services.db.payment.findUniqueOrThrow({
      where: { id: payment.id },
      select: { status: true, succeededAt: true, events: { select: { type: true, amount: true, currency: true, rejectedReason: true } } },
    });
    expect(recorded).toEqual({ status: "SUCCEEDED", succeededAt: clock.now(), events: [{ type: "payment.succeeded", amount: 2400, currency: "GBP", rejectedReason: null }] });
    const kept = await h.services.db.order.findUniqueOrThrow({
      where: { id: basket.orderId },
      select: { status: true, expiresAt: true, tickets: { where: { status: "HELD" }, select: { holdExpiresAt: true } } },
    });
    expect(kept.status).toBe("PENDING");
    expect(kept.expiresAt.getTime()).toBe(keptUntil);
    expect(kept.tickets.map((t) => t.holdExpiresAt!.getTime())).toEqual([keptUntil, keptUntil]);
    const settle = await statementsOf(async () => {
      const settled = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
      expect(settled.outcome).toBe("confirmed");
    });
    // What settlement wrote: PAID, every ticket SOLD with a fresh door code, and one confirmation naming those codes.
    const settled = await h.services.db.order.findUniqueOrThrow({
      where: { id: basket.orderId },
      select: { status: true, paidAt: true, confirmationSentAt: true, tickets: { where: { status: { in: ["HELD", "SOLD"] } }, select: { status: true, code: true } } },
    });
    expect(settled).toMatchObject({ status: "PAID", paidAt: clock.now(), confirmationSentAt: clock.now() });
    expect(settled.tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    expect(new Set(settled.tickets.map((t) => t.code)).size).toBe(2);
    const mail = await h.services.db.emailMessage.findMany({ where: { to: email.toLowerCase(), tag: "booking-confirmation" }, select: { text: true } });
    expect(mail).toHaveLength(1);
    for (const ticket of settled.tickets) expect(mail[0]!.text).toContain(ticket.code);
    console.log(`statements per order: hold ${hold.length}, checkout ${checkout.length}, pay ${pay.length}, settle ${settle.length}`);
    expect({ hold: hold.length, checkout: checkout.length, pay: pay.length, settle: settle.length }).toEqual({ hold: 0, checkout: 7, pay: 3, settle: 5 });
  });
});
