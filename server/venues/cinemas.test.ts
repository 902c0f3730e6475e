// Cinemas and new halls against the real database: the shared schema's refusals, slug uniqueness, the version check
// and the audit trail; a new hall starts at layout version 1, which currentLayoutId then names.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAppError } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";
import { CINEMA_CONFLICT_MESSAGE, currentLayoutId } from "@/server/venues";
import { cinemaFormSchema, type CinemaFormValues } from "@/server/venues/schemas";

const services = withTestServices();
let adminId: string;

beforeAll(async () => {
  adminId = (await createTestUser(services, { role: "ADMIN" })).user.id;
});

function values(overrides: Partial<CinemaFormValues> = {}): CinemaFormValues {
  const tag = randomBytes(4).toString("hex");
  return { name: `Venue ${tag}`, slug: `venue-${tag}`, address: "1 Reel Street", city: "York", postcode: "YO1 1AA", timeZone: "Europe/London", currency: "EUR", ...overrides };
}

describe("cinemas", () => {
  it("validates with the form's schema: IANA zone, ISO currency, slug shape", () => {
    const result = cinemaFormSchema.safeParse(values({ timeZone: "Mars/Olympus", currency: "eur", slug: "Bad Slug" }));
    expect(result.success).toBe(false);
    const byField = Object.fromEntries(result.error!.issues.map((issue) => [issue.path[0], issue.message]));
    expect(byField).toMatchObject({
      timeZone: "Enter an IANA time zone such as Europe/London",
      currency: "Enter a three-letter ISO currency code such as GBP",
      slug: "Lower-case letters, digits and single dashes only",
    });
    expect(cinemaFormSchema.safeParse(values({ timeZone: "America/Argentina/Buenos_Aires" })).success).toBe(true);
  });

  it("creates, edits with a version check, refuses a taken slug, and audits each change", async () => {
    const created = await services.venues.createCinema({ ...values(), actorId: adminId });
    expect(created).toMatchObject({ version: 1, currency: "EUR" });
    const taken = await expectAppError(services.venues.createCinema({ ...values({ slug: created.slug }), actorId: adminId }), "CONFLICT", "SLUG_TAKEN");
    expect(taken.details?.field).toBe("slug");

    const edited = await services.venues.updateCinema({ ...values({ slug: created.slug, name: "Renamed" }), id: created.id, version: 1, actorId: adminId });
    expect(edited).toMatchObject({ name: "Renamed", version: 2 });
    const stale = await expectAppError(
      services.venues.updateCinema({ ...values({ slug: created.slug, name: "Lost" }), id: created.id, version: 1, actorId: adminId }),
      "CONFLICT",
    );
    expect(stale.message).toBe(CINEMA_CONFLICT_MESSAGE);
    expect((await services.venues.getCinema(created.id)).name).toBe("Renamed");

    const audit = await services.db.auditLog.findMany({ where: { entityId: created.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["cinema.created", "cinema.updated"]);
    expect(audit[1]!.details).toMatchObject({ before: { name: created.name, version: 1 }, after: { name: "Renamed", version: 2 } });
  });

  it("creates a hall at layout version 1, refuses an invalid layout, and new screenings get its current layout", async () => {
    const cinema = await services.venues.createCinema({ ...values(), actorId: adminId });
    const seat = (gridCol: number, kind: "STANDARD" | "WHEELCHAIR" | "COMPANION" = "STANDARD") => ({
      gridRow: 0,
      gridCol,
      rowLabel: "A",
      number: gridCol + 1,
      kind,
      zone: null,
      blocked: false,
    });
    const base = { actorId: adminId, cinemaId: cinema.id, name: "Screen 1", maxSeatsPerOrder: 6, preventSingleGaps: true };
    const refused = await expectAppError(
      services.venues.createHall({ ...base, layout: { gridRows: 1, gridCols: 3, screenPosition: "TOP", seats: [seat(0), seat(2, "COMPANION")] } }),
      "BAD_REQUEST",
    );
    expect(refused.details?.problems).toEqual([expect.stringContaining("A3 doesn't")]);
    expect(await services.db.hall.count({ where: { cinemaId: cinema.id } })).toBe(0);

    const hall = await services.venues.createHall({
      ...base,
      layout: { gridRows: 1, gridCols: 3, screenPosition: "BOTTOM", seats: [seat(0), seat(1, "WHEELCHAIR"), seat(2, "COMPANION")] },
    });
    expect(hall.layout).toMatchObject({ version: 1, gridCols: 3, screenPosition: "BOTTOM" });
    expect(hall.layout.seats).toHaveLength(3);
    expect(await currentLayoutId(services.db, hall.id)).toBe(hall.layout.id);
    await expectAppError(services.venues.createHall({ ...base, layout: hall.layout }), "CONFLICT", "NAME_TAKEN");
    await expectAppError(currentLayoutId(services.db, "no-such-hall"), "NOT_FOUND");
  });
});
