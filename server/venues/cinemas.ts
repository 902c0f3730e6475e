// Cinemas as admins manage them: list (with their halls), create, edit (optimistic concurrency on `version`).
// Every change is audited with its before and after in the same transaction.
import type { Prisma } from "@/server/db/generated/client";
import { conflict, notFound } from "@/server/errors";
import { staleVersionError, staleVersionMessage } from "@/server/programme/context";
import type { VenuesContext } from "./context";
import type { CinemaFormValues } from "./schemas";

export const CINEMA_CONFLICT_MESSAGE = staleVersionMessage("cinema");

const cinemaSelect = {
  id: true,
  slug: true,
  name: true,
  address: true,
  city: true,
  postcode: true,
  timeZone: true,
  currency: true,
  version: true,
} as const;
type Row = Prisma.CinemaGetPayload<{ select: typeof cinemaSelect }>;

const snapshot = (row: Row): Prisma.InputJsonObject => ({ ...row });

/** A unique-index violation on slug as a refusal beside the field. */
function slugTaken(error: unknown, slug: string): never {
  if (typeof error === "object" && error !== null && (error as { code?: unknown }).code === "P2002") {
    throw conflict(`The slug ${slug} is already used by another cinema.`, { field: "slug", reason: "SLUG_TAKEN" });
  }
  throw error;
}

export function createCinemas({ db, audit }: VenuesContext) {
  async function list() {
    const rows = await db.cinema.findMany({
      select: {
        ...cinemaSelect,
        halls: {
          select: { id: true, name: true, version: true, _count: { select: { screenings: true } } },
          orderBy: { name: "asc" },
        },
      },
      orderBy: { name: "asc" },
    });
    return rows.map(({ halls, ...cinema }) => ({
      ...cinema,
      halls: halls.map(({ _count, ...hall }) => ({ ...hall, screenings: _count.screenings })),
    }));
  }

  async function get(id: string) {
    const cinema = (await list()).find((row) => row.id === id);
    if (!cinema) throw notFound("That cinema");
    return cinema;
  }

  async function create(input: CinemaFormValues & { actorId: string }) {
    const { actorId, ...data } = input;
    return db
      .$transaction(async (tx) => {
        const created = await tx.cinema.create({ data, select: cinemaSelect });
        await audit.record(
          { actorId, action: "cinema.created", entityType: "Cinema", entityId: created.id, details: { before: null, after: snapshot(created) } },
          tx,
        );
        return created;
      })
      .catch((error: unknown) => slugTaken(error, data.slug));
  }

  async function update(input: CinemaFormValues & { id: string; version: number; actorId: string }) {
    const { actorId, id, version, ...data } = input;
    return db
      .$transaction(async (tx) => {
        const before = await tx.cinema.findUnique({ where: { id }, select: cinemaSelect });
        if (!before) throw notFound("That cinema");
        const { count } = await tx.cinema.updateMany({ where: { id, version }, data: { ...data, version: { increment: 1 } } });
        if (count === 0) throw staleVersionError(CINEMA_CONFLICT_MESSAGE);
        const after = await tx.cinema.findUniqueOrThrow({ where: { id }, select: cinemaSelect });
        await audit.record(
          { actorId, action: "cinema.updated", entityType: "Cinema", entityId: id, details: { before: snapshot(before), after: snapshot(after) } },
          tx,
        );
        return after;
      })
      .catch((error: unknown) => slugTaken(error, data.slug));
  }

  return { list, get, create, update };
}
