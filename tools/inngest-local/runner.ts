// One execution request to an app's serve() endpoint, and what came back, in the SDK's protocol (execution
// version 2). This module only speaks HTTP; deciding what a response means for the run is the executor's job.
//
// Request: POST <step url with fnId>&stepId=<"step" | hashed step id>
//   { version: 2, event, events, steps: { <hashed id>: {type:"data",data} | {type:"error",error} },
//     ctx: { run_id, attempt, max_attempts, disable_immediate_execution, use_api, stack: { stack, current } } }
// Deliberately absent: ctx.fn_id and ctx.qi_id. With fn_id set the SDK switches to "async checkpointing" and
// reports steps to /v1/checkpoint instead of answering with opcodes, which this executor does not implement.
// `use_api: false` keeps the SDK from fetching events and steps from /v0/runs.
//
// Responses:
//   206 + JSON op list   the SDK found or ran steps (StepRun, StepError, StepFailed, StepPlanned, Sleep, ...)
//   200 + JSON           the function returned; the body is its return value
//   4xx/5xx + JSON error the function threw; `x-inngest-no-retry: true` means do not retry
//   `retry-after`        from RetryAfterError, on 206 and error responses
// Request signatures (x-inngest-signature) are only checked by the SDK in cloud mode. Given the app's signing key the
// executor signs every request as Inngest Cloud does (signature.ts), so a production build, which runs in cloud mode
// and refuses unsigned requests, can use it too; without one it sends none, for an app in dev mode.
import { parseRetryAfter } from "./durations";
import { inngestSignature } from "./signature";
import type { JsonError, OutgoingOp, RunRecord } from "./types";

export type Outcome =
  | { kind: "ops"; ops: OutgoingOp[]; noRetry: boolean; retryAt?: number }
  | { kind: "complete"; output: unknown }
  | { kind: "error"; status: number; error: JsonError; noRetry: boolean; retryAt?: number }
  /** The app could not be reached at all (connection refused, DNS): does not use up an attempt. */
  | { kind: "unreachable"; error: JsonError };

export interface CallOptions {
  url: string;
  /** "step" to discover/continue, or a hashed step id to run that step. */
  stepId: string;
  run: RunRecord;
  attempt: number;
  maxAttempts: number;
  timeoutMs: number;
  now: number;
  /** The app's INNGEST_SIGNING_KEY: sign the request (an app in cloud mode refuses it unsigned). */
  signingKey?: string;
}

export function toJsonError(value: unknown, fallback = "Unknown error"): JsonError {
  if (value && typeof value === "object") {
    const v = value as Record<string, unknown>;
    const message = typeof v.message === "string" ? v.message : typeof v.error === "string" ? v.error : fallback;
    return {
      name: typeof v.name === "string" && v.name ? v.name : "Error",
      message,
      ...(typeof v.stack === "string" ? { stack: v.stack } : {}),
    };
  }
  if (typeof value === "string" && value) return { name: "Error", message: value };
  return { name: "Error", message: fallback };
}

const unreachableCodes = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "UND_ERR_SOCKET"]);

export function isUnreachable(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } })?.cause;
  return Boolean(cause?.code && unreachableCodes.has(cause.code));
}

export async function callFunction(o: CallOptions): Promise<Outcome> {
  const url = new URL(o.url);
  url.searchParams.set("stepId", o.stepId);
  const body = {
    version: 2,
    event: o.run.event,
    events: [o.run.event],
    steps: o.run.steps,
    ctx: {
      run_id: o.run.id,
      attempt: o.attempt,
      max_attempts: o.maxAttempts,
      disable_immediate_execution: false,
      use_api: false,
      stack: { stack: o.run.stack, current: o.run.stack.length },
    },
  };

  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "inngest-local",
        // The dev server's identity; the SDK echoes it as x-inngest-expected-server-kind.
        "x-inngest-server-kind": "dev",
        ...(o.signingKey ? { "x-inngest-signature": inngestSignature(o.signingKey, body) } : {}),
      },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const err = error as Error;
    if (err.name === "TimeoutError" || err.name === "AbortError") {
      return {
        kind: "error",
        status: 0,
        error: { name: "Error", message: `no response from ${url.origin} within ${o.timeoutMs} ms` },
        noRetry: false,
      };
    }
    const reason = (err as { cause?: Error }).cause?.message ?? err.message;
    if (isUnreachable(error)) return { kind: "unreachable", error: { name: "Error", message: `app unreachable: ${reason}` } };
    return { kind: "error", status: 0, error: { name: "Error", message: `request failed: ${reason}` }, noRetry: false };
  }

  let json: unknown;
  let parsed = true;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    parsed = false;
  }
  const noRetry = response.headers.get("x-inngest-no-retry") === "true";
  const retryAt = parseRetryAfter(response.headers.get("retry-after"), o.now);

  if (response.status === 206 && parsed) {
    const ops = (Array.isArray(json) ? json : [json]).filter(
      (op): op is OutgoingOp => Boolean(op) && typeof op === "object" && typeof (op as OutgoingOp).op === "string",
    );
    return { kind: "ops", ops, noRetry, retryAt };
  }
  if (response.status === 200) return { kind: "complete", output: parsed ? json : text };
  const fallback = `HTTP ${response.status} from ${url.origin}${url.pathname}${parsed ? "" : `: ${text.slice(0, 300)}`}`;
  return { kind: "error", status: response.status, error: toJsonError(parsed ? json : undefined, fallback), noRetry, retryAt };
}
