import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { newTicketCode } from "@/server/booking/tokens";
import { counterTenders } from "@/server/payments/tenders";
import { createBookingScreening, paidOrder, withBookingHarness } from "@/tests/support/booking";
import { expectAppError } from "@/tests/support/errors";
import type { TestScreening } from "@/tests/support/screenings";
import { createTestUser } from "@/tests/support/users";
import { PAGE_WIDTH, winAnsi } from "./pdf";

const h = withBookingHarness();

/** A counter sale as the box office records it: BOX_OFFICE, the clerk and their open shift, cash with change. */
async function counterOrder(screening: TestScreening, labels: string[]) {
  const clerk = (await createTestUser(h.services, { role: "STAFF", name: "Cora Clerk" })).user;
  const till = await h.services.db.till.create({ data: { cinemaId: screening.cinemaId, name: `Till ${newTicketCode().slice(0, 4)}` } });
  const shift = await h.services.db.shift.create({
    data: { tillId: till.id, cinemaId: screening.cinemaId, staffId: clerk.id, currency: "GBP", floatAmount: 10000 },
  });
  const product = await h.services.db.product.create({ data: { name: "Popcorn (large)", category: "Popcorn", currency: "GBP", priceAmount: 550 } });
  const total = 1200 * labels.length + 2 * 550;
  const order = await h.services.db.order.create({
    data: {
      reference: `C${newTicketCode().slice(0, 7)}`,
      screeningId: screening.screeningId,
      channel: "BOX_OFFICE",
      status: "PAID",
      currency: "GBP",
      subtotalAmount: total,
      totalAmount: total,
      expiresAt: h.clock.now(),
      paidAt: h.clock.now(),
      staffId: clerk.id,
      shiftId: shift.id,
    },
  });
  await h.services.db.ticket.createMany({
    data: labels.map((label) => ({
      orderId: order.id,
      screeningId: screening.screeningId,
      seatId: screening.seat(label),
      ticketType: "ADULT",
      currency: "GBP",
      priceAmount: 1200,
      status: "SOLD" as const,
      code: newTicketCode(),
    })),
  });
  await h.services.db.orderItem.create({
    data: { orderId: order.id, productId: product.id, quantity: 2, currency: "GBP", unitPriceAmount: 550, status: "SOLD" },
  });
  await h.services.db.payment.create({
    data: {
      orderId: order.id,
      provider: counterTenders.cash,
      providerRef: newTicketCode(),
      currency: "GBP",
      amount: total,
      status: "SUCCEEDED",
      succeededAt: h.clock.now(),
      shiftId: shift.id,
      tenderedAmount: 5000,
      changeAmount: 5000 - total,
    },
  });
  return { order, clerk, till, total };
}

