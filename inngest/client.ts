import { Inngest } from "inngest";
import { dropDevModeInProduction, inngestMode } from "./mode";

dropDevModeInProduction();

// One client for the app. In development and tests INNGEST_DEV points it at the local executor
// (tools/inngest-local) or `npx inngest-cli dev`; in production (always cloud mode, see mode.ts) INNGEST_EVENT_KEY /
// INNGEST_SIGNING_KEY point it at Inngest Cloud, or with INNGEST_BASE_URL at a self-hosted Inngest or the local
// executor given the same signing key (npm run demo, the e2e suite). The code is the same in all of them.
export const inngest = new Inngest({
  id: "marquee",
  isDev: inngestMode().isDev,
  // inngest.send() has no timeout of its own and retries for seconds; a request must never hang on it.
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(3_000) }),
});
