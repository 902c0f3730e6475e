import { TZDate } from "@date-fns/tz";
import { hashPassword } from "@/server/accounts/passwords";
import type { Database } from "@/server/db/client";
import type {
  AdvertPlacement,
  AnnouncementSeverity,
  FilmStatus,
  PriceBand,
  ScreeningFormat,
  SeatKind,
} from "@/server/db/generated/client";
import { DEMO_PASSWORD_BCRYPT_COST, demoAccountList, demoAccounts } from "./accounts";
import { createAuditLog } from "@/server/audit";
import { createMedia, type Media } from "@/server/media";
import { createPrices } from "@/server/prices";
import { dayKeyOfDateColumn } from "@/server/catalogue";
import { createProgramme, instantToWallClock } from "@/server/programme";
import {
  ADVERT_EVERYWHERE,
  advertFormSchema,
  announcementFormSchema,
  NO_PROMO_RESTRICTIONS,
  promoCodeFormSchema,
} from "@/server/programme/schemas";
import { filmFormSchema } from "@/server/programme/film-schemas";
import { seedArtwork, type FilmArtworkUrls } from "./artwork";
import { seedConcessions } from "./concessions";
import { films, type SeedFilm } from "./films";
import { createRng, type Rng } from "./random";
import { cinemas, halls, SEED_TIME_ZONE, type SeedHall } from "./venues";
import { blockOf, createScheduling, defaultSchedulingOptions, insertScreening } from "@/server/scheduling";
import { AppError } from "@/server/errors";
import { createVenues } from "@/server/venues";
import { cinemaFormSchema, hallFormSchema } from "@/server/venues/schemas";

// Idempotent demo data. Everything is matched on a natural key and only created or changed when it differs, so the
// seed can be re-run against a database that already has orders: it never deletes anything, and screenings are
// only ever added where the hall is free.
//
// The programme is made through the same domain functions the admin screens call, with the demo admin account as
// the actor (so it is validated by the admin forms' schemas and audited like an admin's work, and the two never
// drift): films (server/programme createFilm/updateFilm), cinemas and halls (server/venues createCinema/
// updateCinema/createHall), price plans (server/prices createPricePlan), screenings (server/scheduling's timing
// rules and insertScreening), adverts, announcements and promo codes (server/programme create/update).
// What still goes straight to the tables, and why:
// - demo accounts: the accounts module's signUp is the public, rate-limited, e-mail-verifying sign-up; the seed
//   needs fixed roles and verified addresses, which no admin function makes;
// - reviews: no module writes reviews yet;
// - the scheduler is built with mail, bookings, the seat inventory and the workflow engine that the seed does not
//   have: they throw if reached, and only timing and insertScreening are used (cancelling and moving screenings,
//   which need them, are not something the seed does). Screenings are published at once (createRun makes drafts),
//   and audited one by one, as createRun's audit entry would name a whole run.
// An existing hall is left exactly as it is: its layout is the hall editor's from then on.

export type SeedOptions = {
  /** The instant treated as "now": the 14-day programme, and the release dates of films not yet in the database, are
   * laid out around its London date. */
  today?: Date;
  log?: (message: string) => void;
  /** Where the films' artwork is stored (default: the media module over this database, as configured). */
  media?: Media;
};

export type SeedSummary = {
  /** The London calendar date the seed was laid out from, YYYY-MM-DD. */
  today: string;
  created: {
    seats: number;
    screenings: number;
  };
  /** Planned screenings left out because the hall already had one at that time. */
  screeningsSkipped: number;
  /** Row counts across the whole database after seeding. */
  totals: {
    cinemas: number;
    halls: number;
    seats: number;
    films: number;
    pricePlans: number;
    screenings: number;
    users: number;
    adverts: number;
    announcements: number;
    promoCodes: number;
    reviews: number;
  };
};

export const PROGRAMME_DAYS = 14;
/** The seeded cinemas sell in pounds; a cinema that already exists keeps whatever currency an admin gave it. */
const SEED_CURRENCY = "GBP";
/** A new hall's limit on seats in one order, as the hall editor's default. */
const SEED_MAX_SEATS_PER_ORDER = 10;
/**
 * What the planner leaves beyond a film's runtime before the next start: the scheduler's default pre-show and
 * cleaning. Each screening's real block comes from the scheduler's timing rules when it is inserted; one that then
 * runs into its neighbour (a cinema or hall configured with longer turnarounds) is left out like any other clash.
 */
