// The counter's day list: what staff can sell today. Drafts aren't on sale anywhere, so they aren't listed.
import { TZDate } from "@date-fns/tz";
import { addHours, startOfDay } from "date-fns";
import { describe, expect, it } from "vitest";
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
});
