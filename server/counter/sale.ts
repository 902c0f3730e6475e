// The counter sale: from the counter basket (and/or concessions) to a PAID box-office order, all or nothing.
//
//   1. Checked before anything changes: the clerk's open shift, the tender (a comp needs a manager), the basket's
//      seats (held, priced by booking's quote) and the seat rules for the whole selection (inventory).
//   2. The order is claimed for this sale (a second press of Pay is refused, never charged twice).
//   3. Concessions are taken from stock (their own transaction, all or nothing).
//   4. The card is charged on the terminal, if any part is paid by card.
//   5. ONE PostgreSQL transaction: prices on the tickets, the Payment rows (one per tender), the order PAID /
//      BOX_OFFICE / clerk / shift, the items SOLD, the audit entry.
//   6. The tickets get their door codes and the inventory sells the seats (as the web's settlement does).
// A failure in 3–5 gives back what was done (card refunded through the terminal, stock returned, the claim let go):
// the seats stay held in the basket for another try. A failure in 6 (the seat went to someone else after a lapsed
// hold, or the inventory is down) undoes the recorded sale: the payments are voided, the card refunded, the stock
// returned, the order cancelled (statusReason SETTLEMENT_FAILED) and the seats released.
import { randomUUID } from "node:crypto";
import { counterTenders } from "@/server/payments/tenders";
import type { Prisma } from "@/server/db/generated/client";
import { AppError, badRequest, conflict } from "@/server/errors";
import type { StaffOverride } from "@/server/inventory";
import type { CounterBaskets } from "./basket";
import { counterHolder, requireOpenShift, type Actor, type CounterContext } from "./context";
import type { CounterSaleInput, CounterSaleResult, Tender } from "./schemas";

/** How long the basket's holds are stretched when the sale starts, so a card payment can't outlast them. */
const SALE_HOLD_SECONDS = 5 * 60;
/** A claim older than this is from a sale that died half-way (a crashed process): another try may take over. */
const CLAIM_SECONDS = 120;

interface PaymentPlan {
  provider: string;
  amount: number;
  tenderedAmount: number | null;
  changeAmount: number | null;
  note: string | null;
  approvedById: string | null;
}

