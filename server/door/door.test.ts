import { TZDate } from "@date-fns/tz";
import { startOfDay } from "date-fns";
import { beforeAll, describe, expect, it } from "vitest";
import { newTicketCode } from "@/server/booking/tokens";
import { formatTime } from "@/server/format";
import { createClock } from "@/tests/support/clock";
import { createTestScreening, type TestScreening } from "@/tests/support/screenings";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

// Noon today on the cinema's clock (Europe/London), from the real date: every screening below is "today" or "tomorrow"
// whatever time the tests run.
const noon = startOfDay(new TZDate(Date.now(), "Europe/London")).getTime() + 12 * 3600_000;
const clock = createClock(noon);
const services = withTestServices({ now: clock.now });

const PLAN = ["SSSSSSSS", "SSSSSSSS"];

/** Sold tickets for these seats in one paid web order, straight into the database. */
async function soldTickets(screening: TestScreening, labels: string[], status: "SOLD" | "REFUNDED" | "RELEASED" = "SOLD") {
  const order = await services.db.order.create({
    data: {
      reference: `D${newTicketCode().slice(0, 7)}`,
      screeningId: screening.screeningId,
      status: status === "SOLD" ? "PAID" : "REFUNDED",
      currency: "GBP",
      subtotalAmount: 1200 * labels.length,
      totalAmount: 1200 * labels.length,
      expiresAt: new Date(noon),
      paidAt: new Date(noon - 3600_000),
    },
  });
  const codes = labels.map(() => newTicketCode());
  await services.db.ticket.createMany({
    data: labels.map((label, i) => ({
      orderId: order.id,
      screeningId: screening.screeningId,
      seatId: screening.seat(label),
      ticketType: "ADULT",
      currency: "GBP",
      priceAmount: 1200,
      status,
      code: codes[i]!,
    })),
  });
  return codes;
}

async function sameCinemaScreening(other: TestScreening, startsAt: Date): Promise<string> {
  const row = await services.db.screening.findUniqueOrThrow({ where: { id: other.screeningId } });
  const created = await services.db.screening.create({
    data: {
      filmId: row.filmId,
      hallId: row.hallId,
      layoutId: row.layoutId,
      pricePlanId: row.pricePlanId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      audioLanguage: "en",
    },
  });
  return created.id;
}

