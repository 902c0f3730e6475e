// Readiness probe: 200 once PostgreSQL and Redis both answer, 503 naming the one that doesn't. Playwright's web
// server and deploy health checks wait on it. Error details go to the log, not to whoever asks.
import { NextResponse } from "next/server";
import { db } from "@/server/db/client";
import { redis } from "@/server/redis/client";

export const dynamic = "force-dynamic";

const CHECK_TIMEOUT_MS = 3_000;

async function check(name: string, probe: () => Promise<unknown>): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
      }),
    ]);
    return true;
  } catch (error) {
    console.error(`[health] ${name} check failed:`, error instanceof Error ? error.message : error);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function GET() {
  const [postgres, redisOk] = await Promise.all([
    check("postgres", () => db().$queryRaw`SELECT 1`),
    check("redis", () => redis().ping()),
  ]);
  const failed = [...(postgres ? [] : ["postgres"]), ...(redisOk ? [] : ["redis"])];
  return NextResponse.json(
    { ok: failed.length === 0, postgres: postgres ? "ok" : "down", redis: redisOk ? "ok" : "down", failed },
    { status: failed.length ? 503 : 200, headers: { "cache-control": "no-store" } },
  );
}
