// The local executor against a REAL SDK endpoint: an `Inngest` client (dev mode, baseUrl = the executor) with real
// functions, served by `inngest/node` on a node:http server. The executor runs on a ManualClock, so sleeps, timeouts,
// retry backoffs and cron ticks happen when a test moves time, never by waiting for real.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Inngest, NonRetriableError } from "inngest";
import { serve } from "inngest/node";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "./scheduler";
import { startLocalInngest, type LocalInngest } from "./server";
import type { RunRecord } from "./types";

// A Monday, 02:59 UTC (= London time in January).
const T0 = Date.parse("2030-01-07T02:59:00.000Z");
const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const iso = (ms: number) => new Date(ms).toISOString();
const silent = { info() {}, warn() {}, error() {}, debug() {} };

/** What the functions did, as seen from inside them. */
function newCalls() {
  return {
    beforeFlaky: 0,
    flaky: 0,
    explode: 0,
    failures: [] as Array<{ message: string; functionId: unknown; orderId: unknown }>,
    beforeSleep: 0,
    afterSleep: 0,
    fannedIn: [] as unknown[],
    expired: [] as unknown[],
    nightly: [] as unknown[],
    functionAttempts: [] as number[],
    gate: newGate(),
  };
}

/** Holds gated steps open until released, so a test can look at the executor while requests are in flight. */
function newGate() {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => (release = resolve));
  const inside = new Map<string, number>();
  const entered: string[] = [];
  const maxInside = new Map<string, number>();
  let onEnter = () => {};
  return {
    entered,
    maxInside,
    release,
    async pass(key: string, label: string) {
      entered.push(label);
      inside.set(key, (inside.get(key) ?? 0) + 1);
      maxInside.set(key, Math.max(maxInside.get(key) ?? 0, inside.get(key) ?? 0));
      onEnter();
      await opened;
      inside.set(key, (inside.get(key) ?? 1) - 1);
    },
    /** Resolves once `n` steps have entered the gate. */
    whenEntered(n: number) {
      return new Promise<void>((resolve) => {
        const check = () => entered.length >= n && resolve();
        onEnter = check;
        check();
      });
    },
  };
}
type Calls = ReturnType<typeof newCalls>;

