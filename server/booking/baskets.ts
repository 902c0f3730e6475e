// Baskets: the PENDING order a holder's seats are held in, one per holder and screening, opened before the first
// hold and found again when the holder comes back; and the seat map calls made through it (hold, release, view),
// which is all a seats router needs to call. The holder key is the user id or, for guests, an anonymous
// browser token. Whether the screening is on sale, the basket's currency and how long it may live are the
// inventory's to say (salesWindow); this file only keeps the Order rows.
//
// The seat map's calls find a web basket in Redis first (basket-cache.ts) and a screening's status in a short
// in-process cache, so that in the steady state a hold or release sends no statement to PostgreSQL.
//
// A function of a few dependencies, not of the whole booking context, so that the inventory's tests can open
// baskets without building booking.
import { randomBytes } from "node:crypto";
import type { Database } from "@/server/db";
import { isUniqueViolation } from "@/server/db/errors";
import type { SalesChannel } from "@/server/db/generated/enums";
import { conflict, notFound } from "@/server/errors";
import type { Inventory } from "@/server/inventory";
import type { RedisClient } from "@/server/redis/client";
import { createBasketCache } from "./basket-cache";

export interface BasketDeps {
  db: Database;
  inventory: Pick<Inventory, "salesWindow" | "staffOverride" | "hold" | "release" | "seatMap">;
  now?: () => Date;
  /** Where open web baskets are cached (basket-cache.ts); without it every call reads PostgreSQL. */
  redis?: RedisClient;
  /**
   * How long this process trusts a screening's status (cancelled? film back to draft?) once read: the longest a
   * cancelled screening or a draft film can still take holds here after the change (checkout reads PostgreSQL).
   */
  statusFreshMs?: number;
}

/** Default for BasketDeps.statusFreshMs. */
export const SCREENING_STATUS_FRESH_MS = 1000;

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A new order reference: 8 characters without look-alikes (0/O, 1/I). Unique by index; callers retry a clash. */
export const newOrderReference = () => Array.from(randomBytes(8), (b) => REFERENCE_ALPHABET[b % REFERENCE_ALPHABET.length]).join("");

const basketSelect = { id: true, reference: true, expiresAt: true, checkoutStartedAt: true, channel: true } as const;

