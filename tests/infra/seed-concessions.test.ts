// The demo concessions (prisma/seed-data/concessions.ts): products with stored images and opening stock at every
// cinema, each unit on the shelf accounted for by a movement; a re-run changes no stock.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { seedConcessions, seedProducts } from "@/prisma/seed-data/concessions";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();

describe("demo concessions", { timeout: 120_000 }, () => {
  it("stocks every product at every cinema once, with images, and a re-run leaves the shelves alone", async () => {
    const cinemas = await Promise.all(
      [1, 2].map(() => {
        const tag = randomBytes(5).toString("hex");
        return services.db.cinema.create({
          data: { slug: `seed-snacks-${tag}`, name: `Seed ${tag}`, address: "1 Test Street", city: "Testville", postcode: "T1 1ST", timeZone: "Europe/London" },
        });
      }),
    );
    const { user } = await createTestUser(services, { role: "ADMIN" });
    const ids = cinemas.map((c) => c.id);
    expect(await seedConcessions(services.db, services.media, ids, user.id)).toBe(seedProducts.length);

    const catalogue = await services.concessions.catalogue({ cinemaId: ids[0]! });
    const seeded = catalogue.filter((p) => seedProducts.some((s) => s.name === p.name));
    expect(seeded.map((p) => p.category).sort()).toEqual(seedProducts.map((s) => s.category).sort());
    expect(seeded.every((p) => p.imageUrl?.startsWith("/media/") || p.imageUrl?.startsWith("http"))).toBe(true);
    expect(seeded.find((p) => p.name === "Large popcorn")?.inStock).toBe(80);

    await services.concessions.changeStock({ productId: seeded[0]!.id, cinemaId: ids[1]!, mode: "WASTE", quantity: 1, note: "Dropped", actorId: user.id });
    await seedConcessions(services.db, services.media, ids, user.id);
    for (const cinemaId of ids) {
      for (const product of seeded) {
        const shelf = await services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: product.id, cinemaId } } });
        const moved = await services.db.stockMovement.aggregate({ where: { productId: product.id, cinemaId }, _sum: { delta: true } });
        expect(shelf.quantity).toBe(moved._sum.delta);
      }
    }
    const wasted = await services.db.productStock.findUniqueOrThrow({ where: { productId_cinemaId: { productId: seeded[0]!.id, cinemaId: ids[1]! } } });
    expect(wasted.quantity).toBe(seedProducts.find((s) => s.name === seeded[0]!.name)!.stock - 1);
  });
});
