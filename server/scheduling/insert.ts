// The one place a screening row is written by the scheduler. Everything that creates screenings (a run, a single
// screening, the seed) goes through insertScreening, so a column every screening needs is added here once.
import type { Prisma } from "@/server/db/generated/client";
import type { ScreeningFormat } from "@/server/db/generated/enums";
import { conflict } from "@/server/errors";
import { formatLongDate, formatTime } from "@/server/format";
import { currentLayoutId } from "@/server/venues";

export interface ScreeningRow {
  filmId: string;
  hallId: string;
  pricePlanId: string;
  format: ScreeningFormat;
  audioLanguage: string;
  subtitleLanguage: string | null;
  startsAt: Date;
  endsAt: Date;
  preShowMinutes: number;
  cleaningMinutes: number;
  onSaleAt: Date | null;
  publishedAt: Date | null;
}

const EXCLUSION = "screening_no_overlap_in_hall";

/** Did the database's exclusion constraint (two live screenings in one hall at once) refuse the write? */
export function isHallOverlap(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const text = `${(e as { message?: unknown }).message ?? ""} ${JSON.stringify((e as { meta?: unknown }).meta ?? null)}`;
    if (text.includes(EXCLUSION) || text.includes("23P01")) return true;
    if ((e as { code?: unknown }).code === "23P01") return true;
  }
  return false;
}

type Writer = Pick<Prisma.TransactionClient, "screening">;

/** The live screening in the hall overlapping [startsAt, endsAt), excluding `exceptId`, if any. */
export async function clashIn(writer: Writer, hallId: string, startsAt: Date, endsAt: Date, exceptId?: string) {
  return writer.screening.findFirst({
    where: { hallId, status: { not: "CANCELLED" }, startsAt: { lt: endsAt }, endsAt: { gt: startsAt }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    orderBy: { startsAt: "asc" },
    select: { id: true, startsAt: true, endsAt: true, film: { select: { title: true } }, hall: { select: { name: true, cinema: { select: { timeZone: true } } } } },
  });
}

/** The CONFLICT an admin reads when a block overlaps another screening (cleaning time included). */
export function clashError(clash: NonNullable<Awaited<ReturnType<typeof clashIn>>>) {
  const zone = clash.hall.cinema.timeZone;
  return conflict(
    `${clash.hall.name} is taken by ${clash.film.title} on ${formatLongDate(clash.startsAt, zone)} from ${formatTime(clash.startsAt, zone)} ` +
      `to ${formatTime(clash.endsAt, zone)} (including its pre-show and cleaning).`,
    { reason: "HALL_OVERLAP", screeningId: clash.id },
  );
}

/**
 * Inserts one screening inside the caller's transaction. The exclusion constraint is the last word on overlaps: a
 * refusal (someone scheduled into the same hall a moment ago) becomes a CONFLICT naming the screening in the way.
 * Postgres aborts the transaction on that error, so the clash is looked up on a fresh connection (`reader`).
 */
export async function insertScreening(tx: Writer & Pick<Prisma.TransactionClient, "hallLayout">, row: ScreeningRow, reader: Writer): Promise<{ id: string }> {
  // A new screening is sold on its hall's current layout version (server/venues); older versions stay with the
  // screenings that already sold seats on them.
  const layoutId = await currentLayoutId(tx, row.hallId);
  try {
    return await tx.screening.create({ data: { ...row, layoutId, status: "SCHEDULED" }, select: { id: true } });
  } catch (error) {
    if (!isHallOverlap(error)) throw error;
    const clash = await clashIn(reader, row.hallId, row.startsAt, row.endsAt);
    if (clash) throw clashError(clash);
    throw conflict("Another screening in this hall overlaps this time (including pre-show and cleaning).", { reason: "HALL_OVERLAP" });
  }
}
