// The recovery timer against the run's real Redis: two timers on their own connections stand for two app processes.
// They run the job once per period between them, never two runs at once, a lock is released only by its owner, and
// stop() ends a timer (for tests and shutdown).
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createRedis } from "@/server/redis/client";
import { testRedisKeyPrefix } from "@/tests/support/services";
import { createLocks } from "./lock";
import { createRecoveryTimer } from "./timer";

const connections = [createRedis({ keyPrefix: testRedisKeyPrefix() }), createRedis({ keyPrefix: testRedisKeyPrefix() })];
afterAll(() => connections.forEach((c) => c.disconnect()));
const [processA, processB] = connections as [ReturnType<typeof createRedis>, ReturnType<typeof createRedis>];

const quiet = { error: () => {}, info: () => {} };
const INTERVAL = 60_000;

/** Two "processes" running the same timer (one name), on a shared clock; the job counts its runs. */
function twoProcesses(run: () => Promise<unknown> = async () => {}) {
  const name = `test-${randomBytes(6).toString("hex")}`;
  let clockMs = Math.floor(Date.now() / INTERVAL) * INTERVAL;
  const runs: string[] = [];
  const make = (redis: typeof processA, who: string) =>
    createRecoveryTimer({
      redis,
      name,
      now: () => clockMs,
      run: async () => {
        runs.push(who);
        await run();
      },
      options: { intervalMs: INTERVAL, checkEveryMs: 100, leaseMs: 60_000 },
      log: quiet,
    });
  return {
    name,
    a: make(processA, "A"),
    b: make(processB, "B"),
    runs,
    nextPeriod: () => {
      clockMs += INTERVAL;
    },
  };
}

describe("the recovery timer", () => {
  it("runs the job once per period between two processes ticking at once", async () => {
    const { a, b, runs, nextPeriod } = twoProcesses();

    const first = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(first.filter((o) => o === "ran")).toHaveLength(1);
    expect(runs).toHaveLength(1);
    // Later in the same period: nobody runs it again.
    expect(await a.tick()).toBe("period-taken");
    expect(await b.tick()).toBe("period-taken");

    nextPeriod();
    const second = await Promise.all([b.tick(), a.tick()]);
    expect(second.filter((o) => o === "ran")).toHaveLength(1);
    expect(runs).toHaveLength(2);
  });

  it("never runs twice at once: a run that outlasts its period keeps the other process out until it ends", async () => {
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const { a, b, runs, nextPeriod } = twoProcesses(() => slow);

    const running = a.tick();
    await expect.poll(() => runs.length).toBe(1);
    nextPeriod();
    expect(await b.tick()).toBe("busy");

    finish();
    expect(await running).toBe("ran");
    expect(await b.tick()).toBe("ran");
    expect(runs).toEqual(["A", "B"]);
  });

  it("a failing job is logged, releases the lock, and the next period runs again", async () => {
    let fail = true;
    const { a, b, runs, nextPeriod } = twoProcesses(async () => {
      if (fail) throw new Error("database restarting");
    });

    expect(await a.tick()).toBe("failed");
    fail = false;
    nextPeriod();
    expect(await b.tick()).toBe("ran");
    expect(runs).toEqual(["A", "B"]);
  });

  it("stops: no more runs, and stop() waits for the run in progress", async () => {
    let finish!: () => void;
    const slow = new Promise<void>((resolve) => (finish = resolve));
    const { a, runs } = twoProcesses(() => slow);

    a.start();
    expect(a.running).toBe(true);
    await expect.poll(() => runs.length, { timeout: 5_000 }).toBe(1);
    let stopped = false;
    const stopping = a.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;

    expect(a.running).toBe(false);
    expect(await a.tick()).toBe("stopped");
    expect(runs).toHaveLength(1);
  });
});

describe("the lock", () => {
  it("is released only by its owner", async () => {
    const key = `recovery:lock-test-${randomBytes(6).toString("hex")}`;
    const locksA = createLocks(processA);
    const locksB = createLocks(processB);

    const mine = await locksA.acquire(key, 60_000);
    expect(mine).not.toBeNull();
    expect(await locksB.acquire(key, 60_000)).toBeNull();

    // A's lease ran out while it was still working, and B took the lock: A's late release must leave B's alone.
    await processA.del(key);
    const theirs = await locksB.acquire(key, 60_000);
    expect(await mine!.release()).toBe(false);
    expect(await processB.get(key)).toBe(theirs!.token);
    expect(await theirs!.release()).toBe(true);
    expect(await processB.get(key)).toBeNull();
  });
});
