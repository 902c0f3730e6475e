// The scheduler's week: one lane per hall of a cinema, each screening a block from its start (pre-show) through the
// film to the end of cleaning; and publishing a week's drafts at once.
import { addDaysToKey, dayKeyIn, daySequence, dayWindow } from "@/server/catalogue/days";
import { badRequest, notFound } from "@/server/errors";
import { instantToWallClock } from "@/server/programme/wall-clock";
import type { SchedulingContext } from "./context";
import type { ScheduleBlock, SchedulingOptions as Choices, WeekView } from "./schemas";

/** The Monday on or before `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  return addDaysToKey(day, -((weekday + 6) % 7));
}

export function createWeek(ctx: SchedulingContext) {
  const { db } = ctx;

  async function cinemaOf(cinemaId?: string) {
    const cinemas = await db.cinema.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, timeZone: true } });
    const cinema = cinemaId ? cinemas.find((c) => c.id === cinemaId) : cinemas[0];
    if (!cinema) throw cinemaId ? notFound("That cinema") : badRequest("There is no cinema yet.");
    return { cinema, cinemas };
  }

  function weekWindow(weekStart: string, timeZone: string) {
    const days = daySequence(weekStart, 7);
    return { days, from: dayWindow(days[0]!, timeZone).start, to: dayWindow(days[6]!, timeZone).end };
  }

  async function weekView(input: { cinemaId?: string; weekStart?: string }): Promise<WeekView> {
    const { cinema, cinemas } = await cinemaOf(input.cinemaId);
    const weekStart = mondayOf(input.weekStart ?? dayKeyIn(ctx.now(), cinema.timeZone));
    const { days, from, to } = weekWindow(weekStart, cinema.timeZone);
    const halls = await db.hall.findMany({
      where: { cinemaId: cinema.id },
      orderBy: { name: "asc" },
      select: {
        id: true,
        name: true,
        screenings: {
          // Blocks that show in the week: those that start in it, and one running over midnight into it.
          where: { startsAt: { lt: to }, endsAt: { gt: from } },
          orderBy: { startsAt: "asc" },
          select: {
            id: true,
            version: true,
            filmId: true,
            hallId: true,
            pricePlanId: true,
            format: true,
            audioLanguage: true,
            subtitleLanguage: true,
            status: true,
            startsAt: true,
            endsAt: true,
            preShowMinutes: true,
            cleaningMinutes: true,
            onSaleAt: true,
            publishedAt: true,
            film: { select: { title: true } },
            _count: { select: { tickets: { where: { status: "SOLD" } } } },
          },
        },
      },
    });
    let unpublished = 0;
    const lanes = halls.map((hall) => ({
      hallId: hall.id,
      hallName: hall.name,
      blocks: hall.screenings.map((s): ScheduleBlock => {
        if (s.publishedAt === null && s.status === "SCHEDULED" && s.startsAt >= from) unpublished++;
        const featureStartsAt = new Date(s.startsAt.getTime() + s.preShowMinutes * 60_000);
        const featureEndsAt = new Date(s.endsAt.getTime() - s.cleaningMinutes * 60_000);
        return {
          id: s.id,
          version: s.version,
          filmId: s.filmId,
          filmTitle: s.film.title,
          hallId: s.hallId,
          pricePlanId: s.pricePlanId,
          format: s.format,
          audioLanguage: s.audioLanguage,
          subtitleLanguage: s.subtitleLanguage,
          status: s.status,
          startsAt: s.startsAt,
          featureStartsAt,
          featureEndsAt,
          endsAt: s.endsAt,
          preShowMinutes: s.preShowMinutes,
          runtimeMinutes: Math.round((featureEndsAt.getTime() - featureStartsAt.getTime()) / 60_000),
          cleaningMinutes: s.cleaningMinutes,
          onSaleAt: s.onSaleAt,
          publishedAt: s.publishedAt,
          sold: s._count.tickets,
          startsAtLocal: instantToWallClock(s.startsAt, cinema.timeZone),
          onSaleAtLocal: s.onSaleAt ? instantToWallClock(s.onSaleAt, cinema.timeZone) : null,
        };
      }),
    }));
    return { cinema, cinemas: cinemas.map(({ id, name }) => ({ id, name })), weekStart, days, from, to, lanes, unpublished };
  }

  /** Publishes every draft screening of the cinema starting in the week: customers see them from now on. */
  async function publishWeek(input: { actorId: string; cinemaId: string; weekStart: string }): Promise<{ published: number }> {
    const { cinema } = await cinemaOf(input.cinemaId);
    const weekStart = mondayOf(input.weekStart);
    const { from, to } = weekWindow(weekStart, cinema.timeZone);
    const now = ctx.now();
    return db.$transaction(async (tx) => {
      const drafts = await tx.screening.findMany({
        where: { hall: { cinemaId: cinema.id }, status: "SCHEDULED", publishedAt: null, startsAt: { gte: from, lt: to } },
        select: { id: true },
      });
      const ids = drafts.map((d) => d.id);
      const { count } = await tx.screening.updateMany({
        where: { id: { in: ids }, publishedAt: null },
        data: { publishedAt: now, version: { increment: 1 } },
      });
      await ctx.audit.record(
        {
          actorId: input.actorId,
          action: "screening.week_published",
          entityType: "Screening",
          entityId: null,
          details: { before: { cinemaId: cinema.id, weekStart, drafts: ids }, after: { published: count, publishedAt: now.toISOString() } },
        },
        tx,
      );
      return { published: count };
    });
  }

  /** What the "New run" dialog offers for a cinema: its halls, films and price plans. */
  async function choices(input: { cinemaId: string }): Promise<Choices> {
    const [halls, films, pricePlans] = await Promise.all([
      db.hall.findMany({ where: { cinemaId: input.cinemaId }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
      // Drafts too: a run can be scheduled before the film is published (customers see neither until it is).
      db.film.findMany({ where: { status: { not: "ARCHIVED" } }, orderBy: { title: "asc" }, select: { id: true, title: true, runtimeMinutes: true } }),
      db.pricePlan.findMany({ where: { cinemaId: input.cinemaId, active: true }, orderBy: { name: "asc" }, select: { id: true, name: true, currency: true } }),
    ]);
    return { halls, films, pricePlans };
  }

  return { weekView, publishWeek, choices };
}
