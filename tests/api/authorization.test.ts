import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { type AppSession, hasRole, type Role } from "@/server/accounts/roles";
import { createTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";
import { ADVERT_EVERYWHERE, NO_PROMO_RESTRICTIONS } from "@/server/programme/schemas";

// Every procedure under these routers must refuse anyone below the role, whatever its input. The list is read from
// the router itself, so a procedure added later is covered without touching this file. Where prefixes overlap, the
// longest one decides (staff may read the announcements list; changing announcements is for admins).
const protectedAreas: { prefix: string; role: Role }[] = [
  { prefix: "boxOffice.", role: "STAFF" },
  // The door and printing (issue 11): every staff member checks in and prints.
  { prefix: "door.", role: "STAFF" },
  { prefix: "printing.", role: "STAFF" },
  { prefix: "admin.", role: "ADMIN" },
  { prefix: "admin.announcements.list", role: "STAFF" },
  // Staff read cinemas, halls and seat blocks; changing them is for admins.
  { prefix: "admin.venues.listCinemas", role: "STAFF" },
  { prefix: "admin.venues.getCinema", role: "STAFF" },
  { prefix: "admin.venues.getHall", role: "STAFF" },
  { prefix: "admin.venues.seatBlocks", role: "STAFF" },
  // The scheduler: staff read the week, its choices, timing and a cancellation's progress; admins change.
  { prefix: "admin.screenings.week", role: "STAFF" },
  { prefix: "admin.screenings.choices", role: "STAFF" },
  { prefix: "admin.screenings.cancellation", role: "STAFF" },
  { prefix: "admin.screenings.timing", role: "STAFF" },
  { prefix: "admin.prices.overview", role: "STAFF" },
  { prefix: "admin.prices.suggestPlan", role: "STAFF" },
  { prefix: "admin.films.list", role: "STAFF" },
  { prefix: "admin.films.get", role: "STAFF" },
  { prefix: "admin.films.futureScreenings", role: "STAFF" },
  // Concessions: staff restock and read movements; the catalogue is public (the web checkout's add-ons).
  { prefix: "concessions.movements", role: "STAFF" },
  { prefix: "concessions.changeStock", role: "STAFF" },
  { prefix: "concessions.collect", role: "STAFF" },
  // Shifts: clerks run their own; corrections and the Z report are for managers, and so is setting an approval PIN.
  { prefix: "shifts.", role: "STAFF" },
  { prefix: "shifts.correct", role: "MANAGER" },
  { prefix: "shifts.zReport", role: "MANAGER" },
  { prefix: "account.setManagerPin", role: "MANAGER" },
  // The sale screen: every counter procedure is staff (a comp or an override asks for a manager inside the sale).
  { prefix: "counter.", role: "STAFF" },
];

const procedurePaths = Object.keys(appRouter._def.procedures);

/** The role a procedure needs: the longest matching prefix's, or null for a public one. */
function requiredRole(path: string): Role | null {
  const matches = protectedAreas.filter((area) => path.startsWith(area.prefix));
  return matches.sort((a, b) => b.prefix.length - a.prefix.length)[0]?.role ?? null;
}
const protectedPaths = procedurePaths.filter((path) => requiredRole(path) !== null);

function sessionFor(role: Role): AppSession {
  return { user: { id: `user-${role.toLowerCase()}`, email: `${role.toLowerCase()}@example.test`, name: role, role } };
}

async function callByPath(caller: unknown, path: string, input: unknown) {
  const fn = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller);
  return (fn as (input: unknown) => Promise<unknown>)(input);
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    return error instanceof TRPCError ? error.code : String(error);
  }
}

