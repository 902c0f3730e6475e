// The executor: events in, runs driven through the app's serve() endpoint, state persisted.
//
// A run is a queue of jobs (requests still to make) plus a list of waits (sleeps, waitForEvent, invoke). Each
// request's 206 ops are turned into memoized steps, new jobs and new waits; when a run has neither jobs nor waits
// left, it gets a "discovery" job that replays the function to find what comes next, until the SDK answers 200.
// One run never has two requests in flight (its steps are sequential, including `Promise.all` branches, which run
// one after another and are then reported together, as execution version 2 expects); different runs proceed in
// parallel up to `maxInFlight` requests in total, and per-function `concurrency` limits are honoured.
//
// All deadlines are absolute times in run/cron state, registered with the Scheduler (see scheduler.ts), and every
// state change is persisted (see store.ts): a restart resumes exactly where the previous process stopped. A request
// that was in flight when the process died is made again (steps are at-least-once, as on Inngest itself).
import { eventNameMatches, parseRegistration, RegistrationError, compileFunction, type FunctionDef } from "./registry";
import { compileExpression, type CompiledExpression } from "./expressions";
import { resolveTime } from "./durations";
import { seededEventId, ulid } from "./ids";
import { callFunction, toJsonError, type Outcome } from "./runner";
import { Scheduler, systemClock, type Clock } from "./scheduler";
import { Store } from "./store";
import {
  terminalStatuses,
  type AppRecord,
  type EventPayload,
  type Job,
  type JsonError,
  type MemoizedStep,
  type OutgoingOp,
  type PersistedState,
  type RunRecord,
  type RunStatus,
  type Wait,
} from "./types";

export interface ExecutorOptions {
  /** JSON data file; omit to keep everything in memory. */
  dataFile?: string;
  /** Time source for every function deadline; tests pass a ManualClock. */
  clock?: Clock;
  /** Multiplies every retry backoff (tests use small values or rely on the clock instead). Default 1. */
  backoffScale?: number;
  /** First retry delay; doubles per attempt. Default 1000 ms. */
  backoffBaseMs?: number;
  /** Cap on a single retry delay. Default 10 minutes. */
  maxBackoffMs?: number;
  /** Requests to apps in flight at once, across all runs. Default 8. */
  maxInFlight?: number;
  /** How long one request to the app may take. Default 5 minutes. */
  requestTimeoutMs?: number;
  /** Event ids (and function idempotency keys) seen within this window are ignored. Default 24 h. */
  idempotencyWindowMs?: number;
  /** Finished runs kept for /runs and the data file. Default 500. */
  keepFinishedRuns?: number;
  /** Where log lines go. Default console.log. */
  log?: (line: string) => void;
  /** No log lines at all. */
  quiet?: boolean;
  /** Debounce for data file writes. Default 25 ms. */
  persistDebounceMs?: number;
  /** The apps' INNGEST_SIGNING_KEY: requests to them are signed as Inngest Cloud signs them (signature.ts). */
  signingKey?: string;
}

export class BadRequestError extends Error {}

export interface RunSummary {
  id: string;
  functionId: string;
  status: RunStatus;
  event: { id: string; name: string };
  createdAt: string;
  updatedAt: string;
  endedAt?: string;
  steps: number;
  pending: Array<{ kind: string; name: string; at?: string; attempt?: number; event?: string }>;
  output?: unknown;
  error?: JsonError;
}

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const isTerminal = (run: RunRecord) => terminalStatuses.has(run.status);

export class Executor {
  readonly clock: Clock;
  private readonly scheduler: Scheduler;
  private readonly store: Store;
  private readonly print: (line: string) => void;
  private readonly o: Required<
    Pick<
      ExecutorOptions,
      | "backoffScale"
      | "backoffBaseMs"
      | "maxBackoffMs"
      | "maxInFlight"
      | "requestTimeoutMs"
      | "idempotencyWindowMs"
      | "keepFinishedRuns"
    >
  > & { signingKey?: string };

  private apps = new Map<string, AppRecord>();
  private fns = new Map<string, FunctionDef>();
  private runs = new Map<string, RunRecord>();
  private idempotency = new Map<string, number>();
  private cronLast = new Map<string, number>();
  private waitExpressions = new Map<string, CompiledExpression>();

