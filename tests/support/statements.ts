// Counting the statements a piece of work sends to PostgreSQL, at the driver: Prisma's adapter and raw SQL both go
// through pg.Client#query (so do BEGIN and COMMIT). For regression guards on round trips, never on time.
import pg from "pg";

/** How many statements `work` sends to PostgreSQL (from any client in this process while it runs). */
export async function countStatements(work: () => Promise<unknown>): Promise<number> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let count = 0;
  proto.query = function (this: unknown, ...args: unknown[]) {
    count += 1;
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return count;
}
