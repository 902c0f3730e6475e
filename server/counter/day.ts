// The sale screen's list: today's screenings at a cinema with how full each is (sold, held, checked in). The day
// itself is the box office's overview (server/box-office, read as it is); the counter adds who has come in.
import type { Prisma } from "@/server/db/generated/client";
import type { CounterDay } from "./schemas";
import { openShiftOf, type Actor, type CounterContext } from "./context";

export function createDay(ctx: CounterContext) {
  const { db } = ctx;

  /** The cinema the counter opens on: the one asked for, else the clerk's shift's, else their home cinema, else the first. */
  async function cinemaFor(actor: Actor, cinemaId: string | undefined, shiftCinemaId: string | null) {
    const cinemas = await db.cinema.findMany({
      select: { id: true, slug: true, name: true, timeZone: true, currency: true },
      orderBy: { name: "asc" },
    });
    const home = cinemaId ? null : (await db.user.findUnique({ where: { id: actor.id }, select: { homeCinemaId: true } }))?.homeCinemaId;
    const wanted = cinemaId ?? shiftCinemaId ?? home;
    return { cinemas, cinema: cinemas.find((c) => c.id === wanted) ?? cinemas[0] ?? null };
  }

  async function day(input: { actor: Actor; cinemaId?: string }): Promise<CounterDay> {
    const shift = await openShiftOf(ctx, input.actor.id);
    const { cinemas, cinema } = await cinemaFor(input.actor, input.cinemaId, shift?.cinemaId ?? null);
    const terminal = { name: ctx.terminal.name, simulated: ctx.terminal.simulated };
    const base = {
      cinemas: cinemas.map(({ id, slug, name }) => ({ id, slug, name })),
      shift: shift ? { id: shift.id, tillName: shift.till.name, cinemaId: shift.cinemaId, currency: shift.currency, openedAt: shift.openedAt } : null,
      terminal,
    };
    if (!cinema || !ctx.boxOffice) return { ...base, cinema, screenings: [] };
    const overview = await ctx.boxOffice.dayOverview({ cinemaSlug: cinema.slug });
    const ids = overview.screenings.map((s) => s.id);
    const where: Prisma.TicketWhereInput = { screeningId: { in: ids }, status: "SOLD", checkedInAt: { not: null } };
    const checkedIn = ids.length ? await db.ticket.groupBy({ by: ["screeningId"], where, _count: { _all: true } }) : [];
    const admitted = new Map(checkedIn.map((row) => [row.screeningId, row._count._all]));
    return {
      ...base,
      cinema,
      screenings: overview.screenings.map((s) => ({ ...s, checkedIn: admitted.get(s.id) ?? 0 })),
    };
  }

  return { day };
}
