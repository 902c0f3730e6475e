// The authorization matrix (issue 12, item 10). Every procedure of the router, read from the router itself, is called
// as a guest, a customer, another customer, staff, a manager and an admin, and each answer is checked against the
// table below: below the procedure's minimum role a guest gets UNAUTHORIZED and a signed-in caller FORBIDDEN; at or
// above it the call reaches the service with the table's valid-shaped input (NOT_FOUND, a domain refusal or OK, never
// a role refusal, a schema failure or a 500). A procedure missing from the table
// fails, so a new one must be classified here (one line each); so does a line for a procedure that no longer exists.
//
// Procedures marked "own" act on the caller's own basket, order, ticket, refund or exchange. For each of them an
// owner's real things are seeded, and the second block checks that another customer, a guest with another holder
// cookie, and staff (the customer procedures are not the box office's) can't read or act on them by id, reference or
// ticket code — NOT_FOUND, never the data — while the owner can.
import { randomInt } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { ZodError } from "zod";
import { beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { HOLDER_COOKIE, newHolderToken, signedHolderToken } from "@/server/api/holder";
import type { AppSession, Role } from "@/server/accounts/roles";
import type { Services } from "@/server/services";
import { ADVERT_EVERYWHERE, NO_PROMO_RESTRICTIONS } from "@/server/programme/schemas";
import {
  accessTokenOf,
  adults,
  createBookingScreening,
  paidOrder,
  withBookingHarness,
  type BookingScreening,
} from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

/**
 * Who may call each procedure: "public"; "signedIn" (any account); "staff", "manager", "admin" (that role or above);
 * "own" (public, but only ever about the caller's own things: see the second block); "own:signedIn" (likewise, for
 * signed-in callers only).
 */
type Access = "public" | "signedIn" | "staff" | "manager" | "admin" | "own" | "own:signedIn";

// Valid-shaped inputs (they pass the procedure's zod schema, so an allowed caller reaches the service) naming things
// that don't exist, or taken already, so that nothing is changed: a made-up id, a ticket type no cinema has, the
// address of an existing account, the slug of an existing film or cinema (read when called: `seeded`).
const NO = "no-such-thing";
const ID_V = { id: NO, version: 1 };
// Valid-shaped dates derived from the real date, years ahead, so that "in the future" stays true as the calendar
// moves on. FIRST_MONDAY is a Monday (a scheduling week starts on one); RUN_END is that week's Sunday.
const FUTURE_YEAR = new Date().getUTCFullYear() + 5;
const JAN_1 = new Date(Date.UTC(FUTURE_YEAR, 0, 1));
const FIRST_MONDAY = new Date(JAN_1.getTime() + ((8 - JAN_1.getUTCDay()) % 7) * 86_400_000).toISOString().slice(0, 10);
const RUN_END = new Date(Date.parse(FIRST_MONDAY) + 6 * 86_400_000).toISOString().slice(0, 10);
const DAY_1 = `${FUTURE_YEAR}-01-01`;
const DAY_2 = `${FUTURE_YEAR}-01-02`;
const AT = `${DAY_1}T10:00`;
const UNTIL = `${FUTURE_YEAR}-02-01T10:00`;
const UUID = "00000000-0000-4000-8000-000000000000";
const TOKEN = "not-a-real-token-0123456789";
const PROMO = { kind: "percent", percentOff: 10, amountOff: null, currency: null, validFrom: AT, validUntil: UNTIL, ...NO_PROMO_RESTRICTIONS, ticketTypes: ["NOSUCHTYPE"], description: "Matrix" };
const FILM = { title: "Matrix", slug: "authorization-matrix-film", tagline: "", synopsis: "x", runtimeMinutes: 90, certificate: "PG", genres: ["Drama"], cast: [], director: "Someone", languages: ["English"], releaseDate: DAY_1, trailerUrl: "", status: "DRAFT", posterUrl: `/media/${"0".repeat(32)}-poster.jpg`, backdropUrl: null };
const ADVERT = { title: "Matrix", body: "", imageUrl: null, linkUrl: "https://example.com/", placement: "HOME_STRIP", startsAt: AT, endsAt: UNTIL, priority: 0, active: true, ...ADVERT_EVERYWHERE, cinemaIds: [NO] };
const PLAN = { name: "Matrix", currency: "GBP", band: "ANY", format: null, bookingFeeAmount: 0, bookingFeeMode: "PER_ORDER", active: true, ticketPrices: [{ ticketType: "ADULT", amount: 1000 }], seatKindSurcharges: [], formatSurcharges: [] };
const SCREENING = { filmId: NO, hallId: NO, pricePlanId: NO, format: "TWO_D", audioLanguage: "English", subtitleLanguage: null, startsAt: AT, onSaleAt: null };
const RUN = { filmId: NO, hallId: NO, pricePlanId: NO, format: "TWO_D", audioLanguage: "English", subtitleLanguage: null, daysOfWeek: [1], times: ["19:00"], fromDate: FIRST_MONDAY, toDate: RUN_END, onSaleAt: null };
const LAYOUT = { gridRows: 1, gridCols: 1, screenPosition: "TOP", seats: [{ gridRow: 0, gridCol: 0, rowLabel: "A", number: 1, kind: "STANDARD", zone: null, blocked: false }] };
const CINEMA = { name: "Matrix", slug: "authorization-matrix", address: "1 Road", city: "Town", postcode: "T1", timeZone: "Europe/London", currency: "GBP" };
const CASH = { amount: 0 };
const PRODUCT = { name: "Matrix", category: "Snacks", description: "", currency: "GBP", priceAmount: 100, imageUrl: null, active: true, sortOrder: 0 };

/**
 * Taken already (beforeAll): creating an account, film, cinema or product with these, or choosing this approval PIN
 * (another manager's), is refused and nothing is written.
 */
const seeded = { email: "", filmSlug: "", cinemaSlug: "", productName: "", managerPin: "" };

/**
 * Each procedure: who may call it, and a valid-shaped input ({} when it takes none or only optional fields; a function
 * when it needs something seeded).
 */
const expectedAccess: Record<string, [Access, unknown?]> = {
  "account.me": ["signedIn"],
  "account.requestPasswordReset": ["public", () => ({ email: uniqueTestEmail("nobody") })],
  "account.resendVerificationCode": ["public", () => ({ email: uniqueTestEmail("nobody") })],
  "account.resetPassword": ["public", () => ({ email: uniqueTestEmail("nobody"), code: "000000", newPassword: "a long enough password" })],
  "account.setManagerPin": ["manager", () => ({ pin: seeded.managerPin })],
  "account.signOutEverywhere": ["signedIn"],
  "account.signUp": ["public", () => ({ name: "Matrix", email: seeded.email, password: "a long enough password" })],
  "account.verifyEmail": ["public", () => ({ email: uniqueTestEmail("nobody"), code: "000000" })],
  "admin.adverts.create": ["admin", ADVERT],
  "admin.adverts.delete": ["admin", ID_V],
  "admin.adverts.list": ["admin"],
  "admin.adverts.pause": ["admin", ID_V],
  "admin.adverts.preShowReel": ["admin", { cinemaId: NO, at: AT }],
  "admin.adverts.resume": ["admin", ID_V],
  "admin.adverts.update": ["admin", { ...ADVERT, ...ID_V }],
  "admin.announcements.create": ["admin", { message: "Matrix", severity: "INFO", cinemaId: NO, startsAt: AT, endsAt: UNTIL }],
  "admin.announcements.delete": ["admin", ID_V],
  "admin.announcements.list": ["staff"],
  "admin.announcements.update": ["admin", { ...ID_V, message: "Matrix", severity: "INFO", cinemaId: null, startsAt: AT, endsAt: UNTIL }],
  "admin.auditFilters": ["admin"],
  "admin.auditLog": ["admin"],
  "admin.concessions.changeStock": ["admin", { mode: "RECEIVE", quantity: 1, note: "Matrix", productId: NO, cinemaId: NO }],
  "admin.concessions.create": ["admin", () => ({ ...PRODUCT, name: seeded.productName })],
  "admin.concessions.list": ["admin"],
  "admin.concessions.update": ["admin", { ...PRODUCT, ...ID_V }],
  "admin.createStaffAccount": ["admin", () => ({ name: "Matrix", email: seeded.email, role: "STAFF" })],
  "admin.disableAccount": ["admin", { userId: NO }],
  "admin.enableAccount": ["admin", { userId: NO }],
  "admin.films.create": ["admin", () => ({ ...FILM, slug: seeded.filmSlug })],
  "admin.films.delete": ["admin", ID_V],
  "admin.films.futureScreenings": ["staff", { id: NO }],
  "admin.films.get": ["staff", { id: NO }],
  "admin.films.list": ["staff"],
  "admin.films.setStatus": ["admin", { ...ID_V, status: "ARCHIVED" }],
  "admin.films.update": ["admin", { ...FILM, ...ID_V }],
  "admin.prices.createPricePlan": ["admin", { ...PLAN, cinemaId: NO }],
  "admin.prices.createTicketType": ["admin", { cinemaId: NO, code: "MATRIX", name: "Matrix", note: "", sortOrder: 50 }],
  "admin.prices.overview": ["staff"],
  "admin.prices.reorderTicketTypes": ["admin", { cinemaId: NO, order: [ID_V] }],
  "admin.prices.setTicketTypeActive": ["admin", { ...ID_V, active: false }],
  "admin.prices.suggestPlan": ["staff", { cinemaId: NO, format: "TWO_D", startsAt: new Date(`${DAY_1}T10:00:00Z`) }],
  "admin.prices.updatePricePlan": ["admin", { ...PLAN, ...ID_V }],
  "admin.prices.updateTicketType": ["admin", { ...ID_V, name: "Matrix", note: "", sortOrder: 50 }],
  "admin.promoCodes.batchCodes": ["admin", { batchId: NO }],
  "admin.promoCodes.create": ["admin", { ...PROMO, code: "MATRIX", maxRedemptions: null }],
  "admin.promoCodes.delete": ["admin", ID_V],
  "admin.promoCodes.generateBatch": ["admin", { ...PROMO, prefix: "MATRIX", count: 1 }],
  "admin.promoCodes.list": ["admin"],
  "admin.promoCodes.setActive": ["admin", { ...ID_V, active: false }],
  "admin.promoCodes.update": ["admin", { ...PROMO, ...ID_V, code: "MATRIX", maxRedemptions: null }],
  "admin.screenings.cancel": ["admin", { ...ID_V, reason: "Matrix" }],
  "admin.screenings.cancellation": ["staff", { screeningId: NO }],
  "admin.screenings.choices": ["staff", { cinemaId: NO }],
  "admin.screenings.create": ["admin", SCREENING],
  "admin.screenings.createRun": ["admin", RUN],
  "admin.screenings.finishCancellation": ["admin", { cancellationId: NO }],
  "admin.screenings.previewRun": ["admin", RUN],
  "admin.screenings.publishWeek": ["admin", { cinemaId: NO, weekStart: FIRST_MONDAY }],
  "admin.screenings.setTiming": ["admin", { cinemaId: NO, hallId: null, preShowMinutes: 10, cleaningMinutes: 10 }],
  "admin.screenings.timing": ["staff", { cinemaId: NO }],
  "admin.screenings.update": ["admin", { ...SCREENING, ...ID_V }],
  "admin.screenings.week": ["staff"],
  "admin.setRole": ["admin", { userId: NO, role: "STAFF" }],
  "admin.users": ["admin"],
  "admin.venues.blockSeats": ["admin", { scope: "screening", screeningId: NO, seatIds: [NO] }],
  "admin.venues.createCinema": ["admin", () => ({ ...CINEMA, slug: seeded.cinemaSlug })],
  "admin.venues.createHall": ["admin", { cinemaId: NO, name: "Matrix", maxSeatsPerOrder: 10, preventSingleGaps: false, layout: LAYOUT }],
  "admin.venues.getCinema": ["staff", { id: NO }],
  "admin.venues.getHall": ["staff", { hallId: NO }],
  "admin.venues.listCinemas": ["staff"],
  "admin.venues.saveHall": ["admin", { hallId: NO, version: 1, name: "Matrix", maxSeatsPerOrder: 10, preventSingleGaps: false, layout: LAYOUT }],
  "admin.venues.seatBlocks": ["staff", { screeningId: NO }],
  "admin.venues.unblockSeats": ["admin", { scope: "screening", screeningId: NO, seatIds: [NO] }],
  "admin.venues.updateCinema": ["admin", { ...CINEMA, ...ID_V }],
  "boxOffice.abandonExchange": ["staff", { exchangeId: NO }],
  "boxOffice.attention": ["staff"],
  "boxOffice.cinemas": ["staff"],
  "boxOffice.completeExchange": ["staff", { exchangeId: NO }],
  "boxOffice.dayOverview": ["staff"],
  "boxOffice.exchangeTargets": ["staff", { orderId: NO }],
  "boxOffice.find": ["staff", { query: "nobody-here@example.test" }],
  "boxOffice.orderDetail": ["staff", { orderId: NO }],
  "boxOffice.prepareExchange": ["staff", { orderId: NO, ticketIds: [NO], toScreeningId: NO }],
  "boxOffice.refund": ["staff", { orderId: NO, reasonCode: "CUSTOMER_REQUEST" }],
  "boxOffice.resolveAttention": ["staff", { orderId: NO, note: "Matrix check" }],
  "boxOffice.retryRefund": ["staff", { refundId: NO }],
  "boxOffice.unmatchedPaymentEvents": ["staff"],
  "concessions.catalogue": ["public", { cinemaId: NO }],
  "concessions.changeStock": ["staff", { mode: "RECEIVE", quantity: 1, note: "Matrix", productId: NO, cinemaId: NO }],
  "concessions.collect": ["staff", { orderId: NO }],
  "concessions.movements": ["staff", { cinemaId: NO }],
  "counter.basket": ["staff", { screeningId: NO }],
  "counter.catalogue": ["staff", { cinemaId: NO }],
  "counter.day": ["staff"],
  "counter.dayChanges": ["staff", { screeningIds: [NO] }],
  "counter.hold": ["staff", { screeningId: NO, seatIds: [NO], requestKey: UUID }],
  "counter.holdBest": ["staff", { screeningId: NO, count: 1, requestKey: UUID }],
  "counter.quote": ["staff"],
  "counter.release": ["staff", { screeningId: NO }],
  "counter.sell": ["staff", { screeningId: NO, tender: { kind: "cash", tendered: 0 }, requestKey: UUID }],
  "door.checkIn": ["staff", { code: "NOSUCHCODE", cinemaId: NO, screeningId: null }],
  "door.counters": ["staff", { screeningIds: [NO] }],
  "door.today": ["staff"],
  "films.adverts": ["public", { placement: "HOME_STRIP" }],
  "films.announcements": ["public"],
  "films.bySlug": ["public", { slug: "no-such-film" }],
  "films.comingSoon": ["public"],
  "films.nowShowing": ["public"],
  "films.search": ["public", { query: "no such film" }],
  "orders.abandonExchange": ["own", { exchangeId: NO }],
  "orders.byReference": ["own", { reference: "NOSUCHREF", token: TOKEN }],
  "orders.cancel": ["own", { orderId: NO }],
  "orders.checkout": ["own", { orderId: NO, ticketTypes: {}, email: "nobody-at-all@example.test" }],
  "orders.confirmExchange": ["own", { exchangeId: NO, token: TOKEN }],
  "orders.current": ["own", { orderId: NO }],
  "orders.exchangeTargets": ["own", { orderId: NO }],
  "orders.mine": ["own:signedIn"],
  "orders.prepareExchange": ["own", { orderId: NO, toScreeningId: NO }],
  "orders.quote": ["own", { orderId: NO, ticketTypes: {} }],
  "orders.requestRefund": ["own", { orderId: NO, token: TOKEN }],
  "orders.ticket": ["own", { code: "NOSUCHCODE" }],
  "printing.recordPrint": ["staff", { reference: "NOSUCHREF", what: "tickets" }],
  "printing.sheet": ["staff", { reference: "NOSUCHREF" }],
  "screenings.byId": ["public", { id: NO }],
  "screenings.filters": ["public"],
  "screenings.list": ["public"],
  "screenings.seatChanges": ["public", { screeningId: NO }],
  "screenings.seatMap": ["own", { screeningId: NO }],
  "screenings.today": ["public"],
  "seats.bestAvailable": ["public", { screeningId: NO, count: 1 }],
  "seats.hold": ["public", { screeningId: NO, seatIds: [NO], requestKey: UUID }],
  "seats.release": ["own", { screeningId: NO }],
  "shifts.close": ["staff", { counted: CASH }],
  "shifts.correct": ["manager", { shiftId: NO, amount: 100, reason: "Matrix" }],
  "shifts.currentShift": ["staff"],
  "shifts.open": ["staff", { tillId: NO, float: CASH }],
  "shifts.recent": ["staff"],
  "shifts.recordCash": ["staff", { kind: "DROP", amount: 100, reason: "Matrix" }],
  "shifts.report": ["staff", { shiftId: NO }],
  "shifts.signOff": ["staff", { shiftId: NO }],
  "shifts.tills": ["staff"],
  "shifts.zReport": ["manager", { cinema: NO, date: FIRST_MONDAY }],
  "system.ping": ["public"],
};

type CallerName = "guest" | "customer" | "otherCustomer" | "staff" | "manager" | "admin";
const CALLERS: CallerName[] = ["guest", "customer", "otherCustomer", "staff", "manager", "admin"];
const roleOf: Record<CallerName, Role | null> = { guest: null, customer: "CUSTOMER", otherCustomer: "CUSTOMER", staff: "STAFF", manager: "MANAGER", admin: "ADMIN" };
const rank: Record<Role, number> = { CUSTOMER: 0, STAFF: 1, MANAGER: 2, ADMIN: 3 };
const minimumRole: Record<Access, Role | null> = { public: null, own: null, signedIn: "CUSTOMER", "own:signedIn": "CUSTOMER", staff: "STAFF", manager: "MANAGER", admin: "ADMIN" };

/** The answer the role check gives this caller: refused with a code, or "PASSES" (the procedure then runs). */
function gateAnswer(access: Access, caller: CallerName): "UNAUTHORIZED" | "FORBIDDEN" | "PASSES" {
  const needed = minimumRole[access];
  const role = roleOf[caller];
  if (needed === null) return "PASSES";
  if (role === null) return "UNAUTHORIZED";
  return rank[role] >= rank[needed] ? "PASSES" : "FORBIDDEN";
}

const procedurePaths = Object.keys(appRouter._def.procedures).sort();
const procedureType = (path: string) => (appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>)[path]!._def.type;

async function callByPath(caller: unknown, path: string, input: unknown): Promise<unknown> {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  const result = await (fn as (input: unknown) => Promise<unknown>)(input);
  // A subscription answers with its stream once its middlewares have passed: close it without reading.
  if (procedureType(path) === "subscription" && result && typeof result === "object" && Symbol.asyncIterator in result) {
    await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().return?.();
  }
  return result;
}

/** "OK", the tRPC error code, or INVALID_INPUT when the input failed the procedure's schema. */
async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.cause instanceof ZodError ? "INVALID_INPUT" : error.code;
    return String(error);
  }
}

