// Staff refunds at the box office: a whole order or some of its tickets and items, with a reason code. The money goes
// back the way it came: cash out of the refunding clerk's open drawer (Refund.shiftId), counter card through the
// terminal, web payments through payments.refundPayment. After the customer cut-off, above the clerk's limit, or for a
// ticket already admitted, a manager approves (role or PIN). The tickets, items, refund rows and audit entry commit in
// one transaction; the provider and terminal calls follow it and are idempotent on the Refund row's id.
import { randomBytes } from "node:crypto";
import type { SessionUser } from "@/server/accounts/roles";
import type { Transaction } from "@/server/booking/exchanges";
import { allocateRefund, fundingPayments, type FundingPayment } from "@/server/booking/exchanges";
import { refundsOpen } from "@/server/booking/refund-cutoff";
import { AppError, badRequest, conflict, notFound } from "@/server/errors";
import { assertRefundFits } from "@/server/payments";
import { counterTenders } from "@/server/payments/tenders";
import type { BoxOfficeContext } from "./context";

export const REFUND_REASON_CODES = ["CUSTOMER_REQUEST", "WRONG_BOOKING", "SCREENING_PROBLEM", "DUPLICATE", "OTHER"] as const;
export type RefundReasonCode = (typeof REFUND_REASON_CODES)[number];
/** Refund.reason of every staff refund (the code itself is Refund.reasonCode). */
export const STAFF_REFUND_REASON = "STAFF_REFUND";

export type Tender = "cash" | "card" | "comp" | "web";
export const tenderOf = (provider: string): Tender =>
  provider === counterTenders.cash ? "cash" : provider === counterTenders.card ? "card" : provider === counterTenders.complimentary ? "comp" : "web";
/** Provider and card refunds first, then comps, cash last (see allocateRefund). */
const rank = (provider: string) => ({ web: 0, card: 1, comp: 2, cash: 3 })[tenderOf(provider)];

export interface StaffRefundInput {
  actor: Pick<SessionUser, "id" | "role">;
  orderId: string;
  /** Tickets and items to refund; both left out means the whole order. */
  ticketIds?: string[];
  itemIds?: string[];
  reasonCode: RefundReasonCode;
  note?: string | null;
  managerPin?: string | null;
}

export interface RefundLine {
  refundId: string;
  tender: Tender;
  amount: number;
  status: "PENDING" | "SUCCEEDED" | "FAILED";
}

export function shiftRequired(): AppError {
  return new AppError("PRECONDITION_FAILED", "Open a shift at a till first: the money goes through your drawer.", { reason: "SHIFT_REQUIRED" });
}

