// Admins' products and everyone's stock changes: create and edit products (version-checked, audited with before and
// after), and change a cinema's stock by a count, a delivery or waste, each one StockMovement with the person's note,
// audited in the same transaction. Redis's counters for a changed stock are dropped afterwards (gate.ts).
import type { Prisma } from "@/server/db/generated/client";
import { badRequest, conflict, notFound } from "@/server/errors";
import type { ConcessionsContext } from "./context";
import type { StockGate } from "./gate";
import {
  LOW_STOCK_AT,
  type AdminProduct,
  type AdminProductList,
  type ProductFormValues,
  type StockMode,
  type StockMovementView,
} from "./schemas";

const PRODUCT_CONFLICT = "Someone else changed this product since you opened it. Reload to see their changes, then try again.";

const productSelect = {
  id: true,
  name: true,
  category: true,
  description: true,
  currency: true,
  priceAmount: true,
  imageKey: true,
  active: true,
  sortOrder: true,
  version: true,
} satisfies Prisma.ProductSelect;

type ProductRow = Prisma.ProductGetPayload<{ select: typeof productSelect }>;

const snapshot = (row: ProductRow) => ({
  name: row.name,
  category: row.category,
  description: row.description,
  currency: row.currency,
  priceAmount: row.priceAmount,
  imageUrl: row.imageKey,
  active: row.active,
  sortOrder: row.sortOrder,
});

/** StockMovement.reason: the kind of change, then the person's words. */
const reasonPrefix: Record<StockMode, string> = { SET: "COUNT", RECEIVE: "RESTOCK", WASTE: "WASTE" };

function columns(input: ProductFormValues) {
  return {
    name: input.name,
    category: input.category,
    description: input.description,
    currency: input.currency,
    priceAmount: input.priceAmount,
    // The stored image's URL, as adverts and films keep theirs.
    imageKey: input.imageUrl || null,
    active: input.active,
    sortOrder: input.sortOrder,
  };
}

