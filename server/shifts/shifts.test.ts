// Shifts against real PostgreSQL: figures equal the rows that moved the money, to the penny; cash refunds land in
// the refunding clerk's drawer; a closed shift is frozen except for a manager's sign-off and corrections; one open
// shift per till and per clerk under concurrency; the close can't lose a sale racing it.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Role } from "@/server/accounts/roles";
import { counterTenders } from "@/server/payments/tenders";
import { expectAppError, rejectionOf } from "@/tests/support/errors";
import { createTestScreening, type TestScreening } from "@/tests/support/screenings";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();
const db = new Proxy({} as typeof services.db, { get: (_, key) => services.db[key as keyof typeof services.db] });
const hex = () => randomBytes(6).toString("hex");

let screening: TestScreening;
let seatCursor = 0;
const tills: string[] = [];

async function clerk(role: Role = "STAFF") {
  const { user, session } = await createTestUser(services, { role });
  await db.user.update({ where: { id: user.id }, data: { homeCinemaId: screening.cinemaId } });
  return session.user;
}

async function newTill() {
  const till = await db.till.create({ data: { cinemaId: screening.cinemaId, name: `Till ${hex()}` } });
  tills.push(till.id);
  return till.id;
}

type Tender = { provider: string; amount: number; tendered?: number };

/** A counter sale as the counter module writes it (common brief's conventions), straight into the database. */
async function counterSale(input: { staffId: string; shiftId: string; tickets: Array<{ type: string; price: number }>; tenders: Tender[]; items?: Array<{ productId: string; quantity: number; price: number }> }) {
  const total = input.tickets.reduce((s, t) => s + t.price, 0) + (input.items ?? []).reduce((s, i) => s + i.quantity * i.price, 0);
  const now = new Date();
  const order = await db.order.create({
    data: {
      reference: hex().toUpperCase(),
      screeningId: screening.screeningId,
      channel: "BOX_OFFICE",
      status: "PAID",
      paidAt: now,
      currency: "GBP",
      subtotalAmount: total,
      totalAmount: total,
      expiresAt: now,
      staffId: input.staffId,
      shiftId: input.shiftId,
    },
  });
  for (const t of input.tickets) {
    await db.ticket.create({
      data: {
        orderId: order.id,
        screeningId: screening.screeningId,
        seatId: screening.seatIds[seatCursor++]!,
        ticketType: t.type,
        currency: "GBP",
        priceAmount: t.price,
        status: "SOLD",
        code: randomBytes(12).toString("base64url"),
      },
    });
  }
  for (const i of input.items ?? []) {
    await db.orderItem.create({ data: { orderId: order.id, productId: i.productId, quantity: i.quantity, currency: "GBP", unitPriceAmount: i.price, status: "SOLD" } });
  }
  const payments = [];
  for (const t of input.tenders) {
    payments.push(
      await db.payment.create({
        data: {
          orderId: order.id,
          provider: t.provider,
          providerRef: `ref_${hex()}`,
          currency: "GBP",
          amount: t.amount,
          status: "SUCCEEDED",
          succeededAt: now,
          shiftId: input.shiftId,
          ...(t.tendered !== undefined ? { tenderedAmount: t.tendered, changeAmount: t.tendered - t.amount } : {}),
        },
      }),
    );
  }
  return { order, payments };
}

async function staffRefund(input: { paymentId: string; orderId: string; amount: number; staffId: string; shiftId: string | null; reasonCode: string }) {
  return db.refund.create({
    data: {
      paymentId: input.paymentId,
      orderId: input.orderId,
      currency: "GBP",
      amount: input.amount,
      reason: "STAFF",
      reasonCode: input.reasonCode,
      status: "SUCCEEDED",
      staffId: input.staffId,
      shiftId: input.shiftId,
    },
  });
}

beforeAll(async () => {
  const row = "S".repeat(20);
  screening = await createTestScreening(db, { plan: Array.from({ length: 12 }, () => row), startsAt: new Date(Date.now() + 3 * 3600_000) });
});

