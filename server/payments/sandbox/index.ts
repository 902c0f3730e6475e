// The sandbox provider (./provider.ts) plus what a server process needs to run it: one provider over the app's own
// database and settings, used by the hosted page, and the loop that sends its webhooks (started from
// instrumentation.ts).
import { env, sandboxWebhookSecret } from "@/server/config/env";
import { db } from "@/server/db";
import { createSandboxProvider, type SandboxProvider } from "./provider";

export * from "./provider";

export interface SandboxDeliveryWorker {
  /** Stops scheduling rounds and waits for the one in progress. */
  stop(): Promise<void>;
}

const globalForSandbox = globalThis as unknown as {
  marqueeSandboxProvider?: SandboxProvider;
  marqueeSandboxWorker?: SandboxDeliveryWorker;
};

/** The process's sandbox provider over the app's database and settings. */
export function defaultSandboxProvider(): SandboxProvider {
  globalForSandbox.marqueeSandboxProvider ??= createSandboxProvider({
    db: db(),
    appUrl: env().APP_URL,
    webhookSecret: sandboxWebhookSecret(),
    delaySeconds: env().SANDBOX_DELAY_SECONDS,
  });
  return globalForSandbox.marqueeSandboxProvider;
}

/** Rounds run back to back while they find work, up to this many, before waiting for the next tick. */
const MAX_ROUNDS_PER_TICK = 10;

/**
 * Sends due sandbox webhooks every `intervalMs`. Several processes may each run one: deliveries are claimed with
 * SKIP LOCKED, so none is sent twice at once. Its timers are unref'd, so it never keeps a process alive; started
 * without a provider it is one per process (a second call returns the first worker).
 */
export function startSandboxDeliveryWorker(
  options: { provider?: SandboxProvider; intervalMs?: number; log?: Pick<Console, "error"> } = {},
): SandboxDeliveryWorker {
  if (!options.provider && globalForSandbox.marqueeSandboxWorker) return globalForSandbox.marqueeSandboxWorker;
  const provider = options.provider ?? defaultSandboxProvider();
  const intervalMs = options.intervalMs ?? 1_000;
  const log = options.log ?? console;

  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let inProgress: Promise<void> | undefined;

  async function round() {
    try {
      for (let rounds = 0; rounds < MAX_ROUNDS_PER_TICK && !stopped; rounds++) {
        const report = await provider.deliverDue();
        if (report.attempted === 0) break;
      }
    } catch (error) {
      // The database may be restarting: the next tick tries again.
      log.error("[sandbox] webhook delivery round failed", error);
    }
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      inProgress = round().finally(() => {
        inProgress = undefined;
        schedule();
      });
    }, intervalMs);
    timer.unref();
  }

  const halt = () => {
    stopped = true;
    clearTimeout(timer);
  };
  process.once("exit", halt);

  const worker: SandboxDeliveryWorker = {
    async stop() {
      halt();
      process.off("exit", halt);
      await inProgress;
      if (globalForSandbox.marqueeSandboxWorker === worker) globalForSandbox.marqueeSandboxWorker = undefined;
    },
  };
  if (!options.provider) globalForSandbox.marqueeSandboxWorker = worker;
  schedule();
  return worker;
}
