// The recovery timer: runs a job (booking's reconciliation) every few minutes from inside the app's own processes,
// so that recovery doesn't depend on the workflow engine being up. Every process runs a timer; two Redis keys make
// them take turns:
//   - the run lock (`<name>:lock`, SET NX PX with a token, released by its owner after the run): one run at a time,
//     even when a run outlasts its period;
//   - the period claim (`<name>:period:<n>`, SET NX PX, left to expire): one run per period, so a process that ticks
//     just after another finished doesn't run it again.
// A process that dies mid-run leaves the lock to expire after leaseMs. Timers are unref'd: they never keep a process
// alive, and stop() lets tests and shutdown end them.
import type { RedisClient } from "@/server/redis/client";
import { createLocks } from "./lock";
import { recoveryTimerOptionsSchema, type RecoveryTimerOptions, type TickOutcome } from "./schemas";

export const defaultRecoveryTimerOptions: RecoveryTimerOptions = {
  intervalMs: 3 * 60_000,
  checkEveryMs: 15_000,
  leaseMs: 10 * 60_000,
};

export interface RecoveryTimerDeps {
  redis: RedisClient;
  /** Names the Redis keys (under the client's own prefix). */
  name: string;
  /** The job. Its errors are logged, never thrown out of the timer. */
  run: () => Promise<unknown>;
  /** The clock periods are counted on (the wall clock; tests move their own). */
  now?: () => number;
  options?: Partial<RecoveryTimerOptions>;
  log?: Pick<Console, "error" | "info">;
}

export interface RecoveryTimer {
  /** One look: runs the job if this period hasn't had its run and no run is going on. */
  tick(): Promise<TickOutcome>;
  /** Ticks every checkEveryMs from now on (the first tick after a random part of it, so processes don't align). */
  start(): void;
  /** No more ticks; waits for the run in progress, if any. */
  stop(): Promise<void>;
  readonly running: boolean;
}

export function createRecoveryTimer(deps: RecoveryTimerDeps): RecoveryTimer {
  const options = recoveryTimerOptionsSchema.parse({ ...defaultRecoveryTimerOptions, ...deps.options });
  const now = deps.now ?? Date.now;
  const log = deps.log ?? console;
  const locks = createLocks(deps.redis);
  const lockKey = `recovery:${deps.name}:lock`;

  let stopped = false;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inProgress: Promise<TickOutcome> | undefined;

  async function tick(): Promise<TickOutcome> {
    if (stopped) return "stopped";
    const lock = await locks.acquire(lockKey, options.leaseMs);
    if (!lock) return "busy";
    try {
      const period = Math.floor(now() / options.intervalMs);
      const claimed = await deps.redis.set(`recovery:${deps.name}:period:${period}`, lock.token, "PX", options.intervalMs * 2, "NX");
      if (claimed !== "OK") return "period-taken";
      try {
        await deps.run();
        return "ran";
      } catch (error) {
        log.error(`[recovery] ${deps.name} run failed; the next period tries again`, error);
        return "failed";
      }
    } finally {
      await lock.release().catch((error) => log.error(`[recovery] could not release the ${deps.name} lock (it expires by itself)`, error));
    }
  }

  function schedule(delayMs: number) {
    if (stopped) return;
    timer = setTimeout(() => {
      inProgress = tick()
        .catch((error) => {
          // Redis unreachable: nothing ran, the next tick tries again.
          log.error(`[recovery] ${deps.name} tick failed`, error);
          return "failed" as const;
        })
        .finally(() => {
          inProgress = undefined;
          schedule(options.checkEveryMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    tick,
    start() {
      if (started || stopped) return;
      started = true;
      schedule(Math.floor(Math.random() * options.checkEveryMs));
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inProgress;
    },
    get running() {
      return started && !stopped;
    },
  };
}