const PLANNING_TURNAROUND_MINUTES = defaultSchedulingOptions.defaultPreShowMinutes + defaultSchedulingOptions.defaultCleaningMinutes;
export const STANDARD_PLAN = "Standard";
export const OFF_PEAK_PLAN = "Off-peak";
/** Screenings starting before this local time are sold on the off-peak plan. */
const PEAK_STARTS_AT_MINUTES = 17 * 60;
const FIRST_START_EARLIEST = 10 * 60 + 30;
const FIRST_START_LATEST = 12 * 60;
const LAST_START_LATEST = 22 * 60 + 30;
const MAX_SCREENINGS_PER_HALL_DAY = 5;
/** Least time between one screening's end (turnaround included) and the next start in the same hall. */
const MIN_GAP_MINUTES = 15;

type PricePlanSpec = {
  name: string;
  currency: string;
  /** As server/prices/bands.ts reads it, so that suggestPricePlan picks the plan this seed picks. */
  band: PriceBand;
  tickets: Record<"ADULT" | "CHILD" | "SENIOR" | "STUDENT", number>;
  seatKinds: Record<SeatKind, number>;
  formats: Record<ScreeningFormat, number>;
};

const pricePlans: readonly PricePlanSpec[] = [
  {
    name: STANDARD_PLAN,
    currency: "GBP",
    band: "ANY",
    tickets: { ADULT: 1195, CHILD: 850, SENIOR: 950, STUDENT: 975 },
    seatKinds: { STANDARD: 0, PREMIUM: 250, WHEELCHAIR: 0, COMPANION: 0 },
    formats: { TWO_D: 0, THREE_D: 200, IMAX: 400 },
  },
  {
    name: OFF_PEAK_PLAN,
    currency: "GBP",
    band: "MATINEE",
    tickets: { ADULT: 850, CHILD: 650, SENIOR: 700, STUDENT: 700 },
    seatKinds: { STANDARD: 0, PREMIUM: 200, WHEELCHAIR: 0, COMPANION: 0 },
    formats: { TWO_D: 0, THREE_D: 200, IMAX: 400 },
  },
];

const reviews: ReadonlyArray<{ filmSlug: string; rating: number; body: string }> = [
  {
    filmSlug: "salt-and-static",
    rating: 5,
    body: "Properly tense. The sound design in the storm sequence had the whole row holding its breath.",
  },
  {
    filmSlug: "paper-moons",
    rating: 4,
    body: "Took my niece and we both loved it. The rooftop chase is gorgeous; the middle drags a little.",
  },
  {
    filmSlug: "the-long-quiet",
    rating: 4,
    body: "Slow, sad and very well acted. The two leads are completely convincing as brothers.",
  },
  {
    filmSlug: "dinner-for-eleven",
    rating: 3,
    body: "Some big laughs in the first hour, then it runs out of courses. Worth it for the wedding toast.",
  },
  {
    filmSlug: "the-cartographers",
    rating: 5,
    body: "Beautiful and calm. Seeing the glacier footage on a big screen is the whole point; don't wait for streaming.",
  },
];

const adverts: ReadonlyArray<{
  title: string;
  body: string;
  filmSlug: string;
  placement: AdvertPlacement;
  image: "poster" | "backdrop";
}> = [
  {
    title: "Starfall Academy, now showing in IMAX",
    body: "The year's biggest family adventure, on Edinburgh's biggest screen at Marquee Riverside.",
    filmSlug: "starfall-academy",
    placement: "HOME_HERO",
    image: "backdrop",
  },
  {
    title: "Neon Requiem: one night, no encore",
    body: "Late shows every night this week. Book a premium seat and put your feet up.",
    filmSlug: "neon-requiem",
    placement: "HOME_HERO",
    image: "backdrop",
  },
  {
    title: "Family mornings with Paper Moons",
    body: "Off-peak prices before 5pm, every day.",
    filmSlug: "paper-moons",
    placement: "HOME_STRIP",
    image: "poster",
  },
  {
    title: "Coming soon: Zero Horizon",
    body: "Advance tickets are on sale now for opening weekend in IMAX and 3D.",
    filmSlug: "zero-horizon",
    placement: "HOME_STRIP",
    image: "poster",
  },
];

const announcements: ReadonlyArray<{ cinemaSlug: string; message: string; severity: AnnouncementSeverity }> = [
  {
    cinemaSlug: "marquee-riverside",
    message: "Step-free access to the IMAX is by the lift in the upper foyer, next to the bar.",
    severity: "INFO",
  },
  {
    cinemaSlug: "marquee-old-town",
    message: "Roadworks on the Cowgate: please allow extra time and use the Blackfriars Street entrance.",
    severity: "WARNING",
  },
];

const promoCodes: ReadonlyArray<{
  code: string;
  description: string;
  percentOff: number | null;
  amountOff: number | null;
  currency: string | null;
  maxRedemptions: number | null;
  minTickets?: number;
  daysOfWeek?: number[];
}> = [
  {
    code: "WELCOME10",
    description: "10% off your first booking",
    percentOff: 10,
    amountOff: null,
    currency: null,
    maxRedemptions: null,
  },
  {
    code: "FAMILY250",
    description: "£2.50 off any family booking of 3 or more tickets",
    percentOff: null,
    amountOff: 250,
    currency: "GBP",
    maxRedemptions: 500,
    minTickets: 3,
  },
  {
    code: "MIDWEEK15",
    description: "15% off midweek screenings (Monday to Thursday)",
    percentOff: 15,
    amountOff: null,
    currency: null,
    maxRedemptions: 200,
    daysOfWeek: [1, 2, 3, 4],
  },
];

