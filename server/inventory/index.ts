// Seat inventory: holds, extensions, releases and sales of seats, a live seat map and best-available seat choice.
//
// PostgreSQL is the truth about sales: a sold seat, or one held by a checked-out order, is a Ticket row (HELD with a
// deadline, or SOLD), and the partial unique index "ticket_one_live_per_seat" allows one live ticket per seat and
// screening. A web basket's hold lives in Redis alone until checkout writes its tickets. Redis is the fast gate: one Lua script per operation checks and changes a screening's seats atomically (with the seat rules),
// so contended requests are refused without touching the database. docs/inventory.md explains how the two stay
// consistent and what happens when either fails; README.md beside this file says which file does what.
import { createBestAvailable } from "./choose";
import { createInventoryContext, type InventoryDeps } from "./context";
import { createHolds } from "./holds";
import { screeningKeys } from "./keys";
import { createLoader } from "./loading";
import { staffOverride } from "./overrides";
import { createSeatChanges } from "./pubsub";
import { createSeatQuota } from "./quota";
import { createReleases } from "./release";
import { strandedSeats } from "./rules";
import { createSales } from "./sales";
import { createSeatMap } from "./seat-map";
import { createSelectionRules } from "./selection";

export type { Arrangement } from "./best-available";
export type { ScreeningLayout, SeatInfo } from "./layout";
export type { LiveTicket } from "./sql";
export type { InventoryDeps, InventoryHooks, InventoryOptions } from "./context";
export type { SeatLimits } from "./quota";
export { defaultInventoryOptions } from "./context";
export { InventoryUnavailableError } from "./errors";
export { LIVE_TICKET_STATUSES } from "./types";
export type {
  CommittedHold,
  HeldSeat,
  OrderSeat,
  HoldInput,
  HoldQuota,
  HoldResult,
  SeatChange,
  SeatChangeReason,
  SeatMap,
  SeatMapSeat,
  SeatState,
  StaffOverride,
  WaivableRule,
} from "./types";

export function createInventory(deps: InventoryDeps) {
  const ctx = createInventoryContext(deps);
  const loader = createLoader(ctx);
  const quota = createSeatQuota(ctx);
  const releases = createReleases(ctx, loader, quota);
  const holds = createHolds(ctx, loader, releases, quota);
  const sales = createSales(ctx, loader, quota);
  const seatMap = createSeatMap(ctx, loader);
  const bestAvailable = createBestAvailable(ctx, seatMap);
  const changes = createSeatChanges(ctx);
  const checkSelectionRules = createSelectionRules(ctx, loader);

  return {
    options: ctx.options,

    // ── Holding, extending, releasing and selling seats (all or nothing, PostgreSQL first where it decides) ──
    hold: holds.hold,
    extend: holds.extend,
    /** The seats an order holds or has bought, from Redis (a web basket's holds live there until checkout). */
    orderSeats: holds.orderSeats,
    /** Checkout's Redis step: the order's holds still live and moved to the checkout deadline, or HOLD_LOST. */
    commitHolds: holds.commitHolds,
    /** PostgreSQL refused committed holds (another order's live ticket): Redis resynced, the buyer's refusal returned. */
    refuseCommitted: holds.refuseCommitted,
    release: releases.release,
    sell: sales.sell,
    /** Refuses unless the screening is on sale; a basket asks before it opens (booking's baskets.ts). */
    salesWindow: sales.salesWindow,
    /** A staff override of the seat rules for this caller, or FORBIDDEN: the one place that decides who may waive. */
    staffOverride: (input: { userId: string | null; reason: string }) => staffOverride(ctx, input),
    /**
     * The single-gap rule for the order's whole selection, at commit (checkout, counter sale): holds don't check it,
     * so that G6 then G7 works. Refuses with SINGLE_GAP unless a staff override waives it (audited).
     */
    checkSelectionRules,

    // ── Reading seats ──
    seatMap,
    bestAvailable,
    rebuild: loader.rebuild,

    // ── Live changes ──
    subscribeToSeatChanges: changes.subscribeToSeatChanges,
    close: changes.close,

    /** Internal pieces for tests and the benchmark; not for application code. */
    internals: {
      ensureLoaded: loader.ensureLoaded,
      layoutOf: ctx.layoutOf,
      channelOf: ctx.channelOf,
      keysOf: screeningKeys,
      /** Holds waiting for their turn to go to Redis (options.holdsInFlight). */
      holdsWaiting: ctx.holdsWaiting,
      strandedSeats,
      /** How many PostgreSQL statements carried how many holds and releases. */
      batchStats: () => ({ inserts: { ...ctx.inserts.stats }, releases: { ...ctx.releases.stats } }),
      syncSubscriptions: changes.syncSubscriptions,
      /** The seat-holding counters: what a client holds now, and their Redis key names. */
      quota: { heldBy: quota.heldBy, keys: quota.keys },
    },
  };
}

export type Inventory = ReturnType<typeof createInventory>;
