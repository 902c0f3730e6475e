// Films, as admins manage them: a paged list with search and a status filter, create and update (optimistic
// concurrency on `version`), publish / unpublish / archive (with a choice about the future screenings), and delete
// a film that never sold a ticket. Every change is audited with its before and after in the same transaction. The
// site reads the same rows through server/catalogue, which shows only PUBLISHED films (and keeps an archived film's
// screenings on sale when the admin chose to keep them).
import { dateColumnValue, dayKeyOfDateColumn } from "@/server/catalogue";
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { type ProgrammeContext, staleVersionError, staleVersionMessage } from "./context";
import type {
  AdminFilm,
  AdminFilmRow,
  FilmFormValues,
  FilmList,
  FilmListInput,
  FutureScreening,
  SetFilmStatusInput,
  UpdateFilmInput,
} from "./film-schemas";

export const FILM_CONFLICT_MESSAGE = staleVersionMessage("film");

/** Orders that count as sales: money taken, or a customer in the middle of paying. */
const LIVE_ORDER_STATUSES = ["PAID", "PENDING"] as const;

const filmSelect = {
  id: true,
  slug: true,
  title: true,
  tagline: true,
  synopsis: true,
  runtimeMinutes: true,
  certificate: true,
  genres: true,
  cast: true,
  director: true,
  languages: true,
  releaseDate: true,
  trailerUrl: true,
  status: true,
  posterUrl: true,
  backdropUrl: true,
  version: true,
} as const satisfies Prisma.FilmSelect;
type Row = Prisma.FilmGetPayload<{ select: typeof filmSelect }>;
type Tx = Prisma.TransactionClient;

type Actor = { actorId: string };
/** hasOrders: a paid or pending order exists (one may have no ticket yet), which blocks cancelling here. */
type FutureScreeningWithOrders = FutureScreening & { hasOrders: boolean; version: number };