export function createProducts(ctx: ConcessionsContext, gate: StockGate) {
  const { db, audit } = ctx;

  async function list(): Promise<AdminProductList> {
    const [products, cinemas] = await Promise.all([
      db.product.findMany({
        orderBy: [{ category: "asc" }, { sortOrder: "asc" }, { name: "asc" }],
        select: { ...productSelect, stocks: { select: { cinemaId: true, quantity: true } } },
      }),
      db.cinema.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, currency: true } }),
    ]);
    return {
      products: products.map(({ stocks, ...row }): AdminProduct => ({
        ...toView(row),
        stock: cinemas.map((cinema) => {
          const quantity = stocks.find((s) => s.cinemaId === cinema.id)?.quantity ?? 0;
          return { cinemaId: cinema.id, cinemaName: cinema.name, quantity, low: quantity <= LOW_STOCK_AT };
        }),
      })),
      categories: [...new Set(products.map((p) => p.category))].sort((a, b) => a.localeCompare(b)),
      cinemas,
    };
  }

  function toView(row: ProductRow): Omit<AdminProduct, "stock"> {
    const { imageKey, ...rest } = row;
    return { ...rest, imageUrl: imageKey };
  }

  async function one(id: string): Promise<AdminProduct> {
    const found = (await list()).products.find((p) => p.id === id);
    if (!found) throw notFound("That product");
    return found;
  }

  async function refuseTakenName(tx: Prisma.TransactionClient, name: string, exceptId?: string) {
    const same = await tx.product.findFirst({
      where: { name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
      select: { id: true },
    });
    if (same) throw badRequest("There is already a product with that name.", { field: "name", reason: "NAME_TAKEN" });
  }

  /** `actorId` null: made by the system (the demo seed). */
  async function create(input: ProductFormValues & { actorId: string | null }): Promise<AdminProduct> {
    const id = await db.$transaction(async (tx) => {
      await refuseTakenName(tx, input.name);
      const created = await tx.product.create({ data: columns(input), select: productSelect });
      await audit.record(
        { actorId: input.actorId, action: "product.created", entityType: "Product", entityId: created.id, details: { before: null, after: snapshot(created) } },
        tx,
      );
      return created.id;
    });
    return one(id);
  }

  /** Saves the product as the form has it, over the version the admin opened; orders keep the price they were sold at. */
  async function update(input: ProductFormValues & { id: string; version: number; actorId: string }): Promise<AdminProduct> {
    await db.$transaction(async (tx) => {
      const before = await tx.product.findUnique({ where: { id: input.id }, select: productSelect });
      if (!before) throw notFound("That product");
      if (before.version !== input.version) throw conflict(PRODUCT_CONFLICT, { reason: "STALE_VERSION" });
      await refuseTakenName(tx, input.name, input.id);
      const { count } = await tx.product.updateMany({
        where: { id: input.id, version: input.version },
        data: { ...columns(input), version: { increment: 1 } },
      });
      if (count === 0) throw conflict(PRODUCT_CONFLICT, { reason: "STALE_VERSION" });
      const after = await tx.product.findUniqueOrThrow({ where: { id: input.id }, select: productSelect });
      await audit.record(
        { actorId: input.actorId, action: "product.updated", entityType: "Product", entityId: input.id, details: { before: snapshot(before), after: snapshot(after) } },
        tx,
      );
    });
    return one(input.id);
  }

  /**
   * Changes a cinema's stock of a product: SET to a counted quantity, RECEIVE a delivery (+n) or WASTE (−n). The
   * stock row is locked, so the movement's delta is exactly what changed even while the counter and the web sell.
   */
  async function changeStock(input: {
    productId: string;
    cinemaId: string;
    mode: StockMode;
    quantity: number;
    note: string;
    actorId: string;
  }): Promise<{ productId: string; cinemaId: string; quantity: number; delta: number }> {
    const result = await db.$transaction(async (tx) => {
      const product = await tx.product.findUnique({ where: { id: input.productId }, select: { id: true, name: true } });
      if (!product) throw notFound("That product");
      const cinema = await tx.cinema.findUnique({ where: { id: input.cinemaId }, select: { id: true } });
      if (!cinema) throw notFound("That cinema");
      // The row exists from here on (0 if never stocked), and is ours until commit.
      await tx.$executeRaw`
        INSERT INTO "ProductStock" ("productId", "cinemaId", "quantity", "updatedAt")
        VALUES (${input.productId}, ${input.cinemaId}, 0, now()) ON CONFLICT DO NOTHING`;
      const [row] = await tx.$queryRaw<Array<{ quantity: number }>>`
        SELECT "quantity" FROM "ProductStock" WHERE "productId" = ${input.productId} AND "cinemaId" = ${input.cinemaId} FOR UPDATE`;
      const before = row!.quantity;
      const delta = input.mode === "SET" ? input.quantity - before : input.mode === "RECEIVE" ? input.quantity : -input.quantity;
      if (input.mode !== "SET" && input.quantity === 0) throw badRequest("Enter how many.", { field: "quantity", reason: "BAD_QUANTITY" });
      if (before + delta < 0) {
        throw badRequest(`Only ${before} on the shelf: you can't waste more than that.`, { field: "quantity", reason: "BELOW_ZERO" });
      }
      if (delta !== 0) {
        await tx.productStock.update({
          where: { productId_cinemaId: { productId: input.productId, cinemaId: input.cinemaId } },
          data: { quantity: before + delta },
        });
        await tx.stockMovement.create({
          data: {
            productId: input.productId,
            cinemaId: input.cinemaId,
            delta,
            reason: `${reasonPrefix[input.mode]}: ${input.note}`,
            userId: input.actorId,
          },
        });
      }
      await audit.record(
        {
          actorId: input.actorId,
          action: "product.stock_changed",
          entityType: "Product",
          entityId: input.productId,
          details: { cinemaId: input.cinemaId, mode: input.mode, note: input.note, before, after: before + delta, delta },
        },
        tx,
      );
      return { productId: input.productId, cinemaId: input.cinemaId, quantity: before + delta, delta };
    });
    // After the commit, so that a reload can't read the stock from before the change (gate.ts).
    await gate.invalidate(input.cinemaId, [input.productId]);
    return result;
  }

  /** The latest stock movements at a cinema (of one product, or all), newest first. */
  async function movements(input: { cinemaId: string; productId?: string; limit: number }): Promise<StockMovementView[]> {
    const rows = await db.stockMovement.findMany({
      where: { cinemaId: input.cinemaId, ...(input.productId ? { productId: input.productId } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: input.limit,
      select: {
        id: true,
        productId: true,
        delta: true,
        reason: true,
        orderId: true,
        createdAt: true,
        product: { select: { name: true } },
        userId: true,
      },
    });
    const userIds = [...new Set(rows.flatMap((r) => (r.userId ? [r.userId] : [])))];
    const users = userIds.length ? await db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true } }) : [];
    return rows.map((r) => ({
      id: r.id,
      productId: r.productId,
      productName: r.product.name,
      delta: r.delta,
      reason: r.reason,
      orderId: r.orderId,
      userEmail: users.find((u) => u.id === r.userId)?.email ?? null,
      createdAt: r.createdAt,
    }));
  }

  return { list, create, update, changeStock, movements };
}