// ─── Time ────────────────────────────────────────────────────────────────────

type LocalDay = { year: number; month: number; day: number; iso: string };

function localDay(instant: Date, offsetDays = 0): LocalDay {
  const here = new TZDate(instant.getTime(), SEED_TIME_ZONE);
  // Constructing from parts lets the Date arithmetic roll months and years over.
  const day = new TZDate(here.getFullYear(), here.getMonth(), here.getDate() + offsetDays, SEED_TIME_ZONE);
  const iso = [
    String(day.getFullYear()).padStart(4, "0"),
    String(day.getMonth() + 1).padStart(2, "0"),
    String(day.getDate()).padStart(2, "0"),
  ].join("-");
  return { year: day.getFullYear(), month: day.getMonth(), day: day.getDate(), iso };
}

/** The instant at `minutes` past local midnight, so 10:30 stays 10:30 across a clock change. */
function localInstant(day: LocalDay, minutes: number): Date {
  const at = new TZDate(day.year, day.month, day.day, Math.floor(minutes / 60), minutes % 60, SEED_TIME_ZONE);
  return new Date(at.getTime());
}

/** A @db.Date value: Prisma stores the UTC calendar date of the Date it is given. */
function calendarDate(day: LocalDay): Date {
  return new Date(Date.UTC(day.year, day.month, day.day));
}

const iso = (date: Date) => date.toISOString();

function roundUpTo5(minutes: number): number {
  return Math.ceil(minutes / 5) * 5;
}

// ─── Helpers ─────────────────────────────────────────────────────────────────

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The subset of `wanted` that differs from `existing`; empty when the row is already as the seed wants it. */
function changes<T extends Record<string, unknown>>(existing: object, wanted: T): Partial<T> {
  const current = existing as Record<string, unknown>;
  const diff: Partial<T> = {};
  for (const key of Object.keys(wanted) as Array<keyof T & string>) {
    if (!sameValue(current[key], wanted[key])) diff[key] = wanted[key];
  }
  return diff;
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}

function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  return new Map(items.map((item) => [key(item), item]));
}

function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`Seed data refers to a missing ${what}`);
  return value;
}

// ─── Steps ───────────────────────────────────────────────────────────────────

/**
 * Cinemas and halls go through the venues module as an admin's would (validated by the admin forms' schemas, audited
 * as the demo admin): a missing cinema is created with createCinema, one whose seed details changed is saved with
 * updateCinema; a missing hall is created with createHall, its seats as layout version 1. An existing hall is left
 * exactly as it is: its layout belongs to the admin's editor from then on (an admin may have edited or blocked
 * seats, and sold tickets point at them).
 */
async function seedVenues(db: Database, actorId: string) {
  // createHall never moves screenings (a new hall has none), so the venues module never asks for a seat rebuild here.
  const venues = createVenues({ db, audit: createAuditLog(db), rebuildSeats: async () => {} });
  const cinemaIds = new Map<string, string>();
  const existingCinemas = byKey(
    await db.cinema.findMany({ where: { slug: { in: cinemas.map((cinema) => cinema.slug) } } }),
    (cinema) => cinema.slug,
  );
  for (const cinema of cinemas) {
    const existing = existingCinemas.get(cinema.slug);
    if (!existing) {
      const created = await venues.createCinema({ ...cinemaFormSchema.parse({ ...cinema, currency: SEED_CURRENCY }), actorId });
      cinemaIds.set(cinema.slug, created.id);
      continue;
    }
    if (!isEmpty(changes(existing, cinema))) {
      await venues.updateCinema({ ...cinemaFormSchema.parse({ ...cinema, currency: existing.currency }), id: existing.id, version: existing.version, actorId });
    }
    cinemaIds.set(cinema.slug, existing.id);
  }

  const hallIds = new Map<SeedHall, string>();
  const existingHalls = byKey(
    await db.hall.findMany({ where: { cinemaId: { in: [...cinemaIds.values()] } }, select: { id: true, cinemaId: true, name: true } }),
    (hall) => `${hall.cinemaId}|${hall.name}`,
  );
  let seatsCreated = 0;
  for (const hall of halls) {
    const cinemaId = must(cinemaIds.get(hall.cinemaSlug), `cinema ${hall.cinemaSlug}`);
    const existing = existingHalls.get(`${cinemaId}|${hall.name}`);
    if (existing) {
      hallIds.set(hall, existing.id);
      continue;
    }
    const form = hallFormSchema.parse({
      name: hall.name,
      maxSeatsPerOrder: SEED_MAX_SEATS_PER_ORDER,
      preventSingleGaps: hall.preventSingleGaps,
      layout: { gridRows: hall.gridRows, gridCols: hall.gridCols, screenPosition: "TOP", seats: hall.seats },
    });
    const created = await venues.createHall({ ...form, cinemaId, actorId });
    hallIds.set(hall, created.id);
    seatsCreated += hall.seats.length;
  }

  return { cinemaIds, hallIds, seatsCreated };
}