export function createStaffRefunds(ctx: BoxOfficeContext) {
  const { db, audit, now } = ctx;

  async function openShiftOf(userId: string) {
    return db.shift.findFirst({ where: { staffId: userId, status: "OPEN" }, select: { id: true, currency: true } });
  }

  /** Writes the Refund rows of one refund inside the caller's transaction; cash and comps are done at once. */
  async function writeRefundRows(
    tx: Transaction,
    parts: Array<{ payment: FundingPayment; amount: number }>,
    row: { orderId: string; reasonCode: string; staffId: string; approvedById: string | null; shiftId: string | null; reason?: string },
  ): Promise<RefundLine[]> {
    const lines: RefundLine[] = [];
    const at = now();
    for (const part of parts) {
      const tender = tenderOf(part.payment.provider);
      if (tender === "cash" && !row.shiftId) throw shiftRequired();
      const done = tender === "cash" || tender === "comp";
      // Payments' guard (payment row locked, what is left of it); the database's trigger checks the same again.
      await assertRefundFits(tx, { paymentId: part.payment.id, amount: part.amount, currency: part.payment.currency });
      const refund = await tx.refund.create({
        data: {
          id: `refund_staff_${randomBytes(10).toString("hex")}`,
          paymentId: part.payment.id,
          // The payment's own order, as payments expects; an exchanged order's refund is against the old order's
          // payment, and its audit entry names the refund.
          orderId: part.payment.orderId,
          currency: part.payment.currency,
          amount: part.amount,
          reason: row.reason ?? STAFF_REFUND_REASON,
          reasonCode: row.reasonCode,
          staffId: row.staffId,
          approvedById: row.approvedById,
          shiftId: tender === "cash" ? row.shiftId : null,
          status: done ? "SUCCEEDED" : "PENDING",
          attempts: done ? 1 : 0,
          createdAt: at,
          updatedAt: at,
        },
      });
      lines.push({ refundId: refund.id, tender, amount: part.amount, status: done ? "SUCCEEDED" : "PENDING" });
    }
    // The guard the allocation already keeps, checked again on what is now written: never more back than was paid.
    const ids = [...new Set(parts.map((p) => p.payment.id))];
    const over = await tx.$queryRaw<Array<{ id: string }>>`
      SELECT p."id" FROM "Payment" p JOIN "Refund" r ON r."paymentId" = p."id"
      WHERE p."id" = ANY(${ids}::text[]) GROUP BY p."id", p."amount" HAVING sum(r."amount") > p."amount"`;
    if (over.length) throw conflict("That refund is more than what is left of the payment.", { reason: "REFUND_EXCEEDS_PAYMENT" });
    return lines;
  }

  /** The provider and terminal calls after the commit. A failure leaves the refund for the attention desk. */
  async function runPending(lines: RefundLine[]): Promise<RefundLine[]> {
    const results: RefundLine[] = [];
    for (const line of lines) {
      if (line.status !== "PENDING") {
        results.push(line);
        continue;
      }
      const refund = await db.refund.findUniqueOrThrow({ where: { id: line.refundId }, select: { id: true, paymentId: true, orderId: true, amount: true, reason: true } });
      let status: RefundLine["status"] = "FAILED";
      try {
        if (line.tender === "card") {
          const answer = await ctx.card.refundCard({ paymentId: refund.paymentId, amount: refund.amount, idempotencyKey: refund.id });
          if (answer.approved) {
            // The Payment stays SUCCEEDED: shift reports sum counter tenders as taken and refunds apart.
            await db.refund.update({ where: { id: refund.id }, data: { status: "SUCCEEDED", providerRef: answer.reference, attempts: { increment: 1 }, updatedAt: now() } });
            status = "SUCCEEDED";
          } else {
            await db.refund.update({ where: { id: refund.id }, data: { status: "FAILED", attempts: { increment: 1 }, updatedAt: now() } });
          }
        } else {
          const result = await ctx.payments.refundPayment({
            paymentId: refund.paymentId,
            orderId: refund.orderId,
            amount: refund.amount,
            reason: refund.reason,
            idempotencyKey: refund.id,
          });
          status = result.status;
        }
      } catch (error) {
        console.error(`[box-office] refund ${refund.id} not completed yet`, error);
        status = "FAILED";
      }
      if (status !== "SUCCEEDED") {
        // To the attention desk, which retries web refunds (booking.retryRefund) or lets staff resolve it.
        await db.$transaction([
          db.refund.update({ where: { id: refund.id }, data: { needsAttention: true } }),
          db.order.update({ where: { id: refund.orderId }, data: { needsAttention: true } }),
        ]);
      }
      results.push({ ...line, status });
    }
    return results;
  }

  async function refund(input: StaffRefundInput): Promise<{ amount: number; orderStatus: string; refunds: RefundLine[]; approvedById: string | null }> {
    if (!REFUND_REASON_CODES.includes(input.reasonCode)) throw badRequest("Choose a reason for the refund.", { reason: "BAD_REASON" });
    const note = input.note?.trim() || null;
    if (input.reasonCode === "OTHER" && !note) throw badRequest("Say why in the note.", { reason: "NOTE_REQUIRED", field: "note" });
    if (note && note.length > 500) throw badRequest("The note can be at most 500 characters.", { field: "note" });

    const order = await db.order.findUnique({
      where: { id: input.orderId },
      select: {
        id: true,
        status: true,
        currency: true,
        screeningId: true,
        screening: { select: { startsAt: true } },
        tickets: { where: { status: "SOLD" }, select: { id: true, priceAmount: true, checkedInAt: true } },
        items: { where: { status: "SOLD" }, select: { id: true, quantity: true, unitPriceAmount: true } },
      },
    });
    if (!order) throw notFound("That order");
    if (order.status !== "PAID") throw conflict("Only a paid order can be refunded.", { reason: "NOT_REFUNDABLE" });
    const whole = !input.ticketIds?.length && !input.itemIds?.length;
    const ticketIds = whole ? order.tickets.map((t) => t.id) : [...new Set(input.ticketIds ?? [])];
    const itemIds = whole ? order.items.map((i) => i.id) : [...new Set(input.itemIds ?? [])];
    const tickets = ticketIds.map((id) => order.tickets.find((t) => t.id === id));
    const items = itemIds.map((id) => order.items.find((i) => i.id === id));
    if (tickets.some((t) => !t) || items.some((i) => !i)) {
      throw conflict("Some of those tickets or items were already refunded or aren't part of this order.", { reason: "ALREADY_REFUNDED" });
    }
    if (ticketIds.length + itemIds.length === 0) throw conflict("Nothing in this order is left to refund.", { reason: "NOTHING_TO_REFUND" });
    const partial = tickets.reduce((s, t) => s + t!.priceAmount, 0) + items.reduce((s, i) => s + i!.quantity * i!.unitPriceAmount, 0);
    const empties = ticketIds.length === order.tickets.length && itemIds.length === order.items.length;
    const inExchange = (await db.exchange.count({ where: { status: "COMPLETED", OR: [{ fromOrderId: order.id }, { toOrderId: order.id }] } })) > 0;

    // Decided before anything is written, on the amount it will be; re-checked in the transaction.
    const estimate = await db.$transaction((tx) => fundingPayments(tx, order.id));
    const left = estimate.reduce((s, p) => s + Math.max(0, p.remaining), 0);
    const amountFor = (remaining: number) => Math.min(empties && !inExchange ? remaining : partial, remaining);
    const amount = amountFor(left);

    const reasons: string[] = [];
    if (order.screening && !refundsOpen(order.screening.startsAt, ctx.options.refundCutoffMinutes, now())) reasons.push("after the cut-off");
    if (amount > ctx.options.managerRefundAbove) reasons.push("above the limit");
    if (tickets.some((t) => t!.checkedInAt)) reasons.push("of admitted tickets");
    const approvedById = reasons.length
      ? (await ctx.approvals.approve({ actor: input.actor, managerPin: input.managerPin, what: `Refunds ${reasons.join(" and ")}` })).approverId
      : null;
    const shift = await openShiftOf(input.actor.id);

    const lines = await db.$transaction(async (tx) => {
      const [locked] = await tx.$queryRaw<Array<{ status: string }>>`SELECT "status"::text AS "status" FROM "Order" WHERE "id" = ${order.id} FOR UPDATE`;
      if (locked?.status !== "PAID") throw conflict("Only a paid order can be refunded.", { reason: "NOT_REFUNDABLE" });
      const at = now();
      const voided = ticketIds.length
        ? await tx.ticket.updateMany({ where: { id: { in: ticketIds }, orderId: order.id, status: "SOLD" }, data: { status: "REFUNDED", updatedAt: at } })
        : { count: 0 };
      if (voided.count !== ticketIds.length) throw conflict("Some of those tickets were refunded meanwhile.", { reason: "ALREADY_REFUNDED" });
      if (itemIds.length) {
        const returned = await ctx.concessions.giveBack({ orderId: order.id, itemIds, as: "REFUNDED", userId: input.actor.id, tx });
        if (returned !== itemIds.length) throw conflict("Some of those items were refunded meanwhile.", { reason: "ALREADY_REFUNDED" });
      }
      const funding = await fundingPayments(tx, order.id, { lock: true });
      const total = amountFor(funding.reduce((s, p) => s + Math.max(0, p.remaining), 0));
      const parts = allocateRefund(funding, total, rank);
      const written = await writeRefundRows(tx, parts, {
        orderId: order.id,
        reasonCode: input.reasonCode,
        staffId: input.actor.id,
        approvedById,
        shiftId: shift?.id ?? null,
      });
      if (empties) await tx.order.update({ where: { id: order.id }, data: { status: "REFUNDED", refundedAt: at, updatedAt: at } });
      await audit.record(
        {
          actorId: input.actor.id,
          action: "order.staff_refund",
          entityType: "Order",
          entityId: order.id,
          details: {
            amount: total,
            reasonCode: input.reasonCode,
            note,
            tickets: ticketIds,
            items: itemIds,
            whole: empties,
            approvedById,
            refunds: written.map((l) => ({ id: l.refundId, tender: l.tender, amount: l.amount })),
          },
        },
        tx,
      );
      return written;
    });

    // Refunded tickets no longer count in PostgreSQL; a rebuild puts their seats back on sale in Redis.
    if (ticketIds.length && order.screeningId) {
      await ctx.inventory.rebuild(order.screeningId).catch((error) => console.error(`[box-office] seats of ${order.id} not yet freed in Redis`, error));
    }
    const refunds = await runPending(lines);
    const after = await db.order.findUniqueOrThrow({ where: { id: order.id }, select: { status: true } });
    return { amount: refunds.reduce((s, l) => s + l.amount, 0), orderStatus: after.status, refunds, approvedById };
  }

  return { refund, writeRefundRows, runPending, openShiftOf };
}

export type StaffRefunds = ReturnType<typeof createStaffRefunds>;
