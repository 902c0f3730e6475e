// Order expiry: the order timeout's one step. A basket that reached checkout and was never paid ends here, by a
// conditional update that is correct whenever it runs (the order-timeout function at the deadline, or
// reconciliation later): the seats' holds carry the same deadline, so they count as free from that moment anyway.
import type { OrderStatus } from "@/server/db/generated/enums";
import { notFound } from "@/server/errors";
import type { BookingContext } from "./context";
import type { Notifications } from "./notifications";
import { giveBackPromo, lockOrder } from "./promos";

/**
 * The order timeout: PENDING → EXPIRED only if it is still pending, past its deadline and has no successful
 * payment waiting to be settled; then its seats go back and the customer (if they got as far as checkout) is told.
 * Idempotent: an expired order is only re-released (and emailed if that failed before).
 */
export async function expireOrder(
  ctx: BookingContext,
  notifications: Pick<Notifications, "sendExpired">,
  input: { orderId: string },
): Promise<{ expired: boolean; status: OrderStatus }> {
  const order = await ctx.db.order.findUnique({
    where: { id: input.orderId },
    select: { id: true, status: true, statusReason: true, screeningId: true, checkoutStartedAt: true },
  });
  if (!order) throw notFound("That order");
  // A counter sale of concessions alone that died before it was paid has no seats: its stock still goes back below.
  const { screeningId } = order;
  const now = ctx.now();
  let expired = false;
  if (order.status === "PENDING") {
    expired = await ctx.db.$transaction(async (tx) => {
      // Locked first, and the redemption given back read from the locked row (see lockOrder): a cancel racing this
      // one, or a checkout that changed the code since the read above, can't make a use come back twice.
      const locked = await lockOrder(tx, order.id);
      if (locked?.status !== "PENDING") return false;
      const updated = await tx.order.updateMany({
        where: { id: order.id, status: "PENDING", expiresAt: { lte: now }, payments: { none: { status: "SUCCEEDED" } } },
        data: { status: "EXPIRED", expiredAt: now, updatedAt: now },
      });
      if (updated.count === 1 && locked.promoCodeId) await giveBackPromo(tx, locked.promoCodeId);
      // Snacks reserved at checkout go back to the shelf with the order.
      if (updated.count === 1) await ctx.concessions.giveBack({ orderId: order.id, as: "RELEASED", userId: null, tx });
      return updated.count === 1;
    });
  }
  const current = expired
    ? { status: "EXPIRED" as const, statusReason: null }
    : ((await ctx.db.order.findUnique({ where: { id: order.id }, select: { status: true, statusReason: true } })) ?? order);
  if (current.status === "EXPIRED" && current.statusReason === null) {
    if (screeningId) await ctx.inventory.release({ screeningId, orderId: order.id });
    if (order.checkoutStartedAt) await notifications.sendExpired(order.id);
  }
  return { expired, status: current.status };
}
