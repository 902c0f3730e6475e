// Cashing up: the counted cash against what the records say the drawer holds, and the variance. The close locks the
// shift row before summing, and every insert of money against a shift locks it FOR SHARE (migration
// 20261206063000_shift_close_locks), so no sale can slip in between the sums and the CLOSED status.
import { hasRole } from "@/server/accounts/roles";
import { Prisma } from "@/server/db/generated/client";
import { conflict } from "@/server/errors";
import { type Actor, needsSignOff, type ShiftsContext, visibleShift } from "./context";
import { countedCash, shiftRequired } from "./open";
import { cashFigures } from "./reports";
import type { CashCount, CloseResult } from "./schemas";

export function createClosing(ctx: ShiftsContext) {
  const { db } = ctx;

  /**
   * Closes the actor's open shift with the counted cash. A variance beyond the threshold is signed off now when a
   * manager is at hand (the actor is one, or a manager PIN is given: a wrong PIN closes nothing), otherwise later
   * with signOff; the close itself never waits for a manager.
   */
  async function close(input: { actor: Actor; counted: CashCount; managerPin?: string; note?: string }): Promise<CloseResult> {
    const open = await db.shift.findFirst({ where: { staffId: input.actor.id, status: "OPEN" } });
    if (!open) throw shiftRequired();
    const counted = countedCash(open.currency, input.counted);
    const pin = input.managerPin?.trim();
    // Ask before the transaction: a PIN check is slow (scrypt) and rate-limited, and needs no lock.
    const preApproval = pin || hasRole(input.actor, "MANAGER") ? await ctx.approvals.approve({ actor: input.actor, managerPin: pin, what: "Till variances" }) : null;

    return db.$transaction(async (tx) => {
      const locked = await tx.$queryRaw<Array<{ status: string }>>`SELECT "status"::text AS status FROM "Shift" WHERE "id" = ${open.id} FOR UPDATE`;
      if (locked[0]?.status !== "OPEN") throw conflict("This shift was closed already.", { reason: "SHIFT_CLOSED" });
      const figures = (await cashFigures(tx, [open.id])).get(open.id)!;
      const variance = counted.amount - figures.expected;
      const signOff = needsSignOff(variance, ctx.options.varianceThreshold);
      const approvedById = signOff ? (preApproval?.approverId ?? null) : null;
      const closedAt = ctx.now();
      await tx.shift.update({
        where: { id: open.id },
        data: {
          status: "CLOSED",
          closedAt,
          closedById: input.actor.id,
          countedCashAmount: counted.amount,
          countedDenominations: counted.denominations ?? Prisma.JsonNull,
          expectedCashAmount: figures.expected,
          varianceAmount: variance,
          varianceApprovedById: approvedById,
          varianceNote: input.note?.trim() || null,
        },
      });
      await ctx.audit.record(
        {
          actorId: input.actor.id,
          action: "shift.close",
          entityType: "Shift",
          entityId: open.id,
          details: {
            countedCashAmount: counted.amount,
            countedDenominations: counted.denominations,
            expectedCashAmount: figures.expected,
            varianceAmount: variance,
            approvedById,
            note: input.note?.trim() || null,
          },
        },
        tx,
      );
      return {
        shiftId: open.id,
        expectedCashAmount: figures.expected,
        countedCashAmount: counted.amount,
        varianceAmount: variance,
        needsSignOff: signOff && !approvedById,
        approvedById,
      };
    });
  }

  /** A manager signs off a closed shift's variance, once (the trigger allows exactly this change to a closed shift). */
  async function signOff(input: { actor: Actor; shiftId: string; managerPin?: string; note?: string }): Promise<CloseResult> {
    const shift = await visibleShift(ctx, input.actor, input.shiftId);
    if (shift.status !== "CLOSED") throw conflict("Close the shift before signing off its variance.", { reason: "SHIFT_OPEN" });
    if (shift.varianceApprovedById) throw conflict("This shift's variance is already signed off.", { reason: "ALREADY_SIGNED_OFF" });
    const { approverId } = await ctx.approvals.approve({ actor: input.actor, managerPin: input.managerPin, what: "Till variances" });
    return db.$transaction(async (tx) => {
      const note = [shift.varianceNote, input.note?.trim()].filter(Boolean).join("\n") || null;
      const updated = await tx.shift.updateMany({
        where: { id: shift.id, status: "CLOSED", varianceApprovedById: null },
        data: { varianceApprovedById: approverId, varianceNote: note },
      });
      if (updated.count === 0) throw conflict("This shift's variance is already signed off.", { reason: "ALREADY_SIGNED_OFF" });
      await ctx.audit.record(
        {
          actorId: input.actor.id,
          action: "shift.variance_signoff",
          entityType: "Shift",
          entityId: shift.id,
          details: { approvedById: approverId, varianceAmount: shift.varianceAmount, note: input.note?.trim() || null },
        },
        tx,
      );
      return {
        shiftId: shift.id,
        expectedCashAmount: shift.expectedCashAmount!,
        countedCashAmount: shift.countedCashAmount!,
        varianceAmount: shift.varianceAmount!,
        needsSignOff: false,
        approvedById: approverId,
      };
    });
  }

  return { close, signOff };
}
