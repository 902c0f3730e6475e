// Turning the SDK's sync body (POST /fn/register) into functions the executor can run.
//
// Everything that can be checked up front is checked here, so a function the executor cannot honour fails the sync
// with a clear message instead of misbehaving later: trigger/cancel/idempotency/concurrency expressions must be in the
// supported CEL subset, crons must parse, cancel timeouts must be durations. Flow-control options the executor does
// not implement are accepted with a warning (the app still runs, just without that control).
import { parseCron, type CronSchedule } from "./cron";
import { parseDuration } from "./durations";
import { compileExpression, type CompiledExpression } from "./expressions";
import type { ConcurrencyConfig, FunctionConfig } from "./types";

/** Default retries when a function does not set `retries` (the SDK's and Inngest's default). */
export const defaultRetries = 3;

export interface EventTrigger {
  event: string;
  expression?: CompiledExpression;
}

export interface CancelRule {
  event: string;
  expression?: CompiledExpression;
  timeoutMs?: number;
}

export interface ConcurrencyRule {
  limit: number;
  key?: CompiledExpression;
  scope: "fn" | "env" | "account";
}

export interface FunctionDef {
  id: string;
  name: string;
  appId: string;
  /** The step URL: `<serve url>?fnId=<id>&stepId=step`. */
  url: string;
  /** Attempts per step (and per function-level error): retries + 1. */
  maxAttempts: number;
  eventTriggers: EventTrigger[];
  crons: CronSchedule[];
  cancel: CancelRule[];
  idempotency?: CompiledExpression;
  concurrency: ConcurrencyRule[];
  warnings: string[];
  config: FunctionConfig;
}

export class RegistrationError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("; "));
    this.name = "RegistrationError";
  }
}

/** `app/*` style wildcard triggers match by prefix, as Inngest's do. */
export function eventNameMatches(pattern: string, name: string): boolean {
  return pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : pattern === name;
}

const unsupported: Array<keyof FunctionConfig> = [
  "batchEvents",
  "rateLimit",
  "throttle",
  "debounce",
  "priority",
  "timeouts",
  "singleton",
];

export function compileFunction(appId: string, config: FunctionConfig): FunctionDef {
  const problems: string[] = [];
  const warnings: string[] = [];
  const where = `function "${config.id}"`;
  const expr = (source: string, roots: string[], what: string): CompiledExpression | undefined => {
    try {
      return compileExpression(source, roots);
    } catch (error) {
      problems.push(`${where}: ${what}: ${(error as Error).message}`);
      return undefined;
    }
  };

  const step = config.steps ? Object.values(config.steps)[0] : undefined;
  if (!step?.runtime?.url) problems.push(`${where}: no step URL in its config`);
  else if (step.runtime.type !== "http") problems.push(`${where}: runtime "${step.runtime.type}" (connect) is not supported; serve over HTTP`);
  const retries = step?.retries?.attempts ?? defaultRetries;

  const eventTriggers: EventTrigger[] = [];
  const crons: CronSchedule[] = [];
  for (const trigger of config.triggers ?? []) {
    if ("cron" in trigger) {
      try {
        crons.push(parseCron(trigger.cron));
      } catch (error) {
        problems.push(`${where}: ${(error as Error).message}`);
      }
      if (trigger.jitter) warnings.push(`${where}: cron jitter is ignored`);
    } else if (typeof trigger.event === "string") {
      eventTriggers.push({
        event: trigger.event,
        expression: trigger.expression ? expr(trigger.expression, ["event"], `trigger "${trigger.event}" if`) : undefined,
      });
    } else {
      problems.push(`${where}: unrecognised trigger ${JSON.stringify(trigger)}`);
    }
  }

  const cancel: CancelRule[] = [];
  for (const rule of config.cancel ?? []) {
    let timeoutMs: number | undefined;
    if (rule.timeout) {
      timeoutMs = parseDuration(rule.timeout);
      if (timeoutMs === undefined) problems.push(`${where}: cancelOn "${rule.event}" timeout "${rule.timeout}" is not a duration`);
    }
    cancel.push({
      event: rule.event,
      expression: rule.if ? expr(rule.if, ["event", "async"], `cancelOn "${rule.event}" if`) : undefined,
      timeoutMs,
    });
  }

  const idempotency = config.idempotency ? expr(config.idempotency, ["event"], "idempotency") : undefined;

  const concurrency: ConcurrencyRule[] = [];
  const rawConcurrency = config.concurrency === undefined ? [] : [config.concurrency].flat();
  for (const raw of rawConcurrency as Array<number | ConcurrencyConfig>) {
    const c = typeof raw === "number" ? { limit: raw } : raw;
    if (!(c.limit > 0)) continue; // 0 means "the account maximum": no local limit
    concurrency.push({
      limit: c.limit,
      key: c.key ? expr(c.key, ["event"], "concurrency key") : undefined,
      scope: c.scope ?? "fn",
    });
  }

  for (const option of unsupported) {
    if (config[option] !== undefined && config[option] !== null) {
      warnings.push(`${where}: "${option}" is not implemented by inngest-local and is ignored`);
    }
  }

  if (problems.length) throw new RegistrationError(problems);
  return {
    id: config.id,
    name: config.name ?? config.id,
    appId,
    url: step?.runtime.url as string,
    maxAttempts: retries + 1,
    eventTriggers,
    crons,
    cancel,
    idempotency,
    concurrency,
    warnings,
    config,
  };
}

export interface ParsedRegistration {
  appId: string;
  url: string;
  framework?: string;
  sdk?: string;
  functions: FunctionDef[];
}

/** Validate a whole register body. Throws RegistrationError listing every problem; registers nothing then. */
export function parseRegistration(body: unknown): ParsedRegistration {
  if (!body || typeof body !== "object") throw new RegistrationError(["register body must be a JSON object"]);
  const b = body as Record<string, unknown>;
  const appId = typeof b.appName === "string" ? b.appName : undefined;
  const url = typeof b.url === "string" ? b.url : undefined;
  if (!appId || !url || !Array.isArray(b.functions)) {
    throw new RegistrationError(["register body needs appName, url and functions"]);
  }
  const problems: string[] = [];
  const functions: FunctionDef[] = [];
  const seen = new Set<string>();
  for (const config of b.functions as FunctionConfig[]) {
    if (!config || typeof config.id !== "string") {
      problems.push(`a function without an id`);
      continue;
    }
    if (seen.has(config.id)) problems.push(`function id "${config.id}" appears twice`);
    seen.add(config.id);
    try {
      functions.push(compileFunction(appId, config));
    } catch (error) {
      if (error instanceof RegistrationError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length) throw new RegistrationError(problems);
  return {
    appId,
    url,
    framework: typeof b.framework === "string" ? b.framework : undefined,
    sdk: typeof b.sdk === "string" ? b.sdk : undefined,
    functions,
  };
}