type SeededFilm = { id: string; releaseDate: Date };

/**
 * Films go through the programme module as an admin's would (validated by the admin form's schema, audited as the
 * demo admin): a missing slug is created with createFilm, and a film whose seed text or artwork changed is saved with
 * updateFilm from the version it is at. The admin-owned parts of an existing film (its status, its release date) are
 * kept as they are.
 */
async function seedFilms(db: Database, today: Date, artwork: Map<string, FilmArtworkUrls>, actorId: string) {
  const programme = createProgramme({ db, audit: createAuditLog(db) });
  const seeded = new Map<string, SeededFilm>();
  const existingFilms = byKey(
    await db.film.findMany({ where: { slug: { in: films.map((film) => film.slug) } } }),
    (film) => film.slug,
  );
  for (const film of films) {
    const wanted = {
      title: film.title,
      tagline: film.tagline,
      synopsis: film.synopsis,
      runtimeMinutes: film.runtimeMinutes,
      certificate: film.certificate,
      genres: [...film.genres],
      languages: [...film.languages],
      ...must(artwork.get(film.slug), `artwork for ${film.slug}`),
      trailerUrl: film.trailerUrl,
      director: film.director,
      cast: [...film.cast],
    };
    const form = (status: FilmStatus, releaseDate: Date) =>
      filmFormSchema.parse({ ...wanted, slug: film.slug, tagline: wanted.tagline ?? "", trailerUrl: wanted.trailerUrl ?? "", status, releaseDate: dayKeyOfDateColumn(releaseDate) });
    const existing = existingFilms.get(film.slug);
    if (!existing) {
      const releaseDate = calendarDate(localDay(today, film.releaseOffsetDays));
      const created = await programme.createFilm({ ...form("PUBLISHED", releaseDate), actorId });
      seeded.set(film.slug, { id: created.id, releaseDate });
      continue;
    }
    // A film keeps the release date it was first given: moving it on a later re-seed would leave the screenings
    // already scheduled for a "coming soon" film running before its own release.
    if (!isEmpty(changes(existing, wanted))) {
      await programme.updateFilm({ ...form(existing.status, existing.releaseDate), id: existing.id, version: existing.version, actorId });
    }
    seeded.set(film.slug, { id: existing.id, releaseDate: existing.releaseDate });
  }
  return seeded;
}

/**
 * Every cinema gets each plan (plans belong to a cinema), created through the prices module as an admin would create
 * it; a plan that already exists is left as it is, so a re-seed never undoes an admin's price change. Keyed by
 * planKey(cinemaId, name).
 */
async function seedPricePlans(db: Database, cinemaIds: Map<string, string>) {
  const prices = createPrices({ db, audit: createAuditLog(db) });
  const planIds = new Map<string, string>();
  const pairs = [...cinemaIds.values()].flatMap((cinemaId) => pricePlans.map((plan) => ({ cinemaId, plan })));
  for (const { cinemaId, plan } of pairs) {
    const existing = await db.pricePlan.findUnique({ where: { cinemaId_name: { cinemaId, name: plan.name } }, select: { id: true } });
    const id =
      existing?.id ??
      (
        await prices.createPricePlan({
          cinemaId,
          actorId: null,
          name: plan.name,
          currency: plan.currency,
          band: plan.band,
          format: null,
          bookingFeeAmount: 0,
          bookingFeeMode: "PER_ORDER",
          active: true,
          ticketPrices: Object.entries(plan.tickets).map(([ticketType, amount]) => ({ ticketType, amount })),
          seatKindSurcharges: (Object.entries(plan.seatKinds) as Array<[SeatKind, number]>).map(([seatKind, amount]) => ({ seatKind, amount })),
          formatSurcharges: (Object.entries(plan.formats) as Array<[ScreeningFormat, number]>).map(([format, amount]) => ({ format, amount })),
        })
      ).id;
    planIds.set(planKey(cinemaId, plan.name), id);
  }
  return planIds;
}

const planKey = (cinemaId: string, name: string) => `${cinemaId}|${name}`;

type PlannedScreening = {
  cinemaId: string;
  hallId: string;
  filmId: string;
  runtimeMinutes: number;
  pricePlanId: string;
  startsAt: Date;
  format: ScreeningFormat;
  audioLanguage: string;
  subtitleLanguage: string | null;
};

