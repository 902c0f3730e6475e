// The door's choice of screenings: today's at the staff member's cinema (their home cinema unless they pick another),
// each with its live counter.
import { notFound } from "@/server/errors";
import { certificateLabels } from "@/server/catalogue/labels";
import { cinemaDay, countersFor, type DoorContext } from "./context";
import type { DoorDay } from "./schemas";

export function createDay(ctx: DoorContext) {
  return {
    async today(input: { cinemaId?: string; staffId: string }): Promise<DoorDay> {
      const [cinemas, staff] = await Promise.all([
        ctx.db.cinema.findMany({ select: { id: true, name: true, timeZone: true }, orderBy: { name: "asc" } }),
        ctx.db.user.findUnique({ where: { id: input.staffId }, select: { homeCinemaId: true } }),
      ]);
      const wanted = input.cinemaId ?? staff?.homeCinemaId ?? null;
      const cinema = (wanted ? cinemas.find((c) => c.id === wanted) : cinemas[0]) ?? null;
      if (input.cinemaId && !cinema) throw notFound("That cinema");
      const choices = cinemas.map(({ id, name }) => ({ id, name }));
      if (!cinema) return { cinema: null, cinemas: choices, dayStart: null, screenings: [] };
      const { start, end } = cinemaDay(cinema.timeZone, ctx.now());
      const screenings = await ctx.db.screening.findMany({
        where: { hall: { cinemaId: cinema.id }, startsAt: { gte: start, lt: end } },
        orderBy: [{ startsAt: "asc" }, { id: "asc" }],
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          preShowMinutes: true,
          status: true,
          film: { select: { title: true, certificate: true } },
          hall: { select: { name: true } },
        },
      });
      const counters = await countersFor(
        ctx.db,
        screenings.map((s) => s.id),
      );
      return {
        cinema,
        cinemas: choices,
        dayStart: start,
        screenings: screenings.map((s, i) => ({
          id: s.id,
          startsAt: s.startsAt,
          featureStartsAt: new Date(s.startsAt.getTime() + s.preShowMinutes * 60_000),
          endsAt: s.endsAt,
          status: s.status,
          filmTitle: s.film.title,
          certificate: certificateLabels[s.film.certificate],
          hallName: s.hall.name,
          admitted: counters[i]!.admitted,
          sold: counters[i]!.sold,
        })),
      };
    },

    counters: (input: { screeningIds: string[] }) => countersFor(ctx.db, input.screeningIds),
  };
}
