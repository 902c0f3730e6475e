// The audit trail as the admin's audit page reads it, over the real test database. Other files write entries at any
// moment, so each test reads the entries of actors of its own.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createAuditTrail } from "@/server/audit";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();
const trail = () => createAuditTrail({ db: services.db });

describe("audit trail", () => {
  it("pages an actor's entries newest first, each entry once", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    const base = Date.now() - 3_600_000;
    for (let i = 0; i < 5; i++) {
      await services.db.auditLog.create({
        data: { actorId: admin.id, action: `test.step_${i}`, entityType: "Test", createdAt: new Date(base + (i === 4 ? 3 : i) * 1000) },
      });
    }

    const actions: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await trail().list({ actorId: admin.id, cursor, limit: 2 });
      actions.push(page.entries.map((entry) => entry.action));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && actions.length < 10);

    expect(actions.map((page) => page.length)).toEqual([2, 2, 1]);
    const all = actions.flat();
    expect(new Set(all).size).toBe(5);
    expect(all.at(-1)).toBe("test.step_0");
    expect(all.slice(0, 2).sort()).toEqual(["test.step_3", "test.step_4"]);
  });

  it("filters by entity type and by person, names the people entries are about, and offers both as choices", async () => {
    const { user: admin } = await createTestUser(services, { role: "ADMIN", name: "Audit Admin" });
    const { user: other } = await createTestUser(services, { role: "ADMIN" });
    const { user: customer } = await createTestUser(services, { name: "Casey Customer" });
    const entityType = `Thing${randomBytes(3).toString("hex")}`;

    await services.accounts.changeRole({ actorId: admin.id, userId: customer.id, role: "STAFF" });
    await services.audit.record({ actorId: admin.id, action: "thing.made", entityType, entityId: "thing-1" });
    await services.audit.record({ actorId: other.id, action: "thing.changed", entityType, entityId: "thing-1" });

    const byAdmin = await trail().list({ actorId: admin.id, limit: 10 });
    expect(byAdmin.entries.map((entry) => entry.action).sort()).toEqual(["thing.made", "user.role_changed"]);
    const roleChange = byAdmin.entries.find((entry) => entry.action === "user.role_changed");
    expect(roleChange).toMatchObject({
      entityType: "User",
      entityId: customer.id,
      entityLabel: `Casey Customer (${customer.email})`,
      details: { before: { role: "CUSTOMER" }, after: { role: "STAFF" } },
      actor: { id: admin.id, name: "Audit Admin" },
    });

    const ofType = await trail().list({ entityType, limit: 10 });
    expect(ofType.entries.map((entry) => [entry.action, entry.actor?.id, entry.entityLabel])).toEqual([
      ["thing.changed", other.id, null],
      ["thing.made", admin.id, null],
    ]);
    expect((await trail().list({ entityType, actorId: other.id, limit: 10 })).entries.map((entry) => entry.action)).toEqual(["thing.changed"]);

    const choices = await trail().filters();
    expect(choices.entityTypes).toEqual(expect.arrayContaining(["User", entityType]));
    expect(choices.actors.map((actor) => actor.id)).toEqual(expect.arrayContaining([admin.id, other.id]));
    expect(choices.actors.map((actor) => actor.id)).not.toContain(customer.id);
  });
});