function filmWeight(hall: SeedHall, film: SeedFilm, daysOut: number, startMinutes: number): number {
  const isArthouse =
    film.genres.some((genre) => genre === "Documentary" || genre === "Drama" || genre === "Romance") ||
    film.languages[0] !== "English";
  const isFamily = film.certificate === "U" || film.certificate === "PG";
  let weight: number;
  if (hall.programme === "imax") weight = film.formats.includes("IMAX") ? 8 : 0.25;
  else if (hall.programme === "arthouse") weight = isArthouse ? 6 : 1;
  else weight = Math.max(1, 7 - Math.floor(daysOut / 8)) * (film.genres.includes("Documentary") ? 0.3 : 1);
  // Families in the daytime, grown-up certificates in the evening.
  if (isFamily) weight *= startMinutes < 15 * 60 ? 3 : startMinutes >= 19 * 60 ? 0.25 : 1;
  if ((film.certificate === "C15" || film.certificate === "C18") && startMinutes >= 19 * 60) weight *= 2;
  if (film.certificate === "C18" && startMinutes < 13 * 60) weight *= 0.2;
  return weight;
}

function pickWeighted<T>(rng: Rng, items: ReadonlyArray<{ item: T; weight: number }>): T {
  const total = items.reduce((sum, entry) => sum + entry.weight, 0);
  let roll = rng.next() * total;
  for (const entry of items) {
    roll -= entry.weight;
    if (roll < 0) return entry.item;
  }
  return must(items[items.length - 1], "weighted choice").item;
}

function planHallDay(
  hall: SeedHall,
  hallId: string,
  day: LocalDay,
  ids: { films: Map<string, SeededFilm>; plans: Map<string, string>; cinemas: Map<string, string> },
): PlannedScreening[] {
  // Keyed by hall and calendar date, so a given day's programme comes out the same whenever it is seeded.
  const rng = createRng(`${hall.cinemaSlug}|${hall.name}|${day.iso}`);
  const daysSinceRelease = (film: SeedFilm) =>
    Math.round(
      (calendarDate(day).getTime() - must(ids.films.get(film.slug), `film ${film.slug}`).releaseDate.getTime()) /
        86_400_000,
    );
  const showing = films.filter((film) => daysSinceRelease(film) >= 0);
  if (showing.length === 0) return [];

  const planned: PlannedScreening[] = [];
  let start = roundUpTo5(rng.int(FIRST_START_EARLIEST, FIRST_START_LATEST));
  let previousSlug: string | undefined;
  while (planned.length < MAX_SCREENINGS_PER_HALL_DAY && start <= LAST_START_LATEST) {
    const candidates = showing.filter((film) => film.slug !== previousSlug || showing.length === 1);
    const film = pickWeighted(
      rng,
      candidates.map((item) => ({ item, weight: filmWeight(hall, item, daysSinceRelease(item), start) })),
    );

    let format: ScreeningFormat = "TWO_D";
    if (hall.formats.includes("IMAX") && film.formats.includes("IMAX")) format = "IMAX";
    else if (hall.formats.includes("THREE_D") && film.formats.includes("THREE_D") && rng.chance(0.4)) {
      format = "THREE_D";
    }

    const audioLanguage = must(film.languages[0], `language for ${film.slug}`);
    // Foreign-language films are always subtitled; some English showings carry captions for deaf audiences.
    const subtitleLanguage = audioLanguage !== "English" || rng.chance(0.12) ? "English" : null;

    const cinemaId = must(ids.cinemas.get(hall.cinemaSlug), `cinema ${hall.cinemaSlug}`);
    planned.push({
      cinemaId,
      hallId,
      filmId: must(ids.films.get(film.slug), `film ${film.slug}`).id,
      runtimeMinutes: film.runtimeMinutes,
      pricePlanId: must(ids.plans.get(planKey(cinemaId, start < PEAK_STARTS_AT_MINUTES ? OFF_PEAK_PLAN : STANDARD_PLAN)), "price plan"),
      startsAt: localInstant(day, start),
      format,
      audioLanguage,
      subtitleLanguage,
    });

    previousSlug = film.slug;
    start = roundUpTo5(start + film.runtimeMinutes + PLANNING_TURNAROUND_MINUTES + rng.int(MIN_GAP_MINUTES, 40));
  }
  return planned;
}

/** A dependency the scheduler is built with but the seed never reaches (it only times and inserts screenings). */
function unavailable(what: string) {
  return async (): Promise<never> => {
    throw new Error(`The seed schedules screenings without ${what}`);
  };
}

