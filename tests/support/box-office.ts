// Box office scenarios for this module's tests: the real box office over booking's test harness (real PostgreSQL and
// Redis, the in-memory web provider), a sandbox card terminal that can decline, and counter orders, tills and shifts
// written straight into the database. Not used by the application.
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/server/accounts/passwords";
import type { AppSession } from "@/server/accounts/roles";
import { createBaskets } from "@/server/booking/baskets";
import { createExchanges, type ExchangeHooks } from "@/server/booking/exchanges";
import { newTicketCode } from "@/server/booking/tokens";
import { counterTenders } from "@/server/payments/tenders";
import type { BookingHarness } from "@/tests/support/booking";
import { guestKey, requestKey } from "@/tests/support/booking";
import type { TestScreening } from "@/tests/support/screenings";
import { createTestUser } from "@/tests/support/users";
import { createSandboxCardRefunds } from "@/server/box-office/card";
import { createBoxOffice } from "@/server/box-office";
import type { BoxOfficeOptions } from "@/server/box-office/options";

export function boxOfficeFor(h: BookingHarness, options: { hooks?: ExchangeHooks; box?: Partial<BoxOfficeOptions> } = {}) {
  const terminal = { declining: false };
  const card = createSandboxCardRefunds({ decline: () => terminal.declining });
  const { services } = h;
  const baskets = createBaskets({ db: services.db, inventory: services.inventory, now: h.clock.now });
  const exchanges = createExchanges({
    db: services.db,
    inventory: services.inventory,
    baskets,
    audit: services.audit,
    now: h.clock.now,
    accessTokenHashFor: (id) => `hash-${id}`,
    hooks: options.hooks,
  });
  const box = createBoxOffice({
    db: services.db,
    now: h.clock.now,
    audit: services.audit,
    approvals: services.approvals,
    concessions: services.concessions,
    inventory: services.inventory,
    payments: h.payments,
    exchanges,
    card,
    options: { refundCutoffMinutes: 60, managerRefundAbove: 5000, ...options.box },
  });
  return { box, card, terminal, exchanges };
}

export async function staffMember(h: BookingHarness, role: "STAFF" | "MANAGER" = "STAFF") {
  const { user, session } = await createTestUser(h.services, { role });
  return { user, session: session as AppSession, actor: { id: user.id, role: user.role } };
}

export async function managerWithPin(h: BookingHarness, pin = "2468") {
  const { user } = await createTestUser(h.services, { role: "MANAGER" });
  await h.services.db.user.update({ where: { id: user.id }, data: { managerPinHash: await hashPassword(pin, 4) } });
  return user;
}

/** An open shift at a new till of the screening's cinema. */
export async function openShift(h: BookingHarness, cinemaId: string, staffId: string, floatAmount = 10_000) {
  const till = await h.services.db.till.create({ data: { cinemaId, name: `Till ${randomBytes(3).toString("hex")}` } });
  return h.services.db.shift.create({ data: { tillId: till.id, cinemaId, staffId, currency: "GBP", floatAmount } });
}

/** A counter sale paid in cash (or card) on a shift: PAID, BOX_OFFICE, adult tickets SOLD at 1200. */
export async function counterOrder(
  h: BookingHarness,
  screening: TestScreening,
  labels: string[],
  sale: { staffId: string; shiftId: string; tender?: "cash" | "card"; customerName?: string },
) {
  const { db, inventory } = h.services;
  const holderKey = guestKey();
  const basket = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey, channel: "BOX_OFFICE" });
  const seatIds = screening.seats(...labels);
  await inventory.hold({ screeningId: screening.screeningId, orderId: basket.id, seatIds, requestKey: requestKey() });
  const held = await db.ticket.findMany({ where: { orderId: basket.id, status: "HELD" }, select: { id: true } });
  for (const t of held) await db.ticket.update({ where: { id: t.id }, data: { ticketType: "ADULT", priceAmount: 1200, code: newTicketCode() } });
  await inventory.sell({ screeningId: screening.screeningId, orderId: basket.id, seatIds });
  const total = 1200 * labels.length;
  const at = h.clock.now();
  await db.order.update({
    where: { id: basket.id },
    data: {
      status: "PAID",
      paidAt: at,
      channel: "BOX_OFFICE",
      holderKey: null,
      staffId: sale.staffId,
      shiftId: sale.shiftId,
      subtotalAmount: total,
      totalAmount: total,
      customerName: sale.customerName ?? null,
    },
  });
  const cash = (sale.tender ?? "cash") === "cash";
  const payment = await db.payment.create({
    data: {
      orderId: basket.id,
      provider: cash ? counterTenders.cash : counterTenders.card,
      providerRef: `t-${randomBytes(8).toString("hex")}`,
      currency: "GBP",
      amount: total,
      status: "SUCCEEDED",
      succeededAt: at,
      shiftId: sale.shiftId,
      tenderedAmount: cash ? total : null,
      changeAmount: cash ? 0 : null,
    },
  });
  return { orderId: basket.id, reference: basket.reference, payment };
}

export async function ticketsOf(h: BookingHarness, orderId: string) {
  return h.services.db.ticket.findMany({
    where: { orderId, status: { in: ["SOLD", "REFUNDED"] } },
    orderBy: [{ seat: { gridRow: "asc" } }, { seat: { gridCol: "asc" } }],
    select: { id: true, status: true, code: true, seatId: true, priceAmount: true },
  });
}

export async function refundedSum(h: BookingHarness, paymentId: string) {
  const sum = await h.services.db.refund.aggregate({ where: { paymentId }, _sum: { amount: true } });
  return sum._sum.amount ?? 0;
}
