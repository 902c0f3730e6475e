// Giving held seats back: PostgreSQL first (HELD → RELEASED, batched), then Redis. Holds also run out by themselves:
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
import { orderTickets } from "./sql";
import type { StaffOverride } from "./types";

export function createReleases(ctx: InventoryContext, loader: Loader, quota: Pick<SeatQuota, "forget">) {
  const { sql, scripts, now, channelOf, layoutOf } = ctx;

  /** Takes the order's entries for these seats out of Redis (PostgreSQL has already let them go, or never had them). */
  async function redisRelease(screeningId: string, owner: string, seatIds: string[]) {
    if (seatIds.length === 0) return;
    const keys = screeningKeys(screeningId);
    await loader.mirror(screeningId, () =>
      scripts.inventoryRelease(keys.meta, keys.seats, keys.owners, now().getTime(), owner, channelOf(screeningId), ...seatIds),
    );
  }

  /**
   * Gives held seats back (all of the order's holds for the screening when seatIds is omitted). Idempotent:
   * seats not held (any more) are ignored. Releasing a wheelchair space while keeping its companion seat is refused
   * unless staff override it.
   */
  async function release(input: { screeningId: string; orderId: string; seatIds?: string[]; override?: StaffOverride }): Promise<{ released: string[] }> {
    const { screeningId, orderId } = input;
    const layout = await layoutOf(screeningId);
    const nowMs = now().getTime();
    const seatIds = input.seatIds ? unique(input.seatIds) : null;
    if (seatIds && seatIds.length === 0) return { released: [] };
    let waivedCompanion: SeatInfo[] = [];
    if (seatIds && layout.hasCompanionSeats) {
      const mine = new Set((await orderTickets(sql, screeningId, orderId)).map((t) => t.seatId));
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
    const released = await ctx.releases.submit({ orderId, screeningId, seatIds, nowMs });
    if (waivedCompanion.length && input.override) {
      await ctx.audit.record({
        actorId: input.override.staffUserId,
        action: "seats.release_override",
        entityType: "Screening",
        entityId: screeningId,
        details: { orderId, released, keptCompanionSeats: waivedCompanion.map((s) => s.label), waived: ["COMPANION"], reason: input.override.reason },
      });
    }
    // PostgreSQL has released them; Redis follows. If Redis can't be reached the seats look held there until their
    // deadline, which never sells a seat twice.
    await redisRelease(screeningId, orderId, released).catch((error) => {
      console.error("[inventory] release not mirrored to Redis", error);
    });
    await quota.forget(orderId, released);
    return { released };
  }

  return { release, redisRelease };
}

export type Releases = ReturnType<typeof createReleases>;
