// Venues against the real database and Redis: a new layout version moves only the screenings nobody has bought or
// held a seat for, never touches a sold seat, and the moved screening's live seat map shows the new seats; refusals
// (validation, stale version, taken seats) change nothing; seat blocks name who holds a seat and are honoured by the
// real inventory; every change is audited.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { checkedOutOrder, createBookingScreening, paidOrder, requestKey, withBookingHarness, type BookingScreening } from "@/tests/support/booking";
import { createClock } from "@/tests/support/clock";
import { expectAppError } from "@/tests/support/errors";
import { createTestUser } from "@/tests/support/users";
import { currentLayoutId, type LayoutPlan, type LayoutSeat } from "@/server/venues";
import { HALL_CONFLICT_MESSAGE } from "@/server/venues/halls";

const DAY = 24 * 3600_000;
const clock = createClock();
const h = withBookingHarness({ clock });
let adminId: string;

beforeAll(async () => {
  adminId = (await createTestUser(h.services, { role: "ADMIN" })).user.id;
});

/** A plan drawn like the test halls: one string per row, S standard, W wheelchair, C companion, _ nothing. */
function plan(rows: string[]): LayoutPlan {
  const kinds = { S: "STANDARD", W: "WHEELCHAIR", C: "COMPANION", P: "PREMIUM" } as const;
  const seats: LayoutSeat[] = rows.flatMap((row, gridRow) => {
    let number = 0;
    return [...row].flatMap((cell, gridCol) => {
      const kind = kinds[cell as keyof typeof kinds];
      if (!kind) return [];
      number += 1;
      return [{ gridRow, gridCol, rowLabel: String.fromCharCode(65 + gridRow), number, kind, zone: null, blocked: false }];
    });
  });
  return { gridRows: rows.length, gridCols: Math.max(...rows.map((r) => r.length)), screenPosition: "TOP", seats };
}

/** A second screening in the same hall, on the same layout, `days` after the first. */
async function sameHallScreening(first: BookingScreening, days: number) {
  const row = await h.services.db.screening.findUniqueOrThrow({ where: { id: first.screeningId } });
  const startsAt = new Date(row.startsAt.getTime() + days * DAY);
  const created = await h.services.db.screening.create({
    data: {
      filmId: row.filmId,
      hallId: row.hallId,
      layoutId: await currentLayoutId(h.services.db, row.hallId),
      pricePlanId: row.pricePlanId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3600_000),
      audioLanguage: "en",
    },
  });
  return created.id;
}

async function hallVersion(hallId: string) {
  return (await h.services.venues.getHall(hallId)).version;
}

