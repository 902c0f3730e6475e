// A screening's seat layout as the inventory needs it: seats with their row neighbours, the hall's rules, and the
// price of a seat of each kind (a held ticket carries a price). Read from PostgreSQL and kept briefly in memory.
import type { Database } from "@/server/db";
import type { ScreenPosition, ScreeningFormat, ScreeningStatus, SeatKind } from "@/server/db/generated/enums";

export interface SeatInfo {
  id: string;
  rowLabel: string;
  number: number;
  /** "G12": row label and seat number, as printed on the ticket. */
  label: string;
  gridRow: number;
  gridCol: number;
  kind: SeatKind;
  zone: string | null;
  blocked: boolean;
  /** The seat physically next to this one in the row (grid column - 1 / + 1); null at an aisle or wall. */
  left: string | null;
  right: string | null;
}

/** Where a seat is and what it is, as every answer that lists seats names it. */
export function seatPlace(seat: SeatInfo) {
  const { label, rowLabel, number, gridRow, gridCol, kind } = seat;
  return { label, rowLabel, number, gridRow, gridCol, kind };
}

export interface ScreeningLayout {
  screeningId: string;
  status: ScreeningStatus;
  startsAt: Date;
  endsAt: Date;
  /** Not bookable before this (server/scheduling); null publishedAt: a draft customers can't see or book. */
  onSaleAt: Date | null;
  publishedAt: Date | null;
  /** The cinema's zone, to say when sales open. */
  timeZone: string;
  format: ScreeningFormat;
  currency: string;
  /**
   * Price of a seat of each kind for the first ticket type on sale (usually Adult), in minor units: ticket type price
   * + seat kind + format surcharges. What a HELD ticket carries until checkout prices it for real.
   */
  priceByKind: Record<SeatKind, number>;
  hall: {
    id: string;
    name: string;
    gridRows: number;
    gridCols: number;
    screenPosition: ScreenPosition;
    preventSingleGaps: boolean;
    maxSeatsPerOrder: number;
  };
  seats: SeatInfo[];
  seatsById: Map<string, SeatInfo>;
  hasCompanionSeats: boolean;
}

const KIND_LETTER: Record<SeatKind, string> = { STANDARD: "S", PREMIUM: "P", WHEELCHAIR: "W", COMPANION: "C" };

/** The Redis layout entry of a seat: "kind|blocked|left|right". */
export function layoutEntry(seat: SeatInfo): string {
  return `${KIND_LETTER[seat.kind]}|${seat.blocked ? 1 : 0}|${seat.left ?? "-"}|${seat.right ?? "-"}`;
}

export async function loadLayout(db: Database, screeningId: string): Promise<ScreeningLayout | null> {
  const screening = await db.screening.findUnique({
    where: { id: screeningId },
    select: {
      id: true,
      status: true,
      startsAt: true,
      endsAt: true,
      onSaleAt: true,
      publishedAt: true,
      format: true,
      hall: { select: { id: true, name: true, preventSingleGaps: true, maxSeatsPerOrder: true, cinema: { select: { timeZone: true } } } },
      // The layout version this screening is sold on (server/venues), not necessarily the hall's current one.
      layout: {
        select: {
          gridRows: true,
          gridCols: true,
          screenPosition: true,
          seats: {
            select: { id: true, rowLabel: true, number: true, gridRow: true, gridCol: true, kind: true, zone: true, blocked: true },
          },
        },
      },
      seatBlocks: { select: { seatId: true } },
      pricePlan: {
        select: {
          currency: true,
          ticketPrices: { select: { ticketType: true, amount: true } },
          cinema: {
            select: { ticketTypes: { where: { active: true }, orderBy: [{ sortOrder: "asc" }, { code: "asc" }], select: { code: true } } },
          },
          seatKindSurcharges: { select: { seatKind: true, amount: true } },
          formatSurcharges: { select: { format: true, amount: true } },
        },
      },
    },
  });
  if (!screening) return null;
  const { hall, layout, pricePlan } = screening;
  // A seat blocked for this screening only counts as blocked here, so Redis refuses to hold it like any blocked seat.
  const blockedHere = new Set(screening.seatBlocks.map((block) => block.seatId));
  const byCell = new Map(layout.seats.map((seat) => [`${seat.gridRow}:${seat.gridCol}`, seat.id]));
  const seats: SeatInfo[] = layout.seats
    .map((seat) => ({
      ...seat,
      blocked: seat.blocked || blockedHere.has(seat.id),
      label: `${seat.rowLabel}${seat.number}`,
      left: byCell.get(`${seat.gridRow}:${seat.gridCol - 1}`) ?? null,
      right: byCell.get(`${seat.gridRow}:${seat.gridCol + 1}`) ?? null,
    }))
    .sort((a, b) => a.gridRow - b.gridRow || a.gridCol - b.gridCol);
  // Provisional: checkout re-prices every ticket from the plan as it is then (server/booking/pricing.ts), so a price
  // change within this cache's lifetime never reaches what a customer pays.
  const firstOnSale = pricePlan.cinema.ticketTypes.find((type) => pricePlan.ticketPrices.some((p) => p.ticketType === type.code));
  const base = pricePlan.ticketPrices.find((p) => p.ticketType === firstOnSale?.code)?.amount ?? 0;
  const formatSurcharge = pricePlan.formatSurcharges.find((f) => f.format === screening.format)?.amount ?? 0;
  const kindSurcharge = (kind: SeatKind) => pricePlan.seatKindSurcharges.find((s) => s.seatKind === kind)?.amount ?? 0;
  const priceByKind = Object.fromEntries(
    (Object.keys(KIND_LETTER) as SeatKind[]).map((kind) => [kind, base + formatSurcharge + kindSurcharge(kind)]),
  ) as Record<SeatKind, number>;
  return {
    screeningId: screening.id,
    status: screening.status,
    startsAt: screening.startsAt,
    endsAt: screening.endsAt,
    onSaleAt: screening.onSaleAt,
    publishedAt: screening.publishedAt,
    timeZone: hall.cinema.timeZone,
    format: screening.format,
    currency: pricePlan.currency,
    priceByKind,
    hall: {
      id: hall.id,
      name: hall.name,
      gridRows: layout.gridRows,
      gridCols: layout.gridCols,
      screenPosition: layout.screenPosition,
      preventSingleGaps: hall.preventSingleGaps,
      maxSeatsPerOrder: hall.maxSeatsPerOrder,
    },
    seats,
    seatsById: new Map(seats.map((seat) => [seat.id, seat])),
    hasCompanionSeats: seats.some((seat) => seat.kind === "COMPANION"),
  };
}

/** Layouts change rarely (an admin blocks a seat); a short cache keeps them off every request's path. */
export function createLayoutCache(db: Database, ttlMs: number) {
  const entries = new Map<string, { loadedAt: number; value: Promise<ScreeningLayout | null> }>();
  return {
    get(screeningId: string): Promise<ScreeningLayout | null> {
      const hit = entries.get(screeningId);
      if (hit && performance.now() - hit.loadedAt < ttlMs) return hit.value;
      const value = loadLayout(db, screeningId);
      entries.set(screeningId, { loadedAt: performance.now(), value });
      value.catch(() => entries.delete(screeningId));
      if (entries.size > 5000) entries.delete(entries.keys().next().value!);
      return value;
    },
    forget(screeningId: string) {
      entries.delete(screeningId);
    },
  };
}
