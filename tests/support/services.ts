// Real services against the run's own database and Redis prefix (see tests/setup/global-setup.ts).
import { inject } from "vitest";
import { createDatabase } from "@/server/db/client";
import { createRedis } from "@/server/redis/client";
import type { SeatLimits } from "@/server/inventory";
import { createServices, type Services } from "@/server/services";
import { builtPerFile } from "./per-file";

export type TestServices = Services & {
  /** Closes the database pool and the Redis connection; call it in afterAll. */
  dispose: () => Promise<void>;
};

export function testDatabaseUrl(): string {
  return inject("databaseUrl");
}

export function testRedisKeyPrefix(): string {
  return inject("redisKeyPrefix");
}

/**
 * Seat-holding limits for tests that aren't about them: test files share a few documentation addresses (and every
 * file's clock is its own), so the strict defaults would refuse holds of one file because of another's. The hoarding
 * tests (tests/api/seat-hoarding.test.ts) pass the real defaults.
 */
export const RELAXED_SEAT_LIMITS: SeatLimits = { perHolder: 1000, perAddress: 100_000, perNetwork: 100_000, perScreeningPerAddress: 1000 };

/**
 * How long a test's transaction may wait for a pooled connection, and run, before Prisma gives up (the app's are
 * TRANSACTION_MAX_WAIT_MS and TRANSACTION_TIMEOUT_MS, 2 s and 5 s). server/concessions/stock.test.ts races 50
 * transactions through a pool of 10, all locking one row, on a machine the rest of the suite shares: under load the
 * queue outlasts 2 s, and the last in line outlasts 5 s, with nothing wrong. Such tests are about what gets sold, not
 * the pool's patience. Each limit stays below the 30 s test timeout, so a pool or a lock that never frees up fails
 * as itself (P2028) rather than as a timed-out test.
 * server/db/errors.test.ts proves the app's answer to a busy pool with its own client and wait.
 */
export const TEST_TRANSACTION_WAIT_MS = 20_000;

export interface TestServicesOptions {
  now?: () => Date;
  seatLimits?: SeatLimits;
  catalogueCacheSeconds?: number;
  /** A Redis prefix of the file's own (under the run's), for tests whose Redis state other files must not touch. */
  redisKeyPrefix?: string;
}

export function createTestServices(options: TestServicesOptions = {}): TestServices {
  const db = createDatabase(testDatabaseUrl(), { transactionMaxWaitMs: TEST_TRANSACTION_WAIT_MS, transactionTimeoutMs: TEST_TRANSACTION_WAIT_MS });
  const redis = createRedis({ keyPrefix: options.redisKeyPrefix ?? testRedisKeyPrefix() });
  // Fixtures write the programme straight to the database, past the admin services that invalidate the catalogue's
  // cache, so tests read uncached unless they are about the cache (server/catalogue/cache.test.ts).
  const services = createServices({
    db,
    redis,
    now: options.now,
    seatLimits: options.seatLimits ?? RELAXED_SEAT_LIMITS,
    catalogueCacheSeconds: options.catalogueCacheSeconds ?? 0,
  });
  return {
    ...services,
    dispose: async () => {
      await services.inventory.close();
      redis.disconnect();
      await db.$disconnect();
    },
  };
}

/** Test services for the calling file: built in its beforeAll, disposed of in its afterAll. */
export function withTestServices(options: TestServicesOptions = {}): TestServices {
  return builtPerFile("withTestServices", () => createTestServices(options));
}