describe("layout versions", () => {
  it("moves only screenings without held or sold seats; a sold seat and its screening keep the old version", async () => {
    const sold = await createBookingScreening(h.services.db, clock, { plan: ["SSSS", "SSSS"] });
    const unsold = await sameHallScreening(sold, 1);
    const order = await paidOrder(h, sold, ["A1", "A2"]);
    // Both screenings loaded in Redis (and in this process's layout cache) before the change.
    const unsoldBefore = await h.services.inventory.seatMap({ screeningId: unsold });
    expect(unsoldBefore.seats).toHaveLength(8);

    const hall = await h.services.venues.getHall(sold.hallId);
    expect(hall.keepOldLayout.map((s) => [s.id, s.ticketsTaken])).toEqual([[sold.screeningId, 2]]);
    expect(hall.wouldMove).toBe(1);

    const saved = await h.services.venues.saveHall({
      actorId: adminId,
      hallId: sold.hallId,
      version: hall.version,
      name: hall.name,
      maxSeatsPerOrder: hall.maxSeatsPerOrder,
      preventSingleGaps: hall.preventSingleGaps,
      layout: plan(["SSSS", "S__S", "WCSS"]),
    });
    expect(saved.layoutChanged).toBe(true);
    expect(saved.layoutVersion).toBe(2);
    expect(saved.movedScreenings).toBe(1);
    expect(saved.keptScreenings.map((s) => [s.id, s.ticketsTaken])).toEqual([[sold.screeningId, 2]]);

    const rows = await h.services.db.screening.findMany({
      where: { id: { in: [sold.screeningId, unsold] } },
      select: { id: true, layout: { select: { version: true } } },
    });
    expect(Object.fromEntries(rows.map((r) => [r.id, r.layout.version]))).toEqual({ [sold.screeningId]: 1, [unsold]: 2 });

    // The sold seats are the same rows on the same layout, still sold to the same order.
    const soldSeats = await h.services.db.seat.findMany({ where: { id: { in: sold.seats("A1", "A2") } }, select: { layoutId: true } });
    expect(soldSeats.map((s) => s.layoutId)).toEqual([sold.layoutId, sold.layoutId]);
    const tickets = await h.services.db.ticket.findMany({ where: { orderId: order.orderId }, select: { seatId: true, status: true } });
    expect(tickets.map((t) => t.status)).toEqual(["SOLD", "SOLD"]);
    const soldMap = await h.services.inventory.seatMap({ screeningId: sold.screeningId });
    expect(soldMap.seats).toHaveLength(8);
    expect(soldMap.seats.filter((s) => s.state === "sold").map((s) => s.id).sort()).toEqual(sold.seats("A1", "A2").sort());

    // The moved screening's live seat map shows the new seats, straight after the save (no waiting for a cache).
    const movedMap = await h.services.inventory.seatMap({ screeningId: unsold });
    expect(movedMap.seats.map((s) => s.label).sort()).toEqual(["A1", "A2", "A3", "A4", "B1", "B2", "C1", "C2", "C3", "C4"]);
    expect(movedMap.seats.every((s) => !unsoldBefore.seats.some((old) => old.id === s.id))).toBe(true);
    // And it sells the new seats through the real inventory.
    const newSeat = movedMap.seats.find((s) => s.label === "C4")!.id;
    const basket = await h.booking.openBasket({ screeningId: unsold, holderKey: `guest:${randomBytes(8).toString("hex")}`, userId: null });
    await h.services.inventory.hold({ screeningId: unsold, orderId: basket.id, seatIds: [newSeat], requestKey: requestKey() });
    // An old-layout seat can't be held for the moved screening.
    await expectAppError(
      h.services.inventory.hold({ screeningId: unsold, orderId: basket.id, seatIds: [unsoldBefore.seats[7]!.id], requestKey: requestKey() }),
    );

    const audit = await h.services.db.auditLog.findFirstOrThrow({ where: { entityId: sold.hallId, action: "hall.layout_changed" } });
    expect(audit.actorId).toBe(adminId);
    expect(audit.details).toMatchObject({
      before: { layoutVersion: 1, seats: 8 },
      after: { layoutVersion: 2, seats: 10 },
      movedScreenings: [unsold],
      keptScreenings: [{ id: sold.screeningId, ticketsTaken: 2, layoutVersion: 1 }],
    });
  });

  it("refuses a stale save and an invalid layout, listing every problem, and writes nothing", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { plan: ["SSSS"] });
    const hall = await h.services.venues.getHall(screening.hallId);
    const base = { actorId: adminId, hallId: hall.id, name: hall.name, maxSeatsPerOrder: 8, preventSingleGaps: true };
    await h.services.venues.saveHall({ ...base, version: hall.version, layout: plan(["SSSSS"]) });

    const stale = await expectAppError(h.services.venues.saveHall({ ...base, version: hall.version, layout: plan(["SS"]) }), "CONFLICT");
    expect(stale.message).toBe(HALL_CONFLICT_MESSAGE);

    const version = await hallVersion(hall.id);
    const lonely = plan(["SC_S", "SS"]);
    lonely.seats.push({ ...lonely.seats[0]!, gridCol: 2 });
    const refused = await expectAppError(h.services.venues.saveHall({ ...base, version, layout: lonely }), "BAD_REQUEST");
    const problems = refused.details?.problems as string[];
    expect(problems.join("\n")).toContain("A2 doesn't");
    expect(problems.join("\n")).toContain("used more than once: A1");
    const empty = await expectAppError(h.services.venues.saveHall({ ...base, version, layout: plan(["__"]) }), "BAD_REQUEST");
    expect(empty.message).toContain("no seats");

    expect(await hallVersion(hall.id)).toBe(version);
    expect(await h.services.db.hallLayout.count({ where: { hallId: hall.id } })).toBe(2);
    expect(await h.services.db.auditLog.count({ where: { entityId: hall.id } })).toBe(1);
  });

  it("saving the same layout with new rules makes no new version; the rules reach the live seat state", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { plan: ["SSSS"] });
    await h.services.inventory.seatMap({ screeningId: screening.screeningId });
    const hall = await h.services.venues.getHall(screening.hallId);
    const saved = await h.services.venues.saveHall({
      actorId: adminId,
      hallId: hall.id,
      version: hall.version,
      name: hall.name,
      maxSeatsPerOrder: 1,
      preventSingleGaps: false,
      layout: plan(["SSSS"]),
    });
    expect(saved.layoutChanged).toBe(false);
    expect(saved.hall.layout.version).toBe(1);
    const basket = await h.booking.openBasket({ screeningId: screening.screeningId, holderKey: `guest:${randomBytes(8).toString("hex")}`, userId: null });
    await expectAppError(
      h.services.inventory.hold({ screeningId: screening.screeningId, orderId: basket.id, seatIds: screening.seats("A1", "A2"), requestKey: requestKey() }),
    );
  });
});

