// Next calls register() once when a server process starts (docs: instrumentation), before it serves a request.
// Marquee uses it to refuse to start with payments misconfigured (server/config/env.ts), to wire the app's services
// to the workflow engine (server/ knows only the EventPublisher interface), to start the recovery timer
// (reconciliation every few minutes, server/recovery), and to start the sandbox payment provider's webhook delivery
// loop, so that decisions made on
// /sandbox-pay reach /api/webhooks/payments/sandbox the way a real provider's webhooks would (docs/payments.md).
import { PHASE_PRODUCTION_BUILD } from "next/constants";

export async function register() {
  // Not in the Edge runtime (no database driver there), and not while `next build` evaluates the app.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === PHASE_PRODUCTION_BUILD) return;

  // Payments first: production must take real money (Stripe), or say plainly that it doesn't (the acknowledged
  // sandbox). A server that can't is stopped here, before it takes a single order.
  const { assertPaymentsConfiguration } = await import("@/server/config/env");
  try {
    assertPaymentsConfiguration();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }

  const [{ configureServices }, { inngestPublisher }] = await Promise.all([
    import("@/server/services"),
    import("@/inngest/publisher"),
  ]);
  configureServices({ events: inngestPublisher });

  // Reconciliation every few minutes from this process, whatever state the workflow engine is in; the processes of
  // one install take turns through a Redis lock (server/recovery). Its timer is unref'd like the sandbox's.
  const { startRecoveryTimer } = await import("@/server/recovery");
  startRecoveryTimer();

  // The tRPC API, served by scripts/serve.mjs outside Next's request path (lib/trpc/api-server.ts). Built here because
  // this runs inside Next's server bundle, in the serving process, before the first request.
  const { API_HANDLER_KEY, createApiHandler } = await import("@/lib/trpc/api-server");
  (globalThis as Record<symbol, unknown>)[API_HANDLER_KEY] = createApiHandler();

  const { paymentsSandboxEnabled } = await import("@/server/config/env");
  if (!paymentsSandboxEnabled()) return;
  // Imported only here, so that a process with the sandbox off never loads it. Its timers are unref'd: it never
  // keeps the process alive, and it stops with it.
  const { startSandboxDeliveryWorker } = await import("@/server/payments/sandbox");
  startSandboxDeliveryWorker();
}
