// Exchanges at the counter: booking's exchanges (server/booking/exchanges.ts) hold the new seats and make the swap;
// this file decides who may, and moves the money for the difference:
//   - the customer pays more: cash as a counter-cash Payment on the new order in the swap's transaction, or card
//     charged on the terminal first (a decline changes nothing) and written in the swap; if the swap then fails the
//     charge goes back (refundCard, idempotent) and the new seats are released;
//   - the customer gets money back: Refund rows against what paid for the old tickets, written in the swap (cash out
//     of the clerk's drawer at once; card and web after the commit, retried by the attention desk if they fail).
// After the customer cut-off of the old show, or for a refund above the clerk's limit, a manager approves.
import type { SessionUser } from "@/server/accounts/roles";
import type { ExchangeQuote } from "@/server/booking/exchanges";
import { allocateRefund, fundingPayments } from "@/server/booking/exchanges";
import { refundsOpen } from "@/server/booking/refund-cutoff";
import { badRequest, conflict } from "@/server/errors";
import { counterTenders } from "@/server/payments/tenders";
import { randomBytes } from "node:crypto";
import type { BoxOfficeContext } from "./context";
import { shiftRequired, tenderOf, type RefundLine, type StaffRefunds } from "./staff-refunds";

export type ExchangeTender = "cash" | "card";

export interface CompleteExchangeInput {
  actor: Pick<SessionUser, "id" | "role">;
  exchangeId: string;
  /** How the customer pays a positive difference. */
  tender?: ExchangeTender | null;
  /** Cash handed over (minor units), at least the difference. */
  tenderedAmount?: number | null;
  managerPin?: string | null;
}

