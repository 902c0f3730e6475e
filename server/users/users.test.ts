// The people directory over the real test database. Other files add people at any moment, so each test pages through
// people of its own, found by a marker in their names.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { Role } from "@/server/accounts/roles";
import { withTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();

/** People named "<marker> n", joined a minute apart in the order given (the last is the newest). */
async function people(roles: Role[]) {
  const marker = `Dir${randomBytes(4).toString("hex")}`;
  const base = Date.now() - 3_600_000;
  const users = [];
  for (const [index, role] of roles.entries()) {
    const { user } = await createTestUser(services, { role, name: `${marker} ${index}` });
    users.push(await services.db.user.update({ where: { id: user.id }, data: { createdAt: new Date(base + index * 60_000) } }));
  }
  return { marker, users };
}

async function allPages(filter: Omit<Parameters<typeof services.users.list>[0], "cursor">) {
  const pages = [];
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await services.users.list({ ...filter, cursor });
    pages.push(page.users.map((user) => user.name));
    if (!page.nextCursor) return pages;
    cursor = page.nextCursor;
  }
  throw new Error("paging never ended");
}

describe("people directory", () => {
  it("pages newest first without skipping or repeating anyone, even when people joined at the same instant", async () => {
    const { marker, users } = await people(["CUSTOMER", "CUSTOMER", "STAFF", "CUSTOMER", "ADMIN"]);
    // Two of them at exactly the same instant: the id breaks the tie.
    await services.db.user.update({ where: { id: users[1]!.id }, data: { createdAt: users[2]!.createdAt } });

    const pages = await allPages({ query: marker, limit: 2 });
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const names = pages.flat();
    expect(new Set(names).size).toBe(5);
    expect(names[0]).toBe(`${marker} 4`);
    expect(names.at(-1)).toBe(`${marker} 0`);
  });

  it("filters by role and by whether the account is disabled", async () => {
    const { marker, users } = await people(["CUSTOMER", "STAFF", "STAFF", "ADMIN"]);
    const { user: admin } = await createTestUser(services, { role: "ADMIN" });
    await services.accounts.disableAccount({ actorId: admin.id, userId: users[2]!.id });

    expect((await allPages({ query: marker, role: "STAFF", limit: 10 })).flat()).toEqual([`${marker} 2`, `${marker} 1`]);
    expect((await allPages({ query: marker, status: "disabled", limit: 10 })).flat()).toEqual([`${marker} 2`]);
    expect((await allPages({ query: marker, status: "active", limit: 10 })).flat()).toEqual([`${marker} 3`, `${marker} 1`, `${marker} 0`]);
    expect((await allPages({ query: marker, role: "STAFF", status: "active", limit: 1 })).flat()).toEqual([`${marker} 1`]);

    const { users: rows } = await services.users.list({ query: marker, status: "disabled", limit: 10 });
    expect(rows[0]?.disabledAt).toBeInstanceOf(Date);
  });

  it("over tRPC, takes the first page's cursor as null, as the page's infinite query sends it", async () => {
    const { marker } = await people(["CUSTOMER", "STAFF", "CUSTOMER"]);
    const { session } = await createTestUser(services, { role: "ADMIN" });
    const admin = createTestCaller(services, session).admin;
    const first = await admin.users({ query: marker, cursor: null, limit: 2 });
    expect(first.users.map((user) => user.name)).toEqual([`${marker} 2`, `${marker} 1`]);
    const second = await admin.users({ query: marker, cursor: first.nextCursor, limit: 2 });
    expect(second).toEqual({ users: [expect.objectContaining({ name: `${marker} 0` })], nextCursor: null });
    await expect(admin.auditLog({ actorId: session.user.id, cursor: null })).resolves.toEqual({ entries: [], nextCursor: null });
  });
});
