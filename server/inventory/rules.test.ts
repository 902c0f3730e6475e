// The seat rules: blocked seats, the per-order limit and companion seats, enforced atomically by the hold script on
// every click; single gaps, checked for the whole selection when it is committed (checkSelectionRules); and the staff
// override that waives the last three (with an audit entry).
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestServices, type TestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";
import type { Inventory, StaffOverride } from ".";
import { createTestOrders, createTestScreening, type HallPlan } from "@/tests/support/screenings";
import { createClock } from "@/tests/support/clock";
import { expectRefusal } from "@/tests/support/errors";
import { strandedBySelection } from "./rules";

const clock = createClock();
let services: TestServices;
let inventory: Inventory;
let staff: StaffOverride;

beforeAll(async () => {
  services = createTestServices({ now: clock.now });
  inventory = services.inventory;
  const { user } = await createTestUser(services, { role: "STAFF" });
  staff = { staffUserId: user.id, reason: "Regular customer, asked at the box office" };
});

afterAll(async () => {
  await inventory.close();
  await services.dispose();
});

let counter = 0;
async function setup(plan: HallPlan, options: { preventSingleGaps?: boolean; maxSeatsPerOrder?: number } = {}) {
  const screening = await createTestScreening(services.db, {
    plan,
    startsAt: new Date(clock.ms() + 24 * 3600_000),
    preventSingleGaps: options.preventSingleGaps ?? true,
    maxSeatsPerOrder: options.maxSeatsPerOrder,
  });
  const orders = await createTestOrders(services.db, screening.screeningId, 4, clock.now());
  const hold = (orderId: string, labels: string[], override?: StaffOverride) =>
    inventory.hold({
      screeningId: screening.screeningId,
      orderId,
      seatIds: screening.seats(...labels),
      requestKey: `rules-${Date.now()}-${++counter}`,
      override,
    });
  return { ...screening, orders, hold };
}

describe("blocked seats", () => {
  it("are never held, not even with an override", async () => {
    const s = await setup(["SSXSS"], { preventSingleGaps: false });
    const [buyer] = s.orders as [string];
    const error = await expectRefusal(s.hold(buyer, ["A2", "A3"]), "SEAT_BLOCKED");
    expect(error.message).toBe("Seat A3 is not in use for this screening. Please choose another seat.");
    await expectRefusal(s.hold(buyer, ["A3"], staff), "SEAT_BLOCKED");
    const map = await inventory.seatMap({ screeningId: s.screeningId });
    expect(map.seats.map((x) => x.state)).toEqual(["free", "free", "blocked", "free", "free"]);
  });
});