  /** Run ids with a job that may start now, in arrival order. */
  private ready: string[] = [];
  private busy = new Set<string>();
  private inFlight = 0;
  private concurrencyInUse = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];
  private warned = new Set<string>();
  private stopping = false;
  private closed = false;

  constructor(options: ExecutorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.o = {
      backoffScale: options.backoffScale ?? 1,
      backoffBaseMs: options.backoffBaseMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 10 * 60_000,
      maxInFlight: Math.max(1, options.maxInFlight ?? 8),
      requestTimeoutMs: options.requestTimeoutMs ?? 5 * 60_000,
      idempotencyWindowMs: options.idempotencyWindowMs ?? day,
      keepFinishedRuns: options.keepFinishedRuns ?? 500,
      signingKey: options.signingKey,
    };
    const sink = options.log ?? ((line: string) => console.log(line));
    this.print = options.quiet ? () => {} : (line) => sink(`[inngest-local] ${line}`);
    this.scheduler = new Scheduler(
      this.clock,
      (error) => this.print(`internal error in a timer: ${(error as Error).stack ?? String(error)}`),
      this.clock === systemClock ? 60_000 : Infinity,
    );
    this.store = new Store(options.dataFile, () => this.snapshot(), this.print, options.persistDebounceMs);
    this.load(this.store.load());
  }

  // ── Lifecycle ────────────────────────────────────────────────────────────────────────────────────────────────────

  /** Re-arm every deadline and restart queued work from the loaded state. Call once the HTTP server listens. */
  resume(): void {
    let active = 0;
    for (const run of this.runs.values()) {
      if (isTerminal(run)) continue;
      active++;
      this.schedule(run);
    }
    if (active) this.print(`resumed ${active} unfinished run(s) from ${this.store.file}`);
    this.armCrons();
    this.pump();
  }

  /**
   * Stop starting work, let requests in flight finish (up to `drainMs`; their results are kept), write the data
   * file. A request still running after that is simply made again by the next process.
   */
  async stop(drainMs = 10_000): Promise<void> {
    if (this.closed) return;
    this.stopping = true;
    this.scheduler.stop();
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        this.idle(),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, drainMs);
        }),
      ]);
      clearTimeout(timer);
    }
    this.closed = true;
    this.store.flush();
  }

  /** Resolves when no request is in flight and nothing is ready to start (pending deadlines don't count). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && (this.stopping || this.ready.length === 0);
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  // ── Sync ─────────────────────────────────────────────────────────────────────────────────────────────────────────

  /** POST /fn/register: the SDK reporting its functions after we PUT its serve URL. */
  register(body: unknown): { status: number; body: Record<string, unknown> } {
    let parsed;
    try {
      parsed = parseRegistration(body);
    } catch (error) {
      if (!(error instanceof RegistrationError)) throw error;
      const app = (body as { appName?: unknown } | null)?.appName;
      this.print(`rejected sync of app ${JSON.stringify(app ?? "?")}:`);
      for (const problem of error.problems) this.print(`  - ${problem}`);
      return { status: 400, body: { status: 400, error: `inngest-local rejected the sync: ${error.message}` } };
    }
    const describe = (fns: FunctionDef[]) => JSON.stringify(fns.map((f) => f.config).sort((a, b) => a.id.localeCompare(b.id)));
    const before = describe([...this.fns.values()].filter((f) => f.appId === parsed.appId));
    for (const [id, fn] of this.fns) {
      if (fn.appId === parsed.appId && !parsed.functions.some((f) => f.id === id)) this.fns.delete(id);
    }
    for (const fn of parsed.functions) {
      this.fns.set(fn.id, fn);
      for (const warning of fn.warnings) this.warnOnce(warning);
    }
    const modified = before !== describe(parsed.functions);
    const known = this.apps.has(parsed.appId);
    this.apps.set(parsed.appId, {
      id: parsed.appId,
      url: parsed.url,
      framework: parsed.framework,
      sdk: parsed.sdk,
      syncedAt: this.clock.now(),
    });
    if (modified || !known) {
      this.print(
        `synced app "${parsed.appId}" (${parsed.url}): ${parsed.functions.map((f) => f.id).join(", ") || "no functions"}`,
      );
    }
    this.armCrons();
    this.persist();
    this.pump();
    return { status: 200, body: { ok: true, modified, status: 200 } };
  }

  // ── Events ───────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * POST /e/:key. Validates every event first (all or nothing), then dispatches them in order. An event whose `id`
   * was seen in the idempotency window is acknowledged but ignored. Returns the event ids, one per input event.
   */
  ingest(raw: unknown, seed?: string | null): string[] {
    const list = Array.isArray(raw) ? raw : [raw];
    const now = this.clock.now();
    const events = list.map((item, i): EventPayload => {
      if (!item || typeof item !== "object" || Array.isArray(item)) throw new BadRequestError(`event ${i} is not an object`);
      const e = item as Record<string, unknown>;
      if (typeof e.name !== "string" || !e.name.trim()) throw new BadRequestError(`event ${i} has no name`);
      if (e.data !== undefined && e.data !== null && (typeof e.data !== "object" || Array.isArray(e.data))) {
        throw new BadRequestError(`event ${i} ("${e.name}"): data must be an object`);
      }
      const id = (typeof e.id === "string" && e.id) || (seed ? seededEventId(seed, i) : undefined) || ulid(now);
      return {
        id,
        name: e.name,
        data: (e.data ?? {}) as Record<string, unknown>,
        ts: typeof e.ts === "number" && e.ts > 0 ? e.ts : now,
        ...(typeof e.v === "string" ? { v: e.v } : {}),
        ...(e.user !== undefined ? { user: e.user } : {}),
      };
    });
    for (const event of events) {
      const key = `event:${event.id}`;
      if (this.seen(key)) {
        this.print(`event ${event.name} ${event.id}: id already seen within the idempotency window; ignored`);
        continue;
      }
      this.idempotency.set(key, now);
      this.print(`event ${event.name} ${event.id}`);
      this.dispatch(event);
    }
    this.persist();
    this.pump();
    return events.map((e) => e.id);
  }

  /** Cancel matching runs, resume matching waitForEvents, start triggered functions, in that order. */
  private dispatch(event: EventPayload): void {
    const now = this.clock.now();
    for (const run of [...this.runs.values()]) {
      if (isTerminal(run)) continue;
      const fn = this.fns.get(run.functionId);
      const rule = fn?.cancel.find(
        (c) =>
          eventNameMatches(c.event, event.name) &&
          (c.timeoutMs === undefined || now <= run.createdAt + c.timeoutMs) &&
          (!c.expression || c.expression.matches({ event: run.event, async: event })),
      );
      if (rule) {
        this.finish(run, "cancelled", { reason: `by event ${event.name} ${event.id}` });
        continue;
      }
      for (const wait of [...run.waits]) {
        if (wait.kind !== "event" || wait.event !== event.name) continue;
        if (wait.if && !this.waitExpression(wait.if).matches({ event: run.event, async: event })) continue;
        this.resolveWait(run, wait, { type: "data", data: event }, `received ${event.name} ${event.id}`);
      }
    }
    for (const fn of [...this.fns.values()]) {
      const triggered = fn.eventTriggers.some(
        (t) => eventNameMatches(t.event, event.name) && (!t.expression || t.expression.matches({ event })),
      );
      if (triggered) this.startRun(fn, event);
    }
  }

  /** Events the executor itself emits (function.failed/finished/cancelled): dispatched like any other. */
  private emit(name: string, data: Record<string, unknown>): void {
    const now = this.clock.now();
    this.dispatch({ id: ulid(now), name, data, ts: now });
  }

  private seen(key: string): boolean {
    const now = this.clock.now();
    // Keys were inserted in time order, so expired ones are at the front.
    for (const [k, at] of this.idempotency) {
      if (now - at < this.o.idempotencyWindowMs) break;
      this.idempotency.delete(k);
    }
    return this.idempotency.has(key);
  }

  // ── Runs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

  private startRun(fn: FunctionDef, event: EventPayload, parent?: RunRecord["parent"]): RunRecord | undefined {
    const now = this.clock.now();
    if (fn.idempotency) {
      const value = fn.idempotency.value({ event });
      if (value !== undefined && value !== null) {
        const key = `fn:${fn.id}:${JSON.stringify(value)}`;
        if (this.seen(key)) {
          this.print(`${fn.id}: idempotency key ${JSON.stringify(value)} already used within the window; no run`);
          return undefined;
        }
        this.idempotency.set(key, now);
      }
    }
    const run: RunRecord = {
      id: ulid(now),
      functionId: fn.id,
      appId: fn.appId,
      event,
      status: "queued",
      steps: {},
      stack: [],
      jobs: [{ kind: "discovery", attempt: 0 }],
      waits: [],
      createdAt: now,
      updatedAt: now,
      ...(parent ? { parent } : {}),
    };
    this.runs.set(run.id, run);
    this.transition(run, "queued", `by ${event.name} ${event.id}`);
    this.schedule(run);
    this.persist();
    return run;
  }

  /**
   * Re-derive a run's timers and readiness from its state: the earliest retry backoff, every wait deadline, and
   * whether a job can start now. Called after every change to a run.
   */
  private schedule(run: RunRecord): void {
    const prefix = `run:${run.id}:`;
    this.scheduler.cancelPrefix(prefix);
    if (isTerminal(run)) return;
    const now = this.clock.now();
    if (!this.busy.has(run.id) && run.jobs.length) {
      if (run.jobs.some((j) => !j.notBefore || j.notBefore <= now)) {
        if (!this.ready.includes(run.id)) this.ready.push(run.id);
      } else {
        const at = Math.min(...run.jobs.map((j) => j.notBefore ?? now));
        this.scheduler.schedule(`${prefix}job`, at, () => {
          this.schedule(run);
          this.pump();
        });
      }
    }
    for (const wait of run.waits) {
      if (wait.until === undefined) continue;
      this.scheduler.schedule(`${prefix}wait:${wait.stepId}`, wait.until, () => {
        this.timeoutWait(run, wait);
        this.pump();
      });
    }
    this.refreshStatus(run);
  }

  /** Start requests while there is capacity. */
  private pump(): void {
    if (this.stopping) return this.checkIdle();
    let i = 0;
    while (this.inFlight < this.o.maxInFlight && i < this.ready.length) {
      const id = this.ready[i] as string;
      const run = this.runs.get(id);
      const job = run && !isTerminal(run) && !this.busy.has(id) ? this.nextJob(run) : undefined;
      if (!run || !job) {
        this.ready.splice(i, 1);
        continue;
      }
      const fn = this.fns.get(run.functionId);
      const keys = fn ? this.concurrencyKeys(fn, run) : [];
      if (keys.some((k) => (this.concurrencyInUse.get(k.key) ?? 0) >= k.limit)) {
        i++; // stays queued until a run holding the same key finishes its request
        continue;
      }
      this.ready.splice(i, 1);
      this.begin(run, job, fn, keys);
    }
    this.checkIdle();
  }

  private nextJob(run: RunRecord): Job | undefined {
    const now = this.clock.now();
    return run.jobs.find((j) => !j.notBefore || j.notBefore <= now);
  }

  private concurrencyKeys(fn: FunctionDef, run: RunRecord): Array<{ key: string; limit: number }> {
    return fn.concurrency.map((rule, index) => {
      const value = rule.key ? JSON.stringify(rule.key.value({ event: run.event }) ?? null) : "";
      const scope = rule.scope === "fn" ? `fn:${fn.id}:${index}` : `${rule.scope}:${rule.key?.source ?? ""}`;
      return { key: `${scope}:${value}`, limit: rule.limit };
    });
  }

  private begin(run: RunRecord, job: Job, fn: FunctionDef | undefined, keys: Array<{ key: string }>): void {
    this.busy.add(run.id);
    this.inFlight++;
    for (const k of keys) this.concurrencyInUse.set(k.key, (this.concurrencyInUse.get(k.key) ?? 0) + 1);
    this.refreshStatus(run);
    this.execute(run, job, fn)
      .catch((error) => this.print(`internal error driving run ${run.id}: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        this.busy.delete(run.id);
        this.inFlight--;
        for (const k of keys) this.concurrencyInUse.set(k.key, (this.concurrencyInUse.get(k.key) ?? 1) - 1);
        if (!this.closed) this.schedule(run);
        this.pump();
      });
  }

  private async execute(run: RunRecord, job: Job, fn: FunctionDef | undefined): Promise<void> {
    if (!fn) {
      this.finish(run, "failed", {
        error: { name: "Error", message: `function "${run.functionId}" is no longer registered by its app` },
      });
      return;
    }
    const outcome = await callFunction({
      url: fn.url,
      stepId: job.kind === "step" ? job.stepId : "step",
      run,
      attempt: job.attempt,
      maxAttempts: fn.maxAttempts,
      timeoutMs: this.o.requestTimeoutMs,
      now: this.clock.now(),
      signingKey: this.o.signingKey,
    });
    if (this.closed) return; // stop() gave up waiting; the next process repeats this request
    if (isTerminal(run)) {
      this.print(`run ${run.id} ${run.functionId}: response ignored, the run is already ${run.status}`);
      return;
    }
    this.apply(run, job, fn, outcome);
    run.updatedAt = this.clock.now();
    this.persist();
  }

  private apply(run: RunRecord, job: Job, fn: FunctionDef, outcome: Outcome): void {
    const now = this.clock.now();
    switch (outcome.kind) {
      case "unreachable": {
        // The app is down or restarting (e.g. `next dev` recompiling): wait for it without using up attempts.
        job.unreachable = (job.unreachable ?? 0) + 1;
        const delay = Math.min(this.o.backoffBaseMs * 2 ** (job.unreachable - 1), 30_000) * this.o.backoffScale;
        job.notBefore = now + delay;
        if (job.unreachable === 1 || job.unreachable % 20 === 0) {
          this.print(`run ${run.id} ${run.functionId}: ${outcome.error.message}; trying again until it answers`);
        }
        return;
      }
      case "complete":
        return this.finish(run, "completed", { output: outcome.output });
      case "error":
        job.unreachable = undefined;
        if (!outcome.noRetry && job.attempt + 1 < fn.maxAttempts) {
          return this.retry(run, job, fn, "function", outcome.error, outcome.retryAt);
        }
        return this.finish(run, "failed", { error: outcome.error });
      case "ops":
        return this.applyOps(run, job, fn, outcome.ops, outcome.noRetry, outcome.retryAt);
    }
  }

  /** Put `job` back with attempt+1 after an exponential backoff (or the app's retry-after). */
  private retry(run: RunRecord, job: Job, fn: FunctionDef, what: string, error: JsonError, retryAt?: number): void {
    const now = this.clock.now();
    run.jobs = run.jobs.filter((j) => j !== job);
    job.attempt += 1;
    job.notBefore = retryAt ?? now + this.backoff(job.attempt);
    run.jobs.push(job);
    this.print(
      `run ${run.id} ${run.functionId}: ${what} failed (attempt ${job.attempt} of ${fn.maxAttempts}): ${error.message}; ` +
        `retrying at ${iso(job.notBefore)}`,
    );
  }

  private backoff(attempt: number): number {
    return Math.min(this.o.backoffBaseMs * 2 ** (attempt - 1), this.o.maxBackoffMs) * this.o.backoffScale;
  }

  private applyOps(run: RunRecord, job: Job, fn: FunctionDef, ops: OutgoingOp[], noRetry: boolean, retryAt?: number): void {
    const now = this.clock.now();
    run.jobs = run.jobs.filter((j) => j !== job);
    if (ops.length === 0) {
      // A 206 with nothing in it would loop forever if taken as progress.
      run.jobs.unshift(job);
      const error = { name: "Error", message: "the SDK answered 206 without any step" };
      if (job.attempt + 1 < fn.maxAttempts) return this.retry(run, job, fn, "request", error);
      return this.finish(run, "failed", { error });
    }
    const fail = (message: string) => this.finish(run, "failed", { error: { name: "Error", message } });
    for (const op of ops) {
      const name = op.displayName ?? op.name ?? op.id;
      switch (op.op) {
        case "StepRun":
          this.memo(run, op.id, { type: "data", data: op.data ?? null });
          this.print(`run ${run.id} ${run.functionId}: step "${name}" done`);
          break;
        case "StepError": {
          const error = toJsonError(op.error);
          if (!noRetry && job.attempt + 1 < fn.maxAttempts) {
            const again: Job = { kind: "step", stepId: op.id, name, attempt: job.attempt };
            run.jobs.push(again);
            this.retry(run, again, fn, `step "${name}"`, error, retryAt);
          } else {
            this.memo(run, op.id, { type: "error", error });
            this.print(`run ${run.id} ${run.functionId}: step "${name}" failed for good: ${error.message}`);
          }
          break;
        }
        case "StepFailed": {
          const error = toJsonError(op.error);
          this.memo(run, op.id, { type: "error", error });
          this.print(`run ${run.id} ${run.functionId}: step "${name}" failed for good: ${error.message}`);
          break;
        }
        case "StepPlanned":
          if (!run.steps[op.id] && !run.jobs.some((j) => j.kind === "step" && j.stepId === op.id)) {
            run.jobs.push({ kind: "step", stepId: op.id, name, attempt: 0 });
          }
          break;
        case "Sleep": {
          const until = resolveTime(op.name, now);
          if (until === undefined) {
            return fail(
              `step "${name}": cannot read the sleep time ${JSON.stringify(op.name)} ` +
                `(the SDK sends "" for durations it could not parse, e.g. "1h30m"; use "90m", a number of ms or a Date)`,
            );
          }
          run.waits.push({ kind: "sleep", stepId: op.id, name, until });
          break;
        }
        case "WaitForEvent": {
          const until = resolveTime(op.opts?.timeout, now);
          const expression = typeof op.opts?.if === "string" ? op.opts.if : undefined;
          if (!op.name || until === undefined) return fail(`step "${name}": waitForEvent needs an event and a timeout`);
          if (expression) {
            try {
              this.waitExpression(expression);
            } catch (error) {
              return fail(`step "${name}": waitForEvent if: ${(error as Error).message}`);
            }
          }
          run.waits.push({ kind: "event", stepId: op.id, name, event: op.name, ...(expression ? { if: expression } : {}), until });
          break;
        }
        case "InvokeFunction": {
          const opts = (op.opts ?? {}) as { function_id?: string; payload?: { data?: Record<string, unknown>; v?: string }; timeout?: string };
          const target = opts.function_id ? this.fns.get(opts.function_id) : undefined;
          if (!target) {
            this.memo(run, op.id, {
              type: "error",
              error: { name: "Error", message: `step.invoke: function "${opts.function_id}" is not registered` },
            });
            break;
          }
          const child = this.startRun(
            target,
            {
              id: ulid(now),
              name: "inngest/function.invoked",
              data: opts.payload?.data ?? {},
              ts: now,
              ...(opts.payload?.v ? { v: opts.payload.v } : {}),
            },
            { runId: run.id, stepId: op.id },
          );
          if (!child) {
            this.memo(run, op.id, { type: "data", data: null });
            break;
          }
          const until = opts.timeout ? resolveTime(opts.timeout, now) : undefined;
          run.waits.push({ kind: "invoke", stepId: op.id, name, childRunId: child.id, ...(until ? { until } : {}) });
          break;
        }
        case "RunComplete":
          return this.finish(run, "completed", { output: op.data ?? null });
        case "DeferAdd":
        case "DeferAbort":
          this.warnOnce(`${fn.id}: defer() is not supported by inngest-local; deferred work is dropped`);
          break;
        default:
          return fail(`inngest-local does not support the "${op.op}" step (step "${name}")`);
      }
    }
    if (!run.jobs.length && !run.waits.length) run.jobs.push({ kind: "discovery", attempt: 0 });
  }

  private memo(run: RunRecord, stepId: string, result: MemoizedStep): void {
    run.steps[stepId] = result;
    if (!run.stack.includes(stepId)) run.stack.push(stepId);
  }

  private waitExpression(source: string): CompiledExpression {
    let compiled = this.waitExpressions.get(source);
    if (!compiled) {
      compiled = compileExpression(source, ["event", "async"]);
      this.waitExpressions.set(source, compiled);
    }
    return compiled;
  }

  /** A wait is over: memoize its result and, if nothing else is pending, queue discovery. */
  private resolveWait(run: RunRecord, wait: Wait, result: MemoizedStep, why: string): void {
    if (isTerminal(run) || !run.waits.includes(wait)) return;
    run.waits = run.waits.filter((w) => w !== wait);
    this.memo(run, wait.stepId, result);
    this.print(`run ${run.id} ${run.functionId}: ${wait.kind === "sleep" ? "sleep" : "wait"} "${wait.name}" over: ${why}`);
    if (!run.jobs.length && !run.waits.length) run.jobs.push({ kind: "discovery", attempt: 0 });
    run.updatedAt = this.clock.now();
    this.schedule(run);
    this.persist();
  }

  private timeoutWait(run: RunRecord, wait: Wait): void {
    if (wait.kind === "sleep") return this.resolveWait(run, wait, { type: "data", data: null }, "time reached");
    if (wait.kind === "event") return this.resolveWait(run, wait, { type: "data", data: null }, "timed out");
    this.resolveWait(
      run,
      wait,
      { type: "error", error: { name: "InngestInvokeTimeoutError", message: `timed out waiting for run ${wait.childRunId}` } },
      "timed out",
    );
  }

  private finish(
    run: RunRecord,
    status: "completed" | "failed" | "cancelled",
    result: { output?: unknown; error?: JsonError; reason?: string },
  ): void {
    if (isTerminal(run)) return;
    const now = this.clock.now();
    run.jobs = [];
    run.waits = [];
    run.endedAt = now;
    run.updatedAt = now;
    if (status === "completed") run.output = result.output ?? null;
    if (result.error) run.error = result.error;
    this.scheduler.cancelPrefix(`run:${run.id}:`);
    this.ready = this.ready.filter((id) => id !== run.id);
    this.transition(run, status, result.reason ?? (result.error ? result.error.message : undefined));

    if (run.parent) this.deliverToParent(run);
    const base = { function_id: run.functionId, run_id: run.id };
    if (status === "failed") {
      // onFailure handlers are functions triggered by this event with `event.data.function_id == '<id>'`.
      this.emit("inngest/function.failed", { ...base, error: run.error, event: run.event });
    }
    if (status === "cancelled") this.emit("inngest/function.cancelled", base);
    else this.emit("inngest/function.finished", status === "completed" ? { ...base, result: run.output } : { ...base, error: run.error });
    this.pruneFinished();
    this.persist();
  }

  private deliverToParent(child: RunRecord): void {
    const parent = child.parent ? this.runs.get(child.parent.runId) : undefined;
    const wait = parent?.waits.find((w) => w.kind === "invoke" && w.childRunId === child.id);
    if (!parent || !wait) return;
    const result: MemoizedStep =
      child.status === "completed"
        ? { type: "data", data: child.output ?? null }
        : { type: "error", error: child.error ?? { name: "Error", message: `invoked run ${child.id} was ${child.status}` } };
    this.resolveWait(parent, wait, result, `invoked run ${child.id} ${child.status}`);
  }

  private pruneFinished(): void {
    let finished = 0;
    for (const run of this.runs.values()) if (isTerminal(run)) finished++;
    for (const [id, run] of this.runs) {
      if (finished <= this.o.keepFinishedRuns) break;
      if (isTerminal(run)) {
        this.runs.delete(id);
        finished--;
      }
    }
  }

  private refreshStatus(run: RunRecord): void {
    if (isTerminal(run)) return;
    let status: RunStatus;
    let detail: string | undefined;
    if (this.busy.has(run.id)) status = "running";
    else if (run.jobs.length) status = run.status === "queued" ? "queued" : "running";
    else if (run.waits.some((w) => w.kind !== "sleep")) {
      status = "waiting";
      detail = run.waits
        .filter((w) => w.kind !== "sleep")
        .map((w) =>
          w.kind === "event"
            ? `for ${w.event}${w.if ? ` if ${w.if}` : ""} until ${iso(w.until)}`
            : w.kind === "invoke"
              ? `for invoked run ${w.childRunId}`
              : "",
        )
        .join(", ");
    } else if (run.waits.length) {
      status = "sleeping";
      detail = `until ${iso(Math.min(...run.waits.map((w) => w.until ?? Infinity)))}`;
    } else status = "running";
    if (status !== run.status) this.transition(run, status, detail);
  }

  /** One log line per status change. */
  private transition(run: RunRecord, status: RunStatus, detail?: string): void {
    run.status = status;
    this.print(`run ${run.id} ${run.functionId}: ${status}${detail ? ` ${detail}` : ""}`);
  }

  // ── Cron ─────────────────────────────────────────────────────────────────────────────────────────────────────────

  /**
   * (Re)arm every cron trigger. A cron seen for the first time starts counting from now. One seen before (in the
   * data file) whose next tick passed while the executor was down fires once now: at most one catch-up tick.
   */
  private armCrons(): void {
    if (this.stopping) return;
    this.scheduler.cancelPrefix("cron:");
    const now = this.clock.now();
    const live = new Set<string>();
    for (const fn of this.fns.values()) {
      for (const cron of fn.crons) {
        const key = `${fn.id}|${cron.source}`;
        live.add(key);
        const last = this.cronLast.get(key);
        if (last === undefined) {
          this.cronLast.set(key, now);
        } else {
          const missed = cron.next(last);
          if (missed !== undefined && missed <= now) {
            this.print(`cron ${fn.id} "${cron.source}": tick ${iso(missed)} was missed while stopped; firing it now`);
            this.fireCron(fn.id, cron.source, missed);
            continue;
          }
        }
        this.armCron(fn.id, cron.source);
      }
    }
    for (const key of [...this.cronLast.keys()]) if (!live.has(key)) this.cronLast.delete(key);
  }

  private armCron(fnId: string, source: string): void {
    const key = `${fnId}|${source}`;
    const cron = this.fns.get(fnId)?.crons.find((c) => c.source === source);
    const last = this.cronLast.get(key);
    const next = cron && last !== undefined ? cron.next(last) : undefined;
    if (next === undefined) return;
    this.scheduler.schedule(`cron:${key}`, next, () => {
      this.fireCron(fnId, source, next);
      this.pump();
    });
  }

  private fireCron(fnId: string, source: string, tick: number): void {
    const fn = this.fns.get(fnId);
    const cron = fn?.crons.find((c) => c.source === source);
    if (!fn || !cron) return;
    const now = this.clock.now();
    // If more ticks have passed (a suspended machine), they are skipped: one run, not one per missed tick.
    let last = tick;
    for (let i = 0; i < 100_000; i++) {
      const n = cron.next(last);
      if (n === undefined || n > now) break;
      last = n;
    }
    this.cronLast.set(`${fnId}|${source}`, last);
    this.startRun(fn, { id: ulid(now), name: "inngest/scheduled.timer", data: { cron: source }, ts: tick });
    this.armCron(fnId, source);
    this.persist();
  }

  // ── Queries (read-only, for /runs, /dev and tests) ───────────────────────────────────────────────────────────────

  getRun(id: string): RunRecord | undefined {
    return this.runs.get(id);
  }

  listRuns(filter: { limit?: number; status?: string; functionId?: string } = {}): RunSummary[] {
    const all = [...this.runs.values()]
      .filter((r) => (!filter.status || r.status === filter.status) && (!filter.functionId || r.functionId === filter.functionId))
      .reverse();
    return all.slice(0, filter.limit ?? 50).map((r) => this.summarize(r));
  }

  summarize(run: RunRecord): RunSummary {
    const pending: RunSummary["pending"] = [
      ...run.jobs.map((j) => ({
        kind: j.kind === "step" ? "step" : "discovery",
        name: j.kind === "step" ? j.name : "(next step)",
        attempt: j.attempt,
        ...(j.notBefore ? { at: iso(j.notBefore) } : {}),
      })),
      ...run.waits.map((w) => ({
        kind: w.kind,
        name: w.name,
        ...(w.until !== undefined ? { at: iso(w.until) } : {}),
        ...(w.kind === "event" ? { event: w.event } : {}),
      })),
    ];
    return {
      id: run.id,
      functionId: run.functionId,
      status: run.status,
      event: { id: run.event.id, name: run.event.name },
      createdAt: iso(run.createdAt),
      updatedAt: iso(run.updatedAt),
      ...(run.endedAt ? { endedAt: iso(run.endedAt) } : {}),
      steps: Object.keys(run.steps).length,
      pending,
      ...(run.status === "completed" ? { output: run.output } : {}),
      ...(run.error ? { error: run.error } : {}),
    };
  }

  listFunctions() {
    return [...this.fns.values()].map((f) => ({
      id: f.id,
      name: f.name,
      app: f.appId,
      url: f.url,
      triggers: f.config.triggers,
      cancelOn: f.config.cancel ?? [],
      retries: f.maxAttempts - 1,
      warnings: f.warnings,
    }));
  }

  listApps(): AppRecord[] {
    return [...this.apps.values()];
  }

  // ── Persistence ──────────────────────────────────────────────────────────────────────────────────────────────────

  private persist(): void {
    if (!this.closed) this.store.markDirty();
  }

  private snapshot(): PersistedState {
    return {
      version: 1,
      savedAt: 0,
      apps: [...this.apps.values()],
      functions: [...this.fns.values()].map((f) => ({ appId: f.appId, config: f.config })),
      runs: [...this.runs.values()],
      idempotency: Object.fromEntries(this.idempotency),
      cron: Object.fromEntries(this.cronLast),
    };
  }

  private load(state: PersistedState): void {
    for (const app of state.apps) this.apps.set(app.id, app);
    for (const { appId, config } of state.functions) {
      try {
        this.fns.set(config.id, compileFunction(appId, config));
      } catch (error) {
        this.print(`stored function "${config.id}" no longer compiles (${(error as Error).message}); waiting for a sync`);
      }
    }
    for (const run of state.runs) this.runs.set(run.id, run);
    for (const [key, at] of Object.entries(state.idempotency).sort((a, b) => a[1] - b[1])) this.idempotency.set(key, at);
    for (const [key, at] of Object.entries(state.cron)) this.cronLast.set(key, at);
  }

  private warnOnce(message: string): void {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.print(`warning: ${message}`);
  }
}
