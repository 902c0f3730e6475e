// Handing a web order's concessions over at the counter, against the real PostgreSQL: once per item whoever presses
// it, one audit entry when clerks race, never for a refunded item.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { expectRefusal } from "@/tests/support/errors";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();

/** A paid web order at a fresh cinema with popcorn and a cola, both taken and sold. */
async function paidOrder() {
  const tag = randomBytes(5).toString("hex");
  const cinema = await services.db.cinema.create({
    data: { slug: `collect-${tag}`, name: `Collect ${tag}`, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone: "Europe/London" },
  });
  const [popcorn, cola] = await Promise.all(
    ["Popcorn", "Cola"].map(async (name) => {
      const p = await services.db.product.create({ data: { name: `${name} ${tag}`, category: name, currency: "GBP", priceAmount: 450 } });
      await services.db.productStock.create({ data: { productId: p.id, cinemaId: cinema.id, quantity: 10 } });
      return p;
    }),
  );
  const order = await services.db.order.create({
    data: {
      reference: randomBytes(6).toString("hex").toUpperCase(),
      cinemaId: cinema.id,
      currency: "GBP",
      subtotalAmount: 900,
      totalAmount: 900,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  const items = await services.concessions.take({
    orderId: order.id,
    cinemaId: cinema.id,
    lines: [{ productId: popcorn!.id, quantity: 1 }, { productId: cola!.id, quantity: 1 }],
    userId: null,
  });
  await services.db.$transaction(async (tx) => {
    await tx.order.update({ where: { id: order.id }, data: { status: "PAID", paidAt: new Date() } });
    await services.concessions.markSold(tx, order.id);
  });
  const { user: clerk } = await createTestUser(services, { role: "STAFF" });
  return { order, items, clerk };
}

const audits = (orderId: string) => services.db.auditLog.count({ where: { entityType: "Order", entityId: orderId, action: "order.items_collected" } });

describe("handing over concessions", () => {
  it("hands every item over once: pressing it twice changes nothing the second time", async () => {
    const { order, items, clerk } = await paidOrder();
    const first = await services.concessions.collect({ orderId: order.id, actorId: clerk.id });
    expect(first.collectedIds).toEqual(items.map((i) => i.id).sort());
    const second = await services.concessions.collect({ orderId: order.id, actorId: clerk.id });
    expect(second.collectedIds).toEqual([]);
    const rows = await services.db.orderItem.findMany({ where: { orderId: order.id } });
    expect(rows.every((r) => r.collectedAt?.getTime() === first.collectedAt.getTime())).toBe(true);
    expect(await audits(order.id)).toBe(1);
  });

  it("hands over only the items chosen, leaving the rest to collect", async () => {
    const { order, items, clerk } = await paidOrder();
    const result = await services.concessions.collect({ orderId: order.id, itemIds: [items[0]!.id], actorId: clerk.id });
    expect(result.collectedIds).toEqual([items[0]!.id]);
    expect((await services.db.orderItem.findUniqueOrThrow({ where: { id: items[1]!.id } })).collectedAt).toBeNull();
  });

  it("refuses a refunded item and an order with nothing paid left, handing nothing over", async () => {
    const { order, items, clerk } = await paidOrder();
    await services.concessions.giveBack({ orderId: order.id, itemIds: [items[0]!.id], as: "REFUNDED", userId: clerk.id });
    await expectRefusal(services.concessions.collect({ orderId: order.id, itemIds: [items[0]!.id], actorId: clerk.id }), "NOT_SOLD");
    // The whole order hands over only what is still sold.
    const rest = await services.concessions.collect({ orderId: order.id, actorId: clerk.id });
    expect(rest.collectedIds).toEqual([items[1]!.id]);
    expect((await services.db.orderItem.findUniqueOrThrow({ where: { id: items[0]!.id } })).collectedAt).toBeNull();
    await services.concessions.giveBack({ orderId: order.id, as: "REFUNDED", userId: clerk.id });
    const { order: other, clerk: someone } = await paidOrder();
    await services.concessions.giveBack({ orderId: other.id, as: "REFUNDED", userId: someone.id });
    await expectRefusal(services.concessions.collect({ orderId: other.id, actorId: someone.id }), "NOT_SOLD");
    expect(await audits(other.id)).toBe(0);
  });

  it("refuses an unpaid order", async () => {
    const { order, clerk } = await paidOrder();
    await services.db.order.update({ where: { id: order.id }, data: { status: "CANCELLED" } });
    await expectRefusal(services.concessions.collect({ orderId: order.id, actorId: clerk.id }), "NOT_PAID");
  });

  it("20 clerks handing over at once: each item is collected once and there is one audit entry", async () => {
    const { order, items, clerk } = await paidOrder();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) =>
      services.concessions.collect({ orderId: order.id, ...(i % 2 ? { itemIds: items.map((it) => it.id) } : {}), actorId: clerk.id }),
    ));
    const handed = results.flatMap((r) => r.collectedIds);
    expect(handed.sort()).toEqual(items.map((i) => i.id).sort());
    expect(await audits(order.id)).toBe(1);
  });
});
