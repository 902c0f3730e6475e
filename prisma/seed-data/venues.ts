import type { ScreeningFormat, SeatKind } from "@/server/db/generated/enums";

// The two seeded cinemas and their halls. Seat maps are built from row descriptions so that the grid arithmetic
// (aisles, centring of short rows) lives in one place and every hall is guaranteed to fit its grid.

export const SEED_TIME_ZONE = "Europe/London";

export type SeedCinema = {
  slug: string;
  name: string;
  address: string;
  city: string;
  postcode: string;
  timeZone: string;
};

export type SeedSeat = {
  rowLabel: string;
  number: number;
  gridRow: number;
  gridCol: number;
  kind: SeatKind;
  zone: string | null;
  blocked: boolean;
};

export type SeedHall = {
  cinemaSlug: string;
  name: string;
  gridRows: number;
  gridCols: number;
  preventSingleGaps: boolean;
  seats: readonly SeedSeat[];
  /** Which formats this hall can project; IMAX only where the kit is. */
  formats: readonly ScreeningFormat[];
  /** Small rooms lean towards documentaries, foreign-language and slower films. */
  programme: "mainstream" | "arthouse" | "imax";
};

export const cinemas: readonly SeedCinema[] = [
  {
    slug: "marquee-riverside",
    name: "Marquee Riverside",
    address: "5 Commercial Quay, Leith",
    city: "Edinburgh",
    postcode: "EH6 6LX",
    timeZone: SEED_TIME_ZONE,
  },
  {
    slug: "marquee-old-town",
    name: "Marquee Old Town",
    address: "21 Cowgate",
    city: "Edinburgh",
    postcode: "EH1 1JR",
    timeZone: SEED_TIME_ZONE,
  },
];

type RowPlan = {
  /** Grid row; rows are lettered A, B, … in plan order, A nearest the screen. */
  gridRow: number;
  /** Runs of seats left to right: [first grid column, seat count]. The columns between runs are aisles. */
  runs: ReadonlyArray<readonly [number, number]>;
};

type SeatOverride = Partial<Pick<SeedSeat, "kind" | "zone" | "blocked">>;

function rowLetter(index: number): string {
  return String.fromCharCode("A".charCodeAt(0) + index);
}

function buildSeats(rows: readonly RowPlan[], decorate: (rowLabel: string, number: number) => SeatOverride = () => ({})) {
  const seats: SeedSeat[] = [];
  rows.forEach((row, index) => {
    const rowLabel = rowLetter(index);
    let number = 0;
    for (const [firstCol, count] of row.runs) {
      for (let offset = 0; offset < count; offset++) {
        number += 1;
        seats.push({
          rowLabel,
          number,
          gridRow: row.gridRow,
          gridCol: firstCol + offset,
          kind: "STANDARD",
          zone: null,
          blocked: false,
          ...decorate(rowLabel, number),
        });
      }
    }
  });
  return seats;
}

function gridOf(seats: readonly SeedSeat[]) {
  return {
    gridRows: Math.max(...seats.map((seat) => seat.gridRow)) + 1,
    gridCols: Math.max(...seats.map((seat) => seat.gridCol)) + 1,
  };
}

function hall(spec: Omit<SeedHall, "gridRows" | "gridCols">): SeedHall {
  return { ...spec, ...gridOf(spec.seats) };
}

const premium: SeatOverride = { kind: "PREMIUM", zone: "Premium" };
const wheelchair: SeatOverride = { kind: "WHEELCHAIR" };
const companion: SeatOverride = { kind: "COMPANION" };

