// The concessions routers in-process: admin product CRUD with validation, names and version checks, stock changes
// by staff and admins, the public catalogue, and who may call what.
import { randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { rejectionOf } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestCaller } from "@/tests/support/trpc";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();

async function failure(promise: Promise<unknown>) {
  const error = await rejectionOf(promise, "the call to fail");
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

async function cinema() {
  const tag = randomBytes(5).toString("hex");
  return services.db.cinema.create({
    data: { slug: `router-snacks-${tag}`, name: `Router ${tag}`, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone: "Europe/London" },
  });
}

const form = (name: string) => ({
  name,
  category: "Popcorn",
  description: "",
  currency: "GBP",
  priceAmount: 450,
  imageUrl: null,
  active: true,
  sortOrder: 0,
});

describe("concessions routers", () => {
  it("admins create and edit products: validation, a taken name and a stale version are refused", async () => {
    const { session } = await createTestUser(services, { role: "ADMIN" });
    const admin = createTestCaller(services, session).admin.concessions;
    const name = `Caramel popcorn ${randomBytes(3).toString("hex")}`;

    expect((await failure(admin.create({ ...form(name), priceAmount: -1 }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.create({ ...form(name), name: " " }))).code).toBe("BAD_REQUEST");
    expect((await failure(admin.create({ ...form(name), currency: "pounds" }))).code).toBe("BAD_REQUEST");

    const created = await admin.create(form(name));
    expect(created).toMatchObject({ name, priceAmount: 450, version: 1, active: true });
    expect(created.stock.every((s) => s.quantity === 0 && s.low)).toBe(true);
    expect((await failure(admin.create(form(name.toUpperCase())))).code).toBe("BAD_REQUEST");

    const saved = await admin.update({ ...form(name), id: created.id, version: created.version, priceAmount: 500 });
    expect(saved).toMatchObject({ priceAmount: 500, version: 2 });
    const stale = await failure(admin.update({ ...form(name), id: created.id, version: created.version, priceAmount: 600 }));
    expect(stale.code).toBe("CONFLICT");
    const list = await admin.list();
    expect(list.products.find((p) => p.id === created.id)?.priceAmount).toBe(500);
    expect(list.categories).toContain("Popcorn");
    expect(await services.db.auditLog.count({ where: { entityId: created.id, action: { in: ["product.created", "product.updated"] } } })).toBe(2);
  });

  it("staff change stock with a reason and read movements; only admins touch products; anyone reads the catalogue", async () => {
    const c = await cinema();
    const { session: adminSession } = await createTestUser(services, { role: "ADMIN" });
    const { session: staffSession } = await createTestUser(services, { role: "STAFF" });
    const product = await createTestCaller(services, adminSession).admin.concessions.create(form(`Hot dog ${randomBytes(3).toString("hex")}`));
    const staff = createTestCaller(services, staffSession);

    expect((await failure(staff.admin.concessions.create(form("Nope")))).code).toBe("FORBIDDEN");
    expect((await failure(staff.concessions.changeStock({ productId: product.id, cinemaId: c.id, mode: "RECEIVE", quantity: 5, note: "" }))).code).toBe("BAD_REQUEST");
    const changed = await staff.concessions.changeStock({ productId: product.id, cinemaId: c.id, mode: "RECEIVE", quantity: 5, note: "Cash and carry run" });
    expect(changed).toMatchObject({ quantity: 5, delta: 5 });
    const movements = await staff.concessions.movements({ cinemaId: c.id, productId: product.id, limit: 5 });
    expect(movements.map((m) => [m.delta, m.reason, m.userEmail])).toEqual([[5, "RESTOCK: Cash and carry run", staffSession.user.email]]);

    const anonymous = createTestCaller(services, null);
    expect((await failure(anonymous.concessions.changeStock({ productId: product.id, cinemaId: c.id, mode: "WASTE", quantity: 1, note: "Dropped" }))).code).toBe("UNAUTHORIZED");
    const catalogue = await anonymous.concessions.catalogue({ cinemaId: c.id });
    expect(catalogue.find((p) => p.id === product.id)?.inStock).toBe(5);
  });
});
