// Moving and editing a screening. Without sales anything may change. With sales (a paid order) only what keeps every
// ticket valid: the same film, hall (so the same seats and layout), format and languages; the time may move and the
// customers with paid orders are emailed the new time.
import { badRequest, conflict, notFound } from "@/server/errors";
import { staleVersionError } from "@/server/programme/context";
import { wallClockToInstant } from "@/server/programme/wall-clock";
import { SCREENING_CONFLICT_MESSAGE, type SchedulingContext } from "./context";
import { clashError, clashIn, isHallOverlap } from "./insert";
import type { Notifications } from "./notifications";
import type { ScreeningEditValues } from "./schemas";
import { blockOf, type Timing } from "./timing";
import { currentLayoutId } from "@/server/venues";

const LOCKED_WITH_SALES = [
  ["filmId", "the film"],
  ["hallId", "the hall"],
  ["format", "the format"],
  ["audioLanguage", "the audio language"],
  ["subtitleLanguage", "the subtitles"],
] as const;

export function createEdits(ctx: SchedulingContext, timing: Timing, notifications: Notifications) {
  const { db } = ctx;

  async function updateScreening(input: ScreeningEditValues & { actorId: string }): Promise<{ emailed: number }> {
    const current = await db.screening.findUnique({
      where: { id: input.id },
      select: {
        id: true,
        version: true,
        status: true,
        filmId: true,
        hallId: true,
        pricePlanId: true,
        format: true,
        audioLanguage: true,
        subtitleLanguage: true,
        startsAt: true,
        endsAt: true,
        onSaleAt: true,
        preShowMinutes: true,
        cleaningMinutes: true,
        hall: { select: { cinemaId: true, cinema: { select: { timeZone: true } } } },
        _count: { select: { orders: { where: { status: "PAID" } } } },
      },
    });
    if (!current) throw notFound("That screening");
    if (current.version !== input.version) throw staleVersionError(SCREENING_CONFLICT_MESSAGE);
    if (current.status === "CANCELLED") throw conflict("A cancelled screening can't be changed.", { reason: "SCREENING_CANCELLED" });
    const zone = current.hall.cinema.timeZone;
    const startsAt = wallClockToInstant(input.startsAt, zone);
    const onSaleAt = input.onSaleAt ? wallClockToInstant(input.onSaleAt, zone) : null;
    const subtitleLanguage = input.subtitleLanguage || null;
    const next = { ...input, subtitleLanguage };
    const hasSales = current._count.orders > 0;
    if (hasSales) {
      for (const [field, what] of LOCKED_WITH_SALES) {
        if (next[field] !== current[field]) {
          throw conflict(`Tickets have been sold for this screening, so ${what} can't change (the tickets would no longer be valid). Cancel it instead.`, {
            reason: "HAS_SALES",
            field,
          });
        }
      }
    }
    const now = ctx.now();
    const moved = startsAt.getTime() !== current.startsAt.getTime();
    if (moved && (current.startsAt <= now || startsAt <= now)) {
      throw badRequest(current.startsAt <= now ? "This screening has started: its time can't change." : "A screening can't start in the past.", { field: "startsAt" });
    }
    if (onSaleAt && onSaleAt >= startsAt) throw badRequest("Tickets must go on sale before the screening starts.", { field: "onSaleAt" });

    const [film, hall, plan] = await Promise.all([
      db.film.findUnique({ where: { id: input.filmId }, select: { runtimeMinutes: true, status: true, title: true } }),
      db.hall.findUnique({ where: { id: input.hallId }, select: { cinemaId: true } }),
      db.pricePlan.findUnique({ where: { id: input.pricePlanId }, select: { id: true, cinemaId: true, active: true } }),
    ]);
    if (!film) throw badRequest("Choose a film.", { field: "filmId" });
    if (!hall || hall.cinemaId !== current.hall.cinemaId) throw badRequest("Choose a hall of this cinema.", { field: "hallId" });
    if (film.status === "ARCHIVED" && input.filmId !== current.filmId) throw badRequest(`${film.title} is archived: publish it again before scheduling it.`, { field: "filmId" });
    if (!plan || plan.cinemaId !== hall.cinemaId) throw badRequest("Choose one of this cinema's price plans.", { field: "pricePlanId" });
    // A screening keeps its pre-show and cleaning minutes unless it moves to another hall, which has its own.
    const hallChanged = input.hallId !== current.hallId;
    const preShowMinutes = hallChanged ? await timing.preShowMinutesFor({ cinemaId: hall.cinemaId, hallId: input.hallId, startsAt }) : current.preShowMinutes;
    const cleaningMinutes = hallChanged ? await timing.cleaningMinutesFor({ cinemaId: hall.cinemaId, hallId: input.hallId }) : current.cleaningMinutes;
    const { endsAt } = blockOf(startsAt, { preShowMinutes, runtimeMinutes: film.runtimeMinutes, cleaningMinutes });

    const clash = await clashIn(db, input.hallId, startsAt, endsAt, current.id);
    if (clash) throw clashError(clash);

    const after = {
      filmId: input.filmId,
      hallId: input.hallId,
      pricePlanId: input.pricePlanId,
      format: input.format,
      audioLanguage: input.audioLanguage,
      subtitleLanguage,
      startsAt,
      endsAt,
      onSaleAt,
      preShowMinutes,
      cleaningMinutes,
    };
    try {
      await db.$transaction(async (tx) => {
        const { count } = await tx.screening.updateMany({
          where: { id: current.id, version: input.version, status: "SCHEDULED" },
          // Moving to another hall (allowed only without sales) sells it on that hall's current layout.
          data: { ...after, ...(hallChanged ? { layoutId: await currentLayoutId(tx, input.hallId) } : {}), version: { increment: 1 } },
        });
        if (count === 0) throw staleVersionError(SCREENING_CONFLICT_MESSAGE);
        const snapshot = (row: typeof after) => ({
          ...row,
          startsAt: row.startsAt.toISOString(),
          endsAt: row.endsAt.toISOString(),
          onSaleAt: row.onSaleAt?.toISOString() ?? null,
        });
        await ctx.audit.record(
          {
            actorId: input.actorId,
            action: "screening.updated",
            entityType: "Screening",
            entityId: current.id,
            details: {
              before: {
                ...snapshot({
                  filmId: current.filmId,
                  hallId: current.hallId,
                  pricePlanId: current.pricePlanId,
                  format: current.format,
                  audioLanguage: current.audioLanguage,
                  subtitleLanguage: current.subtitleLanguage,
                  startsAt: current.startsAt,
                  endsAt: current.endsAt,
                  onSaleAt: current.onSaleAt,
                  preShowMinutes: current.preShowMinutes,
                  cleaningMinutes: current.cleaningMinutes,
                }),
                version: current.version,
              }, after: { ...snapshot(after), version: current.version + 1 },
            },
          },
          tx,
        );
      });
    } catch (error) {
      if (!isHallOverlap(error)) throw error;
      const late = await clashIn(db, input.hallId, startsAt, endsAt, current.id);
      throw late ? clashError(late) : conflict("Another screening in this hall overlaps this time.", { reason: "HALL_OVERLAP" });
    }
    // The inventory caches the screening's times (sales close after the start): reload it.
    await ctx.inventory.rebuild(current.id).catch((error) => ctx.log.error(`screening ${current.id} not reloaded after an edit`, error));
    const emailed = hasSales && moved ? await notifications.sendTimeChanged(current.id, current.startsAt) : 0;
    return { emailed };
  }

  return { updateScreening };
}