// Riverside Screen 1: 16 rows of 20 in 4 | 12 | 4 blocks, with a cross-aisle after row F. Row G sits on that flat
// cross-aisle, which is why the wheelchair spaces are there.
const screen1Seats = buildSeats(
  Array.from({ length: 16 }, (_, index) => ({
    gridRow: index < 6 ? index : index + 1,
    runs: [
      [0, 4],
      [5, 12],
      [18, 4],
    ] as const,
  })),
  (row, n) => {
    if (row === "G") {
      if (n === 1 || n === 4 || n === 17 || n === 20) return wheelchair;
      if (n === 2 || n === 3 || n === 18 || n === 19) return companion;
    }
    if (["J", "K", "L", "M"].includes(row) && n >= 5 && n <= 16) return premium;
    // The front corners sit almost under the screen edge.
    if (row === "A" && (n === 1 || n === 20)) return { blocked: true };
    return {};
  },
);

// Riverside IMAX: 14 steep rows of 28 (6 | 16 | 6); step-free access is from the top, so the accessible row is N.
const imaxSeats = buildSeats(
  Array.from({ length: 14 }, (_, index) => ({
    gridRow: index,
    runs: [
      [0, 6],
      [7, 16],
      [24, 6],
    ] as const,
  })),
  (row, n) => {
    if (row === "N") {
      if (n === 1 || n === 28) return wheelchair;
      if (n === 2 || n === 27) return companion;
    }
    if (["G", "H", "I", "J"].includes(row) && n >= 7 && n <= 22) return premium;
    return {};
  },
);

// Riverside Screen 3: a curved room that widens towards the back; short rows are centred on the widest one.
const curvedRowLengths = [10, 12, 12, 14, 14, 16, 16, 18, 18, 18];
const curvedWidth = Math.max(...curvedRowLengths);
const curvedSeats = buildSeats(
  curvedRowLengths.map((length, index) => ({
    gridRow: index,
    runs: [[(curvedWidth - length) / 2, length]] as const,
  })),
  (row, n) => {
    if (row === "A") {
      if (n === 1 || n === 10) return wheelchair;
      if (n === 2 || n === 9) return companion;
    }
    return {};
  },
);

// Old Town Screen 1: 10 rows of 14 with a centre aisle.
const oldTownScreen1Seats = buildSeats(
  Array.from({ length: 10 }, (_, index) => ({
    gridRow: index,
    runs: [
      [0, 7],
      [8, 7],
    ] as const,
  })),
  (row, n) => {
    if (row === "J") {
      if (n === 1 || n === 14) return wheelchair;
      if (n === 2 || n === 13) return companion;
    }
    if (row === "F" || row === "G") return premium;
    return {};
  },
);

// Old Town Studio: a 40-seat screening room with sofas across the back.
const studioSeats = buildSeats(
  Array.from({ length: 5 }, (_, index) => ({ gridRow: index, runs: [[0, 8]] as const })),
  (row, n) => {
    if (row === "A" && n === 1) return wheelchair;
    if (row === "A" && n === 2) return companion;
    if (row === "E") return { kind: "PREMIUM", zone: "Sofas" };
    return {};
  },
);

export const halls: readonly SeedHall[] = [
  hall({
    cinemaSlug: "marquee-riverside",
    name: "Screen 1",
    preventSingleGaps: true,
    seats: screen1Seats,
    formats: ["TWO_D", "THREE_D"],
    programme: "mainstream",
  }),
  hall({
    cinemaSlug: "marquee-riverside",
    name: "IMAX",
    preventSingleGaps: true,
    seats: imaxSeats,
    formats: ["TWO_D", "IMAX"],
    programme: "imax",
  }),
  hall({
    cinemaSlug: "marquee-riverside",
    name: "Screen 3",
    preventSingleGaps: true,
    seats: curvedSeats,
    formats: ["TWO_D", "THREE_D"],
    programme: "mainstream",
  }),
  hall({
    cinemaSlug: "marquee-old-town",
    name: "Screen 1",
    preventSingleGaps: true,
    seats: oldTownScreen1Seats,
    formats: ["TWO_D", "THREE_D"],
    programme: "mainstream",
  }),
  hall({
    cinemaSlug: "marquee-old-town",
    name: "Studio",
    // Sofas and a handful of rows: couples and friends sit where they like.
    preventSingleGaps: false,
    seats: studioSeats,
    formats: ["TWO_D"],
    programme: "arthouse",
  }),
];
