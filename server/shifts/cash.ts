// Cash moved in and out of the drawer other than by sales and refunds: drops to the safe, payouts, pay-ins, and a
// manager's corrections. CashMovement is append-only and its sign is checked in SQL; a closed shift takes only
// corrections (trigger), which is how a closed shift's figures are ever changed.
import { badRequest } from "@/server/errors";
import { formatMoney } from "@/server/format";
import { type Actor, requireManager, type ShiftsContext, visibleShift } from "./context";
import { shiftRequired } from "./open";
import { cashFigures } from "./reports";
import type { CashMovementInput } from "./schemas";

const sign = { DROP: -1, PAYOUT: -1, PAY_IN: 1 } as const;

export function createCash(ctx: ShiftsContext) {
  const { db } = ctx;

  /** A drop, payout or pay-in on the actor's own open shift; amount positive. Returns the movement and expected cash. */
  async function recordMovement(input: { actor: Actor } & CashMovementInput): Promise<{ id: string; expected: number }> {
    const shift = await db.shift.findFirst({ where: { staffId: input.actor.id, status: "OPEN" } });
    if (!shift) throw shiftRequired();
    const amount = sign[input.kind] * input.amount;
    const before = (await cashFigures(db, [shift.id])).get(shift.id)!;
    // A drawer can't hand over more than it holds; the count at close settles anything else.
    if (amount < 0 && before.expected + amount < 0) {
      throw badRequest(`The drawer should hold only ${formatMoney(before.expected, shift.currency)}: check the amount.`, { reason: "MORE_THAN_DRAWER", field: "amount" });
    }
    const movement = await db.$transaction(async (tx) => {
      const created = await tx.cashMovement.create({
        data: { shiftId: shift.id, kind: input.kind, amount, reason: input.reason.trim(), userId: input.actor.id, createdAt: ctx.now() },
      });
      await ctx.audit.record(
        {
          actorId: input.actor.id,
          action: "shift.cash_movement",
          entityType: "Shift",
          entityId: shift.id,
          details: { movementId: created.id, kind: input.kind, amount, reason: created.reason },
        },
        tx,
      );
      return created;
    });
    return { id: movement.id, expected: before.expected + amount };
  }

  /** A manager's signed correction of a shift's figures, open or closed; the report lists it. */
  async function correct(input: { actor: Actor; shiftId: string; amount: number; reason: string }): Promise<{ id: string; expected: number }> {
    requireManager(input.actor, "Correcting a shift");
    const shift = await visibleShift(ctx, input.actor, input.shiftId);
    if (input.amount === 0) throw badRequest("A correction can't be zero.", { field: "amount" });
    const movement = await db.$transaction(async (tx) => {
      const created = await tx.cashMovement.create({
        data: { shiftId: shift.id, kind: "CORRECTION", amount: input.amount, reason: input.reason.trim(), userId: input.actor.id, createdAt: ctx.now() },
      });
      await ctx.audit.record(
        {
          actorId: input.actor.id,
          action: "shift.correction",
          entityType: "Shift",
          entityId: shift.id,
          details: { movementId: created.id, amount: input.amount, reason: created.reason, shiftStatus: shift.status },
        },
        tx,
      );
      return created;
    });
    const figures = (await cashFigures(db, [shift.id])).get(shift.id)!;
    return { id: movement.id, expected: figures.expected };
  }

  return { recordMovement, correct };
}
