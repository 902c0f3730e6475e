import { describe, expect, it } from "vitest";
import { compileExpression, ExpressionError } from "./expressions";

const event = { name: "order/created", data: { orderId: "A", amount: 1250, vip: true, tags: ["x"], "odd-key": 1, none: null } };
const async = { name: "order/paid", data: { orderId: "A", amount: 1250 } };
const m = (src: string, vars: Record<string, unknown> = { event, async }) =>
  compileExpression(src, ["event", "async"]).matches(vars);

describe("CEL subset", () => {
  it("matches the shapes functions use", () => {
    expect(m("event.data.orderId == 'A'")).toBe(true);
    expect(m('event.data.orderId == "B"')).toBe(false);
    expect(m("async.data.orderId == event.data.orderId")).toBe(true);
    expect(m("event.data.orderId != 'B' && event.data.amount >= 1000")).toBe(true);
    expect(m("event.data.orderId == 'B' || (event.data.vip && !false)")).toBe(true);
    expect(m("event.data['odd-key'] == 1 && event.data.tags[0] == 'x'")).toBe(true);
    expect(m("event.data.none == null")).toBe(true);
    expect(m("event.data.amount > -1 && event.data.amount < 1250.5")).toBe(true);
  });

  it("treats a missing field as no match, even on both sides", () => {
    expect(m("async.data.missing == event.data.missing")).toBe(false);
    expect(m("async.data.missing != 'x'")).toBe(false);
    // CEL's error absorption: the side that decides wins.
    expect(m("event.data.missing == 'x' || event.data.orderId == 'A'")).toBe(true);
    expect(m("event.data.missing == 'x' && event.data.orderId == 'B'")).toBe(false);
  });

  it("compares values of different types as unequal, and refuses to order them", () => {
    expect(m("event.data.amount == '1250'")).toBe(false);
    expect(m("event.data.amount != '1250'")).toBe(true);
    expect(m("event.data.amount < 'z'")).toBe(false);
    expect(m("event.data.orderId")).toBe(false); // not a boolean
  });

  it("never reads prototype properties", () => {
    expect(m("event.data.constructor == null")).toBe(false);
    expect(compileExpression("event.__proto__", ["event"]).value({ event })).toBeUndefined();
  });

  it("returns values for keys", () => {
    expect(compileExpression("event.data.orderId", ["event"]).value({ event })).toBe("A");
  });

  it.each([
    ["event.data.tags.exists(t, t == 'x')", "function and macro calls"],
    ["size(event.data.tags) > 0", "function calls (size()) are not supported"],
    ["event.data.orderId in ['A']", "the `in` operator is not supported"],
    ["event.data.amount + 1 > 2", "unsupported character '+'"],
    ["event.data.x ? 1 : 2", "unsupported character '?'"],
    ["1 < 2 < 3", "chained comparisons"],
    ["vars.x == 1", "unknown variable 'vars'"],
    ["event.data.x == 'unterminated", "unterminated string"],
    ["event.data.x ==", "unexpected end of expression"],
  ])("rejects %s", (source, message) => {
    expect(() => compileExpression(source, ["event", "async"])).toThrow(ExpressionError);
    expect(() => compileExpression(source, ["event", "async"])).toThrow(message);
  });

  it("only allows `async` where there is an incoming event", () => {
    expect(() => compileExpression("async.data.x == 1", ["event"])).toThrow("unknown variable 'async' (available here: event)");
  });
});
