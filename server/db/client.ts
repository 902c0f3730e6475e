import { PrismaPg } from "@prisma/adapter-pg";
import { env } from "@/server/config/env";
import { PrismaClient } from "./generated/client";

export type Database = PrismaClient;

export function createDatabase(connectionString: string = env().DATABASE_URL): Database {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString, max: 10 }) });
}

const globalForDb = globalThis as unknown as { marqueeDb?: Database };

// One client per process: Next's dev server reloads modules, and each new client would open its own pool.
export function db(): Database {
  globalForDb.marqueeDb ??= createDatabase();
  return globalForDb.marqueeDb;
}
