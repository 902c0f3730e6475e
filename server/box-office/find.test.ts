// Finding a booking by each key the search box takes, and the detail staff see.
import { describe, expect, it } from "vitest";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createBookingScreening, paidOrder, withBookingHarness } from "@/tests/support/booking";
import { boxOfficeFor, counterOrder, openShift, staffMember, ticketsOf } from "@/tests/support/box-office";
import { readQuery } from "./find";

const clock = createClock();
const h = withBookingHarness({ clock });

describe("readQuery", () => {
  it("reads references, ticket codes, scanned links, emails and names", () => {
    expect(readQuery("  k7pq2mxa ")).toEqual({ kind: "reference", value: "K7PQ2MXA" });
    expect(readQuery("0123456789ABCDEFGHJK")).toEqual({ kind: "ticket", value: "0123456789ABCDEFGHJK" });
    expect(readQuery("https://tickets.example.com/tickets/0123456789ABCDEFGHJK?token=abc")).toEqual({ kind: "ticket", value: "0123456789ABCDEFGHJK" });
    expect(readQuery("/orders/K7PQ2MXA?token=x")).toEqual({ kind: "reference", value: "K7PQ2MXA" });
    expect(readQuery("Someone@Example.com")).toEqual({ kind: "email", value: "someone@example.com" });
    expect(readQuery("Smith")).toEqual({ kind: "name", value: "Smith" });
    expect(() => readQuery("  ")).toThrow();
  });
});

describe("find and orderDetail", () => {
  it("finds an order by reference, ticket code, link, email and by last name with its screening", async () => {
    const { box } = boxOfficeFor(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const order = await paidOrder(h, screening, ["A1", "A2"]);
    await h.services.db.order.update({ where: { id: order.orderId }, data: { customerName: "Ada Quillfeather" } });
    const [ticket] = await ticketsOf(h, order.orderId);
    const ids = async (query: string, screeningId?: string) => (await box.find({ query, screeningId })).results.map((r) => r.id);

    expect(await ids(order.reference)).toEqual([order.orderId]);
    expect(await ids(order.reference.toLowerCase())).toEqual([order.orderId]);
    expect(await ids(ticket!.code)).toEqual([order.orderId]);
    expect(await ids(`http://marquee.test/tickets/${ticket!.code}?token=whatever`)).toEqual([order.orderId]);
    expect(await ids(`http://marquee.test${order.result.orderPath}`)).toEqual([order.orderId]);
    expect(await ids(order.customer.toUpperCase())).toEqual([order.orderId]);
    expect(await ids("quillfeather", screening.screeningId)).toEqual([order.orderId]);
    const other = await createBookingScreening(h.services.db, clock);
    expect(await ids("quillfeather", other.screeningId)).toEqual([]);
    expect(await ids("NOBODY@EXAMPLE.TEST")).toEqual([]);
  });

  it("shows tickets, payments with tender and till, refunds and history", async () => {
    const { box } = boxOfficeFor(h);
    const { user, actor } = await staffMember(h);
    const screening = await createBookingScreening(h.services.db, clock);
    const shift = await openShift(h, screening.cinemaId, user.id);
    const order = await counterOrder(h, screening, ["B1", "B2"], { staffId: user.id, shiftId: shift.id, customerName: "Walk In" });
    const [first] = await ticketsOf(h, order.orderId);
    await box.refund({ actor, orderId: order.orderId, ticketIds: [first!.id], reasonCode: "WRONG_BOOKING" });

    const detail = await box.orderDetail({ orderId: order.orderId });
    expect(detail).toMatchObject({ reference: order.reference, status: "PAID", channel: "BOX_OFFICE" });
    expect(detail.tickets.map((t) => [t.seatLabel, t.status, t.ticketTypeLabel, t.priceAmount])).toEqual([
      ["B1", "REFUNDED", "Adult", 1200],
      ["B2", "SOLD", "Adult", 1200],
    ]);
    expect(detail.payments).toEqual([expect.objectContaining({ tender: "cash", amount: 2400, till: expect.stringMatching(/^Till /) })]);
    expect(detail.refunds).toEqual([expect.objectContaining({ tender: "cash", amount: 1200, reasonCode: "WRONG_BOOKING", till: expect.stringMatching(/^Till /) })]);
    expect(detail.history.map((e) => e.action)).toContain("order.staff_refund");
    await expectAppError(box.orderDetail({ orderId: "no-such-order" }), "NOT_FOUND");
  });
});
