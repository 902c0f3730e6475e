import { z } from "zod";

/** The recovery timer's timing. Every process of the app runs one; the Redis lock makes them take turns. */
export const recoveryTimerOptionsSchema = z
  .object({
    /** At most one run per period of this length across every process (a run starts in the first tick of a period). */
    intervalMs: z.number().int().min(1_000),
    /** How often each process looks whether the current period has had its run. */
    checkEveryMs: z.number().int().min(100),
    /** How long a run's lock lasts if its process dies without releasing it. Longer than any run. */
    leaseMs: z.number().int().min(1_000),
  })
  .refine((o) => o.checkEveryMs <= o.intervalMs, { message: "checkEveryMs must not be longer than intervalMs" });

export type RecoveryTimerOptions = z.infer<typeof recoveryTimerOptionsSchema>;

/** What one tick did: ran the job, or why not. */
export const tickOutcomeSchema = z.enum(["ran", "failed", "period-taken", "busy", "stopped"]);
export type TickOutcome = z.infer<typeof tickOutcomeSchema>;
