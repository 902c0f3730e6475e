// Adverts, as admins manage them: list with filters, create, update (optimistic concurrency on `version`), pause,
// resume and delete, each change audited with its before and after in the same transaction. The public site reads
// them through the catalogue (activeAdverts), straight from PostgreSQL, so a change shows on the next page load.
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, notFound } from "@/server/errors";
import { type ProgrammeContext, staleVersionError, staleVersionMessage } from "./context";
import { instantToWallClock, wallClockToInstant } from "./wall-clock";
import type { AdminAdvert, AdvertFormValues, AdvertList, AdvertListInput, AdvertStatus, PreShowReel } from "./schemas";

export const ADVERT_CONFLICT_MESSAGE = staleVersionMessage("advert");

const advertSelect = {
  id: true,
  title: true,
  body: true,
  imageUrl: true,
  linkUrl: true,
  placement: true,
  startsAt: true,
  endsAt: true,
  priority: true,
  active: true,
  version: true,
  cinemaIds: true,
  durationSeconds: true,
  filmId: true,
  film: { select: { id: true, title: true } },
} as const;
type Row = Prisma.AdvertGetPayload<{ select: typeof advertSelect }>;
type Tx = Prisma.TransactionClient;

export function advertStatus(row: { startsAt: Date; endsAt: Date; active: boolean }, at: Date): AdvertStatus {
  if (row.endsAt <= at) return "ended";
  if (row.startsAt > at) return "scheduled";
  return row.active ? "live" : "paused";
}

