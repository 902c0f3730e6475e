// The counter's day list: what staff can sell today. Drafts aren't on sale anywhere, so they aren't listed.
import { TZDate } from "@date-fns/tz";
import { addHours, startOfDay } from "date-fns";
import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createClock } from "@/tests/support/clock";
import { createTestScreening } from "@/tests/support/screenings";
import { withTestServices } from "@/tests/support/services";

const clock = createClock();
const services = withTestServices({ now: clock.now });

describe("day overview", () => {
  it("lists today's published screenings of released films, and neither draft screenings nor draft films", async () => {
    // 01:00, 06:00 and 11:00 of today on the cinema's clock: one hall, no overlap, all on the day listed.
    const first = await createTestScreening(services.db, { plan: ["SSSS"], startsAt: clock.now() });
    const cinema = await services.db.cinema.findUniqueOrThrow({ where: { id: first.cinemaId }, select: { slug: true, timeZone: true } });
    const dayStart = startOfDay(new TZDate(clock.now(), cinema.timeZone));
    const date = new Intl.DateTimeFormat("en-CA", { timeZone: cinema.timeZone }).format(dayStart);
    await services.db.screening.update({ where: { id: first.screeningId }, data: { startsAt: addHours(dayStart, 1), endsAt: addHours(dayStart, 4) } });
    const listed = first;
    const sameHall = async (hours: number) => {
      const made = await createTestScreening(services.db, { plan: ["SSSS"], startsAt: addHours(dayStart, hours) });
      await services.db.screening.update({ where: { id: made.screeningId }, data: { hallId: listed.hallId, layoutId: listed.layoutId } });
      return made.screeningId;
    };
    const draft = await sameHall(6);
    await services.db.screening.update({ where: { id: draft }, data: { publishedAt: null } });
    const draftFilm = await sameHall(11);
    const { filmId } = await services.db.screening.findUniqueOrThrow({ where: { id: draftFilm }, select: { filmId: true } });
    await services.db.film.update({ where: { id: filmId }, data: { status: "DRAFT" } });

    const day = await services.boxOffice.dayOverview({ cinemaSlug: cinema.slug, date });
    const ids = day.screenings.map((s) => s.id);
    expect(ids).toContain(listed.screeningId);
    expect(ids).not.toContain(draft);
    expect(ids).not.toContain(draftFilm);
  });

  it("flags a screening whose unsold seats are largely held in baskets (the held share the Sell screen shows)", async () => {
    const startsAt = new Date(clock.ms() + 3 * 3600_000);
    const hoarded = await createTestScreening(services.db, { plan: ["SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS"], startsAt, maxSeatsPerOrder: 20 });
    const quiet = await createTestScreening(services.db, { plan: ["SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS", "SSSSSSSSSS"], startsAt, maxSeatsPerOrder: 20 });
    const hold = async (screening: typeof hoarded, count: number) => {
      const basket = await services.booking.openBasket({ screeningId: screening.screeningId, holderKey: `guest:${randomUUID()}`, userId: null });
      await services.inventory.hold({ screeningId: screening.screeningId, orderId: basket.id, seatIds: screening.seatIds.slice(0, count), requestKey: randomUUID() });
    };
    await hold(hoarded, 14);
    await hold(quiet, 3);

    const flagged = async (screening: typeof hoarded) => {
      const cinema = await services.db.cinema.findUniqueOrThrow({ where: { id: screening.cinemaId }, select: { slug: true, timeZone: true } });
      const date = new Intl.DateTimeFormat("en-CA", { timeZone: cinema.timeZone }).format(startsAt);
      const day = await services.boxOffice.dayOverview({ cinemaSlug: cinema.slug, date });
      return day.screenings.find((s) => s.id === screening.screeningId)!;
    };
    expect(await flagged(hoarded)).toMatchObject({ capacity: 40, held: 14, heldShare: 14 / 40, heldWarning: true });
    expect(await flagged(quiet)).toMatchObject({ held: 3, heldShare: 3 / 40, heldWarning: false });
    // Holds that run out stop counting, and the flag goes with them.
    clock.advance(21 * 60_000);
    expect(await flagged(hoarded)).toMatchObject({ held: 0, heldShare: 0, heldWarning: false });
  });
});
