// Taking concession stock for an order and giving it back. PostgreSQL's CHECK (quantity >= 0) on ProductStock is the
// last word: each line is one conditional decrement, so concurrent sales can never take the shelf below zero.
// take() is all or nothing for an order and idempotent on it (an order's lines are taken once); giveBack() returns
// what an unpaid or refunded order took.
import { Prisma } from "@/server/db/generated/client";
import { AppError, badRequest, conflict } from "@/server/errors";
import type { ConcessionsContext } from "./context";
import type { StockGate } from "./gate";

export interface ConcessionLine {
  productId: string;
  quantity: number;
}

export interface TakenItem {
  id: string;
  productId: string;
  name: string;
  quantity: number;
  unitPriceAmount: number;
  currency: string;
}

export function outOfStock(names: string[]): AppError {
  return conflict(`Not enough in stock: ${names.join(", ")}.`, { reason: "OUT_OF_STOCK", products: names });
}

export function createStock(ctx: ConcessionsContext, gate: StockGate) {
  const { db } = ctx;

  async function shortNames(productIds: string[]): Promise<string[]> {
    const products = await db.product.findMany({ where: { id: { in: productIds } }, select: { name: true }, orderBy: { name: "asc" } });
    return products.map((p) => p.name);
  }

  /**
   * Takes the lines from the cinema's stock for the order and writes its OrderItems (RESERVED: the caller marks them
   * SOLD with the sale, or gives them back). Refuses the whole order, changing nothing, if any line is short.
   */
  async function take(input: {
    orderId: string;
    cinemaId: string;
    lines: ConcessionLine[];
    userId: string | null;
  }): Promise<TakenItem[]> {
    const lines = mergeLines(input.lines);
    if (lines.length === 0) return [];
    // Redis first: a sale it can see is short is refused without a PostgreSQL transaction or row lock.
    const verdict = await gate.take(input.cinemaId, lines);
    if (verdict.status === "SHORT") {
      const known = await db.product.count({ where: { id: { in: lines.map((l) => l.productId) }, active: true } });
      if (known !== lines.length) throw badRequest("One of those products is not on sale.", { reason: "UNKNOWN_PRODUCT" });
      throw outOfStock(await shortNames(verdict.productIds));
    }
    try {
      return await takeInPostgres(input, lines);
    } catch (error) {
      // Redis counted a sale PostgreSQL didn't make: drop the counters, the next sale reloads them from the truth.
      if (verdict.status === "TAKEN") await gate.invalidate(input.cinemaId, lines.map((l) => l.productId));
      throw error;
    }
  }

  async function takeInPostgres(input: { orderId: string; cinemaId: string; userId: string | null }, lines: ConcessionLine[]): Promise<TakenItem[]> {
    return db.$transaction(async (tx) => {
      const existing = await tx.orderItem.findMany({ where: { orderId: input.orderId, status: { in: ["RESERVED", "SOLD"] } } });
      if (existing.length > 0) throw conflict("This order already has its concessions.", { reason: "ITEMS_TAKEN" });
      const products = await tx.product.findMany({ where: { id: { in: lines.map((l) => l.productId) }, active: true } });
      if (products.length !== lines.length) throw badRequest("One of those products is not on sale.", { reason: "UNKNOWN_PRODUCT" });
      const short: string[] = [];
      // In id order, so two orders taking the same products lock their stock rows in the same order.
      for (const line of [...lines].sort((a, b) => a.productId.localeCompare(b.productId))) {
        const taken = await tx.$executeRaw`
          UPDATE "ProductStock" SET "quantity" = "quantity" - ${line.quantity}, "updatedAt" = now()
          WHERE "productId" = ${line.productId} AND "cinemaId" = ${input.cinemaId} AND "quantity" >= ${line.quantity}`;
        if (taken === 0) short.push(products.find((p) => p.id === line.productId)!.name);
      }
      if (short.length) throw outOfStock(short);
      await tx.stockMovement.createMany({
        data: lines.map((line) => ({
          productId: line.productId,
          cinemaId: input.cinemaId,
          delta: -line.quantity,
          reason: "SALE",
          orderId: input.orderId,
          userId: input.userId,
        })),
      });
      const items: TakenItem[] = [];
      for (const line of lines) {
        const product = products.find((p) => p.id === line.productId)!;
        const item = await tx.orderItem.create({
          data: {
            orderId: input.orderId,
            productId: product.id,
            quantity: line.quantity,
            currency: product.currency,
            unitPriceAmount: product.priceAmount,
          },
        });
        items.push({ id: item.id, productId: product.id, name: product.name, quantity: line.quantity, unitPriceAmount: product.priceAmount, currency: product.currency });
      }
      return items;
    });
  }

  /** RESERVED items of the order become SOLD; run it in the transaction that records the payment. */
  async function markSold(tx: Prisma.TransactionClient, orderId: string): Promise<number> {
    const sold = await tx.orderItem.updateMany({ where: { orderId, status: "RESERVED" }, data: { status: "SOLD" } });
    return sold.count;
  }

  /**
   * markSold as a statement for the caller's own (e.g. a CTE beside the order's confirmation, so that an order and its
   * items become paid in one statement): `paidOrders` names a relation with an "id" column of orders just paid.
   */
  function markSoldSql(paidOrders: string, at: Date): Prisma.Sql {
    const orders = Prisma.raw(`"${paidOrders.replaceAll('"', "")}"`);
    return Prisma.sql`UPDATE "OrderItem" i SET "status" = 'SOLD', "updatedAt" = (${at.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      FROM ${orders} WHERE i."orderId" = ${orders}."id" AND i."status" = 'RESERVED' RETURNING i."id"`;
  }

  /**
   * Puts back the stock of the order's items (all, or the ids given) and marks them RELEASED (never paid) or
   * REFUNDED (paid, then refunded). Idempotent: an item is given back once, whatever runs it.
   */
  async function giveBack(input: {
    orderId: string;
    itemIds?: string[];
    as: "RELEASED" | "REFUNDED";
    userId: string | null;
    tx?: Prisma.TransactionClient;
  }): Promise<number> {
    const given: Array<{ cinemaId: string; productId: string }> = [];
    const run = async (tx: Prisma.TransactionClient) => {
      const from = input.as === "RELEASED" ? ["RESERVED"] as const : ["SOLD"] as const;
      const items = await tx.orderItem.findMany({
        where: { orderId: input.orderId, status: { in: [...from] }, ...(input.itemIds ? { id: { in: input.itemIds } } : {}) },
        select: { id: true, productId: true, quantity: true, order: { select: { cinemaId: true } } },
        orderBy: { productId: "asc" },
      });
      let returned = 0;
      for (const item of items) {
        // The status change is the claim: two give-backs racing return the stock once.
        const claimed = await tx.orderItem.updateMany({ where: { id: item.id, status: { in: [...from] } }, data: { status: input.as } });
        if (claimed.count === 0) continue;
        const cinemaId = item.order.cinemaId!;
        await tx.$executeRaw`
          UPDATE "ProductStock" SET "quantity" = "quantity" + ${item.quantity}, "updatedAt" = now()
          WHERE "productId" = ${item.productId} AND "cinemaId" = ${cinemaId}`;
        await tx.stockMovement.create({
          data: { productId: item.productId, cinemaId, delta: item.quantity, reason: "RETURN", orderId: input.orderId, userId: input.userId },
        });
        given.push({ cinemaId, productId: item.productId });
        returned += 1;
      }
      return returned;
    };
    const returned = await (input.tx ? run(input.tx) : db.$transaction(run));
    // The stock went up in PostgreSQL: Redis's counters for it go (in a caller's transaction this runs before its
    // commit, so a load in that window can read the old count; the counter then expires, see gate.ts).
    for (const cinemaId of new Set(given.map((g) => g.cinemaId))) {
      await gate.invalidate(cinemaId, given.filter((g) => g.cinemaId === cinemaId).map((g) => g.productId));
    }
    return returned;
  }

  return { take, markSold, markSoldSql, giveBack };
}

function mergeLines(lines: ConcessionLine[]): ConcessionLine[] {
  const merged = new Map<string, number>();
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > 50) {
      throw badRequest("Each product's quantity is 1 to 50.", { reason: "BAD_QUANTITY" });
    }
    merged.set(line.productId, (merged.get(line.productId) ?? 0) + line.quantity);
  }
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

export type Stock = ReturnType<typeof createStock>;