describe("procedure ladder", () => {
  let services: Awaited<ReturnType<typeof createTestServices>>;
  beforeAll(async () => {
    services = await createTestServices();
  });
  afterAll(async () => {
    await services.dispose();
  });

  it("finds the protected procedures", () => {
    for (const area of protectedAreas) {
      expect(protectedPaths.filter((p) => p.startsWith(area.prefix)).length).toBeGreaterThan(0);
    }
  });

  for (const path of protectedPaths) {
    const role = requiredRole(path) as Role;
    it(`${path} refuses signed-out callers with UNAUTHORIZED`, async () => {
      const caller = createTestCaller(services, null);
      expect(await codeOf(callByPath(caller, path, {}))).toBe("UNAUTHORIZED");
    });

    const below = (["CUSTOMER", "STAFF", "MANAGER", "ADMIN"] as Role[]).filter((candidate) => !hasRole({ role: candidate }, role));
    for (const candidate of below) {
      it(`${path} refuses a ${candidate.toLowerCase()} with FORBIDDEN`, async () => {
        const caller = createTestCaller(services, sessionFor(candidate));
        expect(await codeOf(callByPath(caller, path, {}))).toBe("FORBIDDEN");
      });
    }
  }

  it("covers the counter procedures: staff sell, and a clerk without an open shift is told to open one", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("counter."));
    expect(paths.sort()).toEqual([
      "counter.basket",
      "counter.catalogue",
      "counter.day",
      "counter.dayChanges",
      "counter.hold",
      "counter.holdBest",
      "counter.quote",
      "counter.release",
      "counter.sell",
    ]);
    const { session } = await createTestUser(services, { role: "STAFF" });
    const clerk = createTestCaller(services, session);
    await expect(clerk.counter.day()).resolves.toMatchObject({ shift: null, screenings: expect.any(Array) });
    await expect(
      clerk.counter.sell({ concessions: [{ productId: "nothing", quantity: 1 }], tender: { kind: "cash", tendered: 100 }, requestKey: crypto.randomUUID() }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringContaining("Open a shift") });
  });

  it("covers the announcement procedures: staff read the list, only admins change announcements", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.announcements."));
    expect(paths.sort()).toEqual(["admin.announcements.create", "admin.announcements.delete", "admin.announcements.list", "admin.announcements.update"]);
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(
      paths.map((path) => [path, path === "admin.announcements.list" ? "STAFF" : "ADMIN"]),
    );
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.admin.announcements.list({})).resolves.toMatchObject({ announcements: expect.any(Array) });
    // An admin's bad value is refused by the shared schema with a message for its field, before anything runs.
    const admin = createTestCaller(services, sessionFor("ADMIN"));
    await expect(
      admin.admin.announcements.create({ message: "", severity: "INFO", cinemaId: null, startsAt: "2031-01-01T10:00", endsAt: "2031-01-01T09:00" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("Write the announcement") });
  });

  it("covers the advert procedures: only admins, and a bad value is refused naming its field", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.adverts."));
    expect(paths.sort()).toEqual([
      "admin.adverts.create",
      "admin.adverts.delete",
      "admin.adverts.list",
      "admin.adverts.pause",
      "admin.adverts.preShowReel",
      "admin.adverts.resume",
      "admin.adverts.update",
    ]);
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, "ADMIN"]));
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.admin.adverts.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = createTestCaller(services, sessionFor("ADMIN"));
    await expect(admin.admin.adverts.list({})).resolves.toMatchObject({ adverts: expect.any(Array) });
    await expect(
      admin.admin.adverts.create({
        title: "Members' week",
        body: "",
        imageUrl: null,
        linkUrl: "javascript:alert(1)",
        placement: "HOME_STRIP",
        startsAt: "2031-01-01T10:00",
        endsAt: "2031-01-02T10:00",
        priority: 0,
        active: true,
        ...ADVERT_EVERYWHERE,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("starting with https://") });
  });

  it("covers the scheduler's procedures: staff read the week, only admins schedule, publish and cancel", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.screenings."));
    const staffReads = ["admin.screenings.cancellation", "admin.screenings.choices", "admin.screenings.timing", "admin.screenings.week"];
    expect(paths.sort()).toEqual(
      [
        ...staffReads,
        "admin.screenings.cancel",
        "admin.screenings.create",
        "admin.screenings.createRun",
        "admin.screenings.finishCancellation",
        "admin.screenings.previewRun",
        "admin.screenings.publishWeek",
        "admin.screenings.setTiming",
        "admin.screenings.update",
      ].sort(),
    );
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, staffReads.includes(path) ? "STAFF" : "ADMIN"]));
    const staff = createTestCaller(services, sessionFor("STAFF"));
    // Staff get past the role check (an empty database has no cinema to show: BAD_REQUEST, not FORBIDDEN).
    expect(["OK", "BAD_REQUEST"]).toContain(await codeOf(staff.admin.screenings.week({})));
    await expect(staff.admin.screenings.publishWeek({ cinemaId: "c", weekStart: "2031-01-06" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("covers the price procedures: staff read prices, only admins change them, a negative price is refused", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.prices."));
    expect(paths.sort()).toEqual([
      "admin.prices.createPricePlan",
      "admin.prices.createTicketType",
      "admin.prices.overview",
      "admin.prices.reorderTicketTypes",
      "admin.prices.setTicketTypeActive",
      "admin.prices.suggestPlan",
      "admin.prices.updatePricePlan",
      "admin.prices.updateTicketType",
    ]);
    const staffReads = ["admin.prices.overview", "admin.prices.suggestPlan"];
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, staffReads.includes(path) ? "STAFF" : "ADMIN"]));
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.admin.prices.overview({})).resolves.toMatchObject({ cinemas: expect.any(Array) });
    await expect(
      staff.admin.prices.createTicketType({ cinemaId: "c1", code: "MEMBER", name: "Member", note: "", sortOrder: 50 }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = createTestCaller(services, sessionFor("ADMIN"));
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

  it("covers the promo code procedures: only admins, staff included, may read or change codes", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.promoCodes."));
    expect(paths.sort()).toEqual([
      "admin.promoCodes.batchCodes",
      "admin.promoCodes.create",
      "admin.promoCodes.delete",
      "admin.promoCodes.generateBatch",
      "admin.promoCodes.list",
      "admin.promoCodes.setActive",
      "admin.promoCodes.update",
    ]);
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, "ADMIN"]));
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.admin.promoCodes.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    const admin = createTestCaller(services, sessionFor("ADMIN"));
    await expect(admin.admin.promoCodes.list({})).resolves.toMatchObject({ promoCodes: expect.any(Array) });
    await expect(
      admin.admin.promoCodes.create({
        code: "AUTH10",
        description: "Refused",
        kind: "percent",
        percentOff: 150,
        amountOff: null,
        currency: null,
        validFrom: "2031-01-01T10:00",
        validUntil: "2031-02-01T10:00",
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
        validFrom: "2031-01-01T10:00",
        validUntil: "2031-02-01T10:00",
        ...NO_PROMO_RESTRICTIONS,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("at most 5000 codes") });
  });

  it("covers the venue procedures: staff read cinemas, halls and seat blocks, only admins change them", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.venues.")).sort();
    expect(paths).toEqual([
      "admin.venues.blockSeats",
      "admin.venues.createCinema",
      "admin.venues.createHall",
      "admin.venues.getCinema",
      "admin.venues.getHall",
      "admin.venues.listCinemas",
      "admin.venues.saveHall",
      "admin.venues.seatBlocks",
      "admin.venues.unblockSeats",
      "admin.venues.updateCinema",
    ]);
    const reads = ["admin.venues.getCinema", "admin.venues.getHall", "admin.venues.listCinemas", "admin.venues.seatBlocks"];
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, reads.includes(path) ? "STAFF" : "ADMIN"]));
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.admin.venues.listCinemas()).resolves.toEqual(expect.any(Array));
    const admin = createTestCaller(services, sessionFor("ADMIN"));
    await expect(
      admin.admin.venues.createCinema({ name: "Nowhere", slug: "nowhere", address: "1 Road", city: "Town", postcode: "T1", timeZone: "Mars/Olympus", currency: "GBP" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("IANA time zone") });
  });

  it("covers the film procedures: staff read the list and a film, only admins change films", async () => {
    const paths = procedurePaths.filter((path) => path.startsWith("admin.films."));
    expect(paths.sort()).toEqual([
      "admin.films.create",
      "admin.films.delete",
      "admin.films.futureScreenings",
      "admin.films.get",
      "admin.films.list",
      "admin.films.setStatus",
      "admin.films.update",
    ]);
    const reads = ["admin.films.futureScreenings", "admin.films.get", "admin.films.list"];
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, reads.includes(path) ? "STAFF" : "ADMIN"]));
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.admin.films.list({})).resolves.toMatchObject({ films: expect.any(Array) });
    const admin = createTestCaller(services, sessionFor("ADMIN"));
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
        releaseDate: "2031-01-01",
        trailerUrl: "http://example.com/trailer",
        status: "DRAFT",
        posterUrl: "https://elsewhere.example/poster.jpg",
        backdropUrl: null,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("https://") });
  });

  it("lets staff read the box office day and admins read people", async () => {
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.boxOffice.dayOverview({})).resolves.toMatchObject({ screenings: expect.any(Array) });
    const admin = createTestCaller(services, sessionFor("ADMIN"));
    await expect(admin.admin.users({})).resolves.toMatchObject({ users: expect.any(Array) });
    await expect(admin.admin.auditLog({})).resolves.toMatchObject({ entries: expect.any(Array) });
    await expect(admin.admin.auditFilters()).resolves.toMatchObject({ entityTypes: expect.any(Array), actors: expect.any(Array) });
    await expect(admin.boxOffice.cinemas()).resolves.toEqual(expect.any(Array));
  });

  it("rejects bad input with BAD_REQUEST and a readable message", async () => {
    const staff = createTestCaller(services, sessionFor("STAFF"));
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
    const staff = createTestCaller(services, sessionFor("STAFF"));
    await expect(staff.boxOffice.find({ query: "nobody-here@example.test" })).resolves.toEqual({ kind: "email", results: [] });
    await expect(staff.boxOffice.orderDetail({ orderId: "no-such-order" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.refund({ orderId: "no-such-order", reasonCode: "CUSTOMER_REQUEST" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.refund({ orderId: "o", reasonCode: "BECAUSE" as never })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(staff.boxOffice.completeExchange({ exchangeId: "no-such-exchange" })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(staff.boxOffice.exchangeTargets({ orderId: "no-such-order" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("shift procedures", () => {
  it("lets staff run their own shift and keeps corrections, the Z report and approval PINs for managers", () => {
    const paths = procedurePaths.filter((path) => path.startsWith("shifts."));
    const managers = ["shifts.correct", "shifts.zReport"];
    expect(paths.length).toBeGreaterThanOrEqual(8);
    expect(paths.map((path) => [path, requiredRole(path)])).toEqual(paths.map((path) => [path, managers.includes(path) ? "MANAGER" : "STAFF"]));
    expect(requiredRole("account.setManagerPin")).toBe("MANAGER");
  });
});
