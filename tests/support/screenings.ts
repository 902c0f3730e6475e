// Screenings and baskets straight into the database, drawn from a hall plan, for the tests and the benchmarks
// (scripts/bench run outside vitest, so nothing here may import it). Not used by the application.
import { randomBytes } from "node:crypto";
import type { Database } from "@/server/db";
import type { SeatKind } from "@/server/db/generated/enums";
import type { ScreeningLayout, SeatInfo } from "@/server/inventory/layout";

/**
 * A hall drawn as text, one string per grid row (the first row is nearest the screen):
 *   S standard, P premium (zone "Premium"), W wheelchair space, C companion seat, X blocked standard seat,
 *   _ or space: no seat (an aisle or a gap). Rows are lettered A, B, … and seats numbered from the left.
 */
export type HallPlan = string[];

export interface TestScreening {
  screeningId: string;
  hallId: string;
  layoutId: string;
  /** The hall's cinema, which names the ticket types (every cinema starts with the standard four). */
  cinemaId: string;
  /** Seat id by label ("A1"). Throws for an unknown label. */
  seat: (label: string) => string;
  seats: (...labels: string[]) => string[];
  seatIds: string[];
}

const KINDS: Record<string, { kind: SeatKind; zone: string | null; blocked: boolean }> = {
  S: { kind: "STANDARD", zone: null, blocked: false },
  P: { kind: "PREMIUM", zone: "Premium", blocked: false },
  W: { kind: "WHEELCHAIR", zone: null, blocked: false },
  C: { kind: "COMPANION", zone: null, blocked: false },
  X: { kind: "STANDARD", zone: null, blocked: true },
};

/** The seats a plan draws, row by row from the left, without ids. */
function planSeats(plan: HallPlan) {
  return plan.flatMap((row, gridRow) => {
    const rowLabel = String.fromCharCode(65 + gridRow);
    let number = 0;
    return [...row].flatMap((cell, gridCol) => {
      const spec = KINDS[cell];
      if (!spec) return [];
      number += 1;
      return [{ rowLabel, number, gridRow, gridCol, ...spec }];
    });
  });
}

export async function createTestScreening(
  db: Database,
  options: {
    plan: HallPlan;
    startsAt: Date;
    preventSingleGaps?: boolean;
    maxSeatsPerOrder?: number;
    screenPosition?: "TOP" | "BOTTOM";
  },
): Promise<TestScreening> {
  const tag = randomBytes(5).toString("hex");
  const cinema = await db.cinema.create({
    data: {
      slug: `inv-${tag}`,
      name: `Inventory Test ${tag}`,
      address: "1 Test Street",
      city: "Testville",
      postcode: "T1 1ST",
      timeZone: "Europe/London",
    },
  });
  const gridCols = Math.max(...options.plan.map((row) => row.length));
  const hall = await db.hall.create({
    data: {
      cinemaId: cinema.id,
      name: `Screen ${tag}`,
      gridRows: options.plan.length,
      gridCols,
      preventSingleGaps: options.preventSingleGaps ?? true,
      maxSeatsPerOrder: options.maxSeatsPerOrder ?? 10,
      screenPosition: options.screenPosition ?? "TOP",
    },
  });
  const layout = await db.hallLayout.create({
    data: { hallId: hall.id, version: 1, gridRows: hall.gridRows, gridCols, screenPosition: hall.screenPosition },
  });
  const seatRows = planSeats(options.plan).map((seat) => ({ layoutId: layout.id, ...seat }));
  await db.seat.createMany({ data: seatRows });
  const seats = await db.seat.findMany({ where: { layoutId: layout.id }, select: { id: true, rowLabel: true, number: true } });
  const byLabel = new Map(seats.map((s) => [`${s.rowLabel}${s.number}`, s.id]));
  const film = await db.film.create({
    data: {
      slug: `inv-film-${tag}`,
      title: "Seat Wars",
      synopsis: "Two buyers, one seat.",
      runtimeMinutes: 100,
      certificate: "U",
      posterUrl: "/posters/none.jpg",
      director: "Nobody",
      // Long released, whatever the date and whatever clock reads it: the catalogue's listings (now showing, coming
      // soon) read every film of the shared test database, and catalogue.test.ts's pinned programme must never find
      // these among its films still to come.
      releaseDate: new Date("2000-01-01"),
    },
  });
  const plan = await db.pricePlan.create({
    data: {
      cinemaId: cinema.id,
      name: `Inventory ${tag}`,
      currency: "GBP",
      ticketPrices: { create: [{ ticketType: "ADULT", amount: 1200 }] },
      seatKindSurcharges: { create: [{ seatKind: "PREMIUM", amount: 300 }] },
    },
  });
  const screening = await db.screening.create({
    data: {
      filmId: film.id,
      hallId: hall.id,
      layoutId: layout.id,
      pricePlanId: plan.id,
      startsAt: options.startsAt,
      endsAt: new Date(options.startsAt.getTime() + 2 * 3600_000),
      audioLanguage: "en",
    },
  });
  const seat = (label: string) => {
    const id = byLabel.get(label);
    if (!id) throw new Error(`no seat ${label}`);
    return id;
  };
  return {
    screeningId: screening.id,
    hallId: hall.id,
    layoutId: layout.id,
    cinemaId: cinema.id,
    seat,
    seats: (...labels) => labels.map(seat),
    seatIds: seatRows.map((s) => byLabel.get(`${s.rowLabel}${s.number}`)!),
  };
}

