// The one clock of the tests: moved by hand, and read by every service a test builds (createTestServices({ now })).
// It starts at the real time, so rows the database stamps itself (createdAt) and anything the process compares with
// Date.now() stay comparable with it. Never pin it to a calendar date: the calendar passes a pinned date, and the
// test that needed it "in the future" starts failing on its own. A test that needs another start computes it from
// the real date (`createClock(realNow() + 3 * 24 * 3600_000)`). A calendar date is fine only where everything that
// meets it is given too: a pure function's inputs (pricing's promo rules), or a module that reads no clock but the
// injected one, compared only with instants the test wrote (server/catalogue/catalogue.test.ts).

/** The real time in milliseconds, rounded down to the second. */
export const realNow = () => Math.floor(Date.now() / 1000) * 1000;

/** A clock at `start` (milliseconds; the real time by default), moved only by advance and set. */
export function createClock(start = realNow()) {
  let nowMs = start;
  return {
    now: () => new Date(nowMs),
    ms: () => nowMs,
    advance: (ms: number) => {
      nowMs += ms;
    },
    set: (ms: number) => {
      nowMs = ms;
    },
  };
}
export type Clock = ReturnType<typeof createClock>;