function functions(client: Inngest, calls: Calls) {
  const adder = client.createFunction(
    { id: "adder", triggers: [{ event: "test/add" }] },
    async ({ event }) => (event.data as { a: number; b: number }).a + (event.data as { a: number; b: number }).b,
  );
  return [
    client.createFunction({ id: "retry-step", retries: 3, triggers: [{ event: "test/retry" }] }, async ({ step }) => {
      const before = await step.run("before", () => ++calls.beforeFlaky);
      const flaky = await step.run("flaky", () => {
        calls.flaky++;
        if (calls.flaky < 3) throw new Error(`flaky failure ${calls.flaky}`);
        return `ok on call ${calls.flaky}`;
      });
      return { before, flaky };
    }),
    client.createFunction(
      {
        id: "non-retriable",
        triggers: [{ event: "test/fatal" }],
        onFailure: async ({ error, event }) => {
          calls.failures.push({
            message: error.message,
            functionId: event.data.function_id,
            orderId: (event.data.event.data as { orderId?: unknown }).orderId,
          });
        },
      },
      async ({ step }) => {
        await step.run("explode", () => {
          calls.explode++;
          throw new NonRetriableError("card declined");
        });
      },
    ),
    client.createFunction({ id: "sleeper", triggers: [{ event: "test/sleep" }] }, async ({ event, step }) => {
      await step.run("before-sleep", () => ++calls.beforeSleep);
      await step.sleepUntil("nap", new Date((event.data as { until: string }).until));
      await step.run("after-sleep", () => ++calls.afterSleep);
      return "woke";
    }),
    client.createFunction({ id: "waiter", triggers: [{ event: "test/order.created" }] }, async ({ step }) => {
      const paid = await step.waitForEvent("paid", {
        event: "test/order.paid",
        timeout: "1h",
        if: "async.data.orderId == event.data.orderId",
      });
      return { paid: paid ? paid.data : null };
    }),
    client.createFunction({ id: "fan-out", triggers: [{ event: "test/fanout" }] }, async ({ event, step }) => {
      await step.sendEvent("emit", { name: "test/fanned", data: { n: (event.data as { n: number }).n } });
      return "sent";
    }),
    client.createFunction({ id: "fan-in", triggers: [{ event: "test/fanned" }] }, async ({ event, step }) => {
      await step.run("record", () => calls.fannedIn.push((event.data as { n: unknown }).n));
    }),
    client.createFunction(
      {
        id: "hold-expiry",
        triggers: [{ event: "test/hold" }],
        cancelOn: [{ event: "test/hold.released", if: "async.data.holdId == event.data.holdId" }],
      },
      async ({ event, step }) => {
        await step.sleep("expire", "1h");
        await step.run("expire-now", () => calls.expired.push((event.data as { holdId: unknown }).holdId));
      },
    ),
    client.createFunction(
      { id: "nightly", triggers: [{ cron: "TZ=Europe/London 0 3 * * *" }] },
      async ({ event, step }) => {
        await step.run("tick", () => calls.nightly.push(event.ts));
      },
    ),
    client.createFunction({ id: "flaky-function", triggers: [{ event: "test/flaky-fn" }] }, async ({ attempt }) => {
      calls.functionAttempts.push(attempt);
      if (attempt === 0) throw new Error("outside any step");
      return `attempt ${attempt}`;
    }),
    adder,
    client.createFunction(
      { id: "gated", triggers: [{ event: "test/gated" }], concurrency: { limit: 1, key: "event.data.key" } },
      async ({ event, step }) => {
        const { key, label } = event.data as { key: string; label: string };
        await step.run("work", () => calls.gate.pass(key, label));
      },
    ),
    client.createFunction({ id: "parallel", triggers: [{ event: "test/parallel" }] }, async ({ step }) => {
      const [a, b] = await Promise.all([step.run("a", () => 2), step.run("b", () => 3)]);
      return step.invoke("add", { function: adder, data: { a, b } });
    }),
  ];
}

interface Harness {
  local: LocalInngest;
  clock: ManualClock;
  calls: Calls;
  client: Inngest;
  appUrl: string;
  dataFile: string;
  settle(): Promise<void>;
  advance(ms: number): Promise<void>;
  runs(fn: string): RunRecord[];
  restart(at: number): Promise<void>;
  synced: { ok: boolean; status: number; message: string };
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/**
 * `signingKey`: the app runs as in production, in cloud mode refusing unsigned requests (syncs too), and the executor
 * is given the key (`appKey`: the app's own key, when a test gives the two different keys).
 */
async function harness(extra: { maxInFlight?: number; signingKey?: string; appKey?: string } = {}): Promise<Harness> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "inngest-local-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const dataFile = path.join(dir, "state.json");
  const start = (clock: ManualClock, port = 0) =>
    startLocalInngest({ port, dataFile, clock, quiet: true, syncIntervalMs: 0, persistDebounceMs: 1, ...extra });

  const h = {} as Harness;
  h.clock = new ManualClock(T0);
  h.local = await start(h.clock);
  cleanups.push(() => h.local.stop());
  h.dataFile = dataFile;
  h.calls = newCalls();
  cleanups.push(() => h.calls.gate.release());
  const appKey = extra.appKey ?? extra.signingKey;
  h.client = appKey
    ? new Inngest({ id: "executor-test", isDev: false, baseUrl: h.local.url, eventKey: "local", signingKey: appKey, logger: silent })
    : new Inngest({ id: "executor-test", isDev: true, baseUrl: h.local.url, logger: silent });
  const app = http.createServer(
    serve({ client: h.client, functions: functions(h.client, h.calls), ...(appKey ? { enableUnauthedSync: false } : {}) }),
  );
  const appPort = await listen(app);
  cleanups.push(() => new Promise<void>((resolve) => app.close(() => resolve())));
  h.appUrl = `http://127.0.0.1:${appPort}/api/inngest`;

