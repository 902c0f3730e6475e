// The seat map: every seat of a screening with its state, from Redis, or from PostgreSQL while Redis is unreachable.
// Reading it also clears holds whose deadline has passed from Redis (snapshot.lua publishes them as an "expiry").
import type { InventoryContext } from "./context";
import { InventoryUnavailableError } from "./errors";
import { screeningKeys } from "./keys";
import { seatPlace } from "./layout";
import type { Loader } from "./loading";
import { countingTickets } from "./sql";
import type { SeatMap, SeatMapSeat, SeatState } from "./types";

export function createSeatMap(ctx: InventoryContext, loader: Loader) {
  const { sql, scripts, now, channelOf, layoutOf } = ctx;

  /** Every seat of the screening with its state; the viewer's own holds are marked. */
  return async function seatMap(input: { screeningId: string; viewerOrderId?: string | null }): Promise<SeatMap> {
    const layout = await layoutOf(input.screeningId);
    const nowMs = now().getTime();
    const keys = screeningKeys(input.screeningId);
    const states = new Map<string, { sold: boolean; owner: string; deadlineMs: number | null }>();
    let source: SeatMap["source"] = "redis";
    try {
      const reply = await loader.runLoaded(input.screeningId, () =>
        scripts.inventorySnapshot(keys.meta, keys.seats, nowMs, channelOf(input.screeningId)),
      );
      for (const [seatId, value] of Object.entries((reply.seats ?? {}) as Record<string, string>)) {
        const [kind, owner, deadline] = value.split("|");
        states.set(seatId, { sold: kind === "S", owner: owner!, deadlineMs: kind === "S" ? null : Number(deadline) });
      }
    } catch (error) {
      if (!(error instanceof InventoryUnavailableError)) throw error;
      source = "postgres";
      for (const t of await countingTickets(sql, input.screeningId, nowMs)) {
        states.set(t.seatId, { sold: t.status === "SOLD", owner: t.orderId, deadlineMs: t.holdExpiresAtMs });
      }
    }
    const counts = { free: 0, held: 0, sold: 0, blocked: 0, total: layout.seats.length };
    const seats = layout.seats.map((seat): SeatMapSeat => {
      const s = states.get(seat.id);
      const state: SeatState = seat.blocked ? "blocked" : !s ? "free" : s.sold ? "sold" : "held";
      counts[state] += 1;
      const mine = !!s && !!input.viewerOrderId && s.owner === input.viewerOrderId;
      return {
        id: seat.id,
        ...seatPlace(seat),
        zone: seat.zone,
        state,
        mine,
        holdExpiresAt: mine && s.deadlineMs !== null ? new Date(s.deadlineMs) : null,
      };
    });
    return { screeningId: input.screeningId, hall: layout.hall, seats, counts, source, generatedAt: new Date(nowMs) };
  };
}

export type SeatMapReader = ReturnType<typeof createSeatMap>;
