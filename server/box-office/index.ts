import { TZDate } from "@date-fns/tz";
import { addDays, startOfDay } from "date-fns";
import { createBoxOfficeContext, type BoxOfficeDeps } from "./context";
import { createFinder } from "./find";
import { heldShare } from "./held-share";
import { createStaffExchanges } from "./staff-exchanges";
import { createStaffRefunds } from "./staff-refunds";

export type { BoxOfficeDeps } from "./context";
export type { BoxOfficeOptions } from "./options";
export type { CardRefunds } from "./card";
export { cardRefundsFromTerminal, createSandboxCardRefunds } from "./card";
export { readQuery } from "./find";
export { REFUND_REASON_CODES, type RefundReasonCode } from "./staff-refunds";

// Staff view of a cinema day (every screening with how full it is), finding a booking, staff refunds and exchanges.
export function createBoxOffice(deps: BoxOfficeDeps) {
  const ctx = createBoxOfficeContext(deps);
  const { db, now, inventory } = ctx;
  const finder = createFinder(ctx);
  const refunds = createStaffRefunds(ctx);
  const exchanges = createStaffExchanges(ctx, refunds);
  return {
    options: ctx.options,

    // ── Find a booking ──
    find: finder.find,
    orderDetail: finder.orderDetail,
    exchangeTargets: finder.exchangeTargets,
    exchangeTargetsFor: finder.exchangeTargetsFor,

    // ── Staff refunds and exchanges ──
    refund: refunds.refund,
    prepareExchange: exchanges.prepare,
    completeExchange: exchanges.complete,
    abandonExchange: exchanges.abandon,

    // ── A cinema day: every screening with how full it is. A held ticket only counts while its hold runs. ──
    async cinemas() {
      return db.cinema.findMany({ select: { slug: true, name: true, timeZone: true }, orderBy: { name: "asc" } });
    },

    async dayOverview({ cinemaSlug, date }: { cinemaSlug?: string; date?: string }) {
      const cinemas = await this.cinemas();
      const cinema = cinemas.find((c) => c.slug === cinemaSlug) ?? cinemas[0];
      if (!cinema) return { cinema: null, date: null, screenings: [] };
      const dayStart = date
        ? new TZDate(`${date}T00:00:00`, cinema.timeZone)
        : startOfDay(new TZDate(now(), cinema.timeZone));
      const dayEnd = addDays(dayStart, 1);
      const screenings = await db.screening.findMany({
        // Drafts (an unpublished screening, or a draft film's) aren't on sale anywhere, so the counter doesn't list them.
        where: {
          hall: { cinema: { slug: cinema.slug } },
          startsAt: { gte: dayStart, lt: dayEnd },
          publishedAt: { not: null },
          film: { status: { not: "DRAFT" } },
        },
        orderBy: [{ startsAt: "asc" }],
        select: {
          id: true,
          startsAt: true,
          endsAt: true,
          format: true,
          status: true,
          film: { select: { title: true, slug: true, certificate: true } },
          hall: { select: { id: true, name: true } },
          layoutId: true,
          _count: { select: { seatBlocks: true } },
        },
      });
      const ids = screenings.map((s) => s.id);
      const layoutIds = [...new Set(screenings.map((s) => s.layoutId))];
      const [capacities, taken, heldInRedis] = await Promise.all([
        db.seat.groupBy({ by: ["layoutId"], where: { layoutId: { in: layoutIds }, blocked: false }, _count: { _all: true } }),
        db.ticket.groupBy({
          by: ["screeningId", "status"],
          where: {
            screeningId: { in: ids },
            OR: [{ status: "SOLD" }, { status: "HELD", holdExpiresAt: { gt: now() } }],
          },
          _count: { _all: true },
        }),
        // A web basket's holds live in Redis alone until checkout: the seat map counts every hold (from PostgreSQL
        // only while Redis is down, when it counts the checked-out ones).
        Promise.all(ids.map((id) => inventory.seatMap({ screeningId: id }).then((map) => map.counts.held, () => null))),
      ]);
      const heldById = new Map(ids.map((id, i) => [id, heldInRedis[i]]));
      const capacityByLayout = new Map(capacities.map((c) => [c.layoutId, c._count._all]));
      const count = (screeningId: string, status: "SOLD" | "HELD") =>
        taken.find((t) => t.screeningId === screeningId && t.status === status)?._count._all ?? 0;
      return {
        cinema,
        date: dayStart,
        screenings: screenings.map(({ layoutId, _count, ...s }) => {
          const stock = {
            // Seats blocked for this screening alone are out of its stock too (they can't be blocked once taken).
            capacity: (capacityByLayout.get(layoutId) ?? 0) - _count.seatBlocks,
            sold: count(s.id, "SOLD"),
            held: heldById.get(s.id) ?? count(s.id, "HELD"),
          };
          return { ...s, ...stock, ...heldShare(stock) };
        }),
      };
    },
  };
}

export type BoxOffice = ReturnType<typeof createBoxOffice>;
