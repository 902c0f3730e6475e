// The HTTP face of the executor: the endpoints the SDK calls on a dev server, a read-only status API, and the loop
// that syncs apps by PUTting their serve URL.
//
// What the SDK (4.24) calls, when INNGEST_DEV / INNGEST_BASE_URL / `baseUrl` point at this server:
//   POST /e/:eventKey    inngest.send() and step.sendEvent() (any key is accepted; dev mode sends NO_EVENT_KEY_SET)
//   POST /fn/register    the SDK's answer to our PUT: its app id, serve URL and function configs
// The SDK never probes the dev server in 4.x (3.x fetched GET /dev); /dev is served anyway for tooling and humans.
//
// Read-only, for debugging: GET /runs[?status=&function=&limit=], GET /runs/:id, GET /dev, GET /health.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BadRequestError, Executor, type ExecutorOptions } from "./executor";
import { inngestSignature } from "./signature";

export interface LocalInngestOptions extends ExecutorOptions {
  /** Port to listen on; 0 picks a free one. Default 8288, the dev server's. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1: a dev tool with no auth must not listen on the network. */
  host?: string;
  /** Serve URLs to sync (PUT) at start and every `syncIntervalMs`. */
  appUrls?: string[];
  /** Re-sync period once an app answered; picks up functions changed under `next dev`. 0 = only at start. Default 30 s. */
  syncIntervalMs?: number;
  /** Retry period while an app does not answer yet. Default 1 s (2 s after the first 30 tries). */
  syncRetryMs?: number;
}

const maxBody = 10 * 1024 * 1024;
const version = "1.0.0";

export class LocalInngest {
  readonly executor: Executor;
  private server?: Server;
  private syncTimers = new Map<string, NodeJS.Timeout>();
  private appUrls: string[];
  private stopped = false;

  constructor(private readonly options: LocalInngestOptions = {}) {
    this.executor = new Executor(options);
    this.appUrls = [...(options.appUrls ?? [])];
  }

  /** Listen, resume persisted work, start syncing apps. */
  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((error) => {
        if (!res.headersSent) json(res, 500, { status: 500, error: (error as Error).message });
        else res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(this.options.port ?? 8288, this.options.host ?? "127.0.0.1", () => {
        server.off("error", reject);
        resolve();
      });
    });
    this.server = server;
    this.executor.resume();
    for (const url of this.appUrls) this.scheduleSync(url, 0, 0);
    return this;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  /** The base URL to give the SDK (INNGEST_DEV / INNGEST_BASE_URL / the client's `baseUrl`). */
  get url(): string {
    const host = this.options.host ?? "127.0.0.1";
    return `http://${host.includes(":") ? `[${host}]` : host}:${this.port}`;
  }

