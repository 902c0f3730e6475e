// Counting the statements a piece of work sends to PostgreSQL, at the driver: Prisma's adapter and raw SQL both go
// through pg.Client#query (so do BEGIN and COMMIT). For regression guards on round trips, never on time.
import pg from "pg";

/**
 * Calls `listener` with the text of every statement any client in this process sends until the returned function is
 * called (the benchmarks count per stage with it).
 */
export function onEveryStatement(listener: (text: string) => void): () => void {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string };
    listener(typeof first === "string" ? first : (first?.text ?? "?"));
    return original.apply(this, args);
  };
  return () => {
    proto.query = original;
  };
}

/** The statements `work` sends to PostgreSQL (from any client in this process while it runs), in order. */
export async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const stop = onEveryStatement((text) => seen.push(text));
  try {
    await work();
  } finally {
    stop();
  }
  // SHOW_STATEMENTS=1 prints them, for finding which one a budget lost.
  if (process.env.SHOW_STATEMENTS) console.log(seen.map((s) => s.replace(/\s+/g, " ").slice(0, 200)).join("\n"));
  return seen;
}

/** How many statements `work` sends to PostgreSQL. */
export async function countStatements(work: () => Promise<unknown>): Promise<number> {
  return (await statementsOf(work)).length;
}