/** A guest browser's Cookie header with a holder token of its own. */
const guestCookie = () => `${HOLDER_COOKIE}=${signedHolderToken(newHolderToken())}`;

const clock = createClock();
const h = withBookingHarness({ clock });
/** The app's services, with booking and payments over the harness's in-memory provider (same database and Redis). */
let services: Services;
const sessions = {} as Record<Exclude<CallerName, "guest">, AppSession>;
let guestCookieHeader: string;
/** This file's own client address, so that its calls don't share rate-limit buckets with other files. */
const address = `10.77.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
const callerFor = (name: CallerName, options: { cookie?: string } = {}) =>
  createTestCaller(services, name === "guest" ? null : sessions[name], {
    ip: address,
    cookie: name === "guest" ? (options.cookie ?? guestCookieHeader) : options.cookie,
  });

beforeAll(async () => {
  services = { ...h.services, booking: h.booking, payments: h.payments };
  guestCookieHeader = guestCookie();
  const users = await Promise.all(
    CALLERS.filter((name) => name !== "guest").map(async (name) => [name, (await createTestUser(h.services, { role: roleOf[name]! })).session] as const),
  );
  for (const [name, session] of users) sessions[name as Exclude<CallerName, "guest">] = session;
  const { screeningId } = await createBookingScreening(h.services.db, clock);
  const taken = await h.services.db.screening.findUniqueOrThrow({
    where: { id: screeningId },
    select: { film: { select: { slug: true } }, hall: { select: { cinema: { select: { slug: true } } } } },
  });
  const productName = `Matrix ${crypto.randomUUID()}`;
  await callerFor("admin").admin.concessions.create({ ...PRODUCT, name: productName } as never);
  // Eight random digits: no other test's PIN, so the callers' attempts to take it are refused without touching theirs.
  const managerPin = String(randomInt(10_000_000, 100_000_000));
  const { session: pinHolder } = await createTestUser(h.services, { role: "MANAGER" });
  await h.services.approvals.setManagerPin({ actor: pinHolder.user, pin: managerPin });
  Object.assign(seeded, { email: sessions.customer.user.email, filmSlug: taken.film.slug, cinemaSlug: taken.hall.cinema.slug, productName, managerPin });
});

describe("the table", () => {
  it("classifies every procedure of the router, and nothing else", () => {
    expect(procedurePaths.filter((path) => !(path in expectedAccess))).toEqual([]);
    expect(Object.keys(expectedAccess).filter((path) => !procedurePaths.includes(path))).toEqual([]);
  });
});

describe("every procedure × every caller", () => {
  for (const path of procedurePaths) {
    it(`${path}`, async () => {
      const entry = expectedAccess[path];
      if (!entry) throw new Error(`${path} is missing from the authorization table: classify it`);
      const [access, given = {}] = entry;
      const input = typeof given === "function" ? (given as () => unknown)() : given;
      const answers: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const caller of CALLERS) {
        const code = await codeOf(callByPath(callerFor(caller), path, input));
        const gate = gateAnswer(access, caller);
        expected[caller] = gate === "PASSES" ? "past the role check" : gate;
        // Past the role check the service answers (OK, NOT_FOUND, a domain refusal…): never a refusal by role, never a
        // 500, and never a schema failure (the table's input must be valid, so that the service is reached).
        const reachedService = !["UNAUTHORIZED", "FORBIDDEN", "INTERNAL_SERVER_ERROR", "INVALID_INPUT"].includes(code);
        answers[caller] = gate === "PASSES" && reachedService ? "past the role check" : code;
      }
      expect(answers).toEqual(expected);
    });
  }
});

describe("a customer's own things", () => {
  const tried = new Set<string>();
  let screening: BookingScreening;
  let seatCursor = 0;
  const nextSeat = () => `${String.fromCharCode(65 + Math.floor(seatCursor / 8))}${(seatCursor++ % 8) + 1}`;

  beforeAll(async () => {
    screening = await createBookingScreening(h.services.db, clock);
  });

  /** Everyone who isn't the owner gets NOT_FOUND, exactly as for something that doesn't exist. */
  const outsiders: CallerName[] = ["guest", "otherCustomer", "staff", "manager", "admin"];
  async function outsidersRefused(path: string, input: unknown, options: { owner?: CallerName } = {}) {
    tried.add(path);
    // The outsider guest comes with a holder cookie of their own; for a guest's things the customer is an outsider too.
    const refused: CallerName[] = options.owner === "guest" ? [...outsiders, "customer"] : outsiders;
    const answers: Record<string, string> = {};
    for (const caller of refused) {
      const code = await codeOf(callByPath(callerFor(caller, { cookie: guestCookie() }), path, input));
      answers[caller] = code;
    }
    expect(answers).toEqual(Object.fromEntries(refused.map((caller) => [caller, "NOT_FOUND"])));
  }

  /** A basket of one seat held through seats.hold by `owner` (the signed-in customer, or the guest with their cookie). */
  async function basketOf(owner: "customer" | "guest") {
    const seat = nextSeat();
    const caller = callerFor(owner);
    const held = await caller.seats.hold({ screeningId: screening.screeningId, seatIds: screening.seats(seat), requestKey: crypto.randomUUID() });
    return { seat, orderId: held.orderId, caller };
  }

  for (const owner of ["customer", "guest"] as const) {
    it(`a ${owner}'s basket: nobody else can see, price, check out, cancel or release it`, async () => {
      const { seat, orderId, caller } = await basketOf(owner);
      const ticketTypes = adults(screening, seat);
      await outsidersRefused("orders.current", { orderId }, { owner });
      await outsidersRefused("orders.quote", { orderId, ticketTypes }, { owner });
      await outsidersRefused("orders.checkout", { orderId, ticketTypes, email: "someone-else@example.test" }, { owner });
      await outsidersRefused("orders.cancel", { orderId }, { owner });
      // Releasing "their" seats finds no basket of theirs: the owner's hold stays.
      tried.add("seats.release");
      for (const caller of ["otherCustomer", "staff"] as const) {
        await expect(callerFor(caller).seats.release({ screeningId: screening.screeningId, seatIds: screening.seats(seat) })).resolves.toEqual({ released: [] });
      }
      await expect(callerFor("guest", { cookie: guestCookie() }).seats.release({ screeningId: screening.screeningId })).resolves.toEqual({ released: [] });
      // The seat map is everyone's, but only the owner's shows the seat as theirs and names their basket.
      tried.add("screenings.seatMap");
      for (const caller of [...outsiders, ...(owner === "guest" ? (["customer"] as const) : [])]) {
        const map = await callerFor(caller, { cookie: guestCookie() }).screenings.seatMap({ screeningId: screening.screeningId });
        expect(map.orderId).not.toBe(orderId);
        expect(map.seats.find((s) => s.id === screening.seat(seat))).toMatchObject({ state: "held", mine: false });
      }
      const ownMap = await caller.screenings.seatMap({ screeningId: screening.screeningId });
      expect(ownMap.orderId).toBe(orderId);
      expect(ownMap.seats.find((s) => s.id === screening.seat(seat))).toMatchObject({ state: "held", mine: true });

      const order = await h.services.db.order.findUniqueOrThrow({ where: { id: orderId }, select: { status: true, email: true, checkoutStartedAt: true } });
      expect(order).toMatchObject({ status: "PENDING", checkoutStartedAt: null });
      expect(order.email).not.toBe("someone-else@example.test");

      // The owner can do each of them.
      await expect(caller.orders.current({ orderId })).resolves.toMatchObject({ orderId, state: "open" });
      await expect(caller.orders.quote({ orderId, ticketTypes })).resolves.toMatchObject({ orderId, total: expect.any(Number) });
      await expect(caller.orders.checkout({ orderId, ticketTypes, email: `${owner}-${orderId}@example.test` })).resolves.toMatchObject({ orderId });
      await expect(caller.orders.cancel({ orderId })).resolves.toMatchObject({ status: "CANCELLED" });
      const other = await basketOf(owner);
      await expect(other.caller.seats.release({ screeningId: screening.screeningId, seatIds: screening.seats(other.seat) })).resolves.toEqual({
        released: screening.seats(other.seat),
      });
    });
  }

  it("a paid order, its tickets and its refund: only the owner (by account, or a guest by the link's token) reaches them", async () => {
    const customerId = sessions.customer.user.id;
    const mine = await paidOrder(h, screening, [nextSeat()], { userId: customerId });
    const ticket = await h.services.db.ticket.findFirstOrThrow({ where: { orderId: mine.orderId, status: "SOLD" }, select: { code: true } });
    const guests = await paidOrder(h, screening, [nextSeat()]);
    const guestToken = accessTokenOf(guests.result.orderPath);
    const guestTicket = await h.services.db.ticket.findFirstOrThrow({ where: { orderId: guests.orderId, status: "SOLD" }, select: { code: true } });
    // A made-up token of the right shape is no key to the order.
    const wrongToken = newHolderToken();

    await outsidersRefused("orders.byReference", { reference: mine.reference });
    await outsidersRefused("orders.ticket", { code: ticket.code });
    await outsidersRefused("orders.byReference", { reference: guests.reference, token: wrongToken });
    await outsidersRefused("orders.ticket", { code: guestTicket.code, token: wrongToken });
    tried.add("orders.mine");
    const othersOrders = await callerFor("otherCustomer").orders.mine();
    expect(JSON.stringify(othersOrders)).not.toContain(mine.reference);
    expect(await codeOf(callerFor("guest").orders.mine())).toBe("UNAUTHORIZED");

    const owner = callerFor("customer");
    await expect(owner.orders.byReference({ reference: mine.reference })).resolves.toMatchObject({ reference: mine.reference });
    await expect(owner.orders.ticket({ code: ticket.code })).resolves.toBeTruthy();
    expect(JSON.stringify(await owner.orders.mine())).toContain(mine.reference);
    const guestOwner = callerFor("guest", { cookie: guestCookie() });
    await expect(guestOwner.orders.byReference({ reference: guests.reference, token: guestToken })).resolves.toMatchObject({ reference: guests.reference });
    await expect(guestOwner.orders.ticket({ code: guestTicket.code, token: guestToken })).resolves.toBeTruthy();

    // The refund: nobody else can ask for it (nothing is written), the owner can.
    await outsidersRefused("orders.requestRefund", { orderId: mine.orderId });
    await outsidersRefused("orders.requestRefund", { orderId: guests.orderId, token: wrongToken });
    expect(await h.services.db.refund.count({ where: { orderId: { in: [mine.orderId, guests.orderId] } } })).toBe(0);
    await expect(owner.orders.requestRefund({ orderId: mine.orderId })).resolves.toBeTruthy();
    await expect(guestOwner.orders.requestRefund({ orderId: guests.orderId, token: guestToken })).resolves.toBeTruthy();
    expect(await h.services.db.refund.count({ where: { orderId: { in: [mine.orderId, guests.orderId] } } })).toBe(2);
    // The refunded order's page still answers only its owner.
    await outsidersRefused("orders.byReference", { reference: mine.reference });
  });

  it("an exchange of a paid order: nobody else can list targets, prepare, confirm or abandon it", async () => {
    const target = await createBookingScreening(h.services.db, clock, { startsInMinutes: 3 * 24 * 60 });
    await h.services.db.hall.update({ where: { id: target.hallId }, data: { cinemaId: screening.cinemaId } });
    await h.services.db.pricePlan.update({ where: { id: target.pricePlanId }, data: { cinemaId: screening.cinemaId } });
    const mine = await paidOrder(h, screening, [nextSeat()], { userId: sessions.customer.user.id });
    const owner = callerFor("customer");

    await outsidersRefused("orders.exchangeTargets", { orderId: mine.orderId });
    await outsidersRefused("orders.prepareExchange", { orderId: mine.orderId, toScreeningId: target.screeningId });
    expect((await owner.orders.exchangeTargets({ orderId: mine.orderId })).map((t) => t.id)).toContain(target.screeningId);
    const quote = await owner.orders.prepareExchange({ orderId: mine.orderId, toScreeningId: target.screeningId });
    await outsidersRefused("orders.confirmExchange", { exchangeId: quote.exchangeId });
    await outsidersRefused("orders.abandonExchange", { exchangeId: quote.exchangeId });
    expect((await h.services.db.order.findUniqueOrThrow({ where: { id: mine.orderId } })).status).toBe("PAID");
    await expect(owner.orders.abandonExchange({ exchangeId: quote.exchangeId })).resolves.toBeUndefined();
    const again = await owner.orders.prepareExchange({ orderId: mine.orderId, toScreeningId: target.screeningId });
    await expect(owner.orders.confirmExchange({ exchangeId: again.exchangeId })).resolves.toMatchObject({ orderId: expect.any(String) });
  });

  // Runs last; it fails too when a test above stopped before reaching some procedure.
  it("has tried every procedure the table marks as the caller's own", () => {
    const own = Object.entries(expectedAccess).filter(([, [access]]) => access.startsWith("own")).map(([path]) => path);
    expect([...tried].sort()).toEqual(own.sort());
  });
});

