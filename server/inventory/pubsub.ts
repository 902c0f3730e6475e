// Live seat maps: every script publishes its changes on the screening's channel, atomically with the change; this
// delivers them to the subscribers in this process (docs/inventory.md, "Live seat maps").
import type { RedisClient } from "@/server/redis/client";
import type { InventoryContext } from "./context";
import type { SeatChange, SeatChangeReason } from "./types";

export function createSeatChanges(ctx: InventoryContext) {
  const subscription = {
    connection: null as RedisClient | null,
    handlers: new Map<string, Set<(change: SeatChange) => void>>(),
    screeningOf: new Map<string, string>(),
  };

  function createSubscriber(): RedisClient {
    const connection = ctx.redis.duplicate();
    connection.on("error", (error) => console.error("[inventory] seat change subscription:", error.message));
    connection.on("message", (channel: string, message: string) => {
      const handlers = subscription.handlers.get(channel);
      const screeningId = subscription.screeningOf.get(channel);
      if (!handlers || !screeningId) return;
      let change: SeatChange;
      try {
        const parsed = JSON.parse(message) as { reason: SeatChangeReason; at: number; seats: Record<string, string> };
        change = {
          screeningId,
          reason: parsed.reason,
          at: new Date(parsed.at),
          seats:
            parsed.reason === "rebuild"
              ? []
              : Object.entries(parsed.seats ?? {}).map(([seatId, state]) => ({ seatId, state: state as "free" | "held" | "sold" })),
        };
      } catch {
        return;
      }
      for (const handler of handlers) {
        try {
          handler(change);
        } catch (error) {
          console.error("[inventory] seat change handler failed", error);
        }
      }
    });
    return connection;
  }

  /**
   * Calls onChange for every seat change of the screening, from any app process. Uses one extra Redis connection
   * per inventory (a duplicate() of the main client) for all subscriptions. Resolves once subscribed; the returned
   * function unsubscribes.
   */
  async function subscribeToSeatChanges(screeningId: string, onChange: (change: SeatChange) => void): Promise<() => Promise<void>> {
    const channel = ctx.channelOf(screeningId);
    const subscriber = (subscription.connection ??= createSubscriber());
    let handlers = subscription.handlers.get(channel);
    if (!handlers) {
      handlers = new Set();
      subscription.handlers.set(channel, handlers);
      subscription.screeningOf.set(channel, screeningId);
      await subscriber.subscribe(channel);
    }
    handlers.add(onChange);
    return async () => {
      const current = subscription.handlers.get(channel);
      if (!current?.delete(onChange) || current.size > 0) return;
      subscription.handlers.delete(channel);
      subscription.screeningOf.delete(channel);
      await subscriber.unsubscribe(channel).catch(() => {});
    };
  }

  /** Closes the subscription connection (the main Redis client and the database belong to the caller). */
  async function close(): Promise<void> {
    subscription.handlers.clear();
    subscription.connection?.disconnect();
    subscription.connection = null;
  }

  /** Resolves once every message published before the call has reached this inventory's subscriptions. */
  async function syncSubscriptions() {
    await subscription.connection?.ping();
  }

  return { subscribeToSeatChanges, close, syncSubscriptions };
}
