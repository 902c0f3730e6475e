// Handing over: a web customer's paid concessions are collected at the counter. collectedAt is set once per item by a
// conditional update (collectedAt IS NULL AND status = 'SOLD'), so two clerks pressing "Hand over" together hand each
// item over once and write one audit entry between them; a refunded item is never handed over.
import { badRequest, conflict, notFound } from "@/server/errors";
import type { ConcessionsContext } from "./context";

export interface CollectResult {
  orderId: string;
  /** The items this call handed over (empty when someone else already did). */
  collectedIds: string[];
  collectedAt: Date;
}

export function createCollect(ctx: ConcessionsContext) {
  const { db, audit } = ctx;

  async function collect(input: { orderId: string; itemIds?: string[]; actorId: string }): Promise<CollectResult> {
    const now = ctx.now();
    return db.$transaction(async (tx) => {
      const order = await tx.order.findUnique({ where: { id: input.orderId }, select: { id: true, status: true, reference: true } });
      if (!order) throw notFound("That order");
      if (order.status !== "PAID") throw conflict("Only a paid order's items are handed over.", { reason: "NOT_PAID" });
      if (input.itemIds) {
        const asked = await tx.orderItem.findMany({ where: { orderId: order.id, id: { in: input.itemIds } }, select: { id: true, status: true } });
        if (asked.length !== new Set(input.itemIds).size) throw badRequest("One of those items is not on this order.", { reason: "UNKNOWN_ITEM" });
        if (asked.some((i) => i.status !== "SOLD")) {
          throw conflict("A refunded or unpaid item can't be handed over.", { reason: "NOT_SOLD" });
        }
      }
      // The claim: RETURNING tells this call exactly which items it (and nobody racing it) handed over.
      const ids = input.itemIds ?? null;
      const claimed = await tx.$queryRaw<Array<{ id: string }>>`
        UPDATE "OrderItem" SET "collectedAt" = ${now}, "updatedAt" = now()
        WHERE "orderId" = ${order.id} AND "collectedAt" IS NULL AND "status" = 'SOLD'
          AND (${ids}::text[] IS NULL OR "id" = ANY(${ids}::text[]))
        RETURNING "id"`;
      if (claimed.length === 0) {
        if (!input.itemIds) {
          const sold = await tx.orderItem.count({ where: { orderId: order.id, status: "SOLD" } });
          if (sold === 0) throw conflict("This order has no paid items to hand over.", { reason: "NOT_SOLD" });
        }
        return { orderId: order.id, collectedIds: [], collectedAt: now };
      }
      const collectedIds = claimed.map((c) => c.id).sort();
      await audit.record(
        {
          actorId: input.actorId,
          action: "order.items_collected",
          entityType: "Order",
          entityId: order.id,
          details: { reference: order.reference, itemIds: collectedIds },
        },
        tx,
      );
      return { orderId: order.id, collectedIds, collectedAt: now };
    });
  }

  return { collect };
}