// What the role check lets through, for a few procedures per area: staff read, admins' bad values are refused with a
// message for the field before anything runs, and a clerk's sale asks for an open shift.
describe("past the role check", () => {
  it("the counter procedures: staff sell, and a clerk without an open shift is told to open one", async () => {
    const clerk = callerFor("staff");
    await expect(clerk.counter.day()).resolves.toMatchObject({ shift: null, screenings: expect.any(Array) });
    await expect(
      clerk.counter.sell({ concessions: [{ productId: "nothing", quantity: 1 }], tender: { kind: "cash", tendered: 100 }, requestKey: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("Open a shift") });
  });

  it("the announcement procedures: staff read the list, only admins change announcements", async () => {
    const staff = callerFor("staff");
    await expect(staff.admin.announcements.list({})).resolves.toMatchObject({ announcements: expect.any(Array) });
    // An admin's bad value is refused by the shared schema with a message for its field, before anything runs.
    const admin = callerFor("admin");
    await expect(
      admin.admin.announcements.create({ message: "", severity: "INFO", cinemaId: null, startsAt: AT, endsAt: `${DAY_1}T09:00` }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Write the announcement") });
  });

  it("the advert procedures: only admins, and a bad value is refused naming its field", async () => {
    const staff = callerFor("staff");
    await expect(staff.admin.adverts.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = callerFor("admin");
    await expect(admin.admin.adverts.list({})).resolves.toMatchObject({ adverts: expect.any(Array) });
    await expect(
      admin.admin.adverts.create({
        title: "Members' week",
        body: "",
        imageUrl: null,
        linkUrl: "javascript:alert(1)",
        placement: "HOME_STRIP",
        startsAt: AT,
        endsAt: `${DAY_2}T10:00`,
        priority: 0,
        active: true,
        ...ADVERT_EVERYWHERE,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("starting with https://") });
  });

  it("the scheduler's procedures: staff read the week, only admins schedule, publish and cancel", async () => {
    const staff = callerFor("staff");
    // Staff get past the role check (an empty database has no cinema to show: BAD_REQUEST, not FORBIDDEN).
    expect(["OK", "BAD_REQUEST"]).toContain(await codeOf(staff.admin.screenings.week({})));
    await expect(staff.admin.screenings.publishWeek({ cinemaId: "c", weekStart: FIRST_MONDAY })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("the price procedures: staff read prices, only admins change them, a negative price is refused", async () => {
    const staff = callerFor("staff");
    await expect(staff.admin.prices.overview({})).resolves.toMatchObject({ cinemas: expect.any(Array) });
    await expect(
      staff.admin.prices.createTicketType({ cinemaId: "c1", code: "MEMBER", name: "Member", note: "", sortOrder: 50 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = callerFor("admin");
    await expect(
      admin.admin.prices.createPricePlan({
        cinemaId: "c1",
        name: "Refused",
        currency: "GBP",
        band: "ANY",
        format: null,
        bookingFeeAmount: -1,
        bookingFeeMode: "PER_ORDER",
        active: true,
        ticketPrices: [{ ticketType: "ADULT", amount: 1000 }],
        seatKindSurcharges: [],
        formatSurcharges: [],
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("can't be negative") });
  });

  it("the promo code procedures: only admins, staff included, may read or change codes", async () => {
    const staff = callerFor("staff");
    await expect(staff.admin.promoCodes.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = callerFor("admin");
    await expect(admin.admin.promoCodes.list({})).resolves.toMatchObject({ promoCodes: expect.any(Array) });
    await expect(
      admin.admin.promoCodes.create({
        code: "AUTH10",
        description: "Refused",
        kind: "percent",
        percentOff: 150,
        amountOff: null,
        currency: null,
        validFrom: AT,
        validUntil: UNTIL,
        maxRedemptions: null,
        ...NO_PROMO_RESTRICTIONS,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("percentage from 1 to 100") });
    await expect(
      admin.admin.promoCodes.generateBatch({
        prefix: "X",
        count: 5001,
        description: "Too many",
        kind: "percent",
        percentOff: 10,
        amountOff: null,
        currency: null,
        validFrom: AT,
        validUntil: UNTIL,
        ...NO_PROMO_RESTRICTIONS,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 5000 codes") });
  });

  it("the venue procedures: staff read cinemas, halls and seat blocks, only admins change them", async () => {
    const staff = callerFor("staff");
    await expect(staff.admin.venues.listCinemas()).resolves.toEqual(expect.any(Array));
    const admin = callerFor("admin");
    await expect(
      admin.admin.venues.createCinema({ name: "Nowhere", slug: "nowhere", address: "1 Road", city: "Town", postcode: "T1", timeZone: "Mars/Olympus", currency: "GBP" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("IANA time zone") });
  });

  it("the film procedures: staff read the list and a film, only admins change films", async () => {
    const staff = callerFor("staff");
    await expect(staff.admin.films.list({})).resolves.toMatchObject({ films: expect.any(Array) });
    const admin = callerFor("admin");
    await expect(
      admin.admin.films.create({
        title: "Refused",
        slug: "Not A Slug",
        tagline: "",
        synopsis: "x",
        runtimeMinutes: 90,
        certificate: "PG",
        genres: ["Drama"],
        cast: [],
        director: "Someone",
        languages: ["English"],
        releaseDate: DAY_1,
        trailerUrl: "http://example.com/trailer",
        status: "DRAFT",
        posterUrl: "https://elsewhere.example/poster.jpg",
        backdropUrl: null,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("https://") });
  });

  it("lets staff read the box office day and admins read people", async () => {
    const staff = callerFor("staff");
    await expect(staff.boxOffice.dayOverview({})).resolves.toMatchObject({ screenings: expect.any(Array) });
    const admin = callerFor("admin");
    await expect(admin.admin.users({})).resolves.toMatchObject({ users: expect.any(Array) });
    await expect(admin.admin.auditLog({})).resolves.toMatchObject({ entries: expect.any(Array) });
    await expect(admin.admin.auditFilters()).resolves.toMatchObject({ entityTypes: expect.any(Array), actors: expect.any(Array) });
    await expect(admin.boxOffice.cinemas()).resolves.toEqual(expect.any(Array));
  });

  it("rejects bad input with BAD_REQUEST and a readable message", async () => {
    const staff = callerFor("staff");
    await expect(staff.boxOffice.dayOverview({ date: "27/11/2026" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Use a date like 2026-11-27"),
    });
    await expect(staff.boxOffice.resolveAttention({ orderId: "some-order", note: "ok" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("Say what was done"),
    });
    await expect(staff.boxOffice.retryRefund({ refundId: "no-such-refund" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.attention()).resolves.toEqual(expect.any(Array));
    await expect(staff.boxOffice.unmatchedPaymentEvents()).resolves.toEqual(expect.any(Array));
  });

  it("lets staff find bookings, refund and exchange (the manager rule is the module's, by PIN or role)", async () => {
    const staff = callerFor("staff");
    await expect(staff.boxOffice.find({ query: "nobody-here@example.test" })).resolves.toEqual({ kind: "email", results: [] });
    await expect(staff.boxOffice.orderDetail({ orderId: "no-such-order" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.refund({ orderId: "no-such-order", reasonCode: "CUSTOMER_REQUEST" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.refund({ orderId: "o", reasonCode: "BECAUSE" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff.boxOffice.completeExchange({ exchangeId: "no-such-exchange" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.exchangeTargets({ orderId: "no-such-order" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
