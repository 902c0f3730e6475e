// A screening's own page: what is on, where, what it costs and how many seats of each kind are left.
import type { Database } from "@/server/db";
import type { Prisma } from "@/server/db/generated/client";
import { seatKindSchema } from "@/server/db/schemas";
import { notFound } from "@/server/errors";
import {
  filmCardSelect,
  LATE_ENTRY_MINUTES,
  screeningBasicsSelect,
  toFilmCard,
  toScreeningBasics,
  type CatalogueContext,
} from "./context";
import { seatKindLabels } from "./labels";
import type { ScreeningDetails } from "./schemas";

// Seat kinds are listed in the order prisma/schema.prisma declares them; ticket types in their cinema's order.
const seatKindOrder = seatKindSchema.options;

/** A price plan's rates: what the screening page shows and what checkout prices tickets with (server/booking/pricing.ts). */
export const pricePlanRatesSelect = {
  currency: true,
  bookingFeeAmount: true,
  bookingFeeMode: true,
  ticketPrices: { select: { ticketType: true, amount: true } },
  seatKindSurcharges: { select: { seatKind: true, amount: true } },
  formatSurcharges: { select: { format: true, amount: true } },
  cinema: {
    select: {
      ticketTypes: {
        where: { active: true },
        orderBy: [{ sortOrder: "asc" }, { code: "asc" }],
        select: { code: true, name: true, note: true },
      },
    },
  },
} satisfies Prisma.PricePlanSelect;

const screeningDetailsSelect = {
  ...screeningBasicsSelect,
  status: true,
  publishedAt: true,
  onSaleAt: true,
  film: { select: { ...filmCardSelect, status: true } },
  hall: {
    select: {
      id: true,
      name: true,
      cinema: {
        select: { slug: true, name: true, address: true, city: true, postcode: true, timeZone: true },
      },
    },
  },
  pricePlan: { select: pricePlanRatesSelect },
} satisfies Prisma.ScreeningSelect;

// A seat is taken while it has a sold ticket or an unexpired hold (the schema's rule: an expired hold stops counting at
// once, even before the release job has run). At most one live ticket per seat exists (unique index), so counting
// joined tickets counts taken seats. The instant is compared as UTC wall time because Prisma stores DateTime in
// "timestamp without time zone" columns as UTC.
function seatCountsByKind(db: Database, screeningId: string, at: Date) {
  return db.$queryRaw<{ kind: string; total: number; taken: number }[]>`
    SELECT s."kind"::text AS kind, count(*)::int AS total, count(t."id")::int AS taken
    FROM "Seat" s
    JOIN "Screening" sc ON sc."layoutId" = s."layoutId" AND sc."id" = ${screeningId}
    LEFT JOIN "Ticket" t
      ON t."seatId" = s."id"
     AND t."screeningId" = sc."id"
     AND (t."status" = 'SOLD'
          OR (t."status" = 'HELD' AND t."holdExpiresAt" > (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')))
    WHERE NOT s."blocked"
      AND NOT EXISTS (SELECT 1 FROM "ScreeningSeatBlock" b WHERE b."screeningId" = sc."id" AND b."seatId" = s."id")
    GROUP BY s."kind"`;
}

export function createScreenings(ctx: CatalogueContext) {
  const { db } = ctx;

  /**
   * Seats per kind and how many are taken. PostgreSQL counts the seats and the sold and checked-out ones; a web
   * basket's holds live in the seat inventory (Redis) alone until checkout, so its count per kind is taken when it
   * is higher (it sees every hold; it may be a moment behind a hall change, hence the seats from PostgreSQL).
   */
  async function takenByKind(screeningId: string, at: Date): Promise<Array<{ kind: string; total: number; taken: number }>> {
    const [rows, states] = await Promise.all([
      seatCountsByKind(db, screeningId, at),
      ctx.seatStates ? ctx.seatStates(screeningId).catch(() => null) : null,
    ]);
    if (!states) return rows;
    const inInventory = new Map<string, number>();
    for (const seat of states) if (seat.state === "held" || seat.state === "sold") inInventory.set(seat.kind, (inInventory.get(seat.kind) ?? 0) + 1);
    return rows.map((row) => ({ ...row, taken: Math.min(row.total, Math.max(row.taken, inInventory.get(row.kind) ?? 0)) }));
  }

  async function screeningById(id: string): Promise<ScreeningDetails> {
    const at = ctx.now();
    // What the programme says is cached (admin changes invalidate it); the seats left change with every hold, so
    // they are counted on each read.
    const [screening, seatRows] = await Promise.all([
      ctx.cached(`screening:${id}`, () => db.screening.findUnique({ where: { id }, select: screeningDetailsSelect })),
      takenByKind(id, at),
    ]);
    // A draft film's screenings, and draft screenings, don't exist for customers yet.
    if (!screening || screening.status === "CANCELLED" || !screening.publishedAt || screening.film.status === "DRAFT") throw notFound("Screening");

    const plan = screening.pricePlan;
    const formatSurcharge = plan.formatSurcharges.find((row) => row.format === screening.format)?.amount ?? 0;
    const seatCounts = new Map(seatRows.map((row) => [row.kind, row]));
    const salesCloseAt = new Date(screening.startsAt.getTime() + LATE_ENTRY_MINUTES * 60_000);

    const byKind = seatKindOrder.flatMap((seatKind) => {
      const row = seatCounts.get(seatKind);
      if (!row) return [];
      return [{ seatKind, label: seatKindLabels[seatKind], total: row.total, available: row.total - row.taken }];
    });

    return {
      ...toScreeningBasics(screening),
      onSale: (!screening.onSaleAt || at >= screening.onSaleAt) && at < salesCloseAt,
      salesOpenAt: screening.onSaleAt,
      salesCloseAt,
      film: toFilmCard(withoutStatus(screening.film)),
      hall: { id: screening.hall.id, name: screening.hall.name },
      cinema: screening.hall.cinema,
      prices: {
        currency: plan.currency,
        formatSurcharge,
        tickets: plan.cinema.ticketTypes.flatMap((type) => {
          const price = plan.ticketPrices.find((row) => row.ticketType === type.code);
          if (!price) return [];
          return [
            { ticketType: type.code, label: type.name, note: type.note, baseAmount: price.amount, amount: price.amount + formatSurcharge },
          ];
        }),
        bookingFee: plan.bookingFeeAmount > 0 ? { amount: plan.bookingFeeAmount, mode: plan.bookingFeeMode } : null,
        seatKindSurcharges: seatKindOrder.flatMap((seatKind) => {
          const surcharge = plan.seatKindSurcharges.find((row) => row.seatKind === seatKind);
          if (!surcharge || surcharge.amount === 0 || !seatCounts.has(seatKind)) return [];
          return [{ seatKind, label: seatKindLabels[seatKind], amount: surcharge.amount }];
        }),
      },
      seats: {
        total: byKind.reduce((sum, row) => sum + row.total, 0),
        available: byKind.reduce((sum, row) => sum + row.available, 0),
        byKind,
      },
    };
  }

  return { screeningById };
}

function withoutStatus<T extends { status: unknown }>(row: T): Omit<T, "status"> {
  const { status: _status, ...rest } = row;
  return rest;
}