describe("shift figures", () => {
  it("equal the sum of the shift's sales and refunds to the penny", async () => {
    const staff = await clerk();
    const shift = await services.shifts.open({ actor: staff, tillId: await newTill(), float: { denominations: { "2000": 2, "1000": 3, "500": 4, "100": 10, "50": 4, "1": 7 } } });
    expect(shift.floatAmount).toBe(4000 + 3000 + 2000 + 1000 + 200 + 7);
    const product = await db.product.create({ data: { name: `Popcorn ${hex()}`, category: "Popcorn", currency: "GBP", priceAmount: 495 } });

    // Odd amounts, so that any rounding or float arithmetic shows.
    const prices = [1199, 873, 1001, 1337, 999, 1, 4567];
    let cash = 0;
    let card = 0;
    let comp = 0;
    const sales = [];
    for (const [i, price] of prices.entries()) {
      const tickets = [{ type: "ADULT", price }, { type: i % 2 ? "CHILD" : "ADULT", price: price + 3 }];
      const total = price * 2 + 3 + (i === 2 ? 2 * 495 : 0);
      const items = i === 2 ? [{ productId: product.id, quantity: 2, price: 495 }] : undefined;
      const tenders: Tender[] =
        i % 3 === 0
          ? [{ provider: counterTenders.cash, amount: total, tendered: total + 17 }]
          : i % 3 === 1
            ? [{ provider: counterTenders.card, amount: total }]
            : [
                { provider: counterTenders.cash, amount: Math.ceil(total / 3), tendered: Math.ceil(total / 3) + 2000 },
                { provider: counterTenders.card, amount: total - Math.ceil(total / 3) },
              ];
      if (i === prices.length - 1) tenders.splice(0, tenders.length, { provider: counterTenders.complimentary, amount: total });
      for (const t of tenders) {
        if (t.provider === counterTenders.cash) cash += t.amount;
        else if (t.provider === counterTenders.card) card += t.amount;
        else comp += t.amount;
      }
      sales.push(await counterSale({ staffId: staff.id, shiftId: shift.id, tickets, tenders, items }));
    }
    // A cash refund of part of the first sale, from this drawer, and a card refund by the same clerk.
    const firstCash = sales[0]!.payments[0]!;
    await staffRefund({ paymentId: firstCash.id, orderId: firstCash.orderId, amount: 1199, staffId: staff.id, shiftId: shift.id, reasonCode: "CUSTOMER_REQUEST" });
    await db.ticket.updateMany({ where: { orderId: firstCash.orderId, priceAmount: 1199 }, data: { status: "REFUNDED" } });
    await db.payment.update({ where: { id: firstCash.id }, data: { status: "PARTIALLY_REFUNDED" } });
    const cardPayment = sales[1]!.payments[0]!;
    await staffRefund({ paymentId: cardPayment.id, orderId: cardPayment.orderId, amount: 250, staffId: staff.id, shiftId: null, reasonCode: "WRONG_SHOWING" });

    await services.shifts.recordMovement({ actor: staff, kind: "DROP", amount: 2500, reason: "Safe drop" });
    await services.shifts.recordMovement({ actor: staff, kind: "PAY_IN", amount: 1000, reason: "More change" });
    await services.shifts.recordMovement({ actor: staff, kind: "PAYOUT", amount: 333, reason: "Milk for the café" });

    const report = await services.shifts.report({ actor: staff, shiftId: shift.id });
    expect(report.kind).toBe("X");
    expect(report.cash).toEqual({
      float: shift.floatAmount,
      cashSales: cash,
      cashRefunds: 1199,
      drops: -2500,
      payouts: -333,
      payIns: 1000,
      corrections: 0,
      expected: shift.floatAmount + cash - 1199 - 2500 + 1000 - 333,
    });
    const byProvider = Object.fromEntries(report.tenders.map((t) => [t.provider, t]));
    expect(byProvider[counterTenders.cash]).toMatchObject({ amount: cash, refundAmount: 1199, net: cash - 1199 });
    expect(byProvider[counterTenders.card]).toMatchObject({ amount: card, refundAmount: 250, net: card - 250 });
    expect(byProvider[counterTenders.complimentary]).toMatchObject({ amount: comp, refundAmount: 0 });
    expect(report.totals).toEqual({ sales: cash + card + comp, refunds: 1449, net: cash + card + comp - 1449 });

    // Every order's payments add up to what its tickets and items cost, so the tenders equal the goods.
    const ticketsTotal = report.ticketTypes.reduce((s, t) => s + t.soldAmount, 0);
    const itemsTotal = report.concessions.reduce((s, c) => s + c.soldAmount, 0);
    expect(ticketsTotal + itemsTotal).toBe(report.totals.sales);
    expect(report.concessions).toEqual([{ productId: product.id, name: product.name, sold: 2, soldAmount: 990, refunded: 0, refundedAmount: 0 }]);
    const adult = report.ticketTypes.find((t) => t.code === "ADULT")!;
    expect(adult.refunded).toBe(1);
    expect(adult.refundedAmount).toBe(1199);
    expect(report.refundsByReason).toEqual([
      { reason: "CUSTOMER_REQUEST", count: 1, amount: 1199 },
      { reason: "WRONG_SHOWING", count: 1, amount: 250 },
    ]);
    expect(report.movements.map((m) => [m.kind, m.amount])).toEqual([["DROP", -2500], ["PAY_IN", 1000], ["PAYOUT", -333]]);

    // Closing on the exact expected cash: no variance, no sign-off.
    const closed = await services.shifts.close({ actor: staff, counted: { amount: report.cash.expected } });
    expect(closed).toMatchObject({ varianceAmount: 0, needsSignOff: false, expectedCashAmount: report.cash.expected });
    const audit = await db.auditLog.findMany({ where: { entityId: shift.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["shift.open", "shift.cash_movement", "shift.cash_movement", "shift.cash_movement", "shift.close"]);
  });

  it("counts a cash refund in the refunding clerk's shift, not the selling one", async () => {
    const seller = await clerk();
    const refunder = await clerk();
    const sellShift = await services.shifts.open({ actor: seller, tillId: await newTill(), float: { amount: 10000 } });
    const refundShift = await services.shifts.open({ actor: refunder, tillId: await newTill(), float: { amount: 5000 } });
    const sale = await counterSale({ staffId: seller.id, shiftId: sellShift.id, tickets: [{ type: "ADULT", price: 1250 }], tenders: [{ provider: counterTenders.cash, amount: 1250, tendered: 2000 }] });
    await staffRefund({ paymentId: sale.payments[0]!.id, orderId: sale.order.id, amount: 1250, staffId: refunder.id, shiftId: refundShift.id, reasonCode: "CUSTOMER_REQUEST" });

    const sold = await services.shifts.report({ actor: seller, shiftId: sellShift.id });
    const refunded = await services.shifts.report({ actor: refunder, shiftId: refundShift.id });
    expect(sold.cash).toMatchObject({ cashSales: 1250, cashRefunds: 0, expected: 11250 });
    expect(refunded.cash).toMatchObject({ cashSales: 0, cashRefunds: 1250, expected: 3750 });
    expect(refunded.refundsByReason).toEqual([{ reason: "CUSTOMER_REQUEST", count: 1, amount: 1250 }]);
    // Someone else's shift is not the clerk's to read.
    await expectAppError(services.shifts.report({ actor: seller, shiftId: refundShift.id }), "NOT_FOUND");
  });
});

describe("closing", () => {
  it("freezes the shift: updates refused, nothing taken against it, corrections by a manager recorded and reported", async () => {
    const staff = await clerk();
    const manager = await clerk("MANAGER");
    const shift = await services.shifts.open({ actor: staff, tillId: await newTill(), float: { amount: 5000 } });
    const sale = await counterSale({ staffId: staff.id, shiftId: shift.id, tickets: [{ type: "ADULT", price: 900 }], tenders: [{ provider: counterTenders.cash, amount: 900 }] });
    await services.shifts.close({ actor: staff, counted: { amount: 5900 } });

    await rejectionOf(db.shift.update({ where: { id: shift.id }, data: { floatAmount: 1 } }), "a closed shift to refuse updates");
    await rejectionOf(db.shift.update({ where: { id: shift.id }, data: { countedCashAmount: 1, varianceAmount: 1 - 5900 } }), "a closed shift to refuse updates");
    await rejectionOf(db.shift.delete({ where: { id: shift.id } }), "a closed shift to refuse deletion");
    await rejectionOf(
      db.payment.create({ data: { orderId: sale.order.id, provider: counterTenders.cash, providerRef: `ref_${hex()}`, currency: "GBP", amount: 100, status: "SUCCEEDED", succeededAt: new Date(), shiftId: shift.id } }),
      "no payment on a closed shift",
    );
    await rejectionOf(db.cashMovement.create({ data: { shiftId: shift.id, kind: "DROP", amount: -100, reason: "late drop", userId: staff.id } }), "no drop on a closed shift");
    await expectAppError(services.shifts.recordMovement({ actor: staff, kind: "DROP", amount: 100, reason: "late drop" }), "PRECONDITION_FAILED", "SHIFT_REQUIRED");
    await expectAppError(services.shifts.close({ actor: staff, counted: { amount: 1 } }), "PRECONDITION_FAILED", "SHIFT_REQUIRED");

    await expectAppError(services.shifts.correct({ actor: staff, shiftId: shift.id, amount: -200, reason: "Drop not recorded" }), "FORBIDDEN");
    const corrected = await services.shifts.correct({ actor: manager, shiftId: shift.id, amount: -200, reason: "Drop not recorded" });
    expect(corrected.expected).toBe(5700);
    const report = await services.shifts.report({ actor: staff, shiftId: shift.id });
    expect(report.kind).toBe("CLOSED");
    expect(report.closing).toMatchObject({ expectedCashAmount: 5900, countedCashAmount: 5900, varianceAmount: 0, varianceAfterCorrections: 200 });
    expect(report.movements).toMatchObject([{ kind: "CORRECTION", amount: -200, reason: "Drop not recorded" }]);
    expect(report.cash.corrections).toBe(-200);
    const audit = await db.auditLog.findFirst({ where: { entityId: shift.id, action: "shift.correction" } });
    expect(audit?.actorId).toBe(manager.id);
  });

  it("needs a manager to sign off a variance beyond the threshold: at close with a PIN, or later, once", async () => {
    const manager = await clerk("MANAGER");
    await services.approvals.setManagerPin({ actor: manager, pin: "97531" });
    const threshold = services.shifts.options.varianceThreshold;

    // Later: the clerk closes short, the shift waits for a manager.
    const staff = await clerk();
    const shift = await services.shifts.open({ actor: staff, tillId: await newTill(), float: { amount: 10000 } });
    const short = await services.shifts.close({ actor: staff, counted: { amount: 10000 - threshold - 1 }, note: "Counted twice" });
    expect(short).toMatchObject({ varianceAmount: -threshold - 1, needsSignOff: true, approvedById: null });
    await expectAppError(services.shifts.signOff({ actor: staff, shiftId: shift.id }), "FORBIDDEN", "MANAGER_REQUIRED");
    await expectAppError(services.shifts.signOff({ actor: staff, shiftId: shift.id, managerPin: "11112" }), "FORBIDDEN", "BAD_PIN");
    const signed = await services.shifts.signOff({ actor: staff, shiftId: shift.id, managerPin: "97531", note: "Till roll jammed" });
    expect(signed).toMatchObject({ needsSignOff: false, approvedById: manager.id });
    await expectAppError(services.shifts.signOff({ actor: manager, shiftId: shift.id }), "CONFLICT", "ALREADY_SIGNED_OFF");
    const report = await services.shifts.report({ actor: manager, shiftId: shift.id });
    expect(report.closing).toMatchObject({ needsSignOff: false, varianceApprovedByName: manager.name, varianceNote: "Counted twice\nTill roll jammed" });
    expect(await db.auditLog.count({ where: { entityId: shift.id, action: "shift.variance_signoff", actorId: staff.id } })).toBe(1);

    // At close: a wrong PIN closes nothing, the right one signs off at once.
    const other = await clerk();
    const second = await services.shifts.open({ actor: other, tillId: await newTill(), float: { amount: 2000 } });
    await expectAppError(services.shifts.close({ actor: other, counted: { amount: 9000 }, managerPin: "24680" }), "FORBIDDEN", "BAD_PIN");
    expect((await services.shifts.currentShift({ actor: other }))?.id).toBe(second.id);
    const over = await services.shifts.close({ actor: other, counted: { denominations: { "5000": 1, "2000": 1 } }, managerPin: "97531" });
    expect(over).toMatchObject({ varianceAmount: 5000, needsSignOff: false, approvedById: manager.id });

    // Within the threshold nobody is asked.
    const third = await clerk();
    await services.shifts.open({ actor: third, tillId: await newTill(), float: { amount: 2000 } });
    expect(await services.shifts.close({ actor: third, counted: { amount: 2000 - threshold } })).toMatchObject({ needsSignOff: false, approvedById: null });
  });

  it("refuses denominations the currency doesn't have", async () => {
    const staff = await clerk();
    await expectAppError(services.shifts.open({ actor: staff, tillId: await newTill(), float: { denominations: { "300": 1 } } }), "BAD_REQUEST");
  });

  it("can't lose a sale racing the close: each is counted or refused", async () => {
    const staff = await clerk();
    const shift = await services.shifts.open({ actor: staff, tillId: await newTill(), float: { amount: 0 } });
    const sale = await counterSale({ staffId: staff.id, shiftId: shift.id, tickets: [{ type: "ADULT", price: 100 }], tenders: [{ provider: counterTenders.cash, amount: 100 }] });
    const pay = () =>
      db.payment.create({
        data: { orderId: sale.order.id, provider: counterTenders.cash, providerRef: `ref_${hex()}`, currency: "GBP", amount: 7, status: "SUCCEEDED", succeededAt: new Date(), shiftId: shift.id },
      });
    const results = await Promise.allSettled([...Array.from({ length: 15 }, pay), services.shifts.close({ actor: staff, counted: { amount: 0 } }), ...Array.from({ length: 15 }, pay)]);
    const closeResult = results[15]!;
    expect(closeResult.status).toBe("fulfilled");
    const accepted = results.filter((r, i) => i !== 15 && r.status === "fulfilled").length;
    const closed = await db.shift.findUniqueOrThrow({ where: { id: shift.id } });
    expect(closed.expectedCashAmount).toBe(100 + 7 * accepted);
  });
});

describe("opening", () => {
  it("opens one shift per till when ten clerks race for it", async () => {
    const tillId = await newTill();
    const clerks = await Promise.all(Array.from({ length: 10 }, () => clerk()));
    const results = await Promise.allSettled(clerks.map((c) => services.shifts.open({ actor: c, tillId, float: { amount: 1000 } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT", details: { reason: "TILL_IN_USE" } });
    }
    expect(await db.shift.count({ where: { tillId, status: "OPEN" } })).toBe(1);
  });

  it("opens one shift per clerk when one clerk tries ten tills at once", async () => {
    const staff = await clerk();
    const ids = await Promise.all(Array.from({ length: 10 }, () => newTill()));
    const results = await Promise.allSettled(ids.map((tillId) => services.shifts.open({ actor: staff, tillId, float: { amount: 0 } })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) {
      if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "CONFLICT", details: { reason: "SHIFT_ALREADY_OPEN" } });
    }
  });

  it("keeps staff to their own cinema's tills", async () => {
    const staff = await clerk();
    const elsewhere = await createTestScreening(db, { plan: ["SS"], startsAt: new Date(Date.now() + 3600_000) });
    const till = await db.till.create({ data: { cinemaId: elsewhere.cinemaId, name: "Till 1" } });
    await expectAppError(services.shifts.open({ actor: staff, tillId: till.id, float: { amount: 0 } }), "BAD_REQUEST", "WRONG_CINEMA");
    const view = await services.shifts.tills({ actor: staff });
    expect(view.cinema?.id).toBe(screening.cinemaId);
    expect(view.tills.every((t) => t.cinemaId === screening.cinemaId)).toBe(true);
  });
});

describe("Z report", () => {
  it("sums the cinema day's shifts, for managers only", async () => {
    const manager = await clerk("MANAGER");
    const staff = await clerk();
    const day = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    await expectAppError(services.shifts.zReport({ actor: staff, cinema: screening.cinemaId, date: day }), "FORBIDDEN");
    const z = await services.shifts.zReport({ actor: manager, cinema: screening.cinemaId, date: day });
    const shifts = await db.shift.findMany({ where: { cinemaId: screening.cinemaId } });
    // Every shift in this file was opened moments ago, i.e. today in London (or, a minute after midnight, yesterday).
    const opened = shifts.filter((s) => new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(s.openedAt) === day);
    expect(z.shifts.map((s) => s.id).sort()).toEqual(opened.map((s) => s.id).sort());
    expect(z.cash.expected).toBe(z.shifts.reduce((sum, s) => sum + s.cash.expected, 0));
    expect(z.cash.cashSales).toBe(z.shifts.reduce((sum, s) => sum + s.cash.cashSales, 0));
    const [payments] = await db.$queryRaw<Array<{ total: bigint }>>`
      SELECT COALESCE(sum("amount"), 0) AS total FROM "Payment" WHERE "shiftId" IN (SELECT "id" FROM "Shift" WHERE "cinemaId" = ${screening.cinemaId})`;
    expect(z.totals.sales).toBe(Number(payments!.total));
    expect(z.openShifts).toBe(z.shifts.filter((s) => s.status === "OPEN").length);
  });
});
