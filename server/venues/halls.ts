// Halls and their layout versions. Saving a changed layout writes a new version (never edits seats a ticket may
// point at); future screenings without a held or sold ticket move to it, the others keep the version they sold on.
// The hall's rules (max seats per order, no stranded single seat) and name are saved with it, one version check
// and one audit entry for the whole save.
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { staleVersionError, staleVersionMessage } from "@/server/programme/context";
import { lockScreeningSeats, rebuildAll, type Tx, type VenuesContext } from "./context";
import { layoutProblems, type LayoutPlan, sameLayout } from "./layout-rules";
import type { HallFormValues } from "./schemas";

export const HALL_CONFLICT_MESSAGE = staleVersionMessage("hall");

const seatSelect = { id: true, gridRow: true, gridCol: true, rowLabel: true, number: true, kind: true, zone: true, blocked: true } as const;
const layoutSelect = {
  id: true,
  version: true,
  gridRows: true,
  gridCols: true,
  screenPosition: true,
  createdAt: true,
  seats: { select: seatSelect, orderBy: [{ gridRow: "asc" }, { gridCol: "asc" }] },
} as const satisfies Prisma.HallLayoutSelect;
type LayoutRow = Prisma.HallLayoutGetPayload<{ select: typeof layoutSelect }>;

const hallSelect = {
  id: true,
  cinemaId: true,
  name: true,
  maxSeatsPerOrder: true,
  preventSingleGaps: true,
  version: true,
  cinema: { select: { id: true, name: true, timeZone: true } },
} as const;

/** Tickets that keep a screening on its layout: any live (held or sold) ticket, expired holds included. */
const LIVE: Prisma.TicketWhereInput = { status: { in: ["HELD", "SOLD"] } };

function asPlan(layout: LayoutRow): LayoutPlan {
  return {
    gridRows: layout.gridRows,
    gridCols: layout.gridCols,
    screenPosition: layout.screenPosition,
    seats: layout.seats.map(({ id: _id, ...seat }) => seat),
  };
}

function refuseProblems(plan: LayoutPlan) {
  const problems = layoutProblems(plan);
  if (problems.length) throw badRequest(`The layout can't be saved: ${problems.join(" ")}`, { field: "layout", problems });
}

function nameTaken(error: unknown, name: string): never {
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") {
    throw conflict(`This cinema already has a hall called ${name}.`, { field: "name", reason: "NAME_TAKEN" });
  }
  throw error;
}

