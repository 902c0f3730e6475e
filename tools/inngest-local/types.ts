// Shapes shared by the local executor's modules.
//
// The wire types mirror what the `inngest` SDK (4.24, execution version 2) sends and expects. They are written out
// here instead of imported from `inngest` so the tool depends only on the HTTP protocol, not on SDK internals that
// change between minor versions; the tests run a real SDK endpoint to keep these honest.

/** An event as the executor stores it and hands it to functions. */
export interface EventPayload {
  id: string;
  name: string;
  data: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  ts: number;
  v?: string;
  user?: unknown;
}

/** A serialised error, as the SDK sends it in op `error` fields and 4xx/5xx bodies. */
export interface JsonError {
  name: string;
  message: string;
  stack?: string;
  [key: string]: unknown;
}

/** One memoized step result, sent back to the SDK in `steps` on every request. */
export type MemoizedStep = { type: "data"; data: unknown } | { type: "error"; error: JsonError };

// ── Sync (POST /fn/register) ───────────────────────────────────────────────────────────────────────────────────────

export type TriggerConfig = { event: string; expression?: string } | { cron: string; jitter?: string };

export interface ConcurrencyConfig {
  limit: number;
  key?: string;
  scope?: "fn" | "env" | "account";
}

/** One function as the SDK describes it in its register body (`InngestFunction.getConfig`). */
export interface FunctionConfig {
  id: string;
  name?: string;
  triggers: TriggerConfig[];
  steps: Record<
    string,
    { id: string; name: string; runtime: { type: string; url: string }; retries?: { attempts?: number } }
  >;
  cancel?: Array<{ event: string; if?: string; timeout?: string }>;
  idempotency?: string;
  concurrency?: number | ConcurrencyConfig | Array<number | ConcurrencyConfig>;
  // Flow control the executor does not implement; registration warns when they are set.
  batchEvents?: unknown;
  rateLimit?: unknown;
  throttle?: unknown;
  debounce?: unknown;
  priority?: unknown;
  timeouts?: unknown;
  singleton?: unknown;
}

// ── Execution (POST <step url>) ────────────────────────────────────────────────────────────────────────────────────

/** One op in a 206 response: what the SDK found or did during this request. */
export interface OutgoingOp {
  id: string;
  op: string;
  name?: string;
  displayName?: string;
  opts?: Record<string, unknown>;
  data?: unknown;
  error?: unknown;
}

// ── Runs ───────────────────────────────────────────────────────────────────────────────────────────────────────────

export type RunStatus = "queued" | "running" | "sleeping" | "waiting" | "completed" | "failed" | "cancelled";

export const terminalStatuses: ReadonlySet<RunStatus> = new Set(["completed", "failed", "cancelled"]);

/**
 * A request the executor still has to make for a run. `discovery` replays the function (stepId=step) to find what
 * comes next; `step` runs one planned step (stepId=<hashed id>), which is also how a failed step is retried.
 * `notBefore` holds a retry backoff: it is an absolute time so a restart keeps it.
 */
export type Job =
  | { kind: "discovery"; attempt: number; notBefore?: number; unreachable?: number }
  | { kind: "step"; stepId: string; name: string; attempt: number; notBefore?: number; unreachable?: number };

/** Something a run is parked on. Every `until` is absolute, so a restart re-arms exactly the same deadline. */
export type Wait =
  | { kind: "sleep"; stepId: string; name: string; until: number }
  | { kind: "event"; stepId: string; name: string; event: string; if?: string; until: number }
  | { kind: "invoke"; stepId: string; name: string; childRunId: string; until?: number };

export interface RunRecord {
  id: string;
  functionId: string;
  appId: string;
  event: EventPayload;
  status: RunStatus;
  /** Memoized step results keyed by the SDK's hashed step id. */
  steps: Record<string, MemoizedStep>;
  /** Hashed step ids in the order they completed (ctx.stack.stack). */
  stack: string[];
  jobs: Job[];
  waits: Wait[];
  createdAt: number;
  updatedAt: number;
  endedAt?: number;
  output?: unknown;
  error?: JsonError;
  /** Set for runs started by step.invoke: where to deliver the result. */
  parent?: { runId: string; stepId: string };
}

/** Everything the JSON data file holds. */
export interface PersistedState {
  version: 1;
  savedAt: number;
  apps: AppRecord[];
  /** Raw SDK configs, recompiled on load so the file never holds derived state. */
  functions: Array<{ appId: string; config: FunctionConfig }>;
  runs: RunRecord[];
  /** Idempotency key → time first seen. */
  idempotency: Record<string, number>;
  /** `<function id>|<cron expression>` → the last tick fired (or the baseline time it was first seen). */
  cron: Record<string, number>;
}

export interface AppRecord {
  id: string;
  url: string;
  framework?: string;
  sdk?: string;
  syncedAt: number;
}