/**
 * Screenings go in as the scheduler writes them: timed by its rules (the pre-show from the cinema's or hall's
 * setting and the pre-show reel, cleaning likewise), inserted with insertScreening (the hall's current layout
 * version), audited as the demo admin, and published so the demo site shows them. Only where the hall is free: a
 * planned screening that would clash with one already there (or leave less than the minimum changeover) is left out,
 * which is also what makes a re-run add nothing.
 */
async function seedScreenings(
  db: Database,
  today: Date,
  hallIds: Map<SeedHall, string>,
  ids: { films: Map<string, SeededFilm>; plans: Map<string, string>; cinemas: Map<string, string> },
  actorId: string,
) {
  const audit = createAuditLog(db);
  const scheduling = createScheduling({
    db,
    audit,
    programme: createProgramme({ db, audit }),
    prices: createPrices({ db, audit }),
    mailer: { send: unavailable("mail") },
    booking: { endOrderOfCancelledScreening: unavailable("bookings") },
    inventory: { rebuild: unavailable("the seat inventory") },
    events: { publish: unavailable("the workflow engine") },
  });
  const days = Array.from({ length: PROGRAMME_DAYS }, (_, index) => localDay(today, index));
  const planned = days.flatMap((day) =>
    halls.flatMap((hall) => planHallDay(hall, must(hallIds.get(hall), `hall ${hall.name}`), day, ids)),
  );

  // Late shows run past midnight, so look one day beyond the programme for anything they could collide with.
  const windowStart = localInstant(localDay(today), 0);
  const windowEnd = localInstant(localDay(today, PROGRAMME_DAYS + 1), 0);
  const taken = await db.screening.findMany({
    where: { hallId: { in: [...hallIds.values()] }, status: { not: "CANCELLED" }, startsAt: { lt: windowEnd }, endsAt: { gt: windowStart } },
    select: { hallId: true, startsAt: true, endsAt: true },
  });
  const cancelledStarts = new Set(
    (
      await db.screening.findMany({
        where: { hallId: { in: [...hallIds.values()] }, status: "CANCELLED", startsAt: { gte: windowStart, lt: windowEnd } },
        select: { hallId: true, startsAt: true },
      })
    ).map((screening) => `${screening.hallId}|${screening.startsAt.getTime()}`),
  );

  const gap = MIN_GAP_MINUTES * 60_000;
  const cleaning = new Map<string, number>();
  let created = 0;
  for (const screening of planned) {
    // A screening an admin cancelled stays cancelled: the seed doesn't put a new one in its place.
    if (cancelledStarts.has(`${screening.hallId}|${screening.startsAt.getTime()}`)) continue;
    const { cinemaId, hallId, startsAt, runtimeMinutes, ...rest } = screening;
    const cleaningMinutes = cleaning.get(hallId) ?? (await scheduling.cleaningMinutesFor({ cinemaId, hallId }));
    cleaning.set(hallId, cleaningMinutes);
    const preShowMinutes = await scheduling.preShowMinutesFor({ cinemaId, hallId, startsAt });
    const { endsAt } = blockOf(startsAt, { preShowMinutes, runtimeMinutes, cleaningMinutes });
    const clashes = taken.some(
      (other) =>
        other.hallId === hallId && other.endsAt.getTime() + gap > startsAt.getTime() && other.startsAt.getTime() < endsAt.getTime() + gap,
    );
    if (clashes) continue;
    const row = { ...rest, hallId, startsAt, endsAt, preShowMinutes, cleaningMinutes, onSaleAt: null, publishedAt: today };
    try {
      await db.$transaction(async (tx) => {
        const { id } = await insertScreening(tx, row, db);
        await audit.record(
          { actorId, action: "screening.created", entityType: "Screening", entityId: id, details: { before: null, after: { ...row, startsAt: iso(startsAt), endsAt: iso(endsAt), publishedAt: iso(today), seeded: true } } },
          tx,
        );
      });
    } catch (error) {
      // Someone scheduled into the hall between the read above and this insert: theirs stands.
      if (error instanceof AppError && error.details?.reason === "HALL_OVERLAP") continue;
      throw error;
    }
    taken.push({ hallId, startsAt, endsAt });
    created += 1;
  }
  return { created, skipped: planned.length - created };
}

async function seedUsers(db: Database, now: Date) {
  const userIds = new Map<string, string>();
  for (const account of demoAccountList) {
    const email = account.email.toLowerCase();
    const existing = await db.user.findUnique({ where: { email } });
    if (!existing) {
      const passwordHash = await hashPassword(account.password, DEMO_PASSWORD_BCRYPT_COST);
      const created = await db.user.create({
        data: { email, name: account.name, role: account.role, passwordHash, emailVerifiedAt: now },
      });
      userIds.set(email, created.id);
      continue;
    }
    // An existing account's password is never set again: if it no longer is the demo password, someone changed it
    // (a reset, or an install that used the demo accounts for real), and the seed must not hand the account back to
    // anyone who reads the README.
    const diff = {
      ...changes(existing, { name: account.name, role: account.role }),
      ...(existing.emailVerifiedAt ? {} : { emailVerifiedAt: now }),
    };
    if (!isEmpty(diff)) {
      // A role change must end sessions issued under the old one.
      const revokes = "role" in diff;
      await db.user.update({
        where: { id: existing.id },
        data: { ...diff, ...(revokes ? { sessionVersion: { increment: 1 } } : {}) },
      });
    }
    userIds.set(email, existing.id);
  }
  return userIds;
}

