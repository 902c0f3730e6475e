// Real services against the run's own database and Redis prefix (see tests/setup/global-setup.ts).
import { inject } from "vitest";
import { createDatabase } from "@/server/db/client";
import { createRedis } from "@/server/redis/client";
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

export function createTestServices(options: { now?: () => Date } = {}): TestServices {
  const db = createDatabase(testDatabaseUrl());
  const redis = createRedis({ keyPrefix: testRedisKeyPrefix() });
  const services = createServices({ db, redis, now: options.now });
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
export function withTestServices(options: { now?: () => Date } = {}): TestServices {
  return builtPerFile("withTestServices", () => createTestServices(options));
}