  /** Sync an app now (and keep it in the periodic sync list). */
  async sync(appUrl: string): Promise<{ ok: boolean; status: number; message: string }> {
    if (!this.appUrls.includes(appUrl)) this.appUrls.push(appUrl);
    return syncApp(appUrl, this.options.signingKey);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const timer of this.syncTimers.values()) clearTimeout(timer);
    // Keep serving while in-flight requests drain: a step may be posting an event to us right now.
    await this.executor.stop();
    const server = this.server;
    if (server) {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    }
  }

  private scheduleSync(url: string, delay: number, failures: number): void {
    if (this.stopped) return;
    const timer = setTimeout(async () => {
      const result = await syncApp(url, this.options.signingKey);
      if (this.stopped) return;
      if (result.ok) {
        if (failures > 0) this.log(`app ${url} is up and synced`);
        const every = this.options.syncIntervalMs ?? 30_000;
        if (every > 0) this.scheduleSync(url, every, 0);
        return;
      }
      if (failures === 0) {
        this.log(`could not sync ${url} yet (${result.message}); retrying until the app answers`);
      }
      // Keep the gap short: events sent before the app is synced trigger nothing (as with the real dev server).
      const base = this.options.syncRetryMs ?? 1000;
      this.scheduleSync(url, failures < 30 ? base : 2 * base, failures + 1);
    }, delay);
    timer.unref();
    this.syncTimers.set(url, timer);
  }

  private log(line: string): void {
    if (this.options.quiet) return;
    (this.options.log ?? console.log)(`[inngest-local] ${line}`);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://local");
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const method = req.method ?? "GET";

    if (method === "POST" && (path === "/e" || path.startsWith("/e/"))) {
      const body = await readJson(req, res);
      if (body === undefined) return;
      try {
        const seed = req.headers["x-inngest-event-id-seed"];
        const ids = this.executor.ingest(body, typeof seed === "string" ? seed : undefined);
        return json(res, 200, { ids, status: 200 });
      } catch (error) {
        if (error instanceof BadRequestError) return json(res, 400, { ids: [], status: 400, error: error.message });
        throw error;
      }
    }
    if (method === "POST" && path === "/fn/register") {
      const body = await readJson(req, res);
      if (body === undefined) return;
      const result = this.executor.register(body);
      return json(res, result.status, result.body);
    }
    if (method === "GET" && path === "/runs") {
      const limit = Number(url.searchParams.get("limit") ?? 50);
      return json(res, 200, {
        runs: this.executor.listRuns({
          limit: Number.isFinite(limit) && limit > 0 ? Math.min(limit, 1000) : 50,
          status: url.searchParams.get("status") ?? undefined,
          functionId: url.searchParams.get("function") ?? undefined,
        }),
      });
    }
    if (method === "GET" && path.startsWith("/runs/")) {
      const run = this.executor.getRun(decodeURIComponent(path.slice("/runs/".length)));
      if (!run) return json(res, 404, { error: "no such run" });
      return json(res, 200, { ...this.executor.summarize(run), event: run.event, memoizedSteps: run.steps });
    }
    if (method === "GET" && (path === "/dev" || path === "/")) {
      return json(res, 200, {
        name: "inngest-local",
        version,
        description: "Local stand-in for the Inngest Dev Server (development and tests only)",
        apps: this.executor.listApps(),
        functions: this.executor.listFunctions(),
        endpoints: ["POST /e/:eventKey", "POST /fn/register", "GET /runs", "GET /runs/:id", "GET /dev", "GET /health"],
      });
    }
    if (method === "GET" && path === "/health") return json(res, 200, { ok: true });
    // Drain the body so the connection stays usable, then explain.
    req.resume();
    return json(res, 404, {
      status: 404,
      error:
        `inngest-local does not implement ${method} ${path}. ` +
        `Supported: POST /e/:key, POST /fn/register, GET /runs, GET /runs/:id, GET /dev. ` +
        `(Checkpointing, durable endpoints, realtime and signals need the real Inngest server.)`,
    });
  }
}

/**
 * PUT the app's serve URL: the SDK then POSTs its functions to our /fn/register and relays our answer. Signed (an
 * empty body) when the app's signing key is given: an app that refuses unsigned syncs then accepts it.
 */
export async function syncApp(appUrl: string, signingKey?: string): Promise<{ ok: boolean; status: number; message: string }> {
  try {
    const res = await fetch(appUrl, {
      method: "PUT",
      headers: {
        "x-inngest-server-kind": "dev",
        "user-agent": "inngest-local",
        ...(signingKey ? { "x-inngest-signature": inngestSignature(signingKey, "") } : {}),
      },
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    let message = text.slice(0, 500);
    try {
      const parsed = JSON.parse(text) as { message?: string; error?: string };
      message = parsed.message ?? parsed.error ?? message;
    } catch {
      // not JSON: keep the text
    }
    return { ok: res.ok, status: res.status, message };
  } catch (error) {
    const err = error as Error & { cause?: Error };
    return { ok: false, status: 0, message: err.cause?.message ?? err.message };
  }
}

async function readJson(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBody) {
      json(res, 413, { status: 413, error: "payload too large" });
      req.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    json(res, 400, { status: 400, error: "body is not valid JSON" });
    return undefined;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export async function startLocalInngest(options: LocalInngestOptions = {}): Promise<LocalInngest> {
  return new LocalInngest(options).start();
}
