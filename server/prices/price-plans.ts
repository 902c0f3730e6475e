// A cinema's price plans as admins manage them: create and edit (name, band, format, booking fee, the price of each
// ticket type, seat-kind and format surcharges), version-checked and audited with before and after in the same
// transaction. A plan is never deleted here (screenings point at it); an inactive one is not suggested for new
// screenings.
//
// A price change applies to new orders only: tickets carry the priceAmount written when their order was checked
// out, and nothing here (or anywhere) rewrites a ticket's price, so paid and pending orders keep what they were
// quoted. Checkout and the screening page read the plan straight from PostgreSQL; the inventory's short layout cache
// holds only a provisional price for held tickets, which checkout replaces (see server/inventory/layout.ts).
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import { staleVersionError, staleVersionMessage } from "@/server/programme/context";
import { isUniqueViolation, type PricesContext, type Tx } from "./context";
import type { AdminPricePlan, PricePlanFormValues } from "./schemas";

export const PRICE_PLAN_CONFLICT_MESSAGE = staleVersionMessage("price plan");

const planSelect = {
  id: true,
  cinemaId: true,
  name: true,
  currency: true,
  band: true,
  format: true,
  bookingFeeAmount: true,
  bookingFeeMode: true,
  active: true,
  version: true,
  ticketPrices: { select: { ticketType: true, amount: true }, orderBy: { ticketType: "asc" } },
  seatKindSurcharges: { select: { seatKind: true, amount: true }, orderBy: { seatKind: "asc" } },
  formatSurcharges: { select: { format: true, amount: true }, orderBy: { format: "asc" } },
} as const satisfies Prisma.PricePlanSelect;
type Row = Prisma.PricePlanGetPayload<{ select: typeof planSelect }>;

function snapshot(row: Row): Prisma.InputJsonObject {
  return {
    name: row.name,
    currency: row.currency,
    band: row.band,
    format: row.format,
    bookingFeeAmount: row.bookingFeeAmount,
    bookingFeeMode: row.bookingFeeMode,
    active: row.active,
    version: row.version,
    ticketPrices: Object.fromEntries(row.ticketPrices.map((p) => [p.ticketType, p.amount])),
    seatKindSurcharges: Object.fromEntries(row.seatKindSurcharges.map((s) => [s.seatKind, s.amount])),
    formatSurcharges: Object.fromEntries(row.formatSurcharges.map((f) => [f.format, f.amount])),
  };
}

