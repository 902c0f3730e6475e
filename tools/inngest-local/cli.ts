// npm run inngest:local [-- options]: the local Inngest executor as a long-running process.
// See README.md beside this file.
import path from "node:path";
import { parseArgs } from "node:util";
import { startLocalInngest, type LocalInngest } from "./server";

const usage = `Usage: npm run inngest:local -- [options]

A local stand-in for the Inngest Dev Server (development and tests only).

Options:
  --port <n>            Port to listen on (env INNGEST_LOCAL_PORT, default 8288; 0 = any free port)
  --host <addr>         Interface to bind (env INNGEST_LOCAL_HOST, default 127.0.0.1)
  --app-url <url>       App serve URL to sync; repeatable (env INNGEST_APP_URL, comma-separated,
                        default http://127.0.0.1:3000/api/inngest)
  --no-app              Don't sync any app (apps can still sync themselves with a PUT to their endpoint)
  --data <file>         JSON data file (env INNGEST_LOCAL_DATA, default .data/inngest-local.json)
  --sync-interval <ms>  Re-sync period once an app answered (default 30000; 0 = only at start)
  --backoff-scale <x>   Multiply retry backoffs (default 1; base 1 s, doubling, capped at 10 min)
  --max-in-flight <n>   Requests to apps at once, all runs together (default 8)
  --quiet               No log lines (env INNGEST_LOCAL_QUIET=1)
  Env INNGEST_SIGNING_KEY  The app's signing key: every request to the app is signed as Inngest Cloud signs it
                        (an app in cloud mode, e.g. a production build, refuses unsigned requests)
  -h, --help            This text

Point the app at it with INNGEST_DEV=http://127.0.0.1:8288 (development), or with INNGEST_BASE_URL=http://127.0.0.1:8288
plus the same INNGEST_SIGNING_KEY and any INNGEST_EVENT_KEY (a production build).`;

function number(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`${name} must be a non-negative number, got "${value}"`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "app-url": { type: "string", multiple: true },
        "no-app": { type: "boolean" },
        data: { type: "string" },
        "sync-interval": { type: "string" },
        "backoff-scale": { type: "string" },
        "max-in-flight": { type: "string" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    return;
  }

  const env = process.env;
  const appUrls = values["no-app"]
    ? []
    : (values["app-url"]?.length ? values["app-url"] : (env.INNGEST_APP_URL ?? "http://127.0.0.1:3000/api/inngest").split(","))
        .map((u) => u.trim())
        .filter(Boolean);
  const quiet = values.quiet || ["1", "true"].includes(env.INNGEST_LOCAL_QUIET ?? "");
  const dataFile = path.resolve(values.data ?? env.INNGEST_LOCAL_DATA ?? ".data/inngest-local.json");

  let local: LocalInngest;
  try {
    local = await startLocalInngest({
      port: number(values.port ?? env.INNGEST_LOCAL_PORT, "--port") ?? 8288,
      host: values.host ?? env.INNGEST_LOCAL_HOST ?? "127.0.0.1",
      appUrls,
      dataFile,
      syncIntervalMs: number(values["sync-interval"], "--sync-interval"),
      backoffScale: number(values["backoff-scale"], "--backoff-scale"),
      maxInFlight: number(values["max-in-flight"], "--max-in-flight"),
      quiet,
      signingKey: env.INNGEST_SIGNING_KEY || undefined,
    });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === "EADDRINUSE") {
      console.error(
        `[inngest-local] port ${values.port ?? env.INNGEST_LOCAL_PORT ?? 8288} is already in use ` +
          `(another inngest-local or an Inngest Dev Server?). Set INNGEST_LOCAL_PORT or --port.`,
      );
    } else {
      console.error(`[inngest-local] could not start: ${err.stack ?? err.message}`);
    }
    process.exit(1);
  }

  if (!quiet) {
    console.log(`[inngest-local] listening on ${local.url} (data: ${dataFile})`);
    console.log(`[inngest-local] point the app at it with INNGEST_DEV=${local.url}`);
    if (appUrls.length) console.log(`[inngest-local] syncing ${appUrls.join(", ")}`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) {
      console.error(`[inngest-local] ${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    if (!quiet) console.log(`[inngest-local] ${signal}: finishing requests in flight and saving state`);
    local.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(`[inngest-local] error while stopping: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

void main();
