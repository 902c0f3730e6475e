// Getting a screening into Redis and keeping Redis in line with PostgreSQL: the first load (and the rebuild after a
// flush, a restart or an evicted key), running a script on a loaded screening, mirroring a change PostgreSQL has
// already committed, and copying PostgreSQL's view of some seats back after the two disagreed.
import { randomUUID } from "node:crypto";
import { notFound } from "@/server/errors";
import type { InventoryContext } from "./context";
import { InventoryUnavailableError } from "./errors";
import { screeningKeys } from "./keys";
import { layoutEntry } from "./layout";
import { parseReply, type ScriptReply } from "./replies";
import { countingTickets, liveTicketsForSeats } from "./sql";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createLoader(ctx: InventoryContext) {
  const { sql, redis, scripts, now, channelOf, callRedis } = ctx;

  /** Builds the screening's Redis state from PostgreSQL; with `replace`, even if it is already loaded. */
  async function loadFromPostgres(screeningId: string, replace: boolean) {
    // Read fresh (the hall may just have changed) and kept in the cache for the calls that follow.
    ctx.layouts.forget(screeningId);
    const layout = await ctx.layouts.get(screeningId);
    if (!layout) throw notFound("That screening");
    const nowMs = now().getTime();
    const tickets = await countingTickets(sql, screeningId, nowMs);
    const keys = screeningKeys(screeningId);
    const seatPairs: string[] = [];
    const owners = new Map<string, string[]>();
    for (const t of tickets) {
      seatPairs.push(t.seatId, t.status === "SOLD" ? `S|${t.orderId}` : `H|${t.orderId}|${t.holdExpiresAtMs}|${t.createdAtMs}`);
      owners.set(t.orderId, [...(owners.get(t.orderId) ?? []), t.seatId]);
    }
    const ownerPairs = [...owners].flatMap(([owner, seats]) => [owner, seats.join(",")]);
    const layoutPairs = layout.seats.flatMap((seat) => [seat.id, layoutEntry(seat)]);
    // Housekeeping only (correctness never depends on it): keep the state a while after the screening ends.
    const ttlMs = Math.min(Math.max(layout.endsAt.getTime() - nowMs + 6 * 3600_000, 10 * 60_000), 14 * 24 * 3600_000);
    await callRedis(() =>
      scripts.inventoryLoad(
        keys.meta,
        keys.layout,
        keys.seats,
        keys.owners,
        replace ? "1" : "0",
        Math.round(ttlMs),
        layout.hall.maxSeatsPerOrder,
        layout.hall.preventSingleGaps ? "1" : "0",
        channelOf(screeningId),
        nowMs,
        layout.seats.length,
        ...layoutPairs,
        tickets.length,
        ...seatPairs,
        owners.size,
        ...ownerPairs,
      ),
    );
  }

  /** Makes sure the screening is loaded, rebuilding it under a short lock so that one process does the work. */
  async function ensureLoaded(screeningId: string, replace = false) {
    const keys = screeningKeys(screeningId);
    const token = randomUUID();
    const giveUpAt = performance.now() + 5_000;
    while (performance.now() < giveUpAt) {
      const locked = await callRedis(() => redis.set(keys.lock, token, "PX", 10_000, "NX"));
      if (locked === "OK") {
        try {
          await loadFromPostgres(screeningId, replace);
        } finally {
          await callRedis(() => scripts.inventoryUnlock(keys.lock, token)).catch(() => {});
        }
        return;
      }
      await sleep(15);
      if (!replace && (await callRedis(() => redis.exists(keys.meta, keys.layout, keys.seats, keys.owners))) === 4) return;
    }
    throw new InventoryUnavailableError(new Error(`could not load screening ${screeningId} into Redis`));
  }

  /** Runs a script; if the screening isn't loaded (first use, expiry, Redis flushed or restarted), load and retry. */
  async function runLoaded(screeningId: string, run: () => Promise<string | number>): Promise<ScriptReply> {
    // Normally at most one rebuild; the bound only matters if the state keeps vanishing (flushes in a row).
    for (let attempt = 0; attempt < 10; attempt++) {
      const reply = parseReply(await callRedis(run));
      if (reply.status !== "NOT_LOADED") return reply;
      await ensureLoaded(screeningId);
    }
    throw new InventoryUnavailableError(new Error(`screening ${screeningId} keeps disappearing from Redis`));
  }

  /**
   * Mirrors a change PostgreSQL has already committed into Redis. If the screening's state is missing (or partly
   * missing) there, rebuild it and run the change again: a rebuild keeps the unexpired holds it finds (a web
   * basket's live only in Redis), so it would not by itself undo a hold PostgreSQL has just released.
   */
  async function mirror(screeningId: string, run: () => Promise<string | number>): Promise<ScriptReply> {
    return runLoaded(screeningId, run);
  }

  /** Copies PostgreSQL's view of some seats into Redis after the two disagreed. */
  async function resyncSeats(screeningId: string, requester: string, seatIds: string[]) {
    const nowMs = now().getTime();
    const live = await liveTicketsForSeats(sql, screeningId, seatIds);
    const bySeat = new Map(live.map((t) => [t.seatId, t]));
    const pairs = seatIds.flatMap((seatId) => {
      const t = bySeat.get(seatId);
      if (t?.status === "SOLD") return [seatId, `S|${t.orderId}`];
      if (t && t.holdExpiresAtMs! > nowMs) return [seatId, `H|${t.orderId}|${t.holdExpiresAtMs}|${t.createdAtMs}`];
      return [seatId, ""];
    });
    const keys = screeningKeys(screeningId);
    await mirror(screeningId, () =>
      scripts.inventoryResync(keys.meta, keys.seats, keys.owners, nowMs, requester, channelOf(screeningId), ...pairs),
    ).catch((error) => console.error("[inventory] resync failed; Redis will catch up at the next rebuild", error));
  }

  /** Rebuilds the screening's Redis state from PostgreSQL now (e.g. after an admin changed the hall's seats). */
  async function rebuild(screeningId: string): Promise<void> {
    await ensureLoaded(screeningId, true);
  }

  return { ensureLoaded, runLoaded, mirror, resyncSeats, rebuild };
}

export type Loader = ReturnType<typeof createLoader>;
