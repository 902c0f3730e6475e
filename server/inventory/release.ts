// Giving held seats back: PostgreSQL first (HELD → RELEASED, batched), then Redis; a web basket's hold that only Redis
// has (before checkout) touches Redis only. Holds also run out by themselves:
// every reader compares deadlines with now, so nothing here has to run for a hold to expire (docs/inventory.md,
// "Expiry without jobs").
import { badRequest } from "@/server/errors";
import { unique, type InventoryContext } from "./context";
import { joinLabels } from "./errors";
import { screeningKeys } from "./keys";
import type { SeatInfo } from "./layout";
import type { Loader } from "./loading";
import { assertStaff } from "./overrides";
import type { SeatQuota } from "./quota";
import { unpairedCompanions } from "./rules";
import { list } from "./replies";
import { orderTickets } from "./sql";
import type { StaffOverride } from "./types";

export function createReleases(ctx: InventoryContext, loader: Loader, quota: Pick<SeatQuota, "forget" | "countersOf">) {
  const { sql, scripts, now, channelOf, layoutOf } = ctx;

  /**
   * Takes the order's entries for these seats (null: all of them) out of Redis (PostgreSQL has already let them go,
   * or never had them). Returns the seats freed there.
   */
  async function redisRelease(screeningId: string, owner: string, seatIds: string[] | null): Promise<string[]> {
    if (seatIds && seatIds.length === 0) return [];
    const keys = screeningKeys(screeningId);
    const reply = await loader.mirror(screeningId, () =>
      scripts.inventoryRelease(keys.meta, keys.seats, keys.owners, now().getTime(), owner, channelOf(screeningId), ...(seatIds ?? [])),
    );
    return list(reply.freed);
  }

  /** The seats the order has in Redis (where a web basket's holds live until checkout). */
  async function redisSeatsOf(screeningId: string, owner: string): Promise<Set<string>> {
    const keys = screeningKeys(screeningId);
    const reply = await loader.runLoaded(screeningId, () => scripts.inventoryOwned(keys.meta, keys.seats, keys.owners, owner));
    return new Set(Object.keys((reply.seats ?? {}) as Record<string, string>));
  }

  /**
   * Gives held seats back (all of the order's holds for the screening when seatIds is omitted). Idempotent:
   * seats not held (any more) are ignored. Releasing a wheelchair space while keeping its companion seat is refused
   * unless staff override it.
   */
  async function release(input: {
    screeningId: string;
    orderId: string;
    seatIds?: string[];
    override?: StaffOverride;
    /** The order's holds live only in Redis (a web basket before checkout): PostgreSQL has nothing to release. */
    redisOnly?: boolean;
  }): Promise<{ released: string[] }> {
    const { screeningId, orderId } = input;
    const layout = await layoutOf(screeningId);
    const nowMs = now().getTime();
    const seatIds = input.seatIds ? unique(input.seatIds) : null;
    if (seatIds && seatIds.length === 0) return { released: [] };
    let waivedCompanion: SeatInfo[] = [];
    if (seatIds && layout.hasCompanionSeats) {
      const mine = input.redisOnly
        ? await redisSeatsOf(screeningId, orderId)
        : new Set((await orderTickets(sql, screeningId, orderId)).map((t) => t.seatId));
      const before = new Set(unpairedCompanions(layout, mine).map((s) => s.id));
      const remaining = new Set([...mine].filter((id) => !seatIds.includes(id)));
      const orphaned = unpairedCompanions(layout, remaining).filter((s) => !before.has(s.id));
      if (orphaned.length && !input.override) {
        throw badRequest(
          `Companion seat ${joinLabels(orphaned.map((s) => s.label))} goes with the wheelchair space next to it: release it too, or keep the wheelchair space.`,
          { reason: "COMPANION_SEAT", seatIds: orphaned.map((s) => s.id) },
        );
      }
      if (orphaned.length && input.override) {
        await assertStaff(ctx, input.override);
        waivedCompanion = orphaned;
      }
    }
    const inPostgres = input.redisOnly ? [] : await ctx.releases.submit({ orderId, screeningId, seatIds, nowMs });
    if (waivedCompanion.length && input.override) {
      await ctx.audit.record({
        actorId: input.override.staffUserId,
        action: "seats.release_override",
        entityType: "Screening",
        entityId: screeningId,
        details: { orderId, released: input.redisOnly ? seatIds : inPostgres, keptCompanionSeats: waivedCompanion.map((s) => s.label), waived: ["COMPANION"], reason: input.override.reason },
      });
    }
    // PostgreSQL has released them; Redis follows (for a web hold, Redis is all there is). If Redis can't be reached
    // the seats look held there until their deadline, which never sells a seat twice. The order's seat-holding
    // counters are looked up in the same round trip (they sit in another hash slot, so not in the same script).
    const counters = quota.countersOf(orderId);
    counters.catch(() => {});
    const inRedis = await redisRelease(screeningId, orderId, seatIds).catch((error) => {
      if (input.redisOnly) throw error;
      console.error("[inventory] release not mirrored to Redis", error);
      return [] as string[];
    });
    const released = unique([...inPostgres, ...inRedis]);
    await quota.forget(orderId, released, counters);
    return { released };
  }

  return { release, redisRelease };
}

export type Releases = ReturnType<typeof createReleases>;
