// How the Inngest SDK may run in this process. Outside production it follows INNGEST_DEV (the local executor or the
// Dev Server, no signatures). In production it is always in cloud mode: every request to /api/inngest must carry a
// valid X-Inngest-Signature made with INNGEST_SIGNING_KEY, and INNGEST_DEV is ignored, so an .env copied from a
// development machine can neither switch signature checks off nor point the app's events at a dev server.

export interface InngestMode {
  production: boolean;
  /** Passed to the client as `isDev`: false forces cloud mode; undefined lets the SDK read INNGEST_DEV. */
  isDev: false | undefined;
  /** Why /api/inngest refuses every request, when it does. */
  refusal?: string;
}

export function inngestMode(runtime: NodeJS.ProcessEnv = process.env): InngestMode {
  if (runtime.NODE_ENV !== "production") return { production: false, isDev: undefined };
  return {
    production: true,
    isDev: false,
    refusal: runtime.INNGEST_SIGNING_KEY
      ? undefined
      : "INNGEST_SIGNING_KEY is not set: in production /api/inngest accepts only requests signed with it (see the README's configuration).",
  };
}

/** Production ignores INNGEST_DEV: the SDK reads it on every request (as a mode and as a base URL), so it goes. */
export function dropDevModeInProduction(runtime: NodeJS.ProcessEnv = process.env): void {
  if (runtime.NODE_ENV !== "production" || runtime.INNGEST_DEV === undefined) return;
  console.warn("[inngest] INNGEST_DEV is ignored in production; set INNGEST_BASE_URL to use a self-hosted Inngest.");
  delete runtime.INNGEST_DEV;
}