export function createSale(ctx: CounterContext, baskets: CounterBaskets) {
  const { db, booking, inventory, concessions, approvals, audit, terminal } = ctx;

  /** The tender's Payment rows for a total, or a refusal (nothing has changed yet when this runs). */
  function planPayments(tender: Tender, total: number, approvedById: string | null): { rows: PaymentPlan[]; cardAmount: number; changeDue: number } {
    const row = (provider: string, amount: number, extra: Partial<PaymentPlan> = {}): PaymentPlan => ({
      provider,
      amount,
      tenderedAmount: null,
      changeAmount: null,
      note: null,
      approvedById: null,
      ...extra,
    });
    if (total === 0) return { rows: [], cardAmount: 0, changeDue: tender.kind === "cash" ? tender.tendered : 0 };
    switch (tender.kind) {
      case "cash": {
        if (tender.tendered < total) throw badRequest("The cash handed over is less than the total.", { reason: "TENDER_SHORT", field: "tendered" });
        const change = tender.tendered - total;
        return { rows: [row(counterTenders.cash, total, { tenderedAmount: tender.tendered, changeAmount: change })], cardAmount: 0, changeDue: change };
      }
      case "card":
        return { rows: [row(counterTenders.card, total)], cardAmount: total, changeDue: 0 };
      case "split": {
        if (tender.cashAmount <= 0 || tender.cashAmount >= total) {
          throw badRequest("The cash part of a split payment must be more than nothing and less than the total.", { reason: "BAD_SPLIT", field: "cashAmount" });
        }
        const tendered = tender.tendered ?? tender.cashAmount;
        if (tendered < tender.cashAmount) throw badRequest("The cash handed over is less than the cash part.", { reason: "TENDER_SHORT", field: "tendered" });
        const change = tendered - tender.cashAmount;
        const cardAmount = total - tender.cashAmount;
        return {
          rows: [
            row(counterTenders.cash, tender.cashAmount, { tenderedAmount: tendered, changeAmount: change }),
            row(counterTenders.card, cardAmount),
          ],
          cardAmount,
          changeDue: change,
        };
      }
      case "comp":
        return { rows: [row(counterTenders.complimentary, total, { note: tender.reason, approvedById })], cardAmount: 0, changeDue: 0 };
    }
  }

  async function sell(input: CounterSaleInput & { actor: Actor }): Promise<CounterSaleResult> {
    const { actor } = input;
    const shift = await requireOpenShift(ctx, actor.id);
    const holderKey = counterHolder(shift.id);
    const email = input.email?.trim().toLowerCase() || null;

    // ── 1. Everything that can refuse without changing anything ──
    const approvedById =
      input.tender.kind === "comp"
        ? (await approvals.approve({ actor, managerPin: input.tender.managerPin, what: "Complimentary sales" })).approverId
        : null;
    let override: (StaffOverride & { approverId: string }) | undefined;

    let order: { id: string; reference: string; screeningId: string | null; cinemaId: string; currency: string };
    let lines: Array<{ seatId: string; seatLabel: string; ticketType: string; amount: number }> = [];
    if (input.screeningId) {
      const screening = await baskets.screeningAt(shift, input.screeningId);
      const basket = await booking.currentBasket({ screeningId: input.screeningId, holderKey });
      const held = basket ? await db.ticket.findMany({ where: { orderId: basket.id, status: "HELD" }, select: { seatId: true } }) : [];
      if (!basket || held.length === 0) throw conflict("Choose seats first: none are held for this sale.", { reason: "NO_SEATS" });
      // Stretched first, so that the seats stay this sale's while the customer pays.
      await inventory.extend({ screeningId: input.screeningId, orderId: basket.id, seatIds: held.map((t) => t.seatId), holdSeconds: SALE_HOLD_SECONDS });
      const quote = await booking.quote({ orderId: basket.id, holderKey, ticketTypes: input.ticketTypes });
      if (quote.lines.length !== held.length) {
        throw conflict("The hold on some seats ran out. Choose the seats again.", { reason: "HOLD_EXPIRED" });
      }
      override = await baskets.approveOverride(actor, input.override, { screeningId: input.screeningId, at: "sale" });
      await inventory.checkSelectionRules({ screeningId: input.screeningId, orderId: basket.id, override });
      lines = quote.lines;
      order = { id: basket.id, reference: basket.reference, screeningId: input.screeningId, cinemaId: screening.hall.cinemaId, currency: quote.currency };
    } else {
      if (input.concessions.length === 0) throw badRequest("There is nothing to sell yet.", { reason: "NOTHING_TO_SELL" });
      // One order per request key: a repeated request finds the order it already made.
      const key = `${holderKey}:${input.requestKey}`;
      const previous = await db.order.findFirst({
        where: { holderKey: key, status: { in: ["PAID", "PENDING"] } },
        orderBy: { createdAt: "desc" },
        select: { id: true, status: true },
      });
      if (previous?.status === "PAID") return resultOf(previous.id, 0);
      const opened = previous ?? (await booking.counter.openConcessionsOrder({ cinemaId: shift.cinemaId, currency: shift.currency, holderKey: key }));
      const row = await db.order.findUniqueOrThrow({ where: { id: opened.id }, select: { id: true, reference: true } });
      order = { id: row.id, reference: row.reference, screeningId: null, cinemaId: shift.cinemaId, currency: shift.currency };
    }
    const priced = await baskets.priceItems(order.currency, input.concessions);
    const ticketsSubtotal = lines.reduce((sum, line) => sum + line.amount, 0);
    const total = ticketsSubtotal + priced.reduce((sum, item) => sum + item.amount, 0);
    const plan = planPayments(input.tender, total, approvedById);

    // ── 2. The claim: one sale at a time per order ──
    const now = ctx.now();
    const claimed = await db.order.updateMany({
      where: {
        id: order.id,
        status: "PENDING",
        OR: [{ checkoutStartedAt: null }, { checkoutStartedAt: { lt: new Date(now.getTime() - CLAIM_SECONDS * 1000) } }],
      },
      data: { checkoutStartedAt: now },
    });
    if (claimed.count === 0) throw conflict("This sale is already being paid for.", { reason: "SALE_IN_PROGRESS" });

    let itemsTaken = false;
    let card: { reference: string; amount: number } | null = null;
    try {
      // ── 3. Concessions ──
      if (input.concessions.length) {
        const items = await concessions.take({ orderId: order.id, cinemaId: order.cinemaId, lines: input.concessions, userId: actor.id });
        itemsTaken = true;
        const taken = items.reduce((sum, item) => sum + item.unitPriceAmount * item.quantity, 0);
        // A price changed between the quote and the shelf: the customer is charged what the screen showed, never more.
        if (taken !== total - ticketsSubtotal) throw conflict("A product's price just changed. Check the total and try again.", { reason: "PRICE_CHANGED" });
      }

      // ── 4. The card ──
      if (plan.cardAmount > 0) {
        const simulate = input.tender.kind === "card" || input.tender.kind === "split" ? input.tender.simulate : undefined;
        const charge = await terminal.charge({ amount: plan.cardAmount, currency: order.currency, reference: order.reference, simulate });
        if (!charge.approved) {
          throw conflict(`The card was declined${charge.declineReason ? `: ${charge.declineReason}` : "."}`, {
            reason: "CARD_DECLINED",
            declineReason: charge.declineReason ?? null,
          });
        }
        card = { reference: charge.reference, amount: plan.cardAmount };
      }

      // ── 5. One transaction records the sale ──
      await db.$transaction(async (tx) => {
        const [locked] = await tx.$queryRaw<Array<{ status: string }>>`SELECT "status"::text AS "status" FROM "Order" WHERE "id" = ${order.id} FOR UPDATE`;
        if (locked?.status !== "PENDING") throw conflict("This sale has already been completed or cancelled.", { reason: "BASKET_CLOSED" });
        await priceTickets(tx, order.id, lines, now);
        for (const row of plan.rows) {
          await tx.payment.create({
            data: {
              orderId: order.id,
              provider: row.provider,
              providerRef: row.provider === counterTenders.card && card ? card.reference : `${row.provider}_${randomUUID()}`,
              currency: order.currency,
              amount: row.amount,
              status: "SUCCEEDED",
              succeededAt: now,
              shiftId: shift.id,
              tenderedAmount: row.tenderedAmount,
              changeAmount: row.changeAmount,
              note: row.note,
              approvedById: row.approvedById,
            },
          });
        }
        await tx.order.update({
          where: { id: order.id },
          data: {
            status: "PAID",
            paidAt: now,
            channel: "BOX_OFFICE",
            staffId: actor.id,
            shiftId: shift.id,
            subtotalAmount: total,
            discountAmount: 0,
            bookingFeeAmount: 0,
            totalAmount: total,
            email,
            // A counter customer's emailed tickets open through the guest link, like a web guest's.
            accessTokenHash: email ? booking.counter.guestAccessHash(order.id) : null,
            updatedAt: now,
          },
        });
        await concessions.markSold(tx, order.id);
        // Sold over the counter is handed over at once: nothing of this order waits to be collected.
        await tx.orderItem.updateMany({ where: { orderId: order.id, status: "SOLD", collectedAt: null }, data: { collectedAt: now } });
        await audit.record(
          {
            actorId: actor.id,
            action: "counter.sale",
            entityType: "Order",
            entityId: order.id,
            details: {
              reference: order.reference,
              shiftId: shift.id,
              total,
              currency: order.currency,
              tenders: plan.rows.map((r) => ({ provider: r.provider, amount: r.amount })),
              seats: lines.map((l) => l.seatLabel),
              ...(approvedById ? { approvedById, compReason: input.tender.kind === "comp" ? input.tender.reason : null } : {}),
              ...(override ? { override: { reason: override.reason, approvedById: override.approverId } } : {}),
            },
          },
          tx,
        );
      });
    } catch (error) {
      await giveBackUnpaid(order.id, actor.id, itemsTaken, card, order.currency, errorText(error), order.screeningId === null);
      throw error;
    }

    // ── 6. Door codes and the sale of the seats ──
    if (order.screeningId) {
      try {
        await booking.issueTickets({ orderId: order.id });
        await inventory.sell({ screeningId: order.screeningId, orderId: order.id, seatIds: lines.map((l) => l.seatId) });
      } catch (error) {
        await undoRecordedSale(order as { id: string; screeningId: string; currency: string }, actor.id, card, errorText(error));
        if (error instanceof AppError && error.details?.reason === "HOLD_LOST") {
          throw conflict(`${error.message} The sale was cancelled and nothing was charged.`, { ...error.details });
        }
        throw error;
      }
    }

    let emailed = false;
    if (email && order.screeningId) {
      try {
        emailed = (await booking.sendConfirmation({ orderId: order.id })).sent;
      } catch (error) {
        // The sale stands; reconciliation resends confirmations that failed.
        console.error(`[counter] could not email the tickets of ${order.reference}`, error);
      }
    }
    return resultOf(order.id, plan.changeDue, emailed);
  }

  async function resultOf(orderId: string, changeDue: number, emailed = false): Promise<CounterSaleResult> {
    const order = await db.order.findUniqueOrThrow({
      where: { id: orderId },
      select: {
        id: true,
        reference: true,
        currency: true,
        totalAmount: true,
        payments: { where: { status: "SUCCEEDED" }, orderBy: { createdAt: "asc" }, select: { provider: true, amount: true, changeAmount: true } },
        tickets: { where: { status: "SOLD" }, orderBy: [{ seat: { rowLabel: "asc" } }, { seat: { number: "asc" } }], select: { seat: { select: { rowLabel: true, number: true } } } },
      },
    });
    return {
      orderId: order.id,
      reference: order.reference,
      currency: order.currency,
      total: order.totalAmount,
      changeDue: changeDue || order.payments.reduce((sum, p) => sum + (p.changeAmount ?? 0), 0),
      tenders: order.payments.map((p) => ({ provider: p.provider, amount: p.amount })),
      seats: order.tickets.map((t) => `${t.seat.rowLabel}${t.seat.number}`),
      printPath: `/box-office/print/${encodeURIComponent(order.reference)}`,
      emailed,
    };
  }

  /**
   * Nothing was recorded: the card goes back, the stock goes back. A basket of seats is let go of for another try; an
   * order of concessions alone is cancelled (it has no seats to keep, and booking's expiry only knows seated orders).
   */
  async function giveBackUnpaid(orderId: string, actorId: string, itemsTaken: boolean, card: { reference: string; amount: number } | null, currency: string, why: string, concessionsOnly: boolean) {
    if (card) await refundCard(orderId, actorId, card, currency, why);
    if (itemsTaken) await concessions.giveBack({ orderId, as: "RELEASED", userId: actorId }).catch((e) => console.error("[counter] stock not given back", e));
    const now = ctx.now();
    await db.order
      .updateMany({
        where: { id: orderId, status: "PENDING" },
        data: concessionsOnly ? { status: "CANCELLED", cancelledAt: now, updatedAt: now } : { checkoutStartedAt: null },
      })
      .catch(() => {});
  }

  async function refundCard(orderId: string, actorId: string, card: { reference: string; amount: number }, currency: string, why: string) {
    const refund = await terminal
      .refund({ chargeReference: card.reference, amount: card.amount, currency, reason: why })
      .catch((error: unknown) => ({ refunded: false, reference: "none", failureReason: errorText(error) }));
    await audit.record({
      actorId,
      action: refund.refunded ? "counter.card_reversed" : "counter.card_reversal_failed",
      entityType: "Order",
      entityId: orderId,
      details: { chargeReference: card.reference, amount: card.amount, refundReference: refund.reference, why, ...(refund.refunded ? {} : { failureReason: refund.failureReason ?? null }) },
    });
    if (!refund.refunded) {
      // The customer's money is with us and the sale didn't happen: a person has to give it back.
      await db.order.update({ where: { id: orderId }, data: { needsAttention: true } });
    }
  }

  /** The sale was recorded but the seats could not be sold: void it all, as if it never happened. */
  async function undoRecordedSale(order: { id: string; screeningId: string; currency: string }, actorId: string, card: { reference: string; amount: number } | null, why: string) {
    if (card) await refundCard(order.id, actorId, card, order.currency, why);
    const now = ctx.now();
    await db.$transaction(async (tx) => {
      await tx.payment.updateMany({
        where: { orderId: order.id, status: "SUCCEEDED" },
        data: { status: "FAILED", failureReason: `COUNTER_SALE_UNDONE: ${why}`.slice(0, 500), updatedAt: now },
      });
      await tx.order.update({
        where: { id: order.id },
        data: { status: "CANCELLED", cancelledAt: now, statusReason: "SETTLEMENT_FAILED", updatedAt: now },
      });
      await concessions.giveBack({ orderId: order.id, as: "REFUNDED", userId: actorId, tx });
      await audit.record({ actorId, action: "counter.sale_undone", entityType: "Order", entityId: order.id, details: { why } }, tx);
    });
    await inventory.release({ screeningId: order.screeningId, orderId: order.id }).catch((e) => console.error("[counter] seats not released", e));
  }

  return { sell };
}

async function priceTickets(tx: Prisma.TransactionClient, orderId: string, lines: Array<{ seatId: string; ticketType: string; amount: number }>, now: Date) {
  const groups = new Map<string, { ticketType: string; priceAmount: number; seatIds: string[] }>();
  for (const line of lines) {
    const key = `${line.ticketType}:${line.amount}`;
    const group = groups.get(key) ?? { ticketType: line.ticketType, priceAmount: line.amount, seatIds: [] };
    group.seatIds.push(line.seatId);
    groups.set(key, group);
  }
  for (const group of groups.values()) {
    const updated = await tx.ticket.updateMany({
      where: { orderId, seatId: { in: group.seatIds }, status: "HELD" },
      data: { ticketType: group.ticketType, priceAmount: group.priceAmount, updatedAt: now },
    });
    if (updated.count !== group.seatIds.length) throw conflict("The hold on some seats ran out. Choose the seats again.", { reason: "HOLD_EXPIRED" });
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
