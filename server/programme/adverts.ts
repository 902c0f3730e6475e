// Adverts, as admins manage them: list with filters, create, update (optimistic concurrency on `version`), pause,
// resume and delete, each change audited with its before and after in the same transaction. The public site reads
// them through the catalogue (activeAdverts), straight from PostgreSQL, so a change shows on the next page load.
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, notFound } from "@/server/errors";
import { type ProgrammeContext, staleVersionError, staleVersionMessage } from "./context";
import { instantToWallClock, wallClockToInstant } from "./wall-clock";
import type { AdminAdvert, AdvertFormValues, AdvertList, AdvertListInput, AdvertStatus } from "./schemas";

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
    };
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
    return { adverts: rows.map((row) => view(row, at)), timeZone };
  }

  async function create(input: AdvertFormValues & { actorId: string }): Promise<AdminAdvert> {
    const data = columns(input);
    const row = await db.$transaction(async (tx) => {
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
    data: Prisma.AdvertUpdateManyMutationInput,
  ): Promise<AdminAdvert> {
    const row = await db.$transaction(async (tx) => {
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

  return { list, create, update, pause, resume, remove };
}
