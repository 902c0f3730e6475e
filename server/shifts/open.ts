// Tills and opening a shift. One OPEN shift per till and per staff member is SQL's rule (partial unique indexes);
// a second open racing the first gets the index's refusal, which we word as a CONFLICT.
import { hasRole } from "@/server/accounts/roles";
import { isUniqueViolation } from "@/server/db/errors";
import { AppError, badRequest, conflict, notFound, preconditionFailed } from "@/server/errors";
import type { Actor, ShiftsContext } from "./context";
import { normaliseCount, totalOfCount } from "./denominations";
import { summaryInclude, toSummary } from "./reports";
import type { CashCount, ShiftSummary, TillsView } from "./schemas";

/** A cash count's total and its stored form, or BAD_REQUEST for a denomination the currency doesn't have. */
export function countedCash(currency: string, count: CashCount): { amount: number; denominations: Record<string, number> | null } {
  if (count.denominations) {
    try {
      return { amount: totalOfCount(currency, count.denominations), denominations: normaliseCount(currency, count.denominations) };
    } catch {
      throw badRequest(`Count in ${currency} notes and coins.`, { field: "denominations" });
    }
  }
  return { amount: count.amount ?? 0, denominations: null };
}

export function shiftRequired(): AppError {
  return new AppError("PRECONDITION_FAILED", "Open a shift at a till first.", { reason: "SHIFT_REQUIRED" });
}

export function createOpening(ctx: ShiftsContext) {
  const { db } = ctx;

  /** The cinema a staff member works at: their home cinema; a manager or admin may name another. */
  async function cinemaFor(actor: Actor, cinemaId?: string) {
    const user = await db.user.findUnique({ where: { id: actor.id }, select: { homeCinemaId: true } });
    const wanted = cinemaId && (hasRole(actor, "MANAGER") || !user?.homeCinemaId) ? cinemaId : user?.homeCinemaId;
    if (!wanted) return null;
    return db.cinema.findUnique({ where: { id: wanted }, select: { id: true, slug: true, name: true, currency: true, timeZone: true } });
  }

  async function tills(input: { actor: Actor; cinemaId?: string }): Promise<TillsView> {
    const cinema = await cinemaFor(input.actor, input.cinemaId);
    if (!cinema) return { cinema: null, tills: [] };
    const rows = await db.till.findMany({
      where: { cinemaId: cinema.id, active: true },
      orderBy: { name: "asc" },
      include: { shifts: { where: { status: "OPEN" }, include: { staff: { select: { name: true, email: true } } } } },
    });
    return {
      cinema,
      tills: rows.map((t) => ({
        id: t.id,
        name: t.name,
        cinemaId: t.cinemaId,
        openShift: t.shifts[0] ? { id: t.shifts[0].id, staffName: t.shifts[0].staff.name || t.shifts[0].staff.email, openedAt: t.shifts[0].openedAt } : null,
      })),
    };
  }

  /** The actor's OPEN shift, or null. The sale screen shows it; sales and cash refunds need one. */
  async function currentShift(input: { actor: Pick<Actor, "id"> }): Promise<ShiftSummary | null> {
    const shift = await db.shift.findFirst({ where: { staffId: input.actor.id, status: "OPEN" }, include: summaryInclude });
    return shift ? toSummary(shift) : null;
  }

  /** As currentShift, or PRECONDITION_FAILED (reason SHIFT_REQUIRED): for callers that take money. */
  async function requireOpenShift(input: { actor: Pick<Actor, "id"> }): Promise<ShiftSummary> {
    const shift = await currentShift(input);
    if (!shift) throw shiftRequired();
    return shift;
  }

  async function open(input: { actor: Actor; tillId: string; float: CashCount }): Promise<ShiftSummary> {
    const till = await db.till.findUnique({ where: { id: input.tillId }, include: { cinema: { select: { currency: true } } } });
    if (!till || !till.active) throw notFound("That till");
    const user = await db.user.findUnique({ where: { id: input.actor.id }, select: { homeCinemaId: true } });
    if (!hasRole(input.actor, "MANAGER")) {
      if (!user?.homeCinemaId) throw preconditionFailed("You have no home cinema yet: ask an admin to set it before opening a till.");
      if (user.homeCinemaId !== till.cinemaId) throw badRequest("That till is at another cinema.", { reason: "WRONG_CINEMA" });
    }
    const currency = till.cinema.currency;
    const float = countedCash(currency, input.float);
    try {
      const shift = await db.$transaction(async (tx) => {
        const created = await tx.shift.create({
          data: { tillId: till.id, cinemaId: till.cinemaId, staffId: input.actor.id, currency, floatAmount: float.amount, openedAt: ctx.now() },
          include: summaryInclude,
        });
        await ctx.audit.record(
          {
            actorId: input.actor.id,
            action: "shift.open",
            entityType: "Shift",
            entityId: created.id,
            details: { tillId: till.id, till: till.name, floatAmount: float.amount, currency, denominations: float.denominations },
          },
          tx,
        );
        return created;
      });
      return toSummary(shift);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const mine = await db.shift.findFirst({ where: { staffId: input.actor.id, status: "OPEN" }, include: { till: { select: { name: true } } } });
      if (mine) {
        throw conflict(`You already have a shift open on ${mine.till.name}: close it before opening another.`, {
          reason: "SHIFT_ALREADY_OPEN",
          shiftId: mine.id,
        });
      }
      throw conflict(`${till.name} already has an open shift. Choose another till.`, { reason: "TILL_IN_USE" });
    }
  }

  /** The actor's own last shifts, newest first. */
  async function recent(input: { actor: Pick<Actor, "id">; limit?: number }) {
    const shifts = await db.shift.findMany({
      where: { staffId: input.actor.id },
      orderBy: { openedAt: "desc" },
      take: Math.min(input.limit ?? 10, 50),
      include: summaryInclude,
    });
    return shifts.map((s) => ({ ...toSummary(s), closedAt: s.closedAt }));
  }

  return { tills, currentShift, requireOpenShift, open, recent };
}