/** PENDING orders (baskets) for a screening. */
export async function createTestOrders(db: Database, screeningId: string, count: number, createdAt = new Date()): Promise<string[]> {
  const ids = Array.from({ length: count }, () => `ord_${randomBytes(10).toString("hex")}`);
  for (let start = 0; start < ids.length; start += 1000) {
    await db.order.createMany({
      data: ids.slice(start, start + 1000).map((id) => ({
        id,
        reference: randomBytes(6).toString("hex").toUpperCase(),
        screeningId,
        currency: "GBP",
        subtotalAmount: 0,
        totalAmount: 0,
        expiresAt: new Date(createdAt.getTime() + 24 * 3600_000),
        createdAt,
      })),
    });
  }
  return ids;
}

/** Screening seats with more than one live ticket: must always be zero (the partial unique index forbids it). */
export async function countDoubleSold(db: Database, screeningId: string): Promise<number> {
  const [row] = await db.$queryRawUnsafe<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM (
       SELECT "seatId" FROM "Ticket" WHERE "screeningId" = $1 AND "status" IN ('HELD', 'SOLD')
       GROUP BY "seatId" HAVING count(*) > 1) d`,
    screeningId,
  );
  return row?.n ?? 0;
}

/** The same plan as an in-memory layout (seat ids are the labels), for the pure seat-choice tests. */
export function layoutFromPlan(
  plan: HallPlan,
  options: { preventSingleGaps?: boolean; screenPosition?: "TOP" | "BOTTOM" } = {},
): ScreeningLayout {
  const seats: SeatInfo[] = planSeats(plan).map((seat) => {
    const label = `${seat.rowLabel}${seat.number}`;
    return { id: label, label, ...seat, left: null, right: null } as SeatInfo;
  });
  const byCell = new Map(seats.map((seat) => [`${seat.gridRow}:${seat.gridCol}`, seat.id]));
  for (const seat of seats) {
    seat.left = byCell.get(`${seat.gridRow}:${seat.gridCol - 1}`) ?? null;
    seat.right = byCell.get(`${seat.gridRow}:${seat.gridCol + 1}`) ?? null;
  }
  return {
    screeningId: "plan",
    status: "SCHEDULED",
    startsAt: new Date(0),
    endsAt: new Date(0),
    onSaleAt: null,
    publishedAt: new Date(0),
    timeZone: "Europe/London",
    format: "TWO_D",
    currency: "GBP",
    priceByKind: { STANDARD: 0, PREMIUM: 0, WHEELCHAIR: 0, COMPANION: 0 },
    hall: {
      id: "plan",
      name: "Plan",
      gridRows: plan.length,
      gridCols: Math.max(...plan.map((row) => row.length)),
      screenPosition: options.screenPosition ?? "TOP",
      preventSingleGaps: options.preventSingleGaps ?? true,
      maxSeatsPerOrder: 10,
    },
    seats,
    seatsById: new Map(seats.map((seat) => [seat.id, seat])),
    hasCompanionSeats: seats.some((seat) => seat.kind === "COMPANION"),
  };
}