describe("the door", () => {
  let evening: TestScreening;
  let lateId: string;
  let tomorrowId: string;
  let doorA: { id: string; name: string };
  let doorB: { id: string; name: string };

  beforeAll(async () => {
    evening = await createTestScreening(services.db, { plan: PLAN, startsAt: new Date(noon + 6 * 3600_000) });
    lateId = await sameCinemaScreening(evening, new Date(noon + 9 * 3600_000));
    tomorrowId = await sameCinemaScreening(evening, new Date(noon + 24 * 3600_000));
    doorA = (await createTestUser(services, { role: "STAFF", name: "Ada Door" })).user;
    doorB = (await createTestUser(services, { role: "STAFF", name: "Bo Door" })).user;
  });

  const checkIn = (code: string, screeningId: string | null, staffId = doorA.id, cinemaId = evening.cinemaId) =>
    services.door.checkIn({ code, screeningId, cinemaId, staffId });

  it("two doors scanning one ticket 20 times at once admit it exactly once", async () => {
    const [code] = await soldTickets(evening, ["A1"]);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkIn(code!, i % 2 ? evening.screeningId : null, i % 2 ? doorB.id : doorA.id)),
    );
    const outcomes = results.map((r) => r.outcome);
    expect(outcomes.filter((o) => o === "ADMITTED")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "ALREADY_ADMITTED")).toHaveLength(19);

    const ticket = await services.db.ticket.findUniqueOrThrow({ where: { code: code! } });
    const winner = results.findIndex((r) => r.outcome === "ADMITTED");
    expect(ticket.checkedInById).toBe(winner % 2 ? doorB.id : doorA.id);
    expect(ticket.checkedInAt).toEqual(new Date(noon));
    const audits = await services.db.auditLog.findMany({ where: { action: "ticket.checked_in", entityId: ticket.id } });
    expect(audits).toHaveLength(1);

    const refused = results.find((r) => r.outcome === "ALREADY_ADMITTED")!;
    expect(refused.ticket).toMatchObject({ seatLabel: "A1", checkedInByName: winner % 2 ? "Bo Door" : "Ada Door" });
    // (Midday, unless the clocks changed overnight: read on the cinema's clock as the door does.)
    expect(refused.message).toBe(`Already admitted at ${formatTime(new Date(noon), "Europe/London")} by ${winner % 2 ? "Bo" : "Ada"} Door.`);
  });

  it("admits with the seat and ticket type, and counts admitted / sold", async () => {
    const codes = await soldTickets(evening, ["B1", "B2", "B3"]);
    const before = (await services.door.counters({ screeningIds: [evening.screeningId] }))[0]!;
    const first = await checkIn(codes[0]!, evening.screeningId);
    expect(first).toMatchObject({
      outcome: "ADMITTED",
      message: "Admitted: seat B1.",
      ticket: { seatLabel: "B1", ticketTypeLabel: "Adult", screening: { id: evening.screeningId, filmTitle: "Seat Wars" } },
      counter: { screeningId: evening.screeningId, admitted: before.admitted + 1, sold: before.sold },
    });
    const day = await services.door.today({ cinemaId: evening.cinemaId, staffId: doorA.id });
    expect(day.screenings.map((s) => s.id)).toEqual([evening.screeningId, lateId]);
    expect(day.screenings[0]).toMatchObject({ admitted: before.admitted + 1, sold: before.sold });
  });

  it("the counter: sold counts sold tickets only, admitted those of them checked in", async () => {
    const late = { ...evening, screeningId: lateId };
    const codes = await soldTickets(late, ["A1", "A2", "A3", "A4"]);
    await soldTickets(late, ["B1"], "REFUNDED");
    await checkIn(codes[0]!, lateId);
    await checkIn(codes[1]!, null);
    expect(await services.door.counters({ screeningIds: [lateId] })).toEqual([{ screeningId: lateId, admitted: 2, sold: 4 }]);
  });

  it("refuses a ticket for another screening today at this door, and admits it at an any-screening door", async () => {
    const [code] = await soldTickets(evening, ["A8"]);
    const wrong = await checkIn(code!, lateId);
    expect(wrong).toMatchObject({ outcome: "WRONG_SCREENING", ticket: { screening: { id: evening.screeningId } } });
    const at = formatTime(new Date(noon + 6 * 3600_000), "Europe/London");
    expect(wrong.message).toMatch(new RegExp(`^Wrong screening: this ticket is for Seat Wars, .* at ${at}, Screen `));
    expect((await services.db.ticket.findUniqueOrThrow({ where: { code: code! } })).checkedInAt).toBeNull();
    expect((await checkIn(code!, null)).outcome).toBe("ADMITTED");
  });

  it("refuses a ticket for another day, and one for another cinema", async () => {
    const tomorrow = { ...evening, screeningId: tomorrowId };
    const [code] = await soldTickets(tomorrow, ["A1"]);
    const result = await checkIn(code!, null);
    expect(result).toMatchObject({ outcome: "WRONG_DAY", ticket: { screening: { id: tomorrowId } } });
    expect(result.message).toMatch(/^Wrong day: this ticket is for Seat Wars, /);

    const elsewhere = await createTestScreening(services.db, { plan: PLAN, startsAt: new Date(noon + 2 * 3600_000) });
    const [theirs] = await soldTickets(elsewhere, ["A1"]);
    const other = await checkIn(theirs!, null);
    expect(other).toMatchObject({ outcome: "WRONG_SCREENING", counter: null });
    expect(other.message).toMatch(/^Wrong cinema: this ticket is for Inventory Test /);
  });

  it("refuses refunded and released tickets", async () => {
    const [refunded] = await soldTickets(evening, ["A5"], "REFUNDED");
    expect(await checkIn(refunded!, null)).toMatchObject({ outcome: "REFUNDED", ticket: { seatLabel: "A5" } });
    const [released] = await soldTickets(evening, ["A5"], "RELEASED");
    expect((await checkIn(released!, null)).outcome).toBe("NOT_VALID");
  });

  it("answers NOT_FOUND for an unknown code and for what is not a code at all", async () => {
    expect(await checkIn(newTicketCode(), null)).toMatchObject({ outcome: "NOT_FOUND", ticket: null, counter: null });
    expect(await checkIn("https://example.test/not-a-ticket", null)).toMatchObject({ outcome: "NOT_FOUND", code: null });
    expect((await checkIn("", null)).outcome).toBe("NOT_FOUND");
  });

  it("reads what scanners and people type: lower case, spaces, look-alikes, a ticket link", async () => {
    const codes = await soldTickets(evening, ["A2", "A3"]);
    const typed = codes[0]!.toLowerCase().replace(/(.{5})/g, "$1 ").replace(/0/g, "o").replace(/1/g, "l");
    expect((await checkIn(typed, null)).outcome).toBe("ADMITTED");
    expect((await checkIn(`http://marquee.test/tickets/${codes[1]}?token=abc`, null)).outcome).toBe("ADMITTED");
  });
});