export function createHalls(ctx: VenuesContext) {
  const { db, audit, now } = ctx;

  async function currentLayout(tx: Tx | typeof db, hallId: string) {
    return tx.hallLayout.findFirst({ where: { hallId }, orderBy: { version: "desc" }, select: layoutSelect });
  }

  /** Future screenings of the hall that are not cancelled, with how many live tickets each has and its layout. */
  async function futureScreenings(tx: Tx | typeof db, hallId: string) {
    const rows = await tx.screening.findMany({
      where: { hallId, status: "SCHEDULED", startsAt: { gt: now() } },
      select: {
        id: true,
        startsAt: true,
        layoutId: true,
        film: { select: { title: true } },
        layout: { select: { version: true } },
        _count: { select: { tickets: { where: LIVE } } },
      },
      orderBy: { startsAt: "asc" },
    });
    return rows.map(({ _count, film, layout, ...row }) => ({
      ...row,
      filmTitle: film.title,
      layoutVersion: layout.version,
      ticketsTaken: _count.tickets,
    }));
  }

  /** The editor's view: the hall, its current layout and which future screenings a changed layout would leave behind. */
  async function get(hallId: string) {
    const hall = await db.hall.findUnique({ where: { id: hallId }, select: hallSelect });
    if (!hall) throw notFound("That hall");
    const [layout, screenings] = await Promise.all([currentLayout(db, hallId), futureScreenings(db, hallId)]);
    if (!layout) throw notFound("That hall's seat layout");
    return {
      ...hall,
      layout: { id: layout.id, version: layout.version, createdAt: layout.createdAt, ...asPlan(layout) },
      /** Would keep their layout on the next change: they have held or sold tickets. */
      keepOldLayout: screenings.filter((s) => s.ticketsTaken > 0),
      /** Would move to the next version. */
      wouldMove: screenings.filter((s) => s.ticketsTaken === 0).length,
      /** Every future, not cancelled screening (for seat blocks). */
      upcoming: screenings,
    };
  }

  async function create(input: Omit<HallFormValues, "layout"> & { cinemaId: string; layout: LayoutPlan; actorId: string }) {
    refuseProblems(input.layout);
    const { layout, actorId, cinemaId, ...rules } = input;
    const hall = await db
      .$transaction(async (tx) => {
        const cinema = await tx.cinema.findUnique({ where: { id: cinemaId }, select: { id: true } });
        if (!cinema) throw badRequest("That cinema doesn't exist.", { field: "cinemaId" });
        const created = await tx.hall.create({
          data: { cinemaId, ...rules, gridRows: layout.gridRows, gridCols: layout.gridCols, screenPosition: layout.screenPosition },
          select: { id: true },
        });
        const written = await writeLayout(tx, created.id, 1, layout, actorId);
        await audit.record(
          {
            actorId,
            action: "hall.created",
            entityType: "Hall",
            entityId: created.id,
            details: { before: null, after: { ...rules, cinemaId, version: 1, layoutVersion: 1, seats: layout.seats.length } },
          },
          tx,
        );
        return { id: created.id, layoutId: written.id };
      })
      .catch((error: unknown) => nameTaken(error, input.name));
    return get(hall.id);
  }

  async function writeLayout(tx: Tx, hallId: string, version: number, plan: LayoutPlan, actorId: string) {
    const layout = await tx.hallLayout.create({
      data: { hallId, version, gridRows: plan.gridRows, gridCols: plan.gridCols, screenPosition: plan.screenPosition, createdById: actorId },
      select: { id: true },
    });
    await tx.seat.createMany({ data: plan.seats.map((seat) => ({ ...seat, layoutId: layout.id })) });
    return layout;
  }

  /**
   * Saves the editor: name, rules and layout, made from `version`. A layout that differs from the current one
   * becomes a new version; unsold future screenings move to it (their per-screening seat blocks, which named the old
   * seats, go with the old seats), sold ones keep theirs and are listed in the answer.
   */
  async function save(input: Omit<HallFormValues, "layout"> & { hallId: string; version: number; layout: LayoutPlan; actorId: string }) {
    refuseProblems(input.layout);
    const { hallId, version, layout: plan, actorId, ...rules } = input;
    const outcome = await db
      .$transaction(
        async (tx) => {
          await tx.$queryRaw`SELECT 1 FROM "Hall" WHERE "id" = ${hallId} FOR UPDATE`;
          const before = await tx.hall.findUnique({ where: { id: hallId }, select: hallSelect });
          if (!before) throw notFound("That hall");
          if (before.version !== version) throw staleVersionError(HALL_CONFLICT_MESSAGE);
          const current = await currentLayout(tx, hallId);
          if (!current) throw notFound("That hall's seat layout");
          const layoutChanged = !sameLayout(asPlan(current), plan);
          const rulesChanged =
            before.maxSeatsPerOrder !== rules.maxSeatsPerOrder || before.preventSingleGaps !== rules.preventSingleGaps;

          const moved: string[] = [];
          const kept: Awaited<ReturnType<typeof futureScreenings>> = [];
          let layoutVersion = current.version;
          if (layoutChanged) {
            layoutVersion = current.version + 1;
            const created = await writeLayout(tx, hallId, layoutVersion, plan, actorId);
            for (const screening of await futureScreenings(tx, hallId)) {
              // Locks out ticket inserts for this screening, then counts again: what was free stays free until commit.
              await lockScreeningSeats(tx, screening.id);
              const taken = await tx.ticket.count({ where: { screeningId: screening.id, ...LIVE } });
              if (taken > 0) kept.push({ ...screening, ticketsTaken: taken });
              else moved.push(screening.id);
            }
            if (moved.length) {
              await tx.screeningSeatBlock.deleteMany({ where: { screeningId: { in: moved } } });
              await tx.screening.updateMany({ where: { id: { in: moved } }, data: { layoutId: created.id } });
            }
          }
          const after = await tx.hall.update({
            where: { id: hallId },
            data: {
              ...rules,
              gridRows: plan.gridRows,
              gridCols: plan.gridCols,
              screenPosition: plan.screenPosition,
              version: { increment: 1 },
            },
            select: hallSelect,
          });
          await audit.record(
            {
              actorId,
              action: layoutChanged ? "hall.layout_changed" : "hall.updated",
              entityType: "Hall",
              entityId: hallId,
              details: {
                before: { name: before.name, maxSeatsPerOrder: before.maxSeatsPerOrder, preventSingleGaps: before.preventSingleGaps, version: before.version, layoutVersion: current.version, seats: current.seats.length },
                after: { name: after.name, maxSeatsPerOrder: after.maxSeatsPerOrder, preventSingleGaps: after.preventSingleGaps, version: after.version, layoutVersion, seats: plan.seats.length },
                movedScreenings: moved,
                keptScreenings: kept.map((s) => ({ id: s.id, startsAt: s.startsAt.toISOString(), ticketsTaken: s.ticketsTaken, layoutVersion: s.layoutVersion })),
              },
            },
            tx,
          );
          // The rules live in each loaded screening's Redis state too; a rules change reloads every future one.
          const rebuild = rulesChanged ? (await futureScreenings(tx, hallId)).map((s) => s.id) : moved;
          return { moved, kept, rebuild, layoutVersion, layoutChanged };
        },
        { timeout: 30_000 },
      )
      .catch((error: unknown) => nameTaken(error, input.name));
    await rebuildAll(ctx, outcome.rebuild);
    return {
      hall: await get(hallId),
      layoutChanged: outcome.layoutChanged,
      layoutVersion: outcome.layoutVersion,
      movedScreenings: outcome.moved.length,
      keptScreenings: outcome.kept,
    };
  }

  return { get, create, save };
}
