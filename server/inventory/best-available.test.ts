// Best-available seat choice: the pure algorithm on drawn halls, then once through the inventory and a real hold.
import { describe, expect, it } from "vitest";
import { withTestServices } from "@/tests/support/services";
import { chooseBestSeats, type BestAvailableRequest } from "./best-available";
import { strandedSeats } from "./rules";
import { createTestOrders, createTestScreening, layoutFromPlan, type HallPlan } from "@/tests/support/screenings";
import { createClock } from "@/tests/support/clock";
import { expectRefusal } from "@/tests/support/errors";

const grid = (rows: number, row: string) => Array.from({ length: rows }, () => row);

function choose(plan: HallPlan, request: BestAvailableRequest, options: { taken?: string[]; preventSingleGaps?: boolean; screenPosition?: "TOP" | "BOTTOM" } = {}) {
  const layout = layoutFromPlan(plan, options);
  const taken = new Set(options.taken ?? []);
  const choice = chooseBestSeats(layout, (id) => !taken.has(id), request);
  return choice && { labels: choice.seats.map((s) => s.label), arrangement: choice.arrangement, layout, taken };
}

describe("chooseBestSeats", () => {
  it("picks central seats about two thirds of the way back", () => {
    expect(choose(grid(10, "SSSSSSSSSSSS"), { count: 2 })).toMatchObject({ labels: ["G6", "G7"], arrangement: "together" });
    expect(choose(grid(10, "SSSSSSSSSSSS"), { count: 3 })?.labels).toEqual(["G5", "G6", "G7"]);
  });

  it("takes the next best row when the best is full, and follows the screen's side", () => {
    const rowG = Array.from({ length: 12 }, (_, i) => `G${i + 1}`);
    expect(choose(grid(10, "SSSSSSSSSSSS"), { count: 2 }, { taken: rowG })?.labels).toEqual(["F6", "F7"]);
    expect(choose(grid(10, "SSSSSSSSSSSS"), { count: 2 }, { screenPosition: "BOTTOM" })?.labels).toEqual(["D6", "D7"]);
  });

  it("keeps a block together inside one run of seats, never across an aisle", () => {
    const result = choose(["SSS_SSS"], { count: 2 }, { preventSingleGaps: false });
    expect([["A2", "A3"], ["A4", "A5"]]).toContainEqual(result?.labels);
  });

  it("chooses only the kind or zone asked for, and leaves accessible seats alone by default", () => {
    const plan = ["SSSSSSSS", "SSSSSSSS", "PPPPPPPP", "SSSSSSSS", "WCSSSSCW"];
    expect(choose(plan, { count: 2, kind: "PREMIUM" })?.labels).toEqual(["C4", "C5"]);
    expect(choose(plan, { count: 2, zone: "Premium" })?.labels).toEqual(["C4", "C5"]);
    expect(choose(plan, { count: 1, kind: "WHEELCHAIR" })?.labels).toHaveLength(1);
    const defaults = choose(plan, { count: 8 }, { taken: ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "D1"] });
    expect(defaults?.labels.every((label) => !["E1", "E2", "E7", "E8"].includes(label))).toBe(true);
  });

  it("does not propose a block that would strand a single seat", () => {
    const result = choose(["SSSSSS"], { count: 4 })!;
    expect(result.labels).not.toEqual(["A2", "A3", "A4", "A5"]);
    expect(strandedSeats(result.layout, new Set(result.labels), () => true)).toEqual([]);
  });

  it("splits across two neighbouring rows, lined up, when no row has room", () => {
    const result = choose(["SSSS", "SSSS", "SSSS"], { count: 4 }, { preventSingleGaps: false, taken: ["A1", "A2", "A3", "B3", "B4", "C3", "C4"] });
    expect(result).toMatchObject({ labels: ["B1", "B2", "C1", "C2"], arrangement: "split-rows" });
  });

  it("falls back to the nearest free seats, and gives up when there aren't enough", () => {
    const taken = ["A2", "A3", "B1", "B2", "B3", "B4", "C1", "C3"];
    const result = choose(["SSSS", "SSSS", "SSSS"], { count: 3 }, { preventSingleGaps: false, taken })!;
    expect(result.arrangement).toBe("scattered");
    expect(result.labels).toHaveLength(3);
    expect(result.labels.every((label) => ["A1", "A4", "C2", "C4"].includes(label))).toBe(true);
    expect(choose(["SSSS"], { count: 5 })).toBeNull();
    expect(choose(["SSSS"], { count: 2 }, { taken: ["A1", "A2", "A3"] })).toBeNull();
  });
});

describe("inventory.bestAvailable", () => {
  const clock = createClock();
  const services = withTestServices({ now: clock.now });

  it("proposes free seats the hold then accepts, and says when there aren't enough", async () => {
    const s = await createTestScreening(services.db, { plan: grid(6, "SSSSSSSS"), startsAt: new Date(clock.ms() + 86_400_000) });
    const [a, b] = await createTestOrders(services.db, s.screeningId, 2, clock.now());
    const inventory = services.inventory;
    const first = await inventory.bestAvailable({ screeningId: s.screeningId, count: 4 });
    expect(first).toMatchObject({ arrangement: "together" });
    expect(first.seats.map((x) => x.label)).toEqual(["D3", "D4", "D5", "D6"]);
    await inventory.hold({ screeningId: s.screeningId, orderId: a!, seatIds: first.seatIds, requestKey: "best-available-1" });
    const second = await inventory.bestAvailable({ screeningId: s.screeningId, count: 4 });
    expect(second.seatIds.some((id) => first.seatIds.includes(id))).toBe(false);
    await inventory.hold({ screeningId: s.screeningId, orderId: b!, seatIds: second.seatIds, requestKey: "best-available-2" });
    await expectRefusal(inventory.bestAvailable({ screeningId: s.screeningId, count: 11 }), "SEAT_LIMIT");
    await expectRefusal(inventory.bestAvailable({ screeningId: s.screeningId, count: 2, kind: "PREMIUM" }), "NOT_ENOUGH_SEATS");
  });
});