  h.settle = () => h.local.executor.idle();
  h.advance = async (ms) => {
    h.clock.advance(ms);
    await h.settle();
  };
  h.runs = (fn) =>
    h.local.executor
      .listRuns({ functionId: `executor-test-${fn}`, limit: 1000 })
      .reverse()
      .map((summary) => h.local.executor.getRun(summary.id) as RunRecord);
  h.restart = async (at) => {
    const port = h.local.port;
    await h.local.stop();
    // Same port (the app's client points there) and same data file; a new process would start with a new clock.
    h.clock = new ManualClock(at);
    h.local = await start(h.clock, port);
    await h.settle();
  };

  h.synced = await h.local.sync(h.appUrl);
  if (!extra.appKey || extra.appKey === extra.signingKey) expect(h.synced).toMatchObject({ ok: true, status: 200 });
  await h.settle();
  return h;
}

const pendingOf = (h: Harness, run: RunRecord) => h.local.executor.summarize(run).pending;

describe("inngest-local executor with a real SDK endpoint", () => {
  it("syncs the app's functions through PUT → POST /fn/register, including the onFailure function", async () => {
    const h = await harness();
    const dev = (await (await fetch(`${h.local.url}/dev`)).json()) as { functions: Array<{ id: string; url: string }> };
    const ids = dev.functions.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "executor-test-retry-step",
        "executor-test-non-retriable",
        "executor-test-non-retriable-failure",
        "executor-test-nightly",
      ]),
    );
    expect(dev.functions.find((f) => f.id === "executor-test-sleeper")?.url).toBe(
      `${h.appUrl}?fnId=executor-test-sleeper&stepId=step`,
    );
  });

  it("rejects a sync whose expressions are outside the supported CEL subset, saying why", async () => {
    const h = await harness();
    const bad = new Inngest({ id: "bad-app", isDev: true, baseUrl: h.local.url, logger: silent });
    const app = http.createServer(
      serve({
        client: bad,
        functions: [
          bad.createFunction(
            { id: "macro", triggers: [{ event: "test/x", if: "event.data.tags.exists(t, t == 'vip')" }] },
            async () => null,
          ),
        ],
      }),
    );
    const port = await listen(app);
    cleanups.push(() => new Promise<void>((resolve) => app.close(() => resolve())));
    const result = await h.local.sync(`http://127.0.0.1:${port}/api/inngest`);
    expect(result.ok).toBe(false);
    expect(result.message).toContain("function and macro calls (like .exists()) are not supported");
    expect(h.local.executor.listFunctions().some((f) => f.app === "bad-app")).toBe(false);
  });

  it("memoizes step.run results and retries a failing step with exponential backoff", async () => {
    const h = await harness();
    await h.client.send({ name: "test/retry", data: {} });
    await h.settle();
    const [run] = h.runs("retry-step");
    expect(run).toBeDefined();
    expect(h.calls).toMatchObject({ beforeFlaky: 1, flaky: 1 });
    // Attempt 1 is due one backoff (1 s) after the failure, and not a millisecond earlier.
    expect(pendingOf(h, run!)).toEqual([{ kind: "step", name: "flaky", attempt: 1, at: iso(T0 + 1000) }]);
    await h.advance(999);
    expect(h.calls.flaky).toBe(1);
    await h.advance(1);
    expect(h.calls.flaky).toBe(2);
    // Attempt 2 doubles the wait.
    expect(pendingOf(h, run!)).toEqual([{ kind: "step", name: "flaky", attempt: 2, at: iso(T0 + 1000 + 2000) }]);
    await h.advance(1999);
    expect(h.calls.flaky).toBe(2);
    await h.advance(1);
    expect(run!.status).toBe("completed");
    expect(run!.output).toEqual({ before: 1, flaky: "ok on call 3" });
    // The step before the flaky one ran once: later requests got its memoized result.
    expect(h.calls.beforeFlaky).toBe(1);
  });

  it("retries a function-level error (thrown outside any step) with the attempt number", async () => {
    const h = await harness();
    await h.client.send({ name: "test/flaky-fn", data: {} });
    await h.settle();
    const [run] = h.runs("flaky-function");
    expect(run!.status).toBe("running");
    await h.advance(1000);
    expect(run!.status).toBe("completed");
    expect(run!.output).toBe("attempt 1");
    expect(h.calls.functionAttempts).toEqual([0, 1]);
  });

  it("fails the run on NonRetriableError without retrying, and runs onFailure with the error and event", async () => {
    const h = await harness();
    await h.client.send({ name: "test/fatal", data: { orderId: "o-1" } });
    await h.settle();
    const [run] = h.runs("non-retriable");
    expect(run!.status).toBe("failed");
    expect(run!.error?.message).toBe("card declined");
    expect(h.calls.explode).toBe(1);
    const [failureRun] = h.runs("non-retriable-failure");
    expect(failureRun!.status).toBe("completed");
    expect(failureRun!.event.name).toBe("inngest/function.failed");
    expect(h.calls.failures).toEqual([
      { message: "card declined", functionId: "executor-test-non-retriable", orderId: "o-1" },
    ]);
  });

  it("wakes a sleepUntil exactly at its time, driven by the executor's clock", async () => {
    const h = await harness();
    const until = T0 + 3 * hour;
    await h.client.send({ name: "test/sleep", data: { until: iso(until) } });
    await h.settle();
    const [run] = h.runs("sleeper");
    expect(run!.status).toBe("sleeping");
    expect(pendingOf(h, run!)).toEqual([{ kind: "sleep", name: "nap", at: iso(until) }]);
    await h.advance(3 * hour - 1);
    expect(run!.status).toBe("sleeping");
    expect(h.calls.afterSleep).toBe(0);
    await h.advance(1);
    expect(run!.status).toBe("completed");
    expect(run!.output).toBe("woke");
    expect(h.calls).toMatchObject({ beforeSleep: 1, afterSleep: 1 });
  });

  it("resumes waitForEvent on a matching event only, and times out with null", async () => {
    const h = await harness();
    await h.client.send([
      { name: "test/order.created", data: { orderId: "A" } },
      { name: "test/order.created", data: { orderId: "B" } },
    ]);
    await h.settle();
    const [a, b] = h.runs("waiter");
    expect([a!.status, b!.status]).toEqual(["waiting", "waiting"]);

    await h.client.send({ name: "test/order.paid", data: { orderId: "C" } });
    await h.settle();
    expect([a!.status, b!.status]).toEqual(["waiting", "waiting"]);

    await h.client.send({ name: "test/order.paid", data: { orderId: "A", amount: 1250 } });
    await h.settle();
    expect(a!.status).toBe("completed");
    expect(a!.output).toEqual({ paid: { orderId: "A", amount: 1250 } });
    expect(b!.status).toBe("waiting");

    await h.advance(hour - 1);
    expect(b!.status).toBe("waiting");
    await h.advance(1);
    expect(b!.status).toBe("completed");
    expect(b!.output).toEqual({ paid: null });
  });

  it("signs its requests as Inngest Cloud does: an app in cloud mode (production) syncs and runs steps, retries and invokes", async () => {
    const key = `signkey-test-${"ab12".repeat(16)}`;
    const h = await harness({ signingKey: key });
    expect(h.local.executor.listFunctions().some((f) => f.id === "executor-test-parallel")).toBe(true);
    await h.client.send({ name: "test/parallel", data: {} });
    await h.client.send({ name: "test/retry", data: {} });
    await h.settle();
    await h.advance(1000);
    await h.advance(2000);
    expect(h.runs("parallel")[0]).toMatchObject({ status: "completed", output: 5 });
    expect(h.runs("retry-step")[0]).toMatchObject({ status: "completed", output: { before: 1, flaky: "ok on call 3" } });
  });

  it("an app in cloud mode refuses the executor's requests signed with another key", async () => {
    const h = await harness({ signingKey: `signkey-test-${"cd34".repeat(16)}`, appKey: `signkey-test-${"ef56".repeat(16)}` });
    expect(h.synced).toMatchObject({ ok: false, status: 401 });
    expect(h.local.executor.listFunctions().some((f) => f.app === "executor-test")).toBe(false);
  });

  it("delivers step.sendEvent to the event API, triggering another function", async () => {
    const h = await harness();
    await h.client.send({ name: "test/fanout", data: { n: 7 } });
    await h.settle();
    const [out] = h.runs("fan-out");
    const [inRun] = h.runs("fan-in");
    expect(out!.status).toBe("completed");
    expect(inRun!.status).toBe("completed");
    expect(inRun!.event).toMatchObject({ name: "test/fanned", data: { n: 7 } });
    expect(h.calls.fannedIn).toEqual([7]);
  });

  it("cancels a sleeping run on a matching cancelOn event and drops its pending sleep", async () => {
    const h = await harness();
    await h.client.send([
      { name: "test/hold", data: { holdId: "h1" } },
      { name: "test/hold", data: { holdId: "h2" } },
    ]);
    await h.settle();
    const [h1, h2] = h.runs("hold-expiry");
    expect([h1!.status, h2!.status]).toEqual(["sleeping", "sleeping"]);

    await h.client.send({ name: "test/hold.released", data: { holdId: "h1" } });
    await h.settle();
    expect(h1!.status).toBe("cancelled");
    expect(pendingOf(h, h1!)).toEqual([]);
    expect(h2!.status).toBe("sleeping");

    await h.advance(2 * hour);
    expect(h2!.status).toBe("completed");
    expect(h.calls.expired).toEqual(["h2"]);

    const listed = (await (await fetch(`${h.local.url}/runs?function=executor-test-hold-expiry`)).json()) as {
      runs: Array<{ id: string; status: string }>;
    };
    expect(listed.runs.find((r) => r.id === h1!.id)?.status).toBe("cancelled");
  });

  it("treats an event id as an idempotency key for 24 hours", async () => {
    const h = await harness();
    const first = await h.client.send({ id: "order-42-confirmed", name: "test/fanned", data: { n: 1 } });
    const second = await h.client.send({ id: "order-42-confirmed", name: "test/fanned", data: { n: 1 } });
    expect(first.ids).toEqual(["order-42-confirmed"]);
    expect(second.ids).toEqual(["order-42-confirmed"]);
    await h.settle();
    expect(h.runs("fan-in")).toHaveLength(1);
    expect(h.calls.fannedIn).toEqual([1]);

    await h.advance(day);
    await h.client.send({ id: "order-42-confirmed", name: "test/fanned", data: { n: 1 } });
    await h.settle();
    expect(h.runs("fan-in")).toHaveLength(2);
  });

  it("fires cron triggers at their scheduled times in the cron's time zone", async () => {
    const h = await harness();
    expect(h.runs("nightly")).toHaveLength(0);
    await h.advance(minute - 1);
    expect(h.runs("nightly")).toHaveLength(0);
    await h.advance(1); // 03:00 London
    const [first] = h.runs("nightly");
    expect(first!.event).toMatchObject({ name: "inngest/scheduled.timer", data: { cron: "TZ=Europe/London 0 3 * * *" } });
    expect(first!.status).toBe("completed");
    await h.advance(day);
    expect(h.runs("nightly")).toHaveLength(2);
    expect(h.calls.nightly).toEqual([T0 + minute, T0 + minute + day]);
  });

  it("catches up at most one missed cron tick after a restart", async () => {
    const h = await harness();
    await h.advance(minute); // day 1, 03:00
    expect(h.runs("nightly")).toHaveLength(1);
    // Down for three nights; back at 04:00 on day 4.
    await h.restart(T0 + minute + 3 * day + hour);
    expect(h.runs("nightly")).toHaveLength(2);
    await h.advance(day - hour); // day 5, 03:00
    expect(h.runs("nightly")).toHaveLength(3);
  });

  it("persists a sleeping run: a new executor on the same data file finishes it when time comes", async () => {
    const h = await harness();
    const until = T0 + hour;
    await h.client.send({ name: "test/sleep", data: { until: iso(until) } });
    await h.settle();
    const runId = h.runs("sleeper")[0]!.id;
    expect(h.local.executor.getRun(runId)!.status).toBe("sleeping");

    await h.restart(T0 + 10 * minute);
    const stored = JSON.parse(readFileSync(h.dataFile, "utf8")) as { runs: RunRecord[] };
    expect(stored.runs.find((r) => r.id === runId)?.waits).toEqual([
      expect.objectContaining({ kind: "sleep", until }),
    ]);
    const restored = h.local.executor.getRun(runId)!;
    expect(restored.status).toBe("sleeping");
    await h.advance(50 * minute - 1);
    expect(restored.status).toBe("sleeping");
    await h.advance(1);
    expect(restored.status).toBe("completed");
    expect(restored.output).toBe("woke");
    // The step before the sleep ran before the restart and was replayed from the data file, not re-run.
    expect(h.calls).toMatchObject({ beforeSleep: 1, afterSleep: 1 });
  });

  it("persists a pending retry backoff across a restart", async () => {
    const h = await harness();
    await h.client.send({ name: "test/retry", data: {} });
    await h.settle();
    await h.restart(T0 + 500);
    const [run] = h.runs("retry-step");
    expect(pendingOf(h, run!)).toEqual([{ kind: "step", name: "flaky", attempt: 1, at: iso(T0 + 1000) }]);
    await h.advance(499);
    expect(h.calls.flaky).toBe(1);
    await h.advance(1);
    expect(h.calls.flaky).toBe(2);
  });

  it("runs parallel steps and step.invoke", async () => {
    const h = await harness();
    await h.client.send({ name: "test/parallel", data: {} });
    await h.settle();
    const [run] = h.runs("parallel");
    expect(run!.status).toBe("completed");
    expect(run!.output).toBe(5);
    const [child] = h.runs("adder");
    expect(child!.event).toMatchObject({ name: "inngest/function.invoked", data: { a: 2, b: 3 } });
    expect(child!.parent).toEqual({ runId: run!.id, stepId: expect.any(String) });
  });

  it("caps requests in flight and honours a function's concurrency key", async () => {
    const h = await harness({ maxInFlight: 2 });
    await h.client.send(
      ["a1:a", "a2:a", "b1:b", "c1:c"].map((s) => {
        const [label, key] = s.split(":");
        return { name: "test/gated", data: { key, label } };
      }),
    );
    await h.calls.gate.whenEntered(2);
    // a1 holds key "a", so a2 waits for it although a slot is free; b1 takes the second slot; c1 waits for a slot.
    expect(h.calls.gate.entered).toEqual(["a1", "b1"]);
    expect(h.runs("gated").map((r) => r.status)).toEqual(["running", "queued", "running", "queued"]);
    h.calls.gate.release();
    await h.settle();
    expect(h.runs("gated").map((r) => r.status)).toEqual(["completed", "completed", "completed", "completed"]);
    expect(h.calls.gate.maxInside.get("a")).toBe(1);
  });

  it("answers the event API like Inngest's, and rejects malformed events", async () => {
    const h = await harness();
    const ok = await fetch(`${h.local.url}/e/any-key`, {
      method: "POST",
      body: JSON.stringify([{ name: "test/unrelated" }, { name: "test/unrelated", data: { x: 1 } }]),
    });
    const body = (await ok.json()) as { ids: string[]; status: number };
    expect(ok.status).toBe(200);
    expect(body.status).toBe(200);
    expect(body.ids).toHaveLength(2);
    const bad = await fetch(`${h.local.url}/e/any-key`, { method: "POST", body: JSON.stringify({ data: {} }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("no name");

    // The SDK resends with the same x-inngest-event-id-seed when a response was lost: same ids, no second run.
    const resend = () =>
      fetch(`${h.local.url}/e/any-key`, {
        method: "POST",
        headers: { "x-inngest-event-id-seed": "1894000000000,c2VlZC1lbnRyb3B5" },
        body: JSON.stringify({ name: "test/fanned", data: { n: 9 } }),
      }).then((r) => r.json() as Promise<{ ids: string[] }>);
    const [one, two] = [await resend(), await resend()];
    expect(one.ids).toEqual(two.ids);
    await h.settle();
    expect(h.runs("fan-in")).toHaveLength(1);
  });
});
