// A database too busy to start a transaction in time (every pooled connection taken) is an outage to the caller:
// nothing was done and trying again shortly may work, so it answers 503 with Retry-After rather than a 500.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, describe, expect, it } from "vitest";
import { appErrorOrOutage } from "@/server/errors";
import { PrismaClient } from "@/server/db/generated/client";
import { testDatabaseUrl } from "@/tests/support/services";

describe("a database with no free connection", () => {
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: testDatabaseUrl(), max: 1 }) });
  afterAll(() => db.$disconnect());

  it("is SERVICE_UNAVAILABLE (DATABASE_BUSY), not an unknown error", async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inside = new Promise<void>((resolve) => (started = resolve));
    const holder = db.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT 1`;
        started();
        await held;
      },
      { timeout: 10_000 },
    );
    await inside;
    const refused = await db.$transaction(async (tx) => tx.$queryRaw`SELECT 1`, { maxWait: 100 }).catch((error: unknown) => error);
    release();
    await holder;

    const outage = appErrorOrOutage(refused);
    expect(outage?.code).toBe("SERVICE_UNAVAILABLE");
    expect(outage?.details).toMatchObject({ reason: "DATABASE_BUSY" });
  });
});