export function createPricePlans({ db, audit, now }: PricesContext) {
  async function upcomingCounts(planIds: string[]): Promise<Map<string, number>> {
    if (planIds.length === 0) return new Map();
    const rows = await db.screening.groupBy({
      by: ["pricePlanId"],
      where: { pricePlanId: { in: planIds }, status: "SCHEDULED", startsAt: { gt: now() } },
      _count: { _all: true },
      orderBy: { pricePlanId: "asc" },
    });
    return new Map(rows.map((row) => [row.pricePlanId, row._count._all]));
  }

  async function views(rows: Row[]): Promise<AdminPricePlan[]> {
    const counts = await upcomingCounts(rows.map((row) => row.id));
    return rows.map((row) => ({ ...row, upcomingScreenings: counts.get(row.id) ?? 0 }));
  }

  async function list(cinemaId: string): Promise<AdminPricePlan[]> {
    const rows = await db.pricePlan.findMany({ where: { cinemaId }, select: planSelect, orderBy: [{ active: "desc" }, { name: "asc" }] });
    return views(rows);
  }

  const nameTaken = (name: string) => conflict(`This cinema already has a plan called ${name}.`, { field: "name", reason: "NAME_TAKEN" });

  /** Checks that need the database: the ticket types are the cinema's, one currency per cinema, a free name. */
  async function check(tx: Tx, cinemaId: string, values: PricePlanFormValues, planId?: string) {
    const types = await tx.ticketType.findMany({ where: { cinemaId }, select: { code: true } });
    const known = new Set(types.map((t) => t.code));
    const strangers = values.ticketPrices.filter((p) => !known.has(p.ticketType)).map((p) => p.ticketType);
    if (strangers.length) {
      throw badRequest(`This cinema has no ticket type ${strangers.join(", ")}.`, { field: "ticketPrices", reason: "UNKNOWN_TICKET_TYPE" });
    }
    // Orders, promo codes and payments compare currencies: a cinema sells in one.
    const other = await tx.pricePlan.findFirst({
      where: { cinemaId, ...(planId ? { id: { not: planId } } : {}), currency: { not: values.currency } },
      select: { currency: true },
    });
    if (other) {
      throw badRequest(`This cinema's prices are in ${other.currency}: use ${other.currency} here too.`, { field: "currency", reason: "CURRENCY_MISMATCH" });
    }
    const sameName = await tx.pricePlan.findFirst({ where: { cinemaId, name: values.name, ...(planId ? { id: { not: planId } } : {}) }, select: { id: true } });
    if (sameName) throw nameTaken(values.name);
  }

  const columns = (values: PricePlanFormValues) => ({
    name: values.name,
    currency: values.currency,
    band: values.band,
    format: values.format,
    bookingFeeAmount: values.bookingFeeAmount,
    bookingFeeMode: values.bookingFeeMode,
    active: values.active,
  });

  /** Replaces the plan's rates with the form's: one row per priced ticket type, seat kind and format. */
  async function writeRates(tx: Tx, pricePlanId: string, values: PricePlanFormValues) {
    await tx.ticketPrice.deleteMany({ where: { pricePlanId } });
    await tx.seatKindSurcharge.deleteMany({ where: { pricePlanId } });
    await tx.formatSurcharge.deleteMany({ where: { pricePlanId } });
    const prices = values.ticketPrices.flatMap((p) => (p.amount === null ? [] : [{ pricePlanId, ticketType: p.ticketType, amount: p.amount }]));
    await tx.ticketPrice.createMany({ data: prices });
    await tx.seatKindSurcharge.createMany({ data: values.seatKindSurcharges.map((s) => ({ pricePlanId, ...s })) });
    await tx.formatSurcharge.createMany({ data: values.formatSurcharges.map((f) => ({ pricePlanId, ...f })) });
  }

  const refuseTakenName = (name: string) => (error: unknown) => {
    if (isUniqueViolation(error)) throw nameTaken(name);
    throw error;
  };

  /** `actorId` null: made by the system (the demo seed), not a person. */
  async function create(input: PricePlanFormValues & { cinemaId: string; actorId: string | null }): Promise<AdminPricePlan> {
    const row = await db
      .$transaction(async (tx) => {
        const cinema = await tx.cinema.findUnique({ where: { id: input.cinemaId }, select: { id: true } });
        if (!cinema) throw notFound("That cinema");
        await check(tx, input.cinemaId, input);
        const { id } = await tx.pricePlan.create({ data: { cinemaId: input.cinemaId, ...columns(input) }, select: { id: true } });
        await writeRates(tx, id, input);
        const created = await tx.pricePlan.findUniqueOrThrow({ where: { id }, select: planSelect });
        await audit.record(
          { actorId: input.actorId, action: "price_plan.created", entityType: "PricePlan", entityId: id, details: { before: null, after: snapshot(created) } },
          tx,
        );
        return created;
      })
      .catch(refuseTakenName(input.name));
    return (await views([row]))[0]!;
  }

  /**
   * Saves the plan as the form has it, over the version the admin opened. New quotes and checkouts use the new
   * prices at once; tickets already checked out keep theirs.
   */
  async function update(input: PricePlanFormValues & { id: string; version: number; actorId: string }): Promise<AdminPricePlan> {
    const row = await db
      .$transaction(async (tx) => {
        // Locked first: a concurrent save waits here, so the version check below holds when the rates are written.
        await tx.$queryRaw`SELECT 1 FROM "PricePlan" WHERE "id" = ${input.id} FOR UPDATE`;
        const before = await tx.pricePlan.findUnique({ where: { id: input.id }, select: planSelect });
        if (!before) throw notFound("That price plan");
        if (before.version !== input.version) throw staleVersionError(PRICE_PLAN_CONFLICT_MESSAGE);
        if (input.currency !== before.currency && (await tx.order.count({ where: { screening: { pricePlanId: input.id } } })) > 0) {
          throw badRequest("Screenings on this plan have orders in its currency, so the currency can't change.", {
            field: "currency",
            reason: "CURRENCY_MISMATCH",
          });
        }
        await check(tx, before.cinemaId, input, input.id);
        const { count } = await tx.pricePlan.updateMany({
          where: { id: input.id, version: input.version },
          data: { ...columns(input), version: { increment: 1 } },
        });
        if (count === 0) throw staleVersionError(PRICE_PLAN_CONFLICT_MESSAGE);
        await writeRates(tx, input.id, input);
        const after = await tx.pricePlan.findUniqueOrThrow({ where: { id: input.id }, select: planSelect });
        await audit.record(
          { actorId: input.actorId, action: "price_plan.updated", entityType: "PricePlan", entityId: input.id, details: { before: snapshot(before), after: snapshot(after) } },
          tx,
        );
        return after;
      })
      .catch(refuseTakenName(input.name));
    return (await views([row]))[0]!;
  }

  return { list, create, update };
}
