import { Inngest } from "inngest";

// One client for the app. In development and tests INNGEST_DEV points it at the local executor
// (tools/inngest-local) or `npx inngest-cli dev`; in production INNGEST_EVENT_KEY / INNGEST_SIGNING_KEY point it at
// Inngest Cloud or a self-hosted Inngest. The code is the same in all three.
export const inngest = new Inngest({
  id: "marquee",
  // inngest.send() has no timeout of its own and retries for seconds; a request must never hang on it.
  fetch: (input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, signal: AbortSignal.timeout(3_000) }),
});
