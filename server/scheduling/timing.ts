// How long a screening's block is: pre-show (adverts and trailers) + the film's runtime + cleaning. The minutes come
// from ScreeningTimingSetting: the hall's override, else the cinema's row, else the module's defaults.
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, notFound } from "@/server/errors";
import type { SchedulingContext } from "./context";
import type { TimingSettings, TimingSettingValues } from "./schemas";

type Reader = Pick<Prisma.TransactionClient, "screeningTimingSetting">;

export interface BlockTiming {
  preShowMinutes: number;
  runtimeMinutes: number;
  cleaningMinutes: number;
}

/** The block a screening starting at `startsAt` occupies, and when its film starts and ends. */
export function blockOf(startsAt: Date, timing: BlockTiming) {
  const featureStartsAt = new Date(startsAt.getTime() + timing.preShowMinutes * 60_000);
  const featureEndsAt = new Date(featureStartsAt.getTime() + timing.runtimeMinutes * 60_000);
  const endsAt = new Date(featureEndsAt.getTime() + timing.cleaningMinutes * 60_000);
  return { startsAt, featureStartsAt, featureEndsAt, endsAt };
}

export function createTiming(ctx: SchedulingContext) {
  async function settingsRows(reader: Reader, cinemaId: string, hallId: string | null) {
    const rows = await reader.screeningTimingSetting.findMany({
      where: { cinemaId, OR: [{ hallId: null }, ...(hallId ? [{ hallId }] : [])] },
      select: { hallId: true, preShowMinutes: true, cleaningMinutes: true },
    });
    const cinemaRow = rows.find((row) => row.hallId === null);
    const hallRow = hallId ? rows.find((row) => row.hallId === hallId) : undefined;
    return { cinemaRow, hallRow };
  }

  /**
   * Minutes of adverts and trailers before the film of a screening in this hall at `startsAt`: the one place the
   * pre-show length is decided. The pre-show reel (server/programme: the pre-show adverts and trailers live then at
   * that cinema) sets it from its total, rounded up; the configured minutes are its floor (house trailers and notices
   * that are not adverts) and what applies when no advert is placed.
   */
  async function preShowMinutesFor(input: { cinemaId: string; hallId: string; startsAt: Date }, reader: Reader = ctx.db): Promise<number> {
    const [{ cinemaRow, hallRow }, reel] = await Promise.all([
      settingsRows(reader, input.cinemaId, input.hallId),
      ctx.programme.preShowReel({ cinemaId: input.cinemaId, startsAt: input.startsAt }),
    ]);
    const configured = hallRow?.preShowMinutes ?? cinemaRow?.preShowMinutes ?? ctx.options.defaultPreShowMinutes;
    return Math.max(configured, reel.totalMinutes);
  }

  async function cleaningMinutesFor(input: { cinemaId: string; hallId: string }, reader: Reader = ctx.db): Promise<number> {
    const { cinemaRow, hallRow } = await settingsRows(reader, input.cinemaId, input.hallId);
    return hallRow?.cleaningMinutes ?? cinemaRow?.cleaningMinutes ?? ctx.options.defaultCleaningMinutes;
  }

  async function timingSettings(input: { cinemaId: string }): Promise<TimingSettings> {
    const cinema = await ctx.db.cinema.findUnique({
      where: { id: input.cinemaId },
      select: { halls: { orderBy: { name: "asc" }, select: { id: true, name: true } }, timingSettings: true },
    });
    if (!cinema) throw notFound("That cinema");
    const cinemaRow = cinema.timingSettings.find((row) => row.hallId === null);
    return {
      cinema: {
        preShowMinutes: cinemaRow?.preShowMinutes ?? ctx.options.defaultPreShowMinutes,
        cleaningMinutes: cinemaRow?.cleaningMinutes ?? ctx.options.defaultCleaningMinutes,
        version: cinemaRow?.version ?? null,
      },
      halls: cinema.halls.map((hall) => {
        const row = cinema.timingSettings.find((setting) => setting.hallId === hall.id);
        return { hallId: hall.id, hallName: hall.name, preShowMinutes: row?.preShowMinutes ?? null, cleaningMinutes: row?.cleaningMinutes ?? null };
      }),
    };
  }

  /** Sets a cinema's defaults (hallId null) or a hall's overrides; applies to screenings scheduled from now on. */
  async function setTiming(input: TimingSettingValues & { actorId: string }): Promise<void> {
    if (input.hallId === null && (input.preShowMinutes === null || input.cleaningMinutes === null)) {
      throw badRequest("A cinema needs both its pre-show and cleaning minutes.", { field: input.preShowMinutes === null ? "preShowMinutes" : "cleaningMinutes" });
    }
    await ctx.db.$transaction(async (tx) => {
      if (input.hallId) {
        const hall = await tx.hall.findUnique({ where: { id: input.hallId }, select: { cinemaId: true } });
        if (!hall || hall.cinemaId !== input.cinemaId) throw badRequest("That hall is not in this cinema.", { field: "hallId" });
      } else if (!(await tx.cinema.findUnique({ where: { id: input.cinemaId }, select: { id: true } }))) {
        throw badRequest("That cinema doesn't exist.", { field: "cinemaId" });
      }
      const before = await tx.screeningTimingSetting.findFirst({ where: { cinemaId: input.cinemaId, hallId: input.hallId } });
      const data = { preShowMinutes: input.preShowMinutes, cleaningMinutes: input.cleaningMinutes };
      const after = before
        ? await tx.screeningTimingSetting.update({ where: { id: before.id }, data: { ...data, version: { increment: 1 } } })
        : await tx.screeningTimingSetting.create({ data: { cinemaId: input.cinemaId, hallId: input.hallId, ...data } });
      await ctx.audit.record(
        {
          actorId: input.actorId,
          action: "screening_timing.updated",
          entityType: "ScreeningTimingSetting",
          entityId: after.id,
          details: {
            before: before ? { preShowMinutes: before.preShowMinutes, cleaningMinutes: before.cleaningMinutes } : null,
            after: { cinemaId: after.cinemaId, hallId: after.hallId, ...data },
          },
        },
        tx,
      );
    });
  }

  return { preShowMinutesFor, cleaningMinutesFor, timingSettings, setTiming };
}

export type Timing = ReturnType<typeof createTiming>;
