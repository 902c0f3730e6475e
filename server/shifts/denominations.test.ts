// The notes and coins a drawer is counted in, per currency, and a count's total.
import { describe, expect, it } from "vitest";
import { denominationsFor, normaliseCount, totalOfCount } from "./denominations";

describe("denominations", () => {
  it("lists GBP's notes and coins largest first, and falls back to 1-2-5 steps for other currencies", () => {
    expect(denominationsFor("GBP")).toEqual([5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]);
    expect(denominationsFor("usd")).toContain(25);
    expect(denominationsFor("CHF")).toEqual([10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1]);
  });

  it("totals a count in minor units and refuses what the currency doesn't have", () => {
    expect(totalOfCount("GBP", { "5000": 1, "2000": 2, "50": 3, "1": 7 })).toBe(5000 + 4000 + 150 + 7);
    expect(() => totalOfCount("GBP", { "25": 1 })).toThrow(RangeError);
    expect(() => totalOfCount("GBP", { "100": -1 })).toThrow(RangeError);
    expect(() => totalOfCount("GBP", { "100": 1.5 })).toThrow(RangeError);
  });

  it("stores a count without its empty lines", () => {
    expect(normaliseCount("GBP", { "1": 2, "2000": 1, "500": 0 })).toEqual({ "2000": 1, "1": 2 });
  });
});
