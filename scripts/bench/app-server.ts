// The production app for a page benchmark: a scratch database with the demo seed and its own Redis prefix, the
// existing production build (built first if there is none) served by scripts/serve.mjs as `npm start` does, and a
// teardown that stops the server before it drops the database.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { createDatabase as createPrisma } from "@/server/db/client";
import { seedDatabase } from "../../prisma/seed-data/seed";
import { adminUrl, clearRedisPrefix, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } from "../lib/databases";
import { benchServerEnv, describeMachine, loadAverage, type Machine, redisInfo } from "./harness";

export interface PageTargets {
  base: string;
  filmSlug: string;
  screeningId: string;
  /** A file under /_next/static, served by the same server. */
  staticPath: string;
}

export interface AppServer extends PageTargets {
  /** The machine, its databases' versions and the load average when startApp was called. */
  machine: Machine;
  stop: () => Promise<void>;
}

async function waitForHealth(base: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("the app did not become healthy within 60 s");
}

function staticAsset(root: string): string {
  const manifest = path.join(root, ".next", "static", "chunks");
  const listing = spawnSync("find", [manifest, "-name", "*.css", "-o", "-name", "*.js"], { encoding: "utf8" });
  const file = listing.stdout.split("\n").find((line) => line.endsWith(".css")) ?? listing.stdout.split("\n").find(Boolean);
  if (!file) throw new Error("no static file in .next/static");
  return `/_next/${path.relative(path.join(root, ".next"), file)}`;
}

export async function startApp(options: { port: number; environment?: Record<string, string> }): Promise<AppServer> {
  const loadAverageAtStart = loadAverage();
  const root = process.cwd();
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_bench_pages_${id}`);
  const keyPrefix = `marquee-bench-pages_${id}:`;
  const base = `http://127.0.0.1:${options.port}`;
  let server: ChildProcess | undefined;

  async function stop() {
    if (server?.pid && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once("exit", resolve));
      try {
        process.kill(-server.pid, "SIGTERM");
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    }
    await dropDatabase(databaseUrl).catch((error) => console.error("could not drop the scratch database", error));
    await clearRedisPrefix(keyPrefix).catch((error) => console.error("could not clear the scratch Redis keys", error));
  }

  try {
    console.log(`Preparing database marquee_bench_pages_${id} with the demo seed...`);
    await createDatabase(databaseUrl);
    await migrateDatabase(databaseUrl, { quiet: true });
    const db = createPrisma(databaseUrl);
    await seedDatabase(db);
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    // The biggest hall tomorrow: the heaviest seat map the demo has.
    const screening = await db.screening.findFirst({
      where: { startsAt: { gt: tomorrow }, status: "SCHEDULED", publishedAt: { not: null }, film: { status: "PUBLISHED" } },
      orderBy: [{ layout: { seats: { _count: "desc" } } }, { startsAt: "asc" }],
      select: { id: true, film: { select: { slug: true } } },
    });
    await db.$disconnect();
    if (!screening) throw new Error("the seed produced no screening tomorrow");

    if (!existsSync(path.join(root, ".next", "BUILD_ID"))) {
      console.log("No production build found: running next build...");
      const build = spawnSync("npx", ["next", "build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
      if (build.status !== 0) throw new Error("next build failed");
    }
    server = spawn("node", ["scripts/serve.mjs", "-p", String(options.port), "-H", "127.0.0.1"], {
      env: {
        ...benchServerEnv({ databaseUrl, keyPrefix, baseUrl: base }),
        ...options.environment,
      },
      stdio: ["ignore", "ignore", "inherit"],
      detached: true,
    });
    await waitForHealth(base, server);
    const machine = await describeMachine({ databaseUrl, redisInfo, loadAverageAtStart });
    return { base, filmSlug: screening.film.slug, screeningId: screening.id, staticPath: staticAsset(root), machine, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