export function createBaskets(deps: BasketDeps) {
  const { db, inventory } = deps;
  const now = deps.now ?? (() => new Date());
  const cache = deps.redis ? createBasketCache(deps.redis) : null;
  const statusFreshMs = deps.statusFreshMs ?? SCREENING_STATUS_FRESH_MS;
  // Screening id → when this process last read it as selling (film not a draft, screening not cancelled).
  const sellingSince = new Map<string, number>();

  /** The holder's open basket (PENDING, not past its expiry) for the screening, or null. Creates nothing. */
  async function currentBasket(input: { screeningId: string; holderKey: string }) {
    return db.order.findFirst({
      where: { holderKey: input.holderKey, screeningId: input.screeningId, status: "PENDING", expiresAt: { gt: now() } },
      orderBy: { createdAt: "desc" },
      select: basketSelect,
    });
  }

  /**
   * currentBasket for the seat map's calls: from the cache when it has the basket, else from PostgreSQL (then cached
   * if it is a web basket before checkout, the only kind the cache keeps).
   */
  async function cachedOrCurrentBasket(input: { screeningId: string; holderKey: string }) {
    const nowMs = now().getTime();
    const cached = await cache?.get(input.screeningId, input.holderKey, nowMs);
    if (cached) return cached;
    const basket = await currentBasket(input);
    if (cache && basket && basket.channel === "WEB" && !basket.checkoutStartedAt) await cache.put(input.screeningId, input.holderKey, basket, nowMs, "read");
    return basket;
  }

  /**
   * Closes the holder's cached basket: its checkout is starting, or it was cancelled (basket-cache.ts). Never throws:
   * if Redis can't be told, the worst a stale entry does is route a later release of the basket to Redis alone,
   * and checkout and settlement read PostgreSQL whatever the cache says.
   */
  async function forgetBasket(input: { screeningId: string; holderKey: string | null; orderId: string }) {
    if (!cache || !input.holderKey) return;
    await cache.close(input.screeningId, input.holderKey, input.orderId).catch((error: unknown) => {
      console.error(`[booking] could not close the cached basket of order ${input.orderId}`, error);
    });
  }

  /**
   * Refuses a screening of a DRAFT film (NOT_FOUND) or a cancelled one, as read from PostgreSQL at most
   * statusFreshMs ago in this process (the inventory's layout cache keeps a screening for longer).
   */
  async function assertScreeningSelling(screeningId: string) {
    const nowMs = now().getTime();
    const readAtMs = sellingSince.get(screeningId);
    if (readAtMs !== undefined && nowMs - readAtMs < statusFreshMs && nowMs >= readAtMs) return;
    const fresh = await db.screening.findUnique({ where: { id: screeningId }, select: { status: true, film: { select: { status: true } } } });
    if (fresh?.film.status === "DRAFT") throw notFound("That screening");
    if (fresh?.status === "CANCELLED") throw conflict("This screening has been cancelled.", { reason: "SCREENING_CANCELLED" });
    // Only "selling" is kept: a refusal is read again every time, so a film published again sells at once.
    sellingSince.set(screeningId, nowMs);
    if (sellingSince.size > 5000) sellingSince.delete(sellingSince.keys().next().value!);
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
    await assertScreeningSelling(input.screeningId);
    const onSale = await inventory.salesWindow(input.screeningId);
    const channel = input.channel ?? "WEB";
    if (channel !== "WEB" || !cache) return (await currentBasket(input)) ?? createBasket(input, channel, onSale);
    const existing = await cachedOrCurrentBasket(input);
    if (existing) return existing;
    // Two first holds at once (two tabs, a double click) open one basket: one creates it under a short Redis lock,
    // the other waits for it. Without Redis both may create one, as before the cache: no seat depends on it.
    const lock = await cache.lockCreation(input.screeningId, input.holderKey);
    if (!lock.acquired) {
      await lock.released();
      const made = await cachedOrCurrentBasket(input);
      if (made) return made;
    }
    try {
      const found = await currentBasket(input);
      if (found) return found;
      const basket = await createBasket(input, channel, onSale);
      await cache.put(input.screeningId, input.holderKey, basket, now().getTime(), "created");
      return basket;
    } finally {
      if (lock.acquired) await lock.release();
    }
  }

  async function createBasket(
    input: { screeningId: string; holderKey: string; userId?: string | null },
    channel: SalesChannel,
    onSale: { currency: string; at: Date; holdsEndBy: Date },
  ) {
    for (let attempt = 0; ; attempt++) {
      try {
        return await db.order.create({
          data: {
            reference: newOrderReference(),
            holderKey: input.holderKey,
            userId: input.userId ?? null,
            screeningId: input.screeningId,
            channel,
            currency: onSale.currency,
            subtotalAmount: 0,
            totalAmount: 0,
            expiresAt: onSale.holdsEndBy,
            createdAt: onSale.at,
          },
          select: basketSelect,
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
    const basket = input.holderKey ? await cachedOrCurrentBasket({ screeningId: input.screeningId, holderKey: input.holderKey }) : null;
    if (!basket) return { released: [] };
    // Before its first checkout a web basket's holds are in Redis alone; after it, PostgreSQL has tickets to release too.
    return inventory.release({ screeningId: input.screeningId, orderId: basket.id, seatIds: input.seatIds, redisOnly: basket.channel === "WEB" && !basket.checkoutStartedAt });
  }

  /** The screening's seat map as this holder sees it: their own holds marked, with their basket's id. */
  async function seatMapFor(input: { screeningId: string; holderKey: string | null }) {
    const basket = input.holderKey ? await cachedOrCurrentBasket({ screeningId: input.screeningId, holderKey: input.holderKey }) : null;
    const map = await inventory.seatMap({ screeningId: input.screeningId, viewerOrderId: basket?.id ?? null });
    return { ...map, orderId: basket?.id ?? null };
  }

  return { currentBasket, hasOpenBasket, openBasket, forgetBasket, holdSeats, releaseSeats, seatMapFor };
}

export type Baskets = ReturnType<typeof createBaskets>;