export function createFilms(ctx: ProgrammeContext) {
  const { db, audit, now } = ctx;
  /** What the audit entry keeps of a row: every column an admin can change, so a change can be seen and undone. */
  function snapshot(row: Row): Prisma.InputJsonObject {
    return { ...row, releaseDate: dayKeyOfDateColumn(row.releaseDate) };
  }

  function formValues(row: Row): FilmFormValues {
    return {
      title: row.title,
      slug: row.slug,
      tagline: row.tagline ?? "",
      synopsis: row.synopsis,
      runtimeMinutes: row.runtimeMinutes,
      certificate: row.certificate,
      genres: row.genres,
      cast: row.cast,
      director: row.director,
      languages: row.languages,
      releaseDate: dayKeyOfDateColumn(row.releaseDate),
      trailerUrl: row.trailerUrl ?? "",
      status: row.status,
      posterUrl: row.posterUrl,
      backdropUrl: row.backdropUrl,
    };
  }

  function columns(values: FilmFormValues) {
    return {
      title: values.title.trim(),
      slug: values.slug.trim(),
      tagline: values.tagline.trim() || null,
      synopsis: values.synopsis.trim(),
      runtimeMinutes: values.runtimeMinutes,
      certificate: values.certificate,
      genres: values.genres,
      cast: values.cast,
      director: values.director.trim(),
      languages: values.languages,
      releaseDate: dateColumnValue(values.releaseDate),
      trailerUrl: values.trailerUrl.trim() || null,
      status: values.status,
      posterUrl: values.posterUrl,
      backdropUrl: values.backdropUrl,
    };
  }

  const slugTakenMessage = (slug: string) => `Another film already uses the address /films/${slug}. Choose another.`;

  async function assertSlugFree(tx: Tx, slug: string, exceptId?: string) {
    const taken = await tx.film.findUnique({ where: { slug }, select: { id: true } });
    if (taken && taken.id !== exceptId) throw conflict(slugTakenMessage(slug), { field: "slug", reason: "SLUG_TAKEN" });
  }

  /** A unique-index violation on slug (two admins saving the same slug at once) as the same refusal. */
  function slugTaken(error: unknown, slug: string): never {
    if (typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002") {
      throw conflict(slugTakenMessage(slug), { field: "slug", reason: "SLUG_TAKEN" });
    }
    throw error;
  }

  /** Future (not cancelled, not started) and total screenings per film. */
  async function screeningCounts(ids: string[]): Promise<Map<string, { future: number; total: number }>> {
    const counts = new Map<string, { future: number; total: number }>(ids.map((id) => [id, { future: 0, total: 0 }]));
    if (ids.length === 0) return counts;
    const [totals, futures] = await Promise.all([
      db.screening.groupBy({ by: ["filmId"], where: { filmId: { in: ids } }, _count: { _all: true }, orderBy: { filmId: "asc" } }),
      db.screening.groupBy({
        by: ["filmId"],
        where: { filmId: { in: ids }, status: "SCHEDULED", startsAt: { gt: now() } },
        _count: { _all: true },
        orderBy: { filmId: "asc" },
      }),
    ]);
    for (const group of totals) counts.get(group.filmId)!.total = group._count._all;
    for (const group of futures) counts.get(group.filmId)!.future = group._count._all;
    return counts;
  }

  /** Whether a ticket or an order was ever made for any of the film's screenings. */
  async function everSold(tx: Tx | typeof db, filmId: string): Promise<boolean> {
    const [tickets, orders] = await Promise.all([
      tx.ticket.count({ where: { screening: { filmId } }, take: 1 }),
      tx.order.count({ where: { screening: { filmId } }, take: 1 }),
    ]);
    return tickets > 0 || orders > 0;
  }

  async function view(row: Row): Promise<AdminFilm> {
    const [counts, sold] = await Promise.all([screeningCounts([row.id]), everSold(db, row.id)]);
    return { ...formValues(row), id: row.id, version: row.version, screenings: counts.get(row.id)!, hasSales: sold };
  }

  /** One page of films by title (then id, so pages neither skip nor repeat), with their screening counts. */
  async function list(input: FilmListInput = {}): Promise<FilmList> {
    const limit = input.limit ?? 25;
    const search = input.search?.trim();
    const rows = await db.film.findMany({
      where: {
        ...(input.status ? { status: input.status } : {}),
        ...(search ? { title: { contains: search, mode: "insensitive" } } : {}),
      },
      select: filmSelect,
      orderBy: [{ title: "asc" }, { id: "asc" }],
      take: limit + 1,
      ...(input.cursor ? { cursor: { id: input.cursor }, skip: 1 } : {}),
    });
    const page = rows.slice(0, limit);
    const counts = await screeningCounts(page.map((row) => row.id));
    const films: AdminFilmRow[] = page.map((row) => ({
      id: row.id,
      slug: row.slug,
      title: row.title,
      status: row.status,
      releaseDate: dayKeyOfDateColumn(row.releaseDate),
      posterUrl: row.posterUrl,
      certificate: row.certificate,
      runtimeMinutes: row.runtimeMinutes,
      screenings: counts.get(row.id)!,
      version: row.version,
    }));
    return { films, nextCursor: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
  }

  async function get(input: { id: string }): Promise<AdminFilm> {
    const row = await db.film.findUnique({ where: { id: input.id }, select: filmSelect });
    if (!row) throw notFound("The film");
    return view(row);
  }

  async function create(input: FilmFormValues & Actor): Promise<AdminFilm> {
    const data = columns(input);
    const row = await db
      .$transaction(async (tx) => {
        await assertSlugFree(tx, data.slug);
        const created = await tx.film.create({ data, select: filmSelect });
        await audit.record(
          { actorId: input.actorId, action: "film.created", entityType: "Film", entityId: created.id, details: { before: null, after: snapshot(created) } },
          tx,
        );
        return created;
      })
      .catch((error: unknown) => slugTaken(error, data.slug));
    return view(row);
  }

  /**
   * Writes `data` over the row as it was at `version`, bumping it, and audits the change; of two saves from one
   * version exactly one wins (the row is locked first, and the write is conditional on the version as well).
   */
  async function change(
    input: { id: string; version: number } & Actor,
    action: string,
    data: (before: Row, tx: Tx) => Promise<Prisma.FilmUpdateManyMutationInput>,
    extraDetails: Prisma.InputJsonObject = {},
  ): Promise<Row> {
    return db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Film" WHERE "id" = ${input.id} FOR UPDATE`;
      const before = await tx.film.findUnique({ where: { id: input.id }, select: filmSelect });
      if (!before) throw notFound("The film");
      if (before.version !== input.version) throw staleVersionError(FILM_CONFLICT_MESSAGE);
      const values = await data(before, tx);
      const { count } = await tx.film.updateMany({ where: { id: input.id, version: input.version }, data: { ...values, version: { increment: 1 } } });
      if (count === 0) throw staleVersionError(FILM_CONFLICT_MESSAGE);
      const after = await tx.film.findUniqueOrThrow({ where: { id: input.id }, select: filmSelect });
      await audit.record(
        { actorId: input.actorId, action, entityType: "Film", entityId: input.id, details: { before: snapshot(before), after: snapshot(after), ...extraDetails } },
        tx,
      );
      return after;
    });
  }

  /** The film's screenings that haven't started and aren't cancelled, each with its live tickets (paid or pending orders). */
  async function futureScreeningsOf(tx: Tx | typeof db, filmId: string): Promise<FutureScreeningWithOrders[]> {
    const rows = await tx.screening.findMany({
      where: { filmId, status: "SCHEDULED", startsAt: { gt: now() } },
      select: {
        id: true,
        startsAt: true,
        version: true,
        hall: { select: { name: true, cinema: { select: { name: true, timeZone: true } } } },
        _count: { select: { tickets: { where: { status: { in: ["HELD", "SOLD"] }, order: { status: { in: [...LIVE_ORDER_STATUSES] } } } } } },
      },
      orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    });
    const withOrders = new Set(
      (
        await tx.order.findMany({
          where: { screeningId: { in: rows.map((row) => row.id) }, status: { in: [...LIVE_ORDER_STATUSES] } },
          select: { screeningId: true },
          distinct: ["screeningId"],
        })
      ).map((order) => order.screeningId),
    );
    return rows.map((row) => ({
      id: row.id,
      version: row.version,
      startsAt: row.startsAt,
      timeZone: row.hall.cinema.timeZone,
      hallName: row.hall.name,
      cinemaName: row.hall.cinema.name,
      // An order without tickets still counts as a sale in progress; it shows as 0 tickets but blocks cancelling.
      tickets: row._count.tickets,
      hasOrders: withOrders.has(row.id),
    }));
  }

  /** What the archive dialog shows: the future screenings it would keep on sale or cancel. */
  async function futureScreenings(input: { id: string }): Promise<{ screenings: FutureScreening[] }> {
    const screenings = await futureScreeningsOf(db, input.id);
    return { screenings: screenings.map(({ id, startsAt, timeZone, hallName, cinemaName, tickets }) => ({ id, startsAt, timeZone, hallName, cinemaName, tickets })) };
  }

  async function update(input: UpdateFilmInput & Actor): Promise<AdminFilm> {
    const data = columns(input);
    // Archiving has its own question about future screenings: it goes through setStatus.
    const row = await change(input, "film.updated", async (before, tx) => {
      if (data.status === "ARCHIVED" && before.status !== "ARCHIVED") {
        throw badRequest("Use Archive to archive a film: it asks what to do with its future screenings.", { field: "status" });
      }
      if (data.slug !== before.slug) await assertSlugFree(tx, data.slug, before.id);
      return data;
    }).catch((error: unknown) => slugTaken(error, data.slug));
    return view(row);
  }

  function describeScreening(screening: FutureScreening): string {
    const when = new Intl.DateTimeFormat("en-GB", {
      timeZone: screening.timeZone,
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    }).format(screening.startsAt);
    return `${when}, ${screening.hallName} (${screening.cinemaName}): ${screening.tickets} ticket${screening.tickets === 1 ? "" : "s"}`;
  }

  /**
   * Publishes, unpublishes (DRAFT) or archives a film. Archiving one with future screenings needs a choice: `keep`
   * leaves them on sale; `cancel` cancels them all. Those with sales are cancelled first, one by one, with refunds
   * through the scheduler (each a committed, idempotent step: a failure leaves the film unarchived and a retry goes
   * on with the rest); then the unsold ones are cancelled and the film archived in one transaction. Without a
   * scheduler wired, screenings with sales are refused, named.
   */
  async function setStatus(input: SetFilmStatusInput & Actor): Promise<AdminFilm> {
    if (input.status === "ARCHIVED" && input.futureScreenings === "cancel" && ctx.cancelScreeningWithRefunds) {
      const current = await db.film.findUnique({ where: { id: input.id }, select: { version: true, title: true, status: true } });
      if (!current) throw notFound("The film");
      if (current.version !== input.version) throw staleVersionError(FILM_CONFLICT_MESSAGE);
      if (current.status !== "ARCHIVED") {
        for (const screening of (await futureScreeningsOf(db, input.id)).filter((s) => s.tickets > 0 || s.hasOrders)) {
          await ctx.cancelScreeningWithRefunds({
            id: screening.id,
            version: screening.version,
            reason: `${current.title} has been withdrawn from the programme.`,
            actorId: input.actorId,
          });
        }
      }
    }
    const row = await change(
      input,
      input.status === "ARCHIVED" ? "film.archived" : input.status === "PUBLISHED" ? "film.published" : "film.unpublished",
      async (before, tx) => {
        if (input.status !== "ARCHIVED" || before.status === "ARCHIVED") return { status: input.status };
        const future = await futureScreeningsOf(tx, before.id);
        if (future.length === 0) return { status: input.status };
        if (!input.futureScreenings) {
          throw badRequest(
            `${before.title} has ${future.length} future screening${future.length === 1 ? "" : "s"}. Choose whether to keep them on sale or cancel them.`,
            { field: "futureScreenings", reason: "FUTURE_SCREENINGS" },
          );
        }
        if (input.futureScreenings === "keep") return { status: input.status };
        const sold = future.filter((screening) => screening.tickets > 0 || screening.hasOrders);
        if (sold.length > 0) {
          throw badRequest(
            `These screenings have sales and must be cancelled with refunds from the scheduler first: ${sold.map(describeScreening).join("; ")}.`,
            { field: "futureScreenings", reason: "SCREENINGS_HAVE_SALES", screeningIds: sold.map((screening) => screening.id) },
          );
        }
        await tx.screening.updateMany({ where: { id: { in: future.map((screening) => screening.id) }, status: "SCHEDULED" }, data: { status: "CANCELLED" } });
        for (const screening of future) {
          await audit.record(
            {
              actorId: input.actorId,
              action: "screening.cancelled",
              entityType: "Screening",
              entityId: screening.id,
              details: { before: { status: "SCHEDULED" }, after: { status: "CANCELLED" }, reason: "film archived", filmId: before.id },
            },
            tx,
          );
        }
        return { status: input.status };
      },
    );
    return view(row);
  }

  /**
   * Deletes a film that never sold a ticket (no ticket and no order for any of its screenings, ever), with its
   * screenings, as it was at `version`. A film with sales is BAD_REQUEST: archive it instead.
   */
  async function remove(input: { id: string; version: number } & Actor): Promise<{ id: string }> {
    await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 FROM "Film" WHERE "id" = ${input.id} FOR UPDATE`;
      const before = await tx.film.findUnique({ where: { id: input.id }, select: filmSelect });
      if (!before) throw notFound("The film");
      if (before.version !== input.version) throw staleVersionError(FILM_CONFLICT_MESSAGE);
      if (await everSold(tx, input.id)) {
        throw badRequest("Tickets have been sold for this film, so it can't be deleted. Archive it instead.", { reason: "FILM_HAS_SALES" });
      }
      const screenings = await tx.screening.findMany({ where: { filmId: input.id }, select: { id: true, startsAt: true, hallId: true, status: true } });
      await tx.screening.deleteMany({ where: { filmId: input.id } });
      const { count } = await tx.film.deleteMany({ where: { id: input.id, version: input.version } });
      if (count === 0) throw staleVersionError(FILM_CONFLICT_MESSAGE);
      await audit.record(
        {
          actorId: input.actorId,
          action: "film.deleted",
          entityType: "Film",
          entityId: input.id,
          details: {
            before: snapshot(before),
            after: null,
            deletedScreenings: screenings.map((screening) => ({ ...screening, startsAt: screening.startsAt.toISOString() })),
          },
        },
        tx,
      );
    });
    return { id: input.id };
  }

  return { list, get, create, update, setStatus, futureScreenings, remove };
}