// Two tills per cinema; the demo staff and manager work at the first cinema, and the manager has an approval PIN.
async function seedBoxOffice(db: Database, cinemaIds: Map<string, string>, userIds: Map<string, string>) {
  for (const cinemaId of cinemaIds.values()) {
    for (const name of ["Till 1", "Till 2"]) {
      await db.till.upsert({ where: { cinemaId_name: { cinemaId, name } }, create: { cinemaId, name }, update: {} });
    }
  }
  const homeCinemaId = must([...cinemaIds.values()][0], "a cinema");
  for (const account of demoAccountList) {
    if (account.role !== "STAFF" && account.role !== "MANAGER") continue;
    const user = await db.user.findUniqueOrThrow({ where: { id: must(userIds.get(account.email), account.email) } });
    // Like a password, a PIN someone set is theirs: only an account without one gets the demo PIN.
    const data = {
      ...(user.homeCinemaId ? {} : { homeCinemaId }),
      ...(account.managerPin && !user.managerPinHash
        ? { managerPinHash: await hashPassword(account.managerPin, DEMO_PASSWORD_BCRYPT_COST) }
        : {}),
    };
    if (!isEmpty(data)) await db.user.update({ where: { id: user.id }, data });
  }
}

async function seedReviews(db: Database, userId: string, filmIds: Map<string, SeededFilm>) {
  for (const review of reviews) {
    const filmId = must(filmIds.get(review.filmSlug), `film ${review.filmSlug}`).id;
    await db.review.upsert({
      where: { filmId_userId: { filmId, userId } },
      create: { filmId, userId, rating: review.rating, body: review.body },
      update: { rating: review.rating, body: review.body },
    });
  }
}

/**
 * Adverts, announcements and promo codes go through the programme module as an admin's would (validated by the admin
 * forms' schemas, audited as the demo admin): a missing one is created, and one whose seed-owned columns differ (its
 * window has moved on since an earlier day's seed, say) is saved from the version it is at, so a re-seed keeps them
 * live. Redemptions are real usage and never reset.
 */
async function seedMarketing(
  db: Database,
  today: Date,
  cinemaIds: Map<string, string>,
  artwork: Map<string, FilmArtworkUrls>,
  actorId: string,
) {
  const programme = createProgramme({ db, audit: createAuditLog(db) });
  const wallClock = (instant: Date) => instantToWallClock(instant, SEED_TIME_ZONE);
  const startOfToday = localInstant(localDay(today), 0);

  const advertWindow = { startsAt: startOfToday, endsAt: localInstant(localDay(today, 30), 0) };
  const existingAdverts = await db.advert.findMany({ where: { title: { in: adverts.map((advert) => advert.title) } } });
  for (const advert of adverts) {
    const wanted = {
      title: advert.title,
      body: advert.body,
      imageUrl: must(artwork.get(advert.filmSlug), `artwork for ${advert.filmSlug}`)[
        advert.image === "poster" ? "posterUrl" : "backdropUrl"
      ],
      linkUrl: `/films/${advert.filmSlug}`,
      placement: advert.placement,
      active: true,
      ...advertWindow,
    };
    const form = advertFormSchema.parse({
      ...wanted,
      ...ADVERT_EVERYWHERE,
      priority: 0,
      startsAt: wallClock(wanted.startsAt),
      endsAt: wallClock(wanted.endsAt),
    });
    const existing = existingAdverts.find((row) => row.title === advert.title && row.placement === advert.placement);
    if (!existing) await programme.createAdvert({ ...form, actorId });
    else if (!isEmpty(changes(existing, wanted))) {
      // The admin's own choices (priority, where it runs) stay; the seed owns its text, image and window.
      await programme.updateAdvert({ ...form, priority: existing.priority, id: existing.id, version: existing.version, actorId });
    }
  }

  const announcementWindow = { startsAt: startOfToday, endsAt: localInstant(localDay(today, PROGRAMME_DAYS), 0) };
  for (const announcement of announcements) {
    const cinemaId = must(cinemaIds.get(announcement.cinemaSlug), `cinema ${announcement.cinemaSlug}`);
    const existing = await db.announcement.findFirst({ where: { cinemaId, message: announcement.message } });
    const wanted = { severity: announcement.severity, ...announcementWindow };
    const form = announcementFormSchema.parse({
      cinemaId,
      message: announcement.message,
      severity: announcement.severity,
      startsAt: wallClock(wanted.startsAt),
      endsAt: wallClock(wanted.endsAt),
    });
    if (!existing) await programme.createAnnouncement({ ...form, actorId });
    else if (!isEmpty(changes(existing, wanted))) {
      await programme.updateAnnouncement({ ...form, id: existing.id, version: existing.version, actorId });
    }
  }

  const promoWindow = {
    validFrom: localInstant(localDay(today, -7), 0),
    validUntil: localInstant(localDay(today, 90), 0),
  };
  const existingCodes = byKey(
    await db.promoCode.findMany({ where: { code: { in: promoCodes.map((promo) => promo.code) } } }),
    (promo) => promo.code,
  );
  for (const promo of promoCodes) {
    const wanted = { ...promo, active: true, ...promoWindow };
    const form = promoCodeFormSchema.parse({
      ...NO_PROMO_RESTRICTIONS,
      code: promo.code,
      description: promo.description,
      kind: promo.percentOff === null ? "amount" : "percent",
      percentOff: promo.percentOff,
      amountOff: promo.amountOff,
      currency: promo.currency,
      maxRedemptions: promo.maxRedemptions,
      ...(promo.minTickets === undefined ? {} : { minTickets: promo.minTickets }),
      ...(promo.daysOfWeek === undefined ? {} : { daysOfWeek: promo.daysOfWeek }),
      validFrom: wallClock(promoWindow.validFrom),
      validUntil: wallClock(promoWindow.validUntil),
    });
    const existing = existingCodes.get(promo.code);
    if (!existing) await programme.createPromoCode({ ...form, actorId });
    else if (!isEmpty(changes(existing, wanted))) {
      await programme.updatePromoCode({ ...form, id: existing.id, version: existing.version, actorId });
      if (!existing.active) await programme.setPromoCodeActive({ id: existing.id, version: existing.version + 1, active: true, actorId });
    }
  }
}

