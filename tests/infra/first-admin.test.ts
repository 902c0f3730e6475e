// A fresh install's first admin (`npm run admin:create`). It needs a database with no admin in it, so it gets one of
// its own: the run's shared database holds other tests' admins.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase as connect, type Database } from "@/server/db/client";
import { createRedis, type RedisClient } from "@/server/redis/client";
import { createServices, type Services } from "@/server/services";
import { expectAppError } from "@/tests/support/errors";
import { testRedisKeyPrefix } from "@/tests/support/services";
import { adminUrl, createDatabase, dropDatabase, migrateDatabase, runId, withDatabase } from "../../scripts/lib/databases";

const databaseUrl = withDatabase(adminUrl(), `marquee_test_${runId()}_first_admin`);
let db: Database;
let redis: RedisClient;
let services: Services;

beforeAll(async () => {
  await createDatabase(databaseUrl);
  await migrateDatabase(databaseUrl, { quiet: true });
  db = connect(databaseUrl);
  redis = createRedis({ keyPrefix: `${testRedisKeyPrefix()}first-admin:` });
  services = createServices({ db, redis });
}, 120_000);

afterAll(async () => {
  await services?.inventory.close();
  redis?.disconnect();
  await db?.$disconnect();
  await dropDatabase(databaseUrl);
});

describe("the first admin", { timeout: 60_000 }, () => {
  it("is made once, of two at the same moment, invited by email and audited without an actor; then refused", async () => {
    const results = await Promise.allSettled([
      services.accounts.createFirstAdmin({ name: "Ada Admin", email: "ada@cinema.test" }),
      services.accounts.createFirstAdmin({ name: "Bo Admin", email: "bo@cinema.test" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected");
    expect(refused).toMatchObject({ reason: { code: "CONFLICT", details: { reason: "ADMIN_EXISTS" } } });

    const admins = await db.user.findMany({ where: { role: "ADMIN" }, select: { id: true, email: true, emailVerifiedAt: true } });
    expect(admins).toHaveLength(1);
    expect(admins[0]!.emailVerifiedAt).not.toBeNull();
    const invitation = await db.emailMessage.findFirst({ where: { to: admins[0]!.email }, select: { subject: true, text: true } });
    expect(invitation?.text).toContain("/reset-password?email=");
    const audit = await db.auditLog.findMany({ where: { action: "user.created", entityId: admins[0]!.id } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actorId).toBeNull();

    await expectAppError(services.accounts.createFirstAdmin({ name: "Cy Admin", email: "cy@cinema.test" }), "CONFLICT", "ADMIN_EXISTS");
    expect(await db.user.count()).toBe(1);
  });

  it("refuses a bad address beside its field and makes nothing", async () => {
    const before = await db.user.count();
    await expectAppError(services.accounts.createFirstAdmin({ name: "Nobody", email: "not-an-address" }), "BAD_REQUEST");
    expect(await db.user.count()).toBe(before);
  });
});
