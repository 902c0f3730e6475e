// Throwaway PostgreSQL databases and Redis key prefixes for test runs, plus the "create it if missing" step of the
// demo. Used by the Vitest global setup (imported) and by the shell scripts (as a CLI through tsx):
//
//   tsx scripts/lib/databases.ts ensure <database url>     create the database if it doesn't exist
//   tsx scripts/lib/databases.ts create <database url>     create it; fail if it exists
//   tsx scripts/lib/databases.ts drop <database url>       drop it (WITH (FORCE)) if it exists
//   tsx scripts/lib/databases.ts migrate <database url>    apply the migrations (scripts/prisma-migrate.mjs deploy)
//   tsx scripts/lib/databases.ts clear-redis <key prefix>  delete every Redis key with that (test run's) prefix
//   tsx scripts/lib/databases.ts cleanup <url> <prefix>    both of the above: drop, then clear-redis
//   tsx scripts/lib/databases.ts sweep                     drop test databases left behind by killed runs
//   tsx scripts/lib/databases.ts run-id                    print a fresh run id (UTC timestamp + random)
//   tsx scripts/lib/databases.ts url-for <database name>   print the URL of that database on the test server
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
const DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";
// Test databases are named <prefix><run id>; a run id starts with its UTC start time, which is how sweep() knows
// a database is abandoned rather than in use by a concurrent run.
const THROWAWAY_PREFIXES = ["marquee_test_", "marquee_e2e_", "marquee_bench_"];
const ABANDONED_AFTER_MS = 12 * 60 * 60 * 1000;

/** `20261122T043000_k3x9a1`-style ids, lower-case so they are valid unquoted identifiers too. */
export function runId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, "").slice(0, 15).toLowerCase();
  return `${stamp}_${randomBytes(4).toString("hex")}`;
}

/** The maintenance database on the server that holds test databases. */
export function adminUrl(): string {
  if (process.env.TEST_DATABASE_ADMIN_URL) return process.env.TEST_DATABASE_ADMIN_URL;
  if (process.env.DATABASE_URL) return withDatabase(process.env.DATABASE_URL, "postgres");
  return DEFAULT_ADMIN_URL;
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.href;
}

function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  // Names come from our scripts and .env, but they end up inside SQL: refuse anything odd rather than escape it.
  if (!/^[A-Za-z0-9_-]{1,63}$/.test(name)) throw new Error(`unsupported database name ${JSON.stringify(name)}`);
  return name;
}

async function withAdmin<T>(targetUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const admin = process.env.TEST_DATABASE_ADMIN_URL ?? withDatabase(targetUrl, "postgres");
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function databaseExists(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withAdmin(url, async (client) => {
    const result = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    return result.rowCount === 1;
  });
}

export async function createDatabase(url: string, options: { ifMissing?: boolean } = {}): Promise<boolean> {
  const name = databaseName(url);
  return withAdmin(url, async (client) => {
    if (options.ifMissing) {
      const existing = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      if (existing.rowCount === 1) return false;
    }
    await client.query(`CREATE DATABASE "${name}"`);
    return true;
  });
}

export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdmin(url, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** Applies prisma/migrations through the project's own runner, exactly as `npm run db:deploy` does. */
export function migrateDatabase(url: string, options: { quiet?: boolean } = {}): Promise<void> {
  const args = [path.join(projectRoot, "scripts/prisma-migrate.mjs"), "deploy"];
  if (options.quiet ?? true) args.push("--quiet");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "inherit", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`migrations failed (${signal ?? `exit ${code}`}):\n${stderr.trim()}`));
    });
  });
}

/** Deletes every key under a test run's `prefix`. Bounded so that a mistake can't become an endless scan. */
export async function clearRedisPrefix(prefix: string, redisUrl = process.env.REDIS_URL ?? DEFAULT_REDIS_URL) {
  // Only the throwaway prefixes of test runs: anything else could be a live app's keys on a shared Redis.
  if (!/^marquee-(test|e2e|bench)-[a-z0-9_]+:$/.test(prefix)) {
    throw new Error(`refusing to clear Redis prefix ${JSON.stringify(prefix)}: not a test run's prefix`);
  }
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  let deleted = 0;
  try {
    await client.connect();
    const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
    let cursor = "0";
    for (let round = 0; round < 10_000; round++) {
      const [next, keys] = await client.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      if (keys.length) deleted += await client.unlink(...keys);
      cursor = next;
      if (cursor === "0") break;
    }
  } finally {
    client.disconnect();
  }
  return deleted;
}

/** Drops throwaway databases whose run started long ago: what a `kill -9`'d or crashed run leaves behind. */
export async function sweepAbandonedDatabases(now = Date.now()): Promise<string[]> {
  return withAdmin(adminUrl(), async (client) => {
    const result = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'marquee\\_test\\_%' OR datname LIKE 'marquee\\_e2e\\_%' OR datname LIKE 'marquee\\_bench\\_%'",
    );
    const dropped: string[] = [];
    for (const { datname } of result.rows) {
      const prefix = THROWAWAY_PREFIXES.find((p) => datname.startsWith(p));
      const match = prefix && /^(\d{4})(\d{2})(\d{2})t(\d{2})(\d{2})(\d{2})_/.exec(datname.slice(prefix.length));
      if (!match) continue;
      const [, y, mo, d, h, mi, s] = match;
      const startedAt = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
      if (now - startedAt < ABANDONED_AFTER_MS) continue;
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      dropped.push(datname);
    }
    return dropped;
  });
}

async function main(argv: string[]) {
  const [command, argument, second] = argv;
  const need = (what: string) => {
    if (!argument) throw new Error(`${command} needs ${what}`);
    return argument;
  };
  switch (command) {
    case "run-id":
      console.log(runId());
      return;
    case "url-for":
      console.log(withDatabase(adminUrl(), need("a database name")));
      return;
    case "ensure": {
      const created = await createDatabase(need("a database URL"), { ifMissing: true });
      if (created) console.log(`Created database ${databaseName(argument!)}.`);
      return;
    }
    case "create":
      await createDatabase(need("a database URL"));
      return;
    case "drop":
      await dropDatabase(need("a database URL"));
      return;
    case "migrate":
      await migrateDatabase(need("a database URL"));
      return;
    case "clear-redis":
      await clearRedisPrefix(need("a key prefix"));
      return;
    case "cleanup": {
      if (!second) throw new Error("cleanup needs a database URL and a key prefix");
      const results = await Promise.allSettled([dropDatabase(need("a database URL")), clearRedisPrefix(second)]);
      const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason] : []));
      if (failures.length) throw new AggregateError(failures, failures.map(String).join("; "));
      return;
    }
    case "sweep": {
      const dropped = await sweepAbandonedDatabases();
      if (dropped.length) console.log(`Dropped abandoned test databases: ${dropped.join(", ")}`);
      return;
    }
    default:
      throw new Error("usage: databases.ts ensure|create|drop|migrate <url> | clear-redis <prefix> | cleanup <url> <prefix> | url-for <name> | sweep | run-id");
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`databases: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
