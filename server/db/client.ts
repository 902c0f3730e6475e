import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/server/config/env";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export interface DatabaseOptions {
  /**
   * How long a transaction waits for a free pooled connection before it gives up (Prisma's P2028, answered as 503
   * DATABASE_BUSY with Retry-After by server/errors.ts).
   */
  transactionMaxWaitMs?: number;
  /** How long an interactive transaction may run before Prisma rolls it back. */
  transactionTimeoutMs?: number;
}

// The app's values (Prisma's own defaults, written down so that they are choices). With all ten connections busy for
// two seconds, a request is better told "very busy, try again in a moment" than kept waiting in a queue it can't see;
// and a transaction still running after five seconds is rolled back rather than keep the seat or shelf rows it has
// locked from everyone queued behind it. Tests that race dozens of transactions on a loaded machine pass longer ones
// (tests/support/services.ts): what they check is what gets sold, not how patient the pool is.
export const TRANSACTION_MAX_WAIT_MS = 2_000;
export const TRANSACTION_TIMEOUT_MS = 5_000;

export function createDatabase(connectionString: string = env().DATABASE_URL, options: DatabaseOptions = {}): Database {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: 10 }),
    transactionOptions: {
      maxWait: options.transactionMaxWaitMs ?? TRANSACTION_MAX_WAIT_MS,
      timeout: options.transactionTimeoutMs ?? TRANSACTION_TIMEOUT_MS,
    },
  });
}

const globalForDb = globalThis as unknown as { marqueeDb?: Database };

// One client per process: Next's dev server reloads modules, and each new client would open its own pool.
export function db(): Database {
  globalForDb.marqueeDb ??= createDatabase();
  return globalForDb.marqueeDb;
}
