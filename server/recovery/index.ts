// Recovery that doesn't depend on the workflow engine: a timer in every app process runs booking's reconciliation
// every few minutes, one process at a time (README.md beside this file). instrumentation.ts starts it.
import { env } from "@/server/config/env";
import { services } from "@/server/services";
import { createRecoveryTimer, type RecoveryTimer } from "./timer";

export { createRecoveryTimer, defaultRecoveryTimerOptions } from "./timer";
export type { RecoveryTimer, RecoveryTimerDeps } from "./timer";
export type { RecoveryTimerOptions, TickOutcome } from "./schemas";
export { createLocks } from "./lock";

const globalForRecovery = globalThis as unknown as { marqueeRecoveryTimer?: RecoveryTimer };

/**
 * Starts this process's reconciliation timer (one per process; a second call returns the first), unless
 * RECOVERY_INTERVAL_SECONDS is 0. Stops with the process; stop() ends it sooner.
 */
export function startRecoveryTimer(): RecoveryTimer | null {
  const intervalSeconds = env().RECOVERY_INTERVAL_SECONDS;
  if (intervalSeconds === 0) return null;
  if (globalForRecovery.marqueeRecoveryTimer) return globalForRecovery.marqueeRecoveryTimer;
  const app = services();
  const timer = createRecoveryTimer({
    redis: app.redis,
    name: "reconcile",
    run: async () => {
      const report = await app.booking.reconcile();
      if (report.repaired.length || report.flagged.length) {
        console.info(`[recovery] reconcile: ${report.repaired.length} repaired, ${report.flagged.length} flagged`);
      }
    },
    options: { intervalMs: intervalSeconds * 1000, checkEveryMs: Math.min(15_000, intervalSeconds * 1000) },
  });
  process.once("exit", () => void timer.stop());
  timer.start();
  globalForRecovery.marqueeRecoveryTimer = timer;
  return timer;
}