describe("seat blocks", () => {
  it("refuses held and sold seats, naming who holds them, and blocks nothing", async () => {
    const screening = await createBookingScreening(h.services.db, clock, { plan: ["SSSSSS"] });
    // A checked-out order's hold (a basket's hold before checkout lives in Redis alone and yields to a block: its
    // checkout is then refused, HOLD_LOST; docs/inventory.md, "Rebuild").
    const { basket: held } = await checkedOutOrder(h, screening, ["A1"]);
    const bought = await paidOrder(h, screening, ["A2"], { email: "blocked-buyer@test.marquee.local" });
    const refused = await expectAppError(
      h.services.venues.blockSeats({ actorId: adminId, scope: "screening", screeningId: screening.screeningId, seatIds: screening.seats("A1", "A2", "A3"), reason: "Broken" }),
      "CONFLICT",
      "SEATS_TAKEN",
    );
    expect(refused.message).toContain(`A1 is held (order ${held.reference}`);
    expect(refused.message).toContain(`A2 is sold (order ${bought.reference}, Test Buyer, blocked-buyer@test.marquee.local)`);
    expect(await h.services.db.screeningSeatBlock.count({ where: { screeningId: screening.screeningId } })).toBe(0);
    const layoutScope = await expectAppError(
      h.services.venues.blockSeats({ actorId: adminId, scope: "layout", screeningId: screening.screeningId, seatIds: screening.seats("A2"), reason: "" }),
      "CONFLICT",
    );
    expect(layoutScope.message).toContain(bought.reference);
    expect(await h.services.db.seat.count({ where: { id: screening.seat("A2"), blocked: true } })).toBe(0);
  });

  it("a seat blocked for one screening can't be held there (real inventory) but can in another; unblocking frees it", async () => {
    const first = await createBookingScreening(h.services.db, clock, { plan: ["SSSS"] });
    const second = await sameHallScreening(first, 1);
    await h.services.inventory.seatMap({ screeningId: first.screeningId });
    await h.services.venues.blockSeats({ actorId: adminId, scope: "screening", screeningId: first.screeningId, seatIds: first.seats("A3"), reason: "Broken arm" });

    const map = await h.services.inventory.seatMap({ screeningId: first.screeningId });
    expect(map.seats.find((s) => s.id === first.seat("A3"))?.state).toBe("blocked");
    const basket = await h.booking.openBasket({ screeningId: first.screeningId, holderKey: `guest:${randomBytes(8).toString("hex")}`, userId: null });
    await expectAppError(h.services.inventory.hold({ screeningId: first.screeningId, orderId: basket.id, seatIds: first.seats("A3"), requestKey: requestKey() }));
    expect(await h.services.db.ticket.count({ where: { screeningId: first.screeningId } })).toBe(0);
    // The database refuses it too, whatever Redis said.
    await expect(
      h.services.db.ticket.create({
        data: { orderId: basket.id, screeningId: first.screeningId, seatId: first.seat("A3"), ticketType: "ADULT", currency: "GBP", priceAmount: 1, status: "HELD", code: randomBytes(8).toString("hex") },
      }),
    ).rejects.toThrow(/blocked/);

    const other = await h.booking.openBasket({ screeningId: second, holderKey: `guest:${randomBytes(8).toString("hex")}`, userId: null });
    await h.services.inventory.hold({ screeningId: second, orderId: other.id, seatIds: first.seats("A3"), requestKey: requestKey() });

    const audit = await h.services.db.auditLog.findFirstOrThrow({ where: { entityId: first.screeningId, action: "seat.blocked_for_screening" } });
    expect(audit.details).toMatchObject({ reason: "Broken arm", seats: [{ label: "A3" }] });

    await h.services.venues.unblockSeats({ actorId: adminId, scope: "screening", screeningId: first.screeningId, seatIds: first.seats("A3"), reason: "" });
    await h.services.inventory.hold({ screeningId: first.screeningId, orderId: basket.id, seatIds: first.seats("A3"), requestKey: requestKey() });
  });

  it("blocking for every future screening of the layout reaches each of them", async () => {
    const first = await createBookingScreening(h.services.db, clock, { plan: ["SSSS"] });
    const second = await sameHallScreening(first, 2);
    await h.services.venues.blockSeats({ actorId: adminId, scope: "layout", screeningId: first.screeningId, seatIds: first.seats("A4"), reason: "Leak" });
    for (const id of [first.screeningId, second]) {
      const map = await h.services.inventory.seatMap({ screeningId: id });
      expect(map.seats.find((s) => s.id === first.seat("A4"))?.state).toBe("blocked");
    }
    const blocks = await h.services.venues.listSeatBlocks(second);
    expect(blocks.find((s) => s.label === "A4")).toMatchObject({ blockedForLayout: true, blockedForScreening: false });
  });
});
