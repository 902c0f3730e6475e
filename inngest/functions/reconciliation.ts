import { services } from "@/server/services";
import { inngest } from "../client";

// Every night: orders whose state disagrees with the provider or the inventory are repaired or flagged for staff.
export const dailyReconciliation = inngest.createFunction(
  { id: "daily-reconciliation", triggers: [{ cron: "TZ=Europe/London 30 4 * * *" }], retries: 2 },
  async ({ step }) => step.run("reconcile", () => services().booking.reconcile({})),
);