describe("printing", () => {
  it("a web order's sheet: its tickets with QR codes, the screening, paid online", async () => {
    const screening = await createBookingScreening(h.services.db, h.clock);
    const paid = await paidOrder(h, screening, ["A1", "A2"]);
    const sheet = await h.services.printing.sheet({ reference: paid.reference.toLowerCase() });
    expect(sheet.order).toMatchObject({ reference: paid.reference, channel: "WEB", status: "PAID", clerkName: null, tillName: null, totalAmount: 2400 });
    expect(sheet.screening).toMatchObject({ filmTitle: "Seat Wars", certificate: "U", formatLabel: "2D" });
    expect(sheet.cinema.timeZone).toBe("Europe/London");
    expect(sheet.tickets.map((t) => [t.seatLabel, t.ticketTypeLabel, t.priceAmount, t.printed])).toEqual([
      ["A1", "Adult", 1200, 0],
      ["A2", "Adult", 1200, 0],
    ]);
    expect(sheet.tickets[0]!.qrSvg).toMatch(/^<svg/);
    expect(sheet.tenders).toEqual([expect.objectContaining({ label: "Paid online", amount: 2400, tenderedAmount: null })]);
    expect(sheet.lines.map((l) => l.label)).toEqual(["Adult · A1", "Adult · A2"]);
  });

  it("a counter order's sheet: clerk, till, concessions, cash tendered and change", async () => {
    const screening = await createBookingScreening(h.services.db, h.clock);
    const { order, till, total } = await counterOrder(screening, ["B1", "B2"]);
    const sheet = await h.services.printing.sheet({ reference: order.reference });
    expect(sheet.order).toMatchObject({ channel: "BOX_OFFICE", clerkName: "Cora Clerk", tillName: till.name, totalAmount: total });
    expect(sheet.lines).toEqual([
      { label: "Adult · B1", quantity: 1, amount: 1200, currency: "GBP", refunded: false },
      { label: "Adult · B2", quantity: 1, amount: 1200, currency: "GBP", refunded: false },
      { label: "Popcorn (large)", quantity: 2, amount: 1100, currency: "GBP", refunded: false },
    ]);
    expect(sheet.tenders).toEqual([{ label: "Cash", amount: total, currency: "GBP", tenderedAmount: 5000, changeAmount: 5000 - total, note: null }]);
  });

  it("refuses what can't be printed: an unknown reference, an unpaid booking", async () => {
    await expectAppError(h.services.printing.sheet({ reference: "NOPE0000" }), "NOT_FOUND");
    const screening = await createBookingScreening(h.services.db, h.clock);
    const basket = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: "guest:printing-unpaid", userId: null });
    await expectAppError(h.services.printing.sheet({ reference: basket.reference }), "PRECONDITION_FAILED");
    const staff = (await createTestUser(h.services, { role: "STAFF" })).user;
    await expectAppError(
      h.services.printing.recordPrint({ reference: basket.reference, what: "tickets", format: "paper", staffId: staff.id }),
      "PRECONDITION_FAILED",
    );
  });

  it("the first print is the original, every later one a reprint, numbered and audited", async () => {
    const screening = await createBookingScreening(h.services.db, h.clock);
    const { order, clerk } = await counterOrder(screening, ["C1", "C2"]);
    const print = (what: "tickets" | "receipt") =>
      h.services.printing.recordPrint({ reference: order.reference, what, format: "paper", staffId: clerk.id });

    const first = await print("tickets");
    expect(first.reprint).toBe(false);
    expect(Object.values(first.copies)).toEqual([1, 1]);
    expect(await print("receipt")).toEqual({ copies: { receipt: 1 }, reprint: false });
    const second = await print("tickets");
    expect(second.reprint).toBe(true);
    expect(Object.values(second.copies)).toEqual([2, 2]);

    const sheet = await h.services.printing.sheet({ reference: order.reference });
    expect(sheet.tickets.map((t) => t.printed)).toEqual([2, 2]);
    expect(sheet.receiptPrinted).toBe(1);
    const audit = await h.services.db.auditLog.findMany({ where: { entityType: "Order", entityId: order.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["order.tickets_printed", clerk.id],
      ["order.receipt_printed", clerk.id],
      ["order.tickets_reprinted", clerk.id],
    ]);
  });

  it("two tills printing one booking at once get one original and numbered reprints", async () => {
    const screening = await createBookingScreening(h.services.db, h.clock);
    const { order, clerk } = await counterOrder(screening, ["A1"]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => h.services.printing.recordPrint({ reference: order.reference, what: "receipt", format: "paper", staffId: clerk.id })),
    );
    expect(results.map((r) => r.copies.receipt).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(results.filter((r) => !r.reprint)).toHaveLength(1);
  });

  it("the PDF is 80 mm wide, one page per ticket, and records its print", async () => {
    const screening = await createBookingScreening(h.services.db, h.clock);
    const { order, clerk } = await counterOrder(screening, ["A1", "A2", "A3"]);
    const tickets = await h.services.printing.pdf({ reference: order.reference, what: "tickets", staffId: clerk.id });
    expect(Buffer.from(tickets.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(tickets.filename).toBe(`${order.reference}-tickets.pdf`);
    const doc = await PDFDocument.load(tickets.bytes);
    expect(doc.getPageCount()).toBe(3);
    for (const page of doc.getPages()) {
      expect(page.getWidth()).toBeCloseTo(226.77, 1);
      expect(page.getHeight()).toBeGreaterThan(page.getWidth());
    }
    const receipt = await h.services.printing.pdf({ reference: order.reference, what: "receipt", staffId: clerk.id });
    const receiptDoc = await PDFDocument.load(receipt.bytes);
    expect(receiptDoc.getPageCount()).toBe(1);
    expect(receiptDoc.getPage(0).getWidth()).toBeCloseTo(PAGE_WIDTH, 5);
    const records = await h.services.db.printRecord.findMany({ where: { orderId: order.id } });
    expect(records.map((r) => [r.kind, r.format, r.copy]).sort()).toEqual([
      ["RECEIPT", "pdf", 1],
      ["TICKET", "pdf", 1],
      ["TICKET", "pdf", 1],
      ["TICKET", "pdf", 1],
    ]);
  });

  it("print records can't be changed or deleted", async () => {
    const screening = await createBookingScreening(h.services.db, h.clock);
    const { order, clerk } = await counterOrder(screening, ["A1"]);
    await h.services.printing.recordPrint({ reference: order.reference, what: "receipt", format: "paper", staffId: clerk.id });
    await expect(h.services.db.printRecord.updateMany({ where: { orderId: order.id }, data: { copy: 1 } })).rejects.toThrow(/append-only/);
    await expect(h.services.db.printRecord.deleteMany({ where: { orderId: order.id } })).rejects.toThrow(/append-only/);
  });

  it("text the standard PDF fonts can't draw is folded, not fatal", () => {
    expect(winAnsi("Amélie — £12 · Ōkami 🎬")).toBe("Amélie — £12 · Okami ?");
  });
});
