// A cinema's ticket types as admins manage them: add, edit (name, note, order), retire and bring back, reorder.
// Every change is version-checked and audited with its before and after in the same transaction. The code never
// changes and a type is never deleted: tickets and prices name their type by code, and a sold ticket keeps its type.
// A retired type is no longer offered at checkout; what was sold as it stays as it was.
import type { Prisma } from "@/server/db/generated/client";
import { conflict, notFound } from "@/server/errors";
import { staleVersionError, staleVersionMessage } from "@/server/programme/context";
import { isUniqueViolation, type PricesContext, type Tx } from "./context";
import type { AdminTicketType, TicketTypeFormValues } from "./schemas";

export const TICKET_TYPE_CONFLICT_MESSAGE = staleVersionMessage("ticket type");

export const ticketTypeSelect = {
  id: true,
  cinemaId: true,
  code: true,
  name: true,
  note: true,
  sortOrder: true,
  active: true,
  version: true,
} as const satisfies Prisma.TicketTypeSelect;
type Row = Prisma.TicketTypeGetPayload<{ select: typeof ticketTypeSelect }>;

function snapshot(row: Row): Prisma.InputJsonObject {
  return { code: row.code, name: row.name, note: row.note, sortOrder: row.sortOrder, active: row.active, version: row.version };
}

const noteOrNull = (note: string) => note.trim() || null;

export function createTicketTypes({ db, audit }: PricesContext) {
  /** Tickets (held, sold or refunded) per code at the cinema: tells an admin which types are in use. */
  async function ticketCounts(cinemaId: string): Promise<Map<string, number>> {
    const rows = await db.ticket.groupBy({
      by: ["ticketType"],
      where: { screening: { hall: { cinemaId } }, status: { in: ["HELD", "SOLD", "REFUNDED"] } },
      _count: { _all: true },
      orderBy: { ticketType: "asc" },
    });
    return new Map(rows.map((row) => [row.ticketType, row._count._all]));
  }

  async function list(cinemaId: string): Promise<AdminTicketType[]> {
    const [rows, counts] = await Promise.all([
      db.ticketType.findMany({ where: { cinemaId }, select: ticketTypeSelect, orderBy: [{ sortOrder: "asc" }, { code: "asc" }] }),
      ticketCounts(cinemaId),
    ]);
    return rows.map((row) => ({ ...row, ticketsCount: counts.get(row.code) ?? 0 }));
  }

  const codeTaken = (code: string) =>
    conflict(`This cinema already has a ticket type ${code}. Choose another code.`, { field: "code", reason: "CODE_TAKEN" });

  async function create(input: TicketTypeFormValues & { cinemaId: string; actorId: string }): Promise<AdminTicketType> {
    const row = await db
      .$transaction(async (tx) => {
        const cinema = await tx.cinema.findUnique({ where: { id: input.cinemaId }, select: { id: true } });
        if (!cinema) throw notFound("That cinema");
        const taken = await tx.ticketType.findUnique({ where: { cinemaId_code: { cinemaId: input.cinemaId, code: input.code } }, select: { id: true } });
        if (taken) throw codeTaken(input.code);
        const created = await tx.ticketType.create({
          data: { cinemaId: input.cinemaId, code: input.code, name: input.name, note: noteOrNull(input.note), sortOrder: input.sortOrder },
          select: ticketTypeSelect,
        });
        await audit.record(
          { actorId: input.actorId, action: "ticket_type.created", entityType: "TicketType", entityId: created.id, details: { before: null, after: snapshot(created) } },
          tx,
        );
        return created;
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) throw codeTaken(input.code);
        throw error;
      });
    return { ...row, ticketsCount: 0 };
  }

  /** Writes `data` over the row as it was at `version`, bumping it, and audits the change. */
  async function change(
    tx: Tx,
    input: { id: string; version: number; actorId: string },
    action: string,
    data: Prisma.TicketTypeUpdateManyMutationInput,
  ): Promise<Row> {
    const before = await tx.ticketType.findUnique({ where: { id: input.id }, select: ticketTypeSelect });
    if (!before) throw notFound("That ticket type");
    const { count } = await tx.ticketType.updateMany({ where: { id: input.id, version: input.version }, data: { ...data, version: { increment: 1 } } });
    if (count === 0) throw staleVersionError(TICKET_TYPE_CONFLICT_MESSAGE);
    const after = await tx.ticketType.findUniqueOrThrow({ where: { id: input.id }, select: ticketTypeSelect });
    await audit.record(
      { actorId: input.actorId, action, entityType: "TicketType", entityId: input.id, details: { before: snapshot(before), after: snapshot(after) } },
      tx,
    );
    return after;
  }

  async function withCount(row: Row): Promise<AdminTicketType> {
    return { ...row, ticketsCount: (await ticketCounts(row.cinemaId)).get(row.code) ?? 0 };
  }

  async function update(
    input: Omit<TicketTypeFormValues, "code"> & { id: string; version: number; actorId: string },
  ): Promise<AdminTicketType> {
    const row = await db.$transaction((tx) =>
      change(tx, input, "ticket_type.updated", { name: input.name, note: noteOrNull(input.note), sortOrder: input.sortOrder }),
    );
    return withCount(row);
  }

  /** Retires a type (checkout stops offering it at once) or brings it back. */
  async function setActive(input: { id: string; version: number; active: boolean; actorId: string }): Promise<AdminTicketType> {
    const row = await db.$transaction((tx) =>
      change(tx, input, input.active ? "ticket_type.activated" : "ticket_type.deactivated", { active: input.active }),
    );
    return withCount(row);
  }

  /**
   * Puts the cinema's types in the given order (10, 20, 30, …). Every type named must be the cinema's and at the
   * version shown, so a reorder made from a stale list is refused whole.
   */
  async function reorder(input: { cinemaId: string; order: Array<{ id: string; version: number }>; actorId: string }): Promise<AdminTicketType[]> {
    await db.$transaction(async (tx) => {
      const owned = await tx.ticketType.findMany({ where: { cinemaId: input.cinemaId }, select: { id: true, sortOrder: true } });
      const ids = new Set(owned.map((row) => row.id));
      if (input.order.some((item) => !ids.has(item.id))) throw notFound("That ticket type");
      for (const [index, item] of input.order.entries()) {
        const sortOrder = (index + 1) * 10;
        if (owned.find((row) => row.id === item.id)?.sortOrder === sortOrder) {
          // Unchanged, but still checked: the admin saw this version.
          const current = await tx.ticketType.count({ where: { id: item.id, version: item.version } });
          if (current === 0) throw staleVersionError(TICKET_TYPE_CONFLICT_MESSAGE);
          continue;
        }
        await change(tx, { ...item, actorId: input.actorId }, "ticket_type.reordered", { sortOrder });
      }
    });
    return list(input.cinemaId);
  }

  return { list, create, update, setActive, reorder };
}