export function createStaffExchanges(ctx: BoxOfficeContext, refunds: Pick<StaffRefunds, "writeRefundRows" | "runPending" | "openShiftOf">) {
  const { db, exchanges, now } = ctx;

  async function prepare(input: {
    actor: Pick<SessionUser, "id" | "role">;
    orderId: string;
    ticketIds: string[];
    toScreeningId: string;
    seatIds?: string[];
    /** Seats as the customer names them ("G6 G7"), instead of ids; empty for the best available. */
    seatLabels?: string[];
  }): Promise<ExchangeQuote> {
    let seatIds = input.seatIds;
    if (!seatIds?.length && input.seatLabels?.length) {
      const screening = await db.screening.findUnique({ where: { id: input.toScreeningId }, select: { layoutId: true } });
      if (!screening) throw badRequest("Choose a screening to exchange to.", { reason: "NO_SCREENING" });
      const seats = await db.seat.findMany({ where: { layoutId: screening.layoutId }, select: { id: true, rowLabel: true, number: true } });
      seatIds = input.seatLabels.map((raw) => {
        const label = raw.trim().toUpperCase();
        const seat = seats.find((s) => `${s.rowLabel}${s.number}` === label);
        if (!seat) throw badRequest(`There is no seat ${label} in that hall.`, { reason: "NO_SUCH_SEAT", field: "seatLabels" });
        return seat.id;
      });
    }
    return exchanges.prepare({
      fromOrderId: input.orderId,
      ticketIds: input.ticketIds,
      toScreeningId: input.toScreeningId,
      seatIds: seatIds?.length ? seatIds : undefined,
      actorId: input.actor.id,
      channel: "BOX_OFFICE",
    });
  }

  async function complete(input: CompleteExchangeInput): Promise<{
    toOrderId: string;
    toReference: string;
    difference: number;
    changeAmount: number;
    refunds: RefundLine[];
  }> {
    const exchange = await exchanges.load(input.exchangeId);
    const to = await db.order.findUniqueOrThrow({ where: { id: exchange.toOrderId }, select: { reference: true } });
    if (exchange.status === "COMPLETED") {
      // Asked again (a retry after a follow-up failed): the follow-ups run again, nothing else does.
      await exchanges.swap({ exchangeId: exchange.id, actorId: input.actor.id });
      return { toOrderId: exchange.toOrderId, toReference: to.reference, difference: exchange.differenceAmount, changeAmount: 0, refunds: [] };
    }
    const from = await db.order.findUniqueOrThrow({ where: { id: exchange.fromOrderId }, select: { screening: { select: { startsAt: true } } } });
    const diff = exchange.differenceAmount;

    const reasons: string[] = [];
    if (from.screening && !refundsOpen(from.screening.startsAt, ctx.options.refundCutoffMinutes, now())) reasons.push("after the cut-off");
    if (-diff > ctx.options.managerRefundAbove) reasons.push("above the refund limit");
    const approvedById = reasons.length
      ? (await ctx.approvals.approve({ actor: input.actor, managerPin: input.managerPin, what: `Exchanges ${reasons.join(" and ")}` })).approverId
      : null;

    const shift = await refunds.openShiftOf(input.actor.id);
    let tender: ExchangeTender | null = null;
    let tendered = 0;
    if (diff > 0) {
      tender = input.tender ?? null;
      if (!tender) throw badRequest("Choose how the customer pays the difference.", { reason: "TENDER_REQUIRED" });
      if (!shift) throw shiftRequired();
      if (tender === "cash") {
        tendered = input.tenderedAmount ?? diff;
        if (!Number.isSafeInteger(tendered) || tendered < diff) throw badRequest("The cash handed over is less than the difference.", { reason: "TENDER_SHORT", field: "tenderedAmount" });
      }
    }
    if (diff < 0) {
      // Known before the swap, so a refusal changes nothing.
      const funding = await db.$transaction((tx) => fundingPayments(tx, exchange.fromOrderId));
      const parts = allocateRefund(funding, -diff, (p) => ({ web: 0, card: 1, comp: 2, cash: 3 })[tenderOf(p)]);
      if (parts.some((p) => tenderOf(p.payment.provider) === "cash") && !shift) throw shiftRequired();
    }

    // A card difference is taken on the terminal before the swap; it is the one effect outside PostgreSQL.
    let cardReference: string | null = null;
    if (diff > 0 && tender === "card") {
      const answer = await ctx.card.chargeCard({ amount: diff, currency: exchange.currency, idempotencyKey: `exchange-charge-${exchange.id}` });
      if (!answer.approved) throw conflict("The card was declined. Try again or take cash.", { reason: "CARD_DECLINED" });
      cardReference = answer.reference ?? `exchange-${exchange.id}`;
    }

    let lines: RefundLine[] = [];
    try {
      await exchanges.swap({
        exchangeId: exchange.id,
        actorId: input.actor.id,
        approvedById,
        staffId: input.actor.id,
        shiftId: shift?.id ?? null,
        money: async (tx, ex) => {
          const at = now();
          if (diff > 0) {
            await tx.payment.create({
              data: {
                orderId: ex.toOrderId,
                provider: tender === "cash" ? counterTenders.cash : counterTenders.card,
                providerRef: tender === "cash" ? `cash-${randomBytes(10).toString("hex")}` : cardReference!,
                currency: ex.currency,
                amount: diff,
                status: "SUCCEEDED",
                succeededAt: at,
                shiftId: shift!.id,
                tenderedAmount: tender === "cash" ? tendered : null,
                changeAmount: tender === "cash" ? tendered - diff : null,
                approvedById,
                createdAt: at,
                updatedAt: at,
              },
            });
          } else if (diff < 0) {
            const funding = await fundingPayments(tx, ex.fromOrderId, { lock: true });
            const parts = allocateRefund(funding, -diff, (p) => ({ web: 0, card: 1, comp: 2, cash: 3 })[tenderOf(p)]);
            lines = await refunds.writeRefundRows(tx, parts, {
              orderId: ex.fromOrderId,
              reasonCode: "EXCHANGE",
              reason: "EXCHANGE_DIFFERENCE",
              staffId: input.actor.id,
              approvedById,
              shiftId: shift?.id ?? null,
            });
          }
        },
      });
    } catch (error) {
      const done = await exchanges.load(exchange.id);
      if (done.status !== "COMPLETED") {
        // Nothing of the swap committed: the card charge goes back and the new seats are released.
        if (cardReference) {
          await ctx.card
            .refundCard({ paymentId: cardReference, amount: diff, currency: exchange.currency, idempotencyKey: `exchange-charge-back-${exchange.id}` })
            .catch((refundError) => console.error(`[box-office] exchange ${exchange.id}: card charge not given back`, refundError));
        }
        await exchanges.abandon({ exchangeId: exchange.id, actorId: input.actor.id }).catch(() => undefined);
      }
      throw error;
    }
    const done = await refunds.runPending(lines);
    return { toOrderId: exchange.toOrderId, toReference: to.reference, difference: diff, changeAmount: tender === "cash" ? tendered - diff : 0, refunds: done };
  }

  async function abandon(input: { actor: Pick<SessionUser, "id">; exchangeId: string }) {
    await exchanges.abandon({ exchangeId: input.exchangeId, actorId: input.actor.id });
  }

  return { prepare, complete, abandon };
}
