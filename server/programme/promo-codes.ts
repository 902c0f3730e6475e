// Promo codes, as admins manage them: list with filters and what each code has given, create, update (optimistic
// concurrency on `version`), pause and resume, and delete a code that was never redeemed. Every change is audited
// with its before and after in the same transaction. Checkout (server/booking) reads the same rows: a paused code is
// refused there at once.
import type { Prisma } from "@/server/db/generated/client";
import { normalisePromoCode } from "@/server/booking/pricing";
import { badRequest, conflict, notFound } from "@/server/errors";
import { type ProgrammeContext, staleVersionError, staleVersionMessage } from "./context";
import { instantToWallClock, wallClockToInstant } from "./wall-clock";
import { randomInt, randomUUID } from "node:crypto";
import type {
  AdminPromoCode,
  PromoCodeBatch,
  PromoCodeBatchCodes,
  PromoCodeBatchFormValues,
  PromoCodeFormValues,
  PromoCodeList,
  PromoCodeListInput,
  PromoCodeStatus,
} from "./schemas";

type PromoRestrictionValues = Pick<PromoCodeFormValues, "perCustomerLimit" | "minTickets" | "filmIds" | "cinemaIds" | "ticketTypes" | "daysOfWeek">;

const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
function randomCode(length: number): string {
  return Array.from({ length }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

export const PROMO_CODE_CONFLICT_MESSAGE = staleVersionMessage("promo code");

const promoSelect = {
  id: true,
  code: true,
  description: true,
  percentOff: true,
  amountOff: true,
  currency: true,
  validFrom: true,
  validUntil: true,
  maxRedemptions: true,
  redemptions: true,
  active: true,
  version: true,
  perCustomerLimit: true,
  minTickets: true,
  filmIds: true,
  cinemaIds: true,
  ticketTypes: true,
  daysOfWeek: true,
  batchId: true,
} as const;
type Row = Prisma.PromoCodeGetPayload<{ select: typeof promoSelect }>;
type Tx = Prisma.TransactionClient;

export function promoCodeStatus(row: { active: boolean; validFrom: Date; validUntil: Date }, at: Date): PromoCodeStatus {
  if (!row.active) return "paused";
  if (row.validUntil <= at) return "expired";
  return row.validFrom > at ? "upcoming" : "active";
}

function statusWhere(status: PromoCodeStatus | undefined, at: Date): Prisma.PromoCodeWhereInput {
  switch (status) {
    case "paused":
      return { active: false };
    case "expired":
      return { active: true, validUntil: { lte: at } };
    case "upcoming":
      return { active: true, validFrom: { gt: at } };
    case "active":
      return { active: true, validFrom: { lte: at }, validUntil: { gt: at } };
    default:
      return {};
  }
}

export function createPromoCodes({ db, audit, now, chainTimeZone }: ProgrammeContext) {
  function view(row: Row, at: Date, discountGiven: AdminPromoCode["discountGiven"]): AdminPromoCode {
    return {
      ...row,
      kind: row.percentOff !== null ? "percent" : "amount",
      validFromLocal: instantToWallClock(row.validFrom, chainTimeZone),
      validUntilLocal: instantToWallClock(row.validUntil, chainTimeZone),
      status: promoCodeStatus(row, at),
      discountGiven,
    };
  }

  /** What the audit entry keeps of a row: enough to see what changed and to put it back. */
  function snapshot(row: Row): Prisma.InputJsonObject {
    return { code: row.code, ...snapshotSettings(row), active: row.active, version: row.version };
  }

  /** The settings a code (or every code of a batch) carries. */
  function snapshotSettings(row: Omit<Row, "id" | "code" | "redemptions" | "active" | "version" | "batchId">): Prisma.InputJsonObject {
    return {
      description: row.description,
      percentOff: row.percentOff,
      amountOff: row.amountOff,
      currency: row.currency,
      validFrom: row.validFrom.toISOString(),
      validUntil: row.validUntil.toISOString(),
      maxRedemptions: row.maxRedemptions,
      perCustomerLimit: row.perCustomerLimit,
      minTickets: row.minTickets,
      filmIds: row.filmIds,
      cinemaIds: row.cinemaIds,
      ticketTypes: row.ticketTypes,
      daysOfWeek: row.daysOfWeek,
    };
  }

  /** Discount given by PAID orders, per code and currency. */
  async function discountsGiven(ids: string[]): Promise<Map<string, AdminPromoCode["discountGiven"]>> {
    const given = new Map<string, AdminPromoCode["discountGiven"]>();
    if (ids.length === 0) return given;
    const groups = await db.order.groupBy({
      by: ["promoCodeId", "currency"],
      where: { promoCodeId: { in: ids }, status: "PAID" },
      _sum: { discountAmount: true },
      orderBy: [{ promoCodeId: "asc" }, { currency: "asc" }],
    });
    for (const group of groups) {
      if (!group.promoCodeId) continue;
      const list = given.get(group.promoCodeId) ?? [];
      list.push({ currency: group.currency, amount: group._sum.discountAmount ?? 0 });
      given.set(group.promoCodeId, list);
    }
    return given;
  }

  async function withDiscounts(rows: Row[], at: Date): Promise<AdminPromoCode[]> {
    const given = await discountsGiven(rows.map((row) => row.id));
    return rows.map((row) => view(row, at, given.get(row.id) ?? []));
  }

  /** The restriction columns, with duplicates dropped and days in order. */
  function restrictions(values: PromoRestrictionValues) {
    const unique = <T,>(list: T[]) => [...new Set(list)];
    return {
      perCustomerLimit: values.perCustomerLimit,
      minTickets: values.minTickets,
      filmIds: unique(values.filmIds),
      cinemaIds: unique(values.cinemaIds),
      ticketTypes: unique(values.ticketTypes),
      daysOfWeek: unique(values.daysOfWeek).sort((a, b) => a - b),
    };
  }

  /** Films, cinemas and ticket types named by a restriction must exist. */
  async function assertRestrictionsExist(tx: Tx, values: ReturnType<typeof restrictions>) {
    if (values.filmIds.length && (await tx.film.count({ where: { id: { in: values.filmIds } } })) !== values.filmIds.length) {
      throw badRequest("One of those films no longer exists. Reload and choose again.", { field: "filmIds" });
    }
    if (values.cinemaIds.length && (await tx.cinema.count({ where: { id: { in: values.cinemaIds } } })) !== values.cinemaIds.length) {
      throw badRequest("One of those cinemas no longer exists. Reload and choose again.", { field: "cinemaIds" });
    }
    const defined = new Set(
      (await tx.ticketType.findMany({ where: { code: { in: values.ticketTypes } }, distinct: ["code"], select: { code: true } })).map((t) => t.code),
    );
    const unknown = values.ticketTypes.find((code) => !defined.has(code));
    if (unknown) throw badRequest(`There is no ${unknown} ticket type.`, { field: "ticketTypes" });
  }

  /** The columns to write, with the window read on Europe/London's wall clock. */
  function columns(values: PromoCodeFormValues) {
    const validFrom = wallClockToInstant(values.validFrom, chainTimeZone);
    const validUntil = wallClockToInstant(values.validUntil, chainTimeZone);
    // The schema compared the wall-clock strings; across a clock change the instants decide.
    if (validUntil <= validFrom) throw badRequest("The end must be after the start.", { field: "validUntil" });
    const percent = values.kind === "percent";
    return {
      code: normalisePromoCode(values.code),
      description: values.description.trim(),
      percentOff: percent ? values.percentOff : null,
      amountOff: percent ? null : values.amountOff,
      currency: percent ? null : values.currency,
      validFrom,
      validUntil,
      maxRedemptions: values.maxRedemptions,
      ...restrictions(values),
    };
  }

  async function assertCodeFree(tx: Tx, code: string, exceptId?: string) {
    const taken = await tx.promoCode.findUnique({ where: { code }, select: { id: true } });
    if (taken && taken.id !== exceptId) throw conflict(`The code ${code} is already taken. Choose another.`, { field: "code", reason: "CODE_TAKEN" });
  }

  /** A unique-index violation on code (two admins creating the same code at once) as the same refusal. */
  function codeTaken(error: unknown, code: string): never {
    if (typeof error === "object" && error !== null && "code" in error && (error as { code: unknown }).code === "P2002") {
      throw conflict(`The code ${code} is already taken. Choose another.`, { field: "code", reason: "CODE_TAKEN" });
    }
    throw error;
  }

  /** Admin list, newest window first (500 at most). */
  async function list(input: PromoCodeListInput = {}): Promise<PromoCodeList> {
    const at = now();
    const search = input.search?.trim();
    const rows = await db.promoCode.findMany({
      where: {
        ...statusWhere(input.status, at),
        // Batches can hold thousands of codes: they are listed as batches, and their codes only when searched for.
        ...(search ? {} : { batchId: null }),
        ...(search
          ? { OR: [{ code: { contains: search, mode: "insensitive" } }, { description: { contains: search, mode: "insensitive" } }] }
          : {}),
      },
      select: promoSelect,
      orderBy: [{ validFrom: "desc" }, { id: "asc" }],
      take: 500,
    });
    const [promoCodes, batches, films, cinemas, definedTypes] = await Promise.all([
      withDiscounts(rows, at),
      listBatches(),
      db.film.findMany({ select: { id: true, title: true }, orderBy: [{ title: "asc" }, { id: "asc" }], take: 1000 }),
      db.cinema.findMany({ select: { id: true, name: true }, orderBy: [{ name: "asc" }, { id: "asc" }] }),
      // Ticket types are per cinema (server/prices); a code restricts by its code wherever a cinema defines it.
      db.ticketType.findMany({ distinct: ["code"], select: { code: true, name: true }, orderBy: [{ sortOrder: "asc" }, { code: "asc" }] }),
    ]);
    const ticketTypes = definedTypes.map(({ code, name }) => ({ code, label: name }));
    return { promoCodes, batches, timeZone: chainTimeZone, films, cinemas, ticketTypes };
  }

  /** Batches, newest first, with how many of their codes have been used. */
  async function listBatches(): Promise<PromoCodeBatch[]> {
    const groups = await db.promoCode.groupBy({
      by: ["batchId", "description"],
      where: { batchId: { not: null } },
      _count: { _all: true },
      _sum: { redemptions: true },
      _min: { createdAt: true },
      orderBy: { _min: { createdAt: "desc" } },
      take: 200,
    });
    return groups.map((group) => ({
      batchId: group.batchId!,
      description: group.description,
      count: group._count._all,
      redeemed: group._sum.redemptions ?? 0,
      createdAt: group._min.createdAt!,
    }));
  }

  /**
   * Generates `count` single-use codes (PREFIX-XXXXXXXX) sharing the form's settings, in one transaction with one
   * audit entry. Codes are random from an alphabet without look-alikes (0/O, 1/I/L); a clash with an existing code
   * is skipped and replaced, so the batch always has exactly `count` codes.
   */
  async function generateBatch(input: PromoCodeBatchFormValues & { actorId: string }): Promise<PromoCodeBatchCodes> {
    const shared = columns({ ...input, code: `${input.prefix}-X`, maxRedemptions: 1 });
    const prefix = normalisePromoCode(input.prefix);
    const batchId = randomUUID();
    await db.$transaction(
      async (tx) => {
        await assertRestrictionsExist(tx, shared);
        let made = 0;
        for (let round = 0; made < input.count; round += 1) {
          if (round > 20) throw conflict("Couldn't find enough unused codes with that prefix. Use a longer prefix.", { field: "prefix" });
          const codes = new Set<string>();
          while (codes.size < input.count - made) codes.add(`${prefix}-${randomCode(8)}`);
          const { count } = await tx.promoCode.createMany({
            data: [...codes].map((code) => ({ ...shared, code, batchId })),
            skipDuplicates: true,
          });
          made += count;
        }
        await audit.record(
          {
            actorId: input.actorId,
            action: "promo_code.batch_created",
            entityType: "PromoCodeBatch",
            entityId: batchId,
            details: {
              before: null,
              after: { prefix, count: input.count, ...snapshotSettings(shared) },
            },
          },
          tx,
        );
      },
      { timeout: 60_000 },
    );
    return batchCodes({ batchId });
  }

  /** Every code of a batch, for the CSV download. */
  async function batchCodes(input: { batchId: string }): Promise<PromoCodeBatchCodes> {
    const codes = await db.promoCode.findMany({
      where: { batchId: input.batchId },
      select: { code: true, description: true, redemptions: true, validFrom: true, validUntil: true },
      orderBy: { code: "asc" },
    });
    if (codes.length === 0) throw notFound("That batch");
    return { batchId: input.batchId, codes };
  }

  async function create(input: PromoCodeFormValues & { actorId: string }): Promise<AdminPromoCode> {
    const data = columns(input);
    const row = await db
      .$transaction(async (tx) => {
        await assertRestrictionsExist(tx, data);
        await assertCodeFree(tx, data.code);
        const created = await tx.promoCode.create({ data, select: promoSelect });
        await audit.record(
          {
            actorId: input.actorId,
            action: "promo_code.created",
            entityType: "PromoCode",
            entityId: created.id,
            details: { before: null, after: snapshot(created) },
          },
          tx,
        );
        return created;
      })
      .catch((error: unknown) => codeTaken(error, data.code));
    return view(row, now(), []);
  }

  /** Writes `data` over the row as it was at `version`, bumping it, and audits the change; exactly one of two saves of one version wins. */
  async function change(
    input: { id: string; version: number; actorId: string },
    action: string,
    data: (before: Row, tx: Tx) => Promise<Prisma.PromoCodeUpdateManyMutationInput>,
  ): Promise<Row> {
    return db.$transaction(async (tx) => {
      // Locks the row first: a concurrent save waits here, and so does a checkout redeeming the code, so the checks
      // below (version, limit ≥ redemptions) hold when the row is written.
      await tx.$queryRaw`SELECT 1 FROM "PromoCode" WHERE "id" = ${input.id} FOR UPDATE`;
      const before = await tx.promoCode.findUnique({ where: { id: input.id }, select: promoSelect });
      if (!before) throw notFound("The promo code");
      if (before.version !== input.version) throw staleVersionError(PROMO_CODE_CONFLICT_MESSAGE);
      const values = await data(before, tx);
      // Conditional on the version as well, as a second guard.
      const { count } = await tx.promoCode.updateMany({
        where: { id: input.id, version: input.version },
        data: { ...values, version: { increment: 1 } },
      });
      if (count === 0) throw staleVersionError(PROMO_CODE_CONFLICT_MESSAGE);
      const after = await tx.promoCode.findUniqueOrThrow({ where: { id: input.id }, select: promoSelect });
      await audit.record(
        { actorId: input.actorId, action, entityType: "PromoCode", entityId: input.id, details: { before: snapshot(before), after: snapshot(after) } },
        tx,
      );
      return after;
    });
  }

  async function update(input: PromoCodeFormValues & { id: string; version: number; actorId: string }): Promise<AdminPromoCode> {
    const data = columns(input);
    const row = await change(input, "promo_code.updated", async (before, tx) => {
      await assertRestrictionsExist(tx, data);
      if (data.code !== before.code) {
        if (before.redemptions > 0) throw badRequest("A code that has been used can't be renamed.", { field: "code" });
        await assertCodeFree(tx, data.code, before.id);
      }
      if (data.maxRedemptions !== null && data.maxRedemptions < before.redemptions) {
        throw badRequest(`It has been used ${before.redemptions} times already: allow at least that many.`, { field: "maxRedemptions" });
      }
      return data;
    }).catch((error: unknown) => codeTaken(error, data.code));
    const [full] = await withDiscounts([row], now());
    return full!;
  }

  /** Pauses (checkout refuses the code) or resumes it. */
  async function setActive(input: { id: string; version: number; active: boolean; actorId: string }): Promise<AdminPromoCode> {
    const row = await change(input, input.active ? "promo_code.resumed" : "promo_code.paused", async () => ({ active: input.active }));
    const [full] = await withDiscounts([row], now());
    return full!;
  }

  /** Deletes a code that was never used by any order, as it was at `version`. */
  async function remove(input: { id: string; version: number; actorId: string }): Promise<{ id: string }> {
    await db.$transaction(async (tx) => {
      const before = await tx.promoCode.findUnique({ where: { id: input.id }, select: promoSelect });
      if (!before) throw notFound("The promo code");
      const used = await tx.order.count({ where: { promoCodeId: input.id } });
      if (before.redemptions > 0 || used > 0) {
        throw badRequest("This code has been used, so it can't be deleted. Pause it instead.", { reason: "PROMO_USED" });
      }
      const { count } = await tx.promoCode.deleteMany({ where: { id: input.id, version: input.version } });
      if (count === 0) throw staleVersionError(PROMO_CODE_CONFLICT_MESSAGE);
      await audit.record(
        { actorId: input.actorId, action: "promo_code.deleted", entityType: "PromoCode", entityId: input.id, details: { before: snapshot(before), after: null } },
        tx,
      );
    });
    return { id: input.id };
  }

  return { list, create, update, setActive, remove, generateBatch, batchCodes };
}