describe("seats per order", () => {
  it("counts what the order already holds or bought against the hall's limit", async () => {
    const s = await setup(["SSSSSSSSSS"], { preventSingleGaps: false, maxSeatsPerOrder: 4 });
    const [buyer, other] = s.orders as [string, string];
    const error = await expectRefusal(s.hold(buyer, ["A1", "A2", "A3", "A4", "A5"]), "SEAT_LIMIT");
    expect(error.message).toBe("You can book at most 4 seats in one order.");
    await s.hold(buyer, ["A1", "A2"]);
    await inventory.sell({ screeningId: s.screeningId, orderId: buyer, seatIds: s.seats("A1", "A2") });
    await s.hold(buyer, ["A3", "A4"]);
    await expectRefusal(s.hold(buyer, ["A5"]), "SEAT_LIMIT");
    // Re-holding seats already held doesn't count twice.
    await s.hold(buyer, ["A3", "A4"]);
    await s.hold(other, ["A7", "A8", "A9", "A10"]);
  });

  it("defaults to 10", async () => {
    const s = await setup(["SSSSSSSSSSSS"], { preventSingleGaps: false });
    const [buyer] = s.orders as [string];
    await expectRefusal(s.hold(buyer, ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A11"]), "SEAT_LIMIT");
    const held = await s.hold(buyer, ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10"]);
    expect(held.seats).toHaveLength(10);
  });
});

describe("wheelchair spaces and companion seats", () => {
  // A1 wheelchair, A2 companion, A3 companion, A4 wheelchair, then an aisle and four standard seats.
  const plan = ["WCCW_SSSS"];

  it("holds a companion seat only with the wheelchair space next to it", async () => {
    const s = await setup(plan, { preventSingleGaps: false });
    const [a, b, c] = s.orders as [string, string, string];
    const error = await expectRefusal(s.hold(a, ["A2"]), "COMPANION_SEAT");
    expect(error.message).toBe("Companion seat A2 can only be booked together with the wheelchair space next to it.");
    await expectRefusal(s.hold(a, ["A2", "A5"]), "COMPANION_SEAT");
    await s.hold(a, ["A1", "A2"]);
    // A wheelchair space alone is fine, and its companion seat can follow in a later hold.
    await s.hold(b, ["A4"]);
    await s.hold(b, ["A3"]);
    // A wheelchair space that is not next to the companion seat doesn't count.
    await inventory.release({ screeningId: s.screeningId, orderId: b });
    await s.hold(c, ["A4"]);
    await expectRefusal(s.hold(b, ["A3", "A1"]), "SEAT_TAKEN");
    await expectRefusal(s.hold(b, ["A3"]), "COMPANION_SEAT");
  });

  it("refuses to release a wheelchair space while keeping its companion seat", async () => {
    const s = await setup(plan, { preventSingleGaps: false });
    const [a] = s.orders as [string];
    await s.hold(a, ["A1", "A2", "A5"]);
    await expectRefusal(inventory.release({ screeningId: s.screeningId, orderId: a, seatIds: s.seats("A1") }), "COMPANION_SEAT");
    expect((await inventory.release({ screeningId: s.screeningId, orderId: a, seatIds: s.seats("A5") })).released).toEqual(s.seats("A5"));
    const both = await inventory.release({ screeningId: s.screeningId, orderId: a, seatIds: s.seats("A1", "A2") });
    expect(both.released.sort()).toEqual(s.seats("A1", "A2").sort());
  });

  it("lets staff give companion seats to anyone, and release a wheelchair space alone, with reasons in the audit log", async () => {
    const s = await setup(plan, { preventSingleGaps: false });
    const [a, b] = s.orders as [string, string];
    const held = await s.hold(a, ["A3"], staff);
    expect(held.waived).toEqual(["COMPANION"]);
    await s.hold(b, ["A1", "A2"]);
    const released = await inventory.release({ screeningId: s.screeningId, orderId: b, seatIds: s.seats("A1"), override: staff });
    expect(released.released).toEqual(s.seats("A1"));
    const audit = await services.db.auditLog.findMany({ where: { entityId: s.screeningId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => [e.action, e.actorId, (e.details as { waived: string[] }).waived])).toEqual([
      ["seats.hold_override", staff.staffUserId, ["COMPANION"]],
      ["seats.release_override", staff.staffUserId, ["COMPANION"]],
    ]);
    expect(audit[0]!.details).toMatchObject({ reason: staff.reason, seats: ["A3"], orderId: a });
    expect(audit[1]!.details).toMatchObject({ reason: staff.reason, keptCompanionSeats: ["A2"], orderId: b });
  });
});

describe("single gaps", () => {
  // A1-A4, an aisle, A5-A10.
  const plan = ["SSSS_SSSSSS"];
  const check = (s: { screeningId: string }, orderId: string, override?: StaffOverride) =>
    inventory.checkSelectionRules({ screeningId: s.screeningId, orderId, override });

  it("never refuse a click: G6 then G7 works, and the whole selection passes", async () => {
    const s = await setup(plan);
    const [a] = s.orders as [string];
    // A6 alone would strand A5 against the aisle; the buyer is about to add it.
    await s.hold(a, ["A6"]);
    await s.hold(a, ["A5"]);
    expect(await check(s, a)).toEqual({ waived: [], strandedSeatIds: [] });
  });

  it("refuse a selection that strands one seat against a wall or an aisle, when it is committed", async () => {
    const s = await setup(plan);
    const [a, b] = s.orders as [string, string];
    await s.hold(a, ["A2"]);
    const wall = await expectRefusal(check(s, a), "SINGLE_GAP");
    expect(wall.message).toBe("That choice would leave seat A1 empty on its own. Please include it or leave at least two seats free.");
    await s.hold(b, ["A6"]);
    expect((await expectRefusal(check(s, b), "SINGLE_GAP")).details?.seatIds).toEqual(s.seats("A5"));
  });

  it("refuse a selection that strands seats on both sides, and pass once it includes them", async () => {
    const s = await setup(plan);
    const [a] = s.orders as [string];
    await s.hold(a, ["A2", "A3"]);
    const both = await expectRefusal(check(s, a), "SINGLE_GAP");
    expect(both.details?.seatIds).toEqual(s.seats("A1", "A4"));
    await s.hold(a, ["A1"]);
    await expectRefusal(check(s, a), "SINGLE_GAP");
    await s.hold(a, ["A4"]);
    await check(s, a);
  });

  it("refuse a selection that strands one seat between taken seats, blocked seats included", async () => {
    const s = await setup(["SSSSSSSSXS"]);
    const [a, b, c] = s.orders as [string, string, string];
    await s.hold(a, ["A1", "A2"]);
    await check(s, a);
    await s.hold(b, ["A4", "A5"]);
    await expectRefusal(check(s, b), "SINGLE_GAP");
    await inventory.release({ screeningId: s.screeningId, orderId: b });
    await s.hold(b, ["A3", "A4"]);
    await check(s, b);
    // A8 would sit between A7 and the blocked A9.
    await s.hold(c, ["A6", "A7"]);
    await expectRefusal(check(s, c), "SINGLE_GAP");
  });

  it("count an expired hold as a free seat", async () => {
    const s = await setup(["SSSSSS"]);
    const [a, b] = s.orders as [string, string];
    await inventory.hold({ screeningId: s.screeningId, orderId: a, seatIds: s.seats("A3"), requestKey: `gap-${++counter}-x`, holdSeconds: 60 });
    await s.hold(b, ["A1"]);
    await expectRefusal(check(s, b), "SINGLE_GAP"); // A2 between A1 and A3's hold
    clock.advance(60_000);
    await check(s, b); // A3 is free again: A2, A3 … are two free seats
  });

  it("do not blame a selection for a gap that was already there, and ignore wheelchair spaces left alone", async () => {
    const s = await setup(["SSSSSS", "WSSSSS"]);
    const [a, b, c] = s.orders as [string, string, string];
    await s.hold(a, ["A2"]);
    await check(s, a, staff); // leaves A1 alone, by staff decision
    // A1 is stranded already; a selection elsewhere in the row is not refused for it.
    await s.hold(b, ["A5", "A6"]);
    await check(s, b);
    await s.hold(c, ["B2", "B3"]); // leaves the wheelchair space B1 on its own: allowed
    await check(s, c);
  });

  it("are off in halls that don't prevent single gaps, and staff can waive them (audited)", async () => {
    const open = await setup(plan, { preventSingleGaps: false });
    await open.hold(open.orders[0]!, ["A2"]);
    expect(await check(open, open.orders[0]!)).toEqual({ waived: [], strandedSeatIds: [] });
    const strict = await setup(plan);
    const held = await strict.hold(strict.orders[0]!, ["A2"], staff);
    // The hold waived nothing (a click isn't refused for a gap); the commit does.
    expect(held.waived).toEqual([]);
    expect(await check(strict, strict.orders[0]!, staff)).toEqual({ waived: ["GAP"], strandedSeatIds: strict.seats("A1") });
    const [entry] = await services.db.auditLog.findMany({ where: { entityId: strict.screeningId } });
    expect(entry).toMatchObject({ action: "seats.selection_override", actorId: staff.staffUserId });
    expect(entry!.details).toMatchObject({ waived: ["GAP"], reason: staff.reason, seats: ["A2"], stranded: ["A1"] });
    const { user: customer } = await createTestUser(services, { role: "CUSTOMER" });
    await expect(check(strict, strict.orders[0]!, { staffUserId: customer.id, reason: "because" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("match the seat map's warning, computed in the browser from the map alone", async () => {
    const s = await setup(plan);
    const [a, b] = s.orders as [string, string];
    await s.hold(b, ["A9", "A10"]);
    await s.hold(a, ["A2", "A7"]);
    const map = await inventory.seatMap({ screeningId: s.screeningId, viewerOrderId: a });
    const warned = strandedBySelection(map);
    const refused = await expectRefusal(check(s, a), "SINGLE_GAP");
    expect(warned.sort()).toEqual((refused.details?.seatIds as string[]).sort());
    expect(warned.sort()).toEqual(s.seats("A1", "A8").sort());
  });
});

describe("overrides", () => {
  it("need a staff member and a reason, and leave no audit entry when nothing was waived", async () => {
    const s = await setup(["SSSSSS"]);
    const [a] = s.orders as [string];
    const { user: customer } = await createTestUser(services, { role: "CUSTOMER" });
    const forbidden = await s.hold(a, ["A2"], { staffUserId: customer.id, reason: "because" }).catch((e: { code: string }) => e);
    expect(forbidden).toMatchObject({ code: "FORBIDDEN" });
    const noReason = await s.hold(a, ["A2"], { ...staff, reason: " " }).catch((e: { code: string }) => e);
    expect(noReason).toMatchObject({ code: "BAD_REQUEST" });
    const held = await s.hold(a, ["A1", "A2"], staff);
    expect(held.waived).toEqual([]);
    expect(await services.db.auditLog.count({ where: { entityId: s.screeningId } })).toBe(0);
  });

  it("give the seats back if the audit entry can't be written", async () => {
    // A companion seat without its wheelchair space: the override waives COMPANION.
    const s = await setup(["WCSSSS"]);
    const [a] = s.orders as [string];
    const spy = vi.spyOn(services.audit, "record").mockRejectedValueOnce(new Error("audit log down"));
    await expect(s.hold(a, ["A2"], staff)).rejects.toThrow("audit log down");
    spy.mockRestore();
    expect((await inventory.seatMap({ screeningId: s.screeningId })).counts.held).toBe(0);
    expect(await services.db.ticket.count({ where: { screeningId: s.screeningId, status: "HELD" } })).toBe(0);
  });
});
