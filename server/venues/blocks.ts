// Taking broken seats out of sale: for one screening (a ScreeningSeatBlock row) or for every future screening sold
// on a layout (Seat.blocked on that layout's seat), and putting them back. A seat someone holds or has bought is
// refused, naming who holds it so staff can sort it out first. Separate from the layout editor: no new version.
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { lockScreeningSeats, rebuildAll, type Tx, type VenuesContext } from "./context";
import { seatLabel } from "./layout-rules";
import type { SeatBlockInput } from "./schemas";

export function createSeatBlocks(ctx: VenuesContext) {
  const { db, audit, now } = ctx;

  async function screeningOf(tx: Tx | typeof db, screeningId: string) {
    const screening = await tx.screening.findUnique({
      where: { id: screeningId },
      select: { id: true, layoutId: true, hallId: true, startsAt: true },
    });
    if (!screening) throw notFound("That screening");
    return screening;
  }

  async function seatsOf(tx: Tx | typeof db, layoutId: string, seatIds: string[]) {
    const seats = await tx.seat.findMany({
      where: { id: { in: seatIds }, layoutId },
      select: { id: true, rowLabel: true, number: true, blocked: true },
    });
    if (seats.length !== new Set(seatIds).size) throw badRequest("Some of those seats are not in this screening's layout.", { field: "seatIds" });
    return seats;
  }

  /** Screenings a block of this scope applies to: the one, or every future one sold on its layout. */
  async function targets(tx: Tx | typeof db, scope: SeatBlockInput["scope"], screening: { id: string; layoutId: string }) {
    if (scope === "screening") return [screening.id];
    const rows = await tx.screening.findMany({
      where: { layoutId: screening.layoutId, status: "SCHEDULED", startsAt: { gt: now() } },
      select: { id: true },
    });
    return [...new Set([screening.id, ...rows.map((row) => row.id)])];
  }

  /** Refuses if any of the seats is held (an unexpired hold) or sold for any of the screenings, naming the holders. */
  async function refuseTaken(tx: Tx, screeningIds: string[], seats: { id: string; rowLabel: string; number: number }[]) {
    const taken = await tx.ticket.findMany({
      where: {
        screeningId: { in: screeningIds },
        seatId: { in: seats.map((s) => s.id) },
        OR: [{ status: "SOLD" }, { status: "HELD", holdExpiresAt: { gt: now() } }],
      },
      select: {
        status: true,
        seat: { select: { rowLabel: true, number: true } },
        screening: { select: { startsAt: true } },
        order: { select: { reference: true, email: true, customerName: true, user: { select: { name: true, email: true } } } },
      },
    });
    if (taken.length === 0) return;
    const holders = taken.map((t) => {
      const name = t.order.customerName ?? t.order.user?.name ?? null;
      const email = t.order.email ?? t.order.user?.email ?? null;
      const who = [name, email].filter(Boolean).join(", ") || "a guest who hasn't checked out yet";
      return {
        seat: seatLabel(t.seat),
        status: t.status,
        orderReference: t.order.reference,
        customerName: name,
        customerEmail: email,
        startsAt: t.screening.startsAt.toISOString(),
        text: `${seatLabel(t.seat)} is ${t.status === "SOLD" ? "sold" : "held"} (order ${t.order.reference}, ${who})`,
      };
    });
    throw conflict(`Can't block seats someone holds or has bought: ${holders.map((h) => h.text).join("; ")}.`, {
      reason: "SEATS_TAKEN",
      holders,
    });
  }

  async function block(input: SeatBlockInput & { actorId: string }) {
    const screening = await screeningOf(db, input.screeningId);
    const rebuild = await db.$transaction(async (tx) => {
      const seats = await seatsOf(tx, screening.layoutId, input.seatIds);
      const already = seats.filter((s) => s.blocked);
      if (already.length) {
        throw badRequest(`Already blocked for every screening: ${already.map(seatLabel).join(", ")}.`, { field: "seatIds" });
      }
      const screeningIds = await targets(tx, input.scope, screening);
      for (const id of screeningIds) await lockScreeningSeats(tx, id);
      await refuseTaken(tx, screeningIds, seats);
      if (input.scope === "screening") {
        await tx.screeningSeatBlock.createMany({
          data: seats.map((seat) => ({ screeningId: screening.id, seatId: seat.id, reason: input.reason, createdById: input.actorId })),
          skipDuplicates: true,
        });
      } else {
        await tx.seat.updateMany({ where: { id: { in: seats.map((s) => s.id) } }, data: { blocked: true } });
      }
      await audit.record(
        {
          actorId: input.actorId,
          action: input.scope === "screening" ? "seat.blocked_for_screening" : "seat.blocked_for_layout",
          entityType: input.scope === "screening" ? "Screening" : "HallLayout",
          entityId: input.scope === "screening" ? screening.id : screening.layoutId,
          details: detailsOf(input, seats, screeningIds, true),
        },
        tx,
      );
      return screeningIds;
    });
    await rebuildAll(ctx, rebuild);
    return { seats: input.seatIds.length, screenings: rebuild.length };
  }

  async function unblock(input: SeatBlockInput & { actorId: string }) {
    const screening = await screeningOf(db, input.screeningId);
    const rebuild = await db.$transaction(async (tx) => {
      const seats = await seatsOf(tx, screening.layoutId, input.seatIds);
      const screeningIds = await targets(tx, input.scope, screening);
      if (input.scope === "screening") {
        await tx.screeningSeatBlock.deleteMany({ where: { screeningId: screening.id, seatId: { in: seats.map((s) => s.id) } } });
      } else {
        await tx.seat.updateMany({ where: { id: { in: seats.map((s) => s.id) } }, data: { blocked: false } });
      }
      await audit.record(
        {
          actorId: input.actorId,
          action: input.scope === "screening" ? "seat.unblocked_for_screening" : "seat.unblocked_for_layout",
          entityType: input.scope === "screening" ? "Screening" : "HallLayout",
          entityId: input.scope === "screening" ? screening.id : screening.layoutId,
          details: detailsOf(input, seats, screeningIds, false),
        },
        tx,
      );
      return screeningIds;
    });
    await rebuildAll(ctx, rebuild);
    return { seats: input.seatIds.length, screenings: rebuild.length };
  }

  /** A screening's seats with what blocks each, for the blocking screen. */
  async function list(screeningId: string) {
    const screening = await screeningOf(db, screeningId);
    const [seats, blocks] = await Promise.all([
      db.seat.findMany({
        where: { layoutId: screening.layoutId },
        select: { id: true, rowLabel: true, number: true, gridRow: true, gridCol: true, kind: true, blocked: true },
        orderBy: [{ gridRow: "asc" }, { gridCol: "asc" }],
      }),
      db.screeningSeatBlock.findMany({ where: { screeningId }, select: { seatId: true, reason: true } }),
    ]);
    const here = new Map(blocks.map((b) => [b.seatId, b.reason]));
    return seats.map((seat) => ({
      ...seat,
      label: seatLabel(seat),
      blockedForLayout: seat.blocked,
      blockedForScreening: here.has(seat.id),
      reason: here.get(seat.id) ?? null,
    }));
  }

  return { block, unblock, list };
}

function detailsOf(
  input: SeatBlockInput,
  seats: { id: string; rowLabel: string; number: number }[],
  screeningIds: string[],
  blocked: boolean,
): Prisma.InputJsonObject {
  return {
    scope: input.scope,
    screeningId: input.screeningId,
    seats: seats.map((seat) => ({ id: seat.id, label: seatLabel(seat) })),
    screenings: screeningIds,
    reason: input.reason,
    before: { blocked: !blocked },
    after: { blocked },
  };
}
