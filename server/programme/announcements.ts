// Announcements, as admins manage them: list with filters, create, update (optimistic concurrency on `version`) and
// delete, each change audited with its before and after in the same transaction. The public site reads them through
// the catalogue (activeAnnouncements), straight from PostgreSQL, so a change shows on the next page load.
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, notFound } from "@/server/errors";
import { type ProgrammeContext, staleVersionError, staleVersionMessage } from "./context";
import { instantToWallClock, wallClockToInstant } from "./wall-clock";
import type {
  AdminAnnouncement,
  AnnouncementFormValues,
  AnnouncementList,
  AnnouncementListInput,
  AnnouncementStatus,
  ProgrammeCinema,
} from "./schemas";

export const ANNOUNCEMENT_CONFLICT_MESSAGE = staleVersionMessage("announcement");

const cinemaSelect = { id: true, name: true, timeZone: true } as const;
const announcementSelect = {
  id: true,
  message: true,
  severity: true,
  startsAt: true,
  endsAt: true,
  version: true,
  cinema: { select: cinemaSelect },
} as const;
type Row = Prisma.AnnouncementGetPayload<{ select: typeof announcementSelect }>;
type Tx = Prisma.TransactionClient;

export function announcementStatus(row: { startsAt: Date; endsAt: Date }, at: Date): AnnouncementStatus {
  if (row.endsAt <= at) return "ended";
  return row.startsAt <= at ? "live" : "scheduled";
}

export function createAnnouncements({ db, audit, now, chainTimeZone }: ProgrammeContext) {
  function view(row: Row, at: Date): AdminAnnouncement {
    const timeZone = row.cinema?.timeZone ?? chainTimeZone;
    return {
      id: row.id,
      message: row.message,
      severity: row.severity,
      cinema: row.cinema,
      startsAt: row.startsAt,
      endsAt: row.endsAt,
      timeZone,
      startsAtLocal: instantToWallClock(row.startsAt, timeZone),
      endsAtLocal: instantToWallClock(row.endsAt, timeZone),
      status: announcementStatus(row, at),
      version: row.version,
    };
  }

  /** What the audit entry keeps of a row: enough to see what changed and to put it back. */
  function snapshot(row: Row): Prisma.InputJsonObject {
    return {
      message: row.message,
      severity: row.severity,
      cinemaId: row.cinema?.id ?? null,
      cinemaName: row.cinema?.name ?? null,
      startsAt: row.startsAt.toISOString(),
      endsAt: row.endsAt.toISOString(),
      version: row.version,
    };
  }

  /** The columns to write, with the times read on the cinema's wall clock. Checks the cinema exists. */
  async function columns(tx: Tx, values: AnnouncementFormValues) {
    let cinema: ProgrammeCinema | null = null;
    if (values.cinemaId !== null) {
      cinema = await tx.cinema.findUnique({ where: { id: values.cinemaId }, select: cinemaSelect });
      if (!cinema) throw badRequest("That cinema doesn't exist any more. Choose another.", { field: "cinemaId" });
    }
    const timeZone = cinema?.timeZone ?? chainTimeZone;
    const startsAt = wallClockToInstant(values.startsAt, timeZone);
    const endsAt = wallClockToInstant(values.endsAt, timeZone);
    // The schema compared the wall-clock strings; across a clock change the instants decide.
    if (endsAt <= startsAt) throw badRequest("The end must be after the start.", { field: "endsAt" });
    return { message: values.message.trim(), severity: values.severity, cinemaId: cinema?.id ?? null, startsAt, endsAt };
  }

  /** Admin list, newest start first, with every cinema for the form. */
  async function list(input: AnnouncementListInput = {}): Promise<AnnouncementList> {
    const at = now();
    const when: Prisma.AnnouncementWhereInput =
      input.when === "current"
        ? { startsAt: { lte: at }, endsAt: { gt: at } }
        : input.when === "scheduled"
          ? { startsAt: { gt: at } }
          : input.when === "past"
            ? { endsAt: { lte: at } }
            : {};
    const [rows, cinemas] = await Promise.all([
      db.announcement.findMany({
        where: { ...when, ...(input.cinemaId !== undefined ? { cinemaId: input.cinemaId } : {}) },
        select: announcementSelect,
        orderBy: [{ startsAt: "desc" }, { id: "asc" }],
        take: 500,
      }),
      db.cinema.findMany({ select: cinemaSelect, orderBy: { name: "asc" } }),
    ]);
    return { announcements: rows.map((row) => view(row, at)), cinemas, chainTimeZone };
  }

  async function create(input: AnnouncementFormValues & { actorId: string }): Promise<AdminAnnouncement> {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.announcement.create({ data: await columns(tx, input), select: announcementSelect });
      await audit.record(
        {
          actorId: input.actorId,
          action: "announcement.created",
          entityType: "Announcement",
          entityId: created.id,
          details: { before: null, after: snapshot(created) },
        },
        tx,
      );
      return created;
    });
    return view(row, now());
  }

  /**
   * Saves an edit made from `version`. The update is conditional on that version and bumps it, so of two admins
   * saving edits of the same version exactly one wins; the other gets CONFLICT and nothing of theirs is written.
   */
  async function update(input: AnnouncementFormValues & { id: string; version: number; actorId: string }): Promise<AdminAnnouncement> {
    const row = await db.$transaction(async (tx) => {
      const before = await tx.announcement.findUnique({ where: { id: input.id }, select: announcementSelect });
      if (!before) throw notFound("The announcement");
      if (before.version !== input.version) throw staleVersionError(ANNOUNCEMENT_CONFLICT_MESSAGE);
      const data = await columns(tx, input);
      // Waits for a concurrent save's row lock, then re-checks the version against what that save committed.
      const { count } = await tx.announcement.updateMany({
        where: { id: input.id, version: input.version },
        data: { ...data, version: { increment: 1 } },
      });
      if (count === 0) throw staleVersionError(ANNOUNCEMENT_CONFLICT_MESSAGE);
      const after = await tx.announcement.findUniqueOrThrow({ where: { id: input.id }, select: announcementSelect });
      await audit.record(
        {
          actorId: input.actorId,
          action: "announcement.updated",
          entityType: "Announcement",
          entityId: input.id,
          details: { before: snapshot(before), after: snapshot(after) },
        },
        tx,
      );
      return after;
    });
    return view(row, now());
  }

  /** Deletes the announcement as it was at `version`; a newer version is a CONFLICT, as for an edit. */
  async function remove(input: { id: string; version: number; actorId: string }): Promise<{ id: string }> {
    await db.$transaction(async (tx) => {
      const before = await tx.announcement.findUnique({ where: { id: input.id }, select: announcementSelect });
      if (!before) throw notFound("The announcement");
      const { count } = await tx.announcement.deleteMany({ where: { id: input.id, version: input.version } });
      if (count === 0) throw staleVersionError(ANNOUNCEMENT_CONFLICT_MESSAGE);
      await audit.record(
        {
          actorId: input.actorId,
          action: "announcement.deleted",
          entityType: "Announcement",
          entityId: input.id,
          details: { before: snapshot(before), after: null },
        },
        tx,
      );
    });
    return { id: input.id };
  }

  return { list, create, update, remove };
}
