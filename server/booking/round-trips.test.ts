// PostgreSQL round trips per paid order, stage by stage, counted at the driver (pg.Client#query: Prisma's adapter and
// raw SQL both go through it, and so do BEGIN and COMMIT). A regression guard on the count, never on time: each
// stage's budget is what its invariants need (server/booking/README.md, "Round trips").
import pg from "pg";
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { approvePayment, createBookingScreening, holdSeats, adults, withBookingHarness } from "@/tests/support/booking";
import { uniqueTestEmail } from "@/tests/support/users";

const clock = createClock();
const h = withBookingHarness({ clock });

/** Runs `work` and returns the statements it sent to PostgreSQL. */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    seen.push(typeof first === "string" ? first : (first?.text ?? "?"));
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  if (process.env.SHOW_STATEMENTS) console.log(seen.map((s) => s.replace(/\s+/g, " ").slice(0, 200)).join("\n"));
  return seen;
}

describe("round trips per paid order", () => {
  it("checks out, records the payment and settles a two-seat order within its statement budget", async () => {
    const screening = await createBookingScreening(h.services.db, clock);
    const labels = ["B3", "B4"];
    const basket = await holdSeats(h, screening, labels);
    // Warm: the screening's layout and the scripts are loaded by the first hold, as in a running app.
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
    const settle = await statementsOf(async () => {
      const settled = await h.booking.settlePaidOrder({ orderId: basket.orderId, paymentId: payment.id });
      expect(settled.outcome).toBe("confirmed");
    });
    console.log(`statements per order: checkout ${checkout.length}, pay ${pay.length}, settle ${settle.length}`);
    expect({ checkout: checkout.length, pay: pay.length, settle: settle.length }).toEqual({ checkout: 11, pay: 12, settle: 5 });
  });
});