async function countAll(db: Database): Promise<SeedSummary["totals"]> {
  const [cinemas, halls, seats, films, pricePlans, screenings, users, adverts, announcements, promoCodes, reviews] =
    await Promise.all([
      db.cinema.count(),
      db.hall.count(),
      db.seat.count(),
      db.film.count(),
      db.pricePlan.count(),
      db.screening.count(),
      db.user.count(),
      db.advert.count(),
      db.announcement.count(),
      db.promoCode.count(),
      db.review.count(),
    ]);
  return { cinemas, halls, seats, films, pricePlans, screenings, users, adverts, announcements, promoCodes, reviews };
}

export async function seedDatabase(db: Database, options: SeedOptions = {}): Promise<SeedSummary> {
  const today = options.today ?? new Date();
  const log = options.log ?? (() => {});
  const todayLocal = localDay(today);
  log(`Seeding for ${todayLocal.iso} (${SEED_TIME_ZONE})`);


  const artworkStarted = Date.now();
  const artwork = await seedArtwork(options.media ?? createMedia({ db }));
  log(`Artwork: ${artwork.size * 2} images stored through the media module in ${Date.now() - artworkStarted} ms`);
  // The demo admin is the actor of everything the seed creates through the admin's domain functions, so it comes first.
  const userIds = await seedUsers(db, today);
  const adminId = must(userIds.get(demoAccounts.admin.email), "demo admin");
  // createHall writes a hall and its seats in one transaction, so a hall never exists without its seats.
  const { cinemaIds, hallIds, seatsCreated } = await seedVenues(db, adminId);
  log(`Venues: ${cinemas.length} cinemas, ${halls.length} halls, ${seatsCreated} new seats`);
  const filmIds = await seedFilms(db, today, artwork, adminId);
  const planIds = await seedPricePlans(db, cinemaIds);
  log(`Programme data: ${films.length} films, ${pricePlans.length} price plans`);

  const screenings = await seedScreenings(db, today, hallIds, { films: filmIds, plans: planIds, cinemas: cinemaIds }, adminId);
  log(`Screenings: ${screenings.created} new, ${screenings.skipped} already scheduled`);

  await seedBoxOffice(db, cinemaIds, userIds);
  log(`Concessions: ${await seedConcessions(db, options.media ?? createMedia({ db }), cinemaIds.values(), adminId)} products with stock at every cinema`);
  const customerId = must(userIds.get(demoAccounts.customer.email), "demo customer");
  await seedReviews(db, customerId, filmIds);
  await seedMarketing(db, today, cinemaIds, artwork, adminId);
  log(`Accounts, reviews, adverts, announcements and promo codes in place`);

  return {
    today: todayLocal.iso,
    created: { seats: seatsCreated, screenings: screenings.created },
    screeningsSkipped: screenings.skipped,
    totals: await countAll(db),
  };
}
