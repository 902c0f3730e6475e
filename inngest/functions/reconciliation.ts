import { inngest } from "../client";
import type { FunctionDeps } from "./deps";
import { domainStep } from "./domain-step";

// Every night: orders whose state disagrees with the provider or the inventory are repaired or flagged for staff. The
// app's own processes also run the same reconciliation every few minutes (server/recovery), so recovery never waits
// for this engine; this is the second trigger.
export const createDailyReconciliation = (deps: FunctionDeps) =>
  inngest.createFunction(
    { id: "daily-reconciliation", triggers: [{ cron: "TZ=Europe/London 30 4 * * *" }], retries: 2 },
    async ({ step }) =>
      step.run("reconcile", () => domainStep(() => deps.booking().reconcile(deps.reconcileScope?.() ?? {}))),
  );
