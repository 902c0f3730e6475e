// Baskets: the PENDING order a holder's seats are held in, one per holder and screening, opened before the first
// hold and found again when the holder comes back; and the seat map calls made through it (hold, release, view),
// which is all a seats router needs to call. The holder key is the user id or, for guests, an anonymous
// browser token. Whether the screening is on sale, the basket's currency and how long it may live are the
// inventory's to say (salesWindow); this file only keeps the Order rows.
//
// A function of a few dependencies, not of the whole booking context, so that the inventory's tests can open
// baskets without building booking.
import { randomBytes } from "node:crypto";
import type { Database } from "@/server/db";
import { isUniqueViolation } from "@/server/db/errors";
import type { SalesChannel } from "@/server/db/generated/enums";
import { conflict, notFound } from "@/server/errors";
import type { Inventory } from "@/server/inventory";

export interface BasketDeps {
  db: Database;
  inventory: Pick<Inventory, "salesWindow" | "staffOverride" | "hold" | "release" | "seatMap">;
  now?: () => Date;
}

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A new order reference: 8 characters without look-alikes (0/O, 1/I). Unique by index; callers retry a clash. */
export const newOrderReference = () => Array.from(randomBytes(8), (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join("");

export function createBaskets(deps: BasketDeps) {
  const { db, inventory } = deps;
  const now = deps.now ?? (() => new Date());

  /** The holder's open basket (PENDING, not past its expiry) for the screening, or null. Creates nothing. */
  async function currentBasket(input: { screeningId: string; holderKey: string }) {
    return db.order.findFirst({
      where: { holderKey: input.holderKey, screeningId: input.screeningId, status: "PENDING", expiresAt: { gt: now() } },
      orderBy: { createdAt: "desc" },
      select: { id: true, reference: true, expiresAt: true, checkoutStartedAt: true, channel: true },
    });
  }

  /** Whether the holder has any open basket (an old guest cookie is only accepted if it does: server/api/holder.ts). */
  async function hasOpenBasket(input: { holderKey: string }) {
    const found = await db.order.findFirst({
      where: { holderKey: input.holderKey, status: "PENDING", expiresAt: { gt: now() } },
      select: { id: true },
    });
    return found !== null;
  }

  /** A PENDING order to hold seats in: the holder's open basket for this screening, or a new one. */
  async function openBasket(input: { screeningId: string; holderKey: string; userId?: string | null; channel?: SalesChannel }) {
    // Read fresh on every basket (the inventory's layout is cached for a few seconds): a film put back to draft, or a
    // screening cancelled from the films admin, stops selling at once.
    const fresh = await db.screening.findUnique({ where: { id: input.screeningId }, select: { status: true, film: { select: { status: true } } } });
    if (fresh?.film.status === "DRAFT") throw notFound("That screening");
    if (fresh?.status === "CANCELLED") throw conflict("This screening has been cancelled.", { reason: "SCREENING_CANCELLED" });
    const onSale = await inventory.salesWindow(input.screeningId);
    const existing = await currentBasket(input);
    if (existing) return existing;
    for (let attempt = 0; ; attempt++) {
      const reference = newOrderReference();
      try {
        return await db.order.create({
          data: {
            reference,
            holderKey: input.holderKey,
            userId: input.userId ?? null,
            screeningId: input.screeningId,
            channel: input.channel ?? "WEB",
            currency: onSale.currency,
            subtotalAmount: 0,
            totalAmount: 0,
            expiresAt: onSale.holdsEndBy,
            createdAt: onSale.at,
          },
          select: { id: true, reference: true, expiresAt: true, checkoutStartedAt: true, channel: true },
        });
      } catch (error) {
        if (attempt >= 3 || !isUniqueViolation(error)) throw error;
      }
    }
  }

  /**
   * Holds seats in the holder's basket, opening it first if needed. `requestKey` is the client's idempotency key,
   * scoped to the holder so that nobody can replay someone else's answer. An override of the seat rules is the
   * inventory's to grant (staff only) and is checked before a basket is opened. `client` (the web's caller address)
   * puts the hold under the inventory's seat-holding limits; the counter passes none. A web basket's hold lives in
   * Redis alone until checkout writes the order's tickets; the counter's (channel BOX_OFFICE) is written through,
   * since its sale commits within the clerk's request.
   */
  async function holdSeats(input: {
    screeningId: string;
    seatIds: string[];
    requestKey: string;
    holderKey: string;
    userId: string | null;
    overrideReason?: string;
    client?: { address: string };
  }) {
    const override = input.overrideReason
      ? await inventory.staffOverride({ userId: input.userId, reason: input.overrideReason })
      : undefined;
    const basket = await openBasket({ screeningId: input.screeningId, holderKey: input.holderKey, userId: input.userId });
    return inventory.hold({
      screeningId: input.screeningId,
      orderId: basket.id,
      seatIds: input.seatIds,
      requestKey: `${input.holderKey}:${input.requestKey}`,
      override,
      quota: input.client ? { holderKey: input.holderKey, address: input.client.address, userId: input.userId } : undefined,
      redisOnly: basket.channel === "WEB",
    });
  }

  /** Gives back some (or all) of the holder's held seats; a caller without a basket has nothing to release. */
  async function releaseSeats(input: { screeningId: string; seatIds?: string[]; holderKey: string | null }) {
    const basket = input.holderKey ? await currentBasket({ screeningId: input.screeningId, holderKey: input.holderKey }) : null;
    if (!basket) return { released: [] };
    // Before its first checkout a web basket's holds are in Redis alone; after it, PostgreSQL has tickets to release too.
    return inventory.release({ screeningId: input.screeningId, orderId: basket.id, seatIds: input.seatIds, redisOnly: basket.channel === "WEB" && !basket.checkoutStartedAt });
  }

  /** The screening's seat map as this holder sees it: their own holds marked, with their basket's id. */
  async function seatMapFor(input: { screeningId: string; holderKey: string | null }) {
    const basket = input.holderKey ? await currentBasket({ screeningId: input.screeningId, holderKey: input.holderKey }) : null;
    const map = await inventory.seatMap({ screeningId: input.screeningId, viewerOrderId: basket?.id ?? null });
    return { ...map, orderId: basket?.id ?? null };
  }

  return { currentBasket, hasOpenBasket, openBasket, holdSeats, releaseSeats, seatMapFor };
}

export type Baskets = ReturnType<typeof createBaskets>;
