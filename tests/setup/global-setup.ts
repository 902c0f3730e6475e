// Runs once per `vitest run`, in the main process, before any worker starts: one fresh database with every
// migration applied and one Redis key prefix, shared by all test files of the run and removed at the end.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import {
  adminUrl,
  clearRedisPrefix,
  createDatabase,
  dropDatabase,
  migrateDatabase,
  runId,
  sweepAbandonedDatabases,
  withDatabase,
} from "../../scripts/lib/databases";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    redisKeyPrefix: string;
  }
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export default async function setup(project: TestProject) {
  const id = runId();
  const databaseUrl = withDatabase(adminUrl(), `marquee_test_${id}`);
  const redisKeyPrefix = `marquee-test-${id}:`;

  await sweepAbandonedDatabases().catch(() => []);
  await createDatabase(databaseUrl);
  try {
    await migrateDatabase(databaseUrl);
  } catch (error) {
    await dropDatabase(databaseUrl).catch(() => {});
    throw error;
  }

  project.provide("databaseUrl", databaseUrl);
  project.provide("redisKeyPrefix", redisKeyPrefix);
  // Workers are forked after this and copy process.env, so code that falls back to env() (db(), redis(), services())
  // also lands on the test database and prefix instead of the developer's own.
  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_KEY_PREFIX = redisKeyPrefix;

  // On Ctrl-C Vitest exits a millisecond after the signal without running teardowns. Cleaning up synchronously here
  // holds the event loop until the database and keys are gone.
  const onSignal = () => {
    spawnSync(
      path.join(root, "node_modules/.bin/tsx"),
      [path.join(root, "scripts/lib/databases.ts"), "cleanup", databaseUrl, redisKeyPrefix],
      { stdio: "inherit", timeout: 20_000 },
    );
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  return async () => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    const results = await Promise.allSettled([dropDatabase(databaseUrl), clearRedisPrefix(redisKeyPrefix)]);
    for (const result of results) {
      if (result.status === "rejected") console.error("test teardown:", result.reason);
    }
  };
}