export function createAdverts({ db, audit, now, chainTimeZone }: ProgrammeContext) {
  const timeZone = chainTimeZone;

  function view(row: Row, at: Date): AdminAdvert {
    return {
      ...row,
      timeZone,
      startsAtLocal: instantToWallClock(row.startsAt, timeZone),
      endsAtLocal: instantToWallClock(row.endsAt, timeZone),
      status: advertStatus(row, at),
    };
  }

  /** What the audit entry keeps of a row: enough to see what changed and to put it back. */
  function snapshot(row: Row): Prisma.InputJsonObject {
    return {
      title: row.title,
      body: row.body,
      imageUrl: row.imageUrl,
      linkUrl: row.linkUrl,
      placement: row.placement,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      priority: row.priority,
      active: row.active,
      cinemaIds: row.cinemaIds,
      durationSeconds: row.durationSeconds,
      filmId: row.filmId,
      version: row.version,
    };
  }

  /** The columns to write, with the times read on the chain's wall clock. */
  function columns(values: AdvertFormValues) {
    const startsAt = wallClockToInstant(values.startsAt, timeZone);
    const endsAt = wallClockToInstant(values.endsAt, timeZone);
    // The schema compared the wall-clock strings; across a clock change the instants decide.
    if (endsAt <= startsAt) throw badRequest("The end must be after the start.", { field: "endsAt" });
    const body = values.body.trim();
    const linkUrl = values.linkUrl.trim();
    return {
      title: values.title.trim(),
      body: body === "" ? null : body,
      imageUrl: values.imageUrl,
      linkUrl: linkUrl === "" ? null : linkUrl,
      placement: values.placement,
      startsAt,
      endsAt,
      priority: values.priority,
      active: values.active,
      cinemaIds: [...new Set(values.cinemaIds)],
      // Only the pre-show reel has a length and a film; the home placements keep neither.
      durationSeconds: values.placement === "PRE_SHOW" ? values.durationSeconds : null,
      filmId: values.placement === "PRE_SHOW" ? values.filmId : null,
    };
  }

  /** The cinemas and film an advert names must exist. */
  async function assertTargetsExist(tx: Tx, data: ReturnType<typeof columns>) {
    if (data.cinemaIds.length && (await tx.cinema.count({ where: { id: { in: data.cinemaIds } } })) !== data.cinemaIds.length) {
      throw badRequest("One of those cinemas no longer exists. Reload and choose again.", { field: "cinemaIds" });
    }
    if (data.filmId && !(await tx.film.findUnique({ where: { id: data.filmId }, select: { id: true } }))) {
      throw badRequest("That film no longer exists. Reload and choose again.", { field: "filmId" });
    }
  }

  async function record(tx: Tx, actorId: string, action: string, id: string, before: Row | null, after: Row | null) {
    await audit.record(
      {
        actorId,
        action,
        entityType: "Advert",
        entityId: id,
        details: { before: before ? snapshot(before) : null, after: after ? snapshot(after) : null },
      },
      tx,
    );
  }

  /** Admin list, newest start first. */
  async function list(input: AdvertListInput = {}): Promise<AdvertList> {
    const at = now();
    const when: Prisma.AdvertWhereInput =
      input.when === "live"
        ? { startsAt: { lte: at }, endsAt: { gt: at } }
        : input.when === "scheduled"
          ? { startsAt: { gt: at } }
          : input.when === "ended"
            ? { endsAt: { lte: at } }
            : {};
    const rows = await db.advert.findMany({
      where: { ...when, ...(input.placement ? { placement: input.placement } : {}) },
      select: advertSelect,
      orderBy: [{ startsAt: "desc" }, { id: "asc" }],
      take: 500,
    });
    const [cinemas, films] = await Promise.all([
      db.cinema.findMany({ select: { id: true, name: true, timeZone: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
      db.film.findMany({ select: { id: true, title: true }, orderBy: [{ title: "asc" }, { id: "asc" }], take: 1000 }),
    ]);
    return { adverts: rows.map((row) => view(row, at)), timeZone, cinemas, films };
  }

  async function create(input: AdvertFormValues & { actorId: string }): Promise<AdminAdvert> {
    const data = columns(input);
    const row = await db.$transaction(async (tx) => {
      await assertTargetsExist(tx, data);
      const created = await tx.advert.create({ data, select: advertSelect });
      await record(tx, input.actorId, "advert.created", created.id, null, created);
      return created;
    });
    return view(row, now());
  }

  /**
   * Writes `data` over the advert as it was at `version`. The update is conditional on that version and bumps it,
   * so of two admins saving changes to the same version exactly one wins; the other gets CONFLICT and nothing of
   * theirs is written.
   */
  async function change(
    input: { id: string; version: number; actorId: string },
    action: string,
    data: Prisma.AdvertUncheckedUpdateManyInput,
  ): Promise<AdminAdvert> {
    const row = await db.$transaction(async (tx) => {
      if ("placement" in data) await assertTargetsExist(tx, data as ReturnType<typeof columns>);
      const before = await tx.advert.findUnique({ where: { id: input.id }, select: advertSelect });
      if (!before) throw notFound("The advert");
      if (before.version !== input.version) throw staleVersionError(ADVERT_CONFLICT_MESSAGE);
      // Waits for a concurrent save's row lock, then re-checks the version against what that save committed.
      const { count } = await tx.advert.updateMany({
        where: { id: input.id, version: input.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (count === 0) throw staleVersionError(ADVERT_CONFLICT_MESSAGE);
      const after = await tx.advert.findUniqueOrThrow({ where: { id: input.id }, select: advertSelect });
      await record(tx, input.actorId, action, input.id, before, after);
      return after;
    });
    return view(row, now());
  }

  async function update(input: AdvertFormValues & { id: string; version: number; actorId: string }): Promise<AdminAdvert> {
    return change(input, "advert.updated", columns(input));
  }

  /** Takes the advert off the site without changing anything else; resume puts it back. */
  function pause(input: { id: string; version: number; actorId: string }): Promise<AdminAdvert> {
    return change(input, "advert.paused", { active: false });
  }

  function resume(input: { id: string; version: number; actorId: string }): Promise<AdminAdvert> {
    return change(input, "advert.resumed", { active: true });
  }

  /** Deletes the advert as it was at `version`; a newer version is a CONFLICT, as for an edit. */
  async function remove(input: { id: string; version: number; actorId: string }): Promise<{ id: string }> {
    await db.$transaction(async (tx) => {
      const before = await tx.advert.findUnique({ where: { id: input.id }, select: advertSelect });
      if (!before) throw notFound("The advert");
      const { count } = await tx.advert.deleteMany({ where: { id: input.id, version: input.version } });
      if (count === 0) throw staleVersionError(ADVERT_CONFLICT_MESSAGE);
      await record(tx, input.actorId, "advert.deleted", input.id, before, null);
    });
    return { id: input.id };
  }

  /**
   * The pre-show reel before a screening starting at `startsAt` at this cinema: the PRE_SHOW adverts and trailers
   * live at that moment (active, start ≤ it < end) for every cinema or for this one, highest priority first (then
   * the newest campaign, as on the home page), with their lengths, the total in seconds and that total in whole
   * minutes rounded up. The scheduler adds `totalMinutes` before the film starts.
   */
  async function preShowReel(input: { cinemaId: string; startsAt: Date }): Promise<PreShowReel> {
    const rows = await db.advert.findMany({
      where: {
        placement: "PRE_SHOW",
        active: true,
        startsAt: { lte: input.startsAt },
        endsAt: { gt: input.startsAt },
        OR: [{ cinemaIds: { isEmpty: true } }, { cinemaIds: { has: input.cinemaId } }],
      },
      select: { id: true, title: true, priority: true, durationSeconds: true, film: { select: { id: true, title: true } } },
      orderBy: [{ priority: "desc" }, { startsAt: "desc" }, { id: "asc" }],
    });
    const items = rows.map((row) => ({
      id: row.id,
      title: row.title,
      kind: row.film ? ("trailer" as const) : ("advert" as const),
      film: row.film,
      priority: row.priority,
      // The migration gave every pre-show advert a length and the schema requires one; 0 would only hide a gap.
      durationSeconds: row.durationSeconds ?? 0,
    }));
    const totalSeconds = items.reduce((sum, item) => sum + item.durationSeconds, 0);
    return { cinemaId: input.cinemaId, startsAt: input.startsAt, items, totalSeconds, totalMinutes: Math.ceil(totalSeconds / 60) };
  }

  /** The reel as the admin asks for it: a cinema and a wall-clock time in that cinema's zone. */
  async function preShowReelAt(input: { cinemaId: string; at: string }): Promise<PreShowReel> {
    const cinema = await db.cinema.findUnique({ where: { id: input.cinemaId }, select: { timeZone: true } });
    if (!cinema) throw badRequest("Choose a cinema.", { field: "cinemaId" });
    return preShowReel({ cinemaId: input.cinemaId, startsAt: wallClockToInstant(input.at, cinema.timeZone) });
  }

  return { list, create, update, pause, resume, remove, preShowReel, preShowReelAt };
}
