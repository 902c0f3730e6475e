// Seat inventory: holds, extensions, releases and sales of seats, a live seat map and best-available seat choice.
//
// PostgreSQL is the truth: a held or sold seat is a Ticket row (HELD with a deadline, or SOLD), and the partial
// unique index "ticket_one_live_per_seat" allows one live ticket per seat and screening. Redis is the fast gate in
// front of it: one Lua script per operation checks and changes a screening's seats atomically (with the seat rules),
// so contended requests are refused without touching the database. docs/inventory.md explains how the two stay
// consistent and what happens when either fails.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { AuditLog } from "@/server/audit";
import type { Database } from "@/server/db";
import type { SeatKind } from "@/server/db/generated/enums";
import { AppError, badRequest, conflict, forbidden, notFound } from "@/server/errors";
import type { RedisClient } from "@/server/redis/client";
import type { Pool } from "pg";
import { chooseBestSeats, type Arrangement } from "./best-available";
import { screeningKeys } from "./keys";
import { createLayoutCache, layoutEntry, loadLayout, type ScreeningLayout, type SeatInfo } from "./layout";
import { strandedSeats, unpairedCompanions } from "./rules";
import { registerScripts } from "./scripts";
import {
  Batcher,
  countingTickets,
  insertHeldTickets,
  liveTicketsForSeats,
  orderTickets,
  releaseExpiredHolds,
  releaseHolds,
  poolSql,
  releaseTicketsById,
  seatsWithTickets,
  sellHeldTickets,
  setHoldDeadlines,
  type HeldTicketRow,
  type LiveTicket,
  type ReleaseRequest,
  type Sql,
} from "./sql";

export type { Arrangement } from "./best-available";
export type { ScreeningLayout, SeatInfo } from "./layout";

// ─── Public types ────────────────────────────────────────────────────────────

/** The rules staff can waive with a reason (blocked seats and taken seats are never waived). */
export type WaivableRule = "LIMIT" | "COMPANION" | "GAP";

export interface StaffOverride {
  staffUserId: string;
  /** Why the rule is waived; written to the audit log. */
  reason: string;
}

export interface HoldInput {
  screeningId: string;
  /** The PENDING order (basket) that will own the hold. */
  orderId: string;
  seatIds: string[];
  /** Idempotency key chosen by the client for this attempt: a retry with the same key gets the same answer. */
  requestKey: string;
  /** How long the hold lasts (default options.holdSeconds). */
  holdSeconds?: number;
  override?: StaffOverride;
}

export interface HeldSeat {
  seatId: string;
  label: string;
  /** "sold" when this order had already bought the seat. */
  status: "held" | "sold";
  holdExpiresAt: Date | null;
}

export interface HoldResult {
  screeningId: string;
  orderId: string;
  seats: HeldSeat[];
  /** The earliest deadline among the held seats (null if all of them are already sold to this order). */
  holdExpiresAt: Date | null;
  /** Rules a staff override waived for this hold (each one is in the audit log). */
  waived: WaivableRule[];
  /** True when this answer is the stored outcome of an earlier request with the same key. */
  replayed: boolean;
}

export type SeatState = "free" | "held" | "sold" | "blocked";

export interface SeatMapSeat {
  id: string;
  label: string;
  rowLabel: string;
  number: number;
  gridRow: number;
  gridCol: number;
  kind: SeatKind;
  zone: string | null;
  state: SeatState;
  /** Held or bought by the viewer's order. */
  mine: boolean;
  /** Only for the viewer's own holds. */
  holdExpiresAt: Date | null;
}

export interface SeatMap {
  screeningId: string;
  hall: ScreeningLayout["hall"];
  seats: SeatMapSeat[];
  counts: Record<SeatState, number> & { total: number };
  /** Where the states came from: Redis normally, PostgreSQL when Redis is unreachable. */
  source: "redis" | "postgres";
  generatedAt: Date;
}

export type SeatChangeReason = "hold" | "release" | "sale" | "extend" | "expiry" | "resync" | "rebuild";

export interface SeatChange {
  screeningId: string;
  reason: SeatChangeReason;
  at: Date;
  /** Empty for "rebuild": the whole screening was reloaded; fetch the seat map again. */
  seats: Array<{ seatId: string; state: "free" | "held" | "sold" }>;
}

export interface InventoryOptions {
  /** Default hold length. */
  holdSeconds: number;
  /** No hold lasts longer than this after its seats were first held, however often it is extended. */
  maxHoldSeconds: number;
  /** Holds are refused this long after the screening starts. */
  salesCloseMinutesAfterStart: number;
  /** How long the outcome of a request key is kept for retries. */
  requestKeyTtlSeconds: number;
  layoutCacheSeconds: number;
  /** PostgreSQL statements for holds and releases that may be in flight at once (each carries a batch). */
  writeConcurrency: number;
}

export const defaultInventoryOptions: InventoryOptions = {
  holdSeconds: 8 * 60,
  maxHoldSeconds: 20 * 60,
  salesCloseMinutesAfterStart: 30,
  requestKeyTtlSeconds: 30 * 60,
  layoutCacheSeconds: 30,
  writeConcurrency: 2,
};

/** Seams for tests that need to act between the two stores (flush Redis in the middle of a hold, and so on). */
export interface InventoryHooks {
  afterRedisHold?: (info: { screeningId: string; orderId: string; seatIds: string[] }) => Promise<void> | void;
  afterSaleCommitted?: (info: { screeningId: string; orderId: string; seatIds: string[] }) => Promise<void> | void;
}

export interface InventoryDeps {
  db: Database;
  /**
   * Optional node-postgres pool on the same database for the hot-path statements (holds, releases, sales): cheaper
   * per statement than Prisma's raw queries. Without it everything goes through `db`.
   */
  pool?: Pool;
  redis: RedisClient;
  audit: AuditLog;
  now?: () => Date;
  options?: Partial<InventoryOptions>;
  hooks?: InventoryHooks;
}

/** Redis (or PostgreSQL) could not be reached: nothing was changed, the client should retry shortly. */
export class InventoryUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super("SERVICE_UNAVAILABLE", "Seat selection is unavailable for a moment. Please try again in a few seconds.", {
      retryAfterSeconds: 5,
      reason: "INVENTORY_UNAVAILABLE",
    });
    this.cause = cause;
  }
}

// ─── Helpers ─────────────────────────────────────────────────────────────────

type ScriptReply = {
  status: "OK" | "NOT_LOADED" | "REFUSED" | "REPLAY" | "LOST";
  [field: string]: unknown;
};

/** What a request key remembers (written by hold.lua, or by the app when PostgreSQL refused the hold). */
type RequestRecord =
  | { fp: string; state: "held"; deadlines: unknown; sold: unknown; waived: unknown }
  | { fp: string; state: "refused"; refusal: ScriptReply }
  | { fp: string; state: "error"; code: AppError["code"]; message: string; details?: Record<string, unknown> };

/** Lua's cjson writes an empty array as {}. */
const list = (value: unknown): string[] => (Array.isArray(value) ? (value as string[]) : []);
const record = (value: unknown): Record<string, number> =>
  value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, number>) : {};

const unique = <T>(values: T[]) => [...new Set(values)];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** "G5", "G5 and G6", "G5, G6 and G7". */
function joinLabels(labels: string[]): string {
  if (labels.length <= 1) return labels[0] ?? "";
  return `${labels.slice(0, -1).join(", ")} and ${labels[labels.length - 1]}`;
}

function isRedisReplyError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError";
}

const REQUEST_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

// ─── The module ──────────────────────────────────────────────────────────────

export function createInventory(deps: InventoryDeps) {
  const { db, redis, audit, hooks = {} } = deps;
  // The hot-path statements: through a node-postgres pool if one is given, else Prisma's raw queries (see sql.ts).
  const sql: Sql = deps.pool ? poolSql(deps.pool) : db;
  const now = deps.now ?? (() => new Date());
  const options: InventoryOptions = { ...defaultInventoryOptions, ...deps.options };
  const scripts = registerScripts(redis);
  const layouts = createLayoutCache(db, options.layoutCacheSeconds * 1000);
  const keyPrefix = typeof redis.options.keyPrefix === "string" ? redis.options.keyPrefix : "";
  const channelOf = (screeningId: string) => `${keyPrefix}${screeningKeys(screeningId).channel}`;

  const inserts = new Batcher<HeldTicketRow[], Set<string>>(
    async (batches) => {
      const inserted = await insertHeldTickets(sql, batches.flat());
      return batches.map((rows) => new Set(rows.filter((r) => inserted.has(r.id)).map((r) => r.id)));
    },
    options.writeConcurrency,
    200,
  );
  const releases = new Batcher<ReleaseRequest & { nowMs: number }, string[]>(
    async (requests) => {
      // Releases batched together share the latest "now" as their updatedAt (a few ms apart at most).
      const nowMs = Math.max(...requests.map((r) => r.nowMs));
      const released = await releaseHolds(sql, requests, nowMs);
      return requests.map((request) =>
        released
          .filter((r) => r.orderId === request.orderId && (request.seatIds === null || request.seatIds.includes(r.seatId)))
          .map((r) => r.seatId),
      );
    },
    options.writeConcurrency,
    200,
  );

  /** Runs a Redis call; connection trouble becomes InventoryUnavailableError, script errors stay bugs. */
  async function callRedis<T>(run: () => Promise<T>): Promise<T> {
    // While ioredis is reconnecting, Redis is known to be down: answer at once instead of queueing for seconds.
    if (redis.status === "reconnecting" || redis.status === "end") throw new InventoryUnavailableError(new Error(`Redis is ${redis.status}`));
    try {
      return await run();
    } catch (error) {
      if (isRedisReplyError(error)) throw error;
      throw new InventoryUnavailableError(error);
    }
  }

  async function layoutOf(screeningId: string): Promise<ScreeningLayout> {
    const layout = await layouts.get(screeningId);
    if (!layout) throw notFound("That screening");
    return layout;
  }

  function assertOnSale(layout: ScreeningLayout, nowMs: number) {
    if (layout.status !== "SCHEDULED") throw conflict("This screening has been cancelled.", { reason: "SCREENING_CANCELLED" });
    if (nowMs >= layout.startsAt.getTime() + options.salesCloseMinutesAfterStart * 60_000) {
      throw conflict("Booking for this screening has closed.", { reason: "SALES_CLOSED" });
    }
  }

  const labelOf = (layout: ScreeningLayout, seatId: string) => layout.seatsById.get(seatId)?.label ?? seatId;
  const labelsOf = (layout: ScreeningLayout, seatIds: string[]) => joinLabels(seatIds.map((id) => labelOf(layout, id)));

  // ── Loading a screening into Redis ──

  /** Builds the screening's Redis state from PostgreSQL; with `replace`, even if it is already loaded. */
  async function loadFromPostgres(screeningId: string, replace: boolean) {
    layouts.forget(screeningId);
    const layout = await loadLayout(db, screeningId);
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
      const reply = JSON.parse(String(await callRedis(run))) as ScriptReply;
      if (reply.status !== "NOT_LOADED") return reply;
      await ensureLoaded(screeningId);
    }
    throw new InventoryUnavailableError(new Error(`screening ${screeningId} keeps disappearing from Redis`));
  }

  /**
   * Mirrors a change PostgreSQL has already committed into Redis. If the screening's state is missing (or partly
   * missing) there, rebuild it from PostgreSQL, which already has the change, instead of leaving it stale.
   */
  async function mirror(screeningId: string, run: () => Promise<string | number>) {
    const reply = JSON.parse(String(await callRedis(run))) as ScriptReply;
    if (reply.status === "NOT_LOADED") await ensureLoaded(screeningId);
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

  async function redisRelease(screeningId: string, owner: string, seatIds: string[]) {
    if (seatIds.length === 0) return;
    const keys = screeningKeys(screeningId);
    await mirror(screeningId, () =>
      scripts.inventoryRelease(keys.meta, keys.seats, keys.owners, now().getTime(), owner, channelOf(screeningId), ...seatIds),
    );
  }

  // ── Hold: errors and outcomes ──

  function refusalError(layout: ScreeningLayout, reply: ScriptReply): AppError {
    const seats = list(reply.seats);
    const labels = labelsOf(layout, seats);
    const details = { reason: String(reply.code), seatIds: seats };
    switch (reply.code) {
      case "TAKEN":
        return conflict(
          `Sorry, ${seats.length === 1 ? `seat ${labels} has` : `seats ${labels} have`} just been taken. Please choose other seats.`,
          { ...details, reason: "SEAT_TAKEN" },
        );
      case "BLOCKED":
        return badRequest(`Seat ${labels} is not in use for this screening. Please choose another seat.`, {
          ...details,
          reason: "SEAT_BLOCKED",
        });
      case "UNKNOWN_SEAT":
        return badRequest("Some of the chosen seats are not in this screening's hall.", details);
      case "LIMIT":
        return badRequest(`You can book at most ${reply.limit} seats in one order.`, {
          ...details,
          reason: "SEAT_LIMIT",
          limit: reply.limit,
        });
      case "COMPANION":
        return badRequest(
          `Companion seat ${labels} can only be booked together with the wheelchair space next to it.`,
          { ...details, reason: "COMPANION_SEAT" },
        );
      case "GAP":
        return badRequest(
          `That choice would leave seat ${labels} empty on its own. Please include ${seats.length === 1 ? "it" : "them"} or leave at least two seats free.`,
          { ...details, reason: "SINGLE_GAP" },
        );
      case "KEY_REUSED":
        return badRequest("This request key was already used for a different seat selection.", { reason: "KEY_REUSED" });
      case "EMPTY":
        return badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
      default:
        return conflict("Those seats could not be held. Please try again.", details);
    }
  }

  /** Remembers a refusal that came from PostgreSQL (hold.lua has already stored its own outcomes). */
  async function storeRefusal(screeningId: string, requestKey: string, fingerprint: string, error: AppError, ttlMs: number) {
    const key = screeningKeys(screeningId).request(requestKey);
    const value: RequestRecord = { fp: fingerprint, state: "error", code: error.code, message: error.message, details: error.details };
    await callRedis(() => redis.set(key, JSON.stringify(value), "PX", ttlMs)).catch(() => {
      // Without it a retry runs again, which is safe: PostgreSQL will refuse it the same way or hold the seats.
    });
  }

  function holdResult(
    layout: ScreeningLayout,
    input: { screeningId: string; orderId: string },
    seatIds: string[],
    reply: { deadlines: unknown; sold: unknown; waived: unknown },
    replayed: boolean,
  ): HoldResult {
    const deadlines = record(reply.deadlines);
    const sold = new Set(list(reply.sold));
    const seats = seatIds.map((seatId) => ({
      seatId,
      label: labelOf(layout, seatId),
      status: sold.has(seatId) ? ("sold" as const) : ("held" as const),
      holdExpiresAt: sold.has(seatId) ? null : new Date(deadlines[seatId]!),
    }));
    const times = seats.flatMap((s) => (s.holdExpiresAt ? [s.holdExpiresAt.getTime()] : []));
    return {
      screeningId: input.screeningId,
      orderId: input.orderId,
      seats,
      holdExpiresAt: times.length ? new Date(Math.min(...times)) : null,
      waived: list(reply.waived) as WaivableRule[],
      replayed,
    };
  }

  async function explainMissingSeats(screeningId: string, orderId: string): Promise<AppError> {
    const order = await db.order.findUnique({
      where: { id: orderId },
      select: { status: true, screeningId: true, screening: { select: { status: true } } },
    });
    if (!order) return notFound("That basket");
    if (order.screeningId !== screeningId) return badRequest("This basket is for a different screening.", { reason: "WRONG_SCREENING" });
    if (order.status !== "PENDING") {
      return conflict("This basket has already been checked out or has expired. Please start a new booking.", {
        reason: "BASKET_CLOSED",
      });
    }
    if (order.screening.status !== "SCHEDULED") return conflict("This screening has been cancelled.", { reason: "SCREENING_CANCELLED" });
    return conflict("Those seats could not be held. Please try again.", { reason: "HOLD_FAILED" });
  }

  /**
   * Step 2 of a hold: the HELD tickets in PostgreSQL, where the partial unique index has the last word. Resolves
   * when every seat has a live ticket of this order; otherwise undoes what it wrote and throws the reason.
   */
  async function persistHold(
    layout: ScreeningLayout,
    orderId: string,
    rows: HeldTicketRow[],
    expiredOthers: string[],
    nowMs: number,
  ) {
    const screeningId = layout.screeningId;
    if (expiredOthers.length) await releaseExpiredHolds(sql, screeningId, expiredOthers, nowMs, orderId);
    const inserted = new Set(await inserts.submit(rows));
    let missing = rows.filter((r) => !inserted.has(r.id));
    if (missing.length === 0) return;

    // Slow path (Redis and PostgreSQL disagreed, or this is a retry): find out who has the missing seats.
    for (let round = 0; round < 2 && missing.length > 0; round++) {
      const live = new Map((await liveTicketsForSeats(sql, screeningId, missing.map((r) => r.seatId))).map((t) => [t.seatId, t]));
      const ticketOf = (r: HeldTicketRow) => live.get(r.seatId);
      // Our own ticket already there (a retry, or seats this order held before): adopt it with Redis' deadline.
      const own = missing.filter((r) => ticketOf(r)?.orderId === orderId);
      const redate = own.filter((r) => ticketOf(r)!.status === "HELD" && ticketOf(r)!.holdExpiresAtMs !== r.holdExpiresAtMs);
      if (redate.length) await setHoldDeadlines(sql, orderId, screeningId, redate, nowMs);
      missing = missing.filter((r) => !own.includes(r));
      // Another order's hold that has run out: release it and try once more.
      const stale = missing.filter((r) => {
        const t = ticketOf(r);
        return t && t.status === "HELD" && t.holdExpiresAtMs! <= nowMs;
      });
      if (stale.length === 0) break;
      await releaseExpiredHolds(sql, screeningId, stale.map((r) => r.seatId), nowMs, orderId);
      const retried = await insertHeldTickets(sql, missing);
      retried.forEach((id) => inserted.add(id));
      missing = missing.filter((r) => !retried.has(r.id));
    }
    if (missing.length === 0) return;

    const holders = await liveTicketsForSeats(sql, screeningId, missing.map((r) => r.seatId));
    const taken = missing.filter((r) => holders.some((t) => t.seatId === r.seatId && t.orderId !== orderId)).map((r) => r.seatId);
    const error = taken.length
      ? refusalError(layout, { status: "REFUSED", code: "TAKEN", seats: taken })
      : await explainMissingSeats(screeningId, orderId);
    await releaseTicketsById(sql, [...inserted], nowMs);
    await resyncSeats(screeningId, orderId, rows.map((r) => r.seatId));
    throw error;
  }

  async function assertStaff(override: StaffOverride) {
    if (override.reason.trim().length < 3) throw badRequest("Give a reason for overriding the seat rules.");
    const user = await db.user.findUnique({ where: { id: override.staffUserId }, select: { role: true } });
    if (!user || (user.role !== "STAFF" && user.role !== "ADMIN")) throw forbidden("Only staff can override the seat rules.");
  }

  // ── The API ──

  const inventory = {
    options,

    /**
     * Holds seats for a PENDING order until a deadline: all of them or none. Refusals are AppErrors with a message
     * for the buyer and details.reason: SEAT_TAKEN, SEAT_BLOCKED, SEAT_LIMIT, COMPANION_SEAT, SINGLE_GAP,
     * BASKET_CLOSED, SCREENING_CANCELLED, SALES_CLOSED, KEY_REUSED, INVENTORY_UNAVAILABLE, ...
     */
    async hold(input: HoldInput): Promise<HoldResult> {
      const seatIds = unique(input.seatIds);
      if (seatIds.length === 0) throw badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
      if (seatIds.length > 100) throw badRequest("That is too many seats for one order.", { reason: "SEAT_LIMIT" });
      if (!REQUEST_KEY.test(input.requestKey)) throw badRequest("Invalid request key.", { reason: "BAD_REQUEST_KEY" });
      const holdSeconds = input.holdSeconds ?? options.holdSeconds;
      if (!Number.isFinite(holdSeconds) || holdSeconds < 10 || holdSeconds > options.maxHoldSeconds) {
        throw badRequest(`A hold lasts between 10 seconds and ${Math.round(options.maxHoldSeconds / 60)} minutes.`);
      }
      if (input.override) await assertStaff(input.override);
      const layout = await layoutOf(input.screeningId);
      const nowMs = now().getTime();
      assertOnSale(layout, nowMs);
      const unknown = seatIds.filter((id) => !layout.seatsById.has(id));
      if (unknown.length) {
        throw refusalError(layout, { status: "REFUSED", code: "UNKNOWN_SEAT", seats: unknown });
      }

      const { screeningId, orderId, requestKey } = input;
      const keys = screeningKeys(screeningId);
      const deadlineMs = nowMs + Math.round(holdSeconds * 1000);
      const fingerprint = createHash("sha1")
        .update([orderId, input.override ? "override" : "", ...[...seatIds].sort()].join("\n"))
        .digest("base64url");
      const requestTtlMs = Math.max(options.requestKeyTtlSeconds * 1000, holdSeconds * 1000 + 60_000);

      const runScript = (rerun: boolean) =>
        runLoaded(screeningId, () =>
          scripts.inventoryHold(
            keys.meta,
            keys.layout,
            keys.seats,
            keys.owners,
            keys.request(requestKey),
            nowMs,
            orderId,
            deadlineMs,
            fingerprint,
            requestTtlMs,
            input.override ? "1" : "0",
            channelOf(screeningId),
            rerun ? "1" : "0",
            ...seatIds,
          ),
        );
      let reply = await runScript(false);
      if (reply.status === "REPLAY") {
        const stored = reply.record as RequestRecord;
        if (stored.state === "refused") throw refusalError(layout, stored.refusal);
        if (stored.state === "error") throw new AppError(stored.code, stored.message, stored.details);
        // A hold: replay it if its tickets were written. If not, the process that ran it died before PostgreSQL;
        // run it again (its seats are still this order's in Redis unless the hold ran out).
        if ((await seatsWithTickets(sql, screeningId, orderId, seatIds)).length === seatIds.length) {
          return holdResult(layout, input, seatIds, stored, true);
        }
        reply = await runScript(true);
        if (reply.status === "REPLAY") throw conflict("This request is being handled. Please try again.", { reason: "HOLD_FAILED" });
      }
      if (reply.status === "REFUSED") throw refusalError(layout, reply);

      const fresh = list(reply.fresh);
      const mine = list(reply.mine);
      const deadlines = record(reply.deadlines);
      const waived = list(reply.waived) as WaivableRule[];
      await hooks.afterRedisHold?.({ screeningId, orderId, seatIds });

      const random = randomBytes(24 * (fresh.length + mine.length));
      const rows: HeldTicketRow[] = [...fresh, ...mine].map((seatId, i) => ({
        id: `c${nowMs.toString(36)}${random.toString("hex", i * 24, i * 24 + 9)}`,
        orderId,
        screeningId,
        seatId,
        currency: layout.currency,
        priceAmount: layout.priceByKind[layout.seatsById.get(seatId)!.kind],
        holdExpiresAtMs: deadlines[seatId]!,
        code: random.toString("base64url", i * 24 + 9, i * 24 + 24),
        nowMs,
      }));
      try {
        await persistHold(layout, orderId, rows, list(reply.expiredOthers), nowMs);
      } catch (error) {
        if (error instanceof AppError) {
          if (!(error instanceof InventoryUnavailableError)) await storeRefusal(screeningId, requestKey, fingerprint, error, requestTtlMs);
          throw error;
        }
        // PostgreSQL failed (down, or a bug): give the seats back in Redis so they aren't blocked until the deadline.
        console.error("[inventory] hold could not be written to PostgreSQL", error);
        await redisRelease(screeningId, orderId, fresh).catch(() => {});
        throw new InventoryUnavailableError(error);
      }

      if (waived.length && input.override) {
        try {
          await audit.record({
            actorId: input.override.staffUserId,
            action: "seats.hold_override",
            entityType: "Screening",
            entityId: screeningId,
            details: { orderId, seatIds, seats: seatIds.map((id) => labelOf(layout, id)), waived, reason: input.override.reason },
          });
        } catch (error) {
          // No override without its audit entry: give the seats back.
          await releaseTicketsById(sql, rows.map((r) => r.id), nowMs).catch(() => {});
          await redisRelease(screeningId, orderId, fresh).catch(() => {});
          await callRedis(() => redis.del(keys.request(requestKey))).catch(() => {});
          throw error;
        }
      }
      return holdResult(layout, input, seatIds, { deadlines: reply.deadlines, sold: reply.sold, waived: reply.waived }, false);
    },

    /**
     * Moves the deadline of everything the order holds for the screening to now + holdSeconds, never beyond
     * options.maxHoldSeconds after the seats were first held. Refused if a hold ran out and the seat was taken.
     */
    async extend(input: {
      screeningId: string;
      orderId: string;
      /** The seats the caller believes it holds: if one of them is no longer held, the extension is refused. */
      seatIds?: string[];
      holdSeconds?: number;
    }): Promise<{ holdExpiresAt: Date; seatIds: string[] }> {
      const { screeningId, orderId } = input;
      const layout = await layoutOf(screeningId);
      const nowMs = now().getTime();
      assertOnSale(layout, nowMs);
      const lostError = (lost: string[]) =>
        conflict(`Your hold on ${labelsOf(layout, lost)} ran out and ${lost.length === 1 ? "the seat has" : "the seats have"} been taken.`, {
          reason: "HOLD_LOST",
          seatIds: lost,
        });
      const held = (await orderTickets(sql, screeningId, orderId)).filter(
        (t) => t.status === "HELD" && (!input.seatIds || input.seatIds.includes(t.seatId)),
      );
      const missing = (input.seatIds ?? []).filter((id) => !held.some((t) => t.seatId === id));
      if (missing.length) throw lostError(missing);
      if (held.length === 0) throw conflict("You aren't holding any seats for this screening any more.", { reason: "NO_HOLD" });
      const since = Math.min(...held.map((t) => t.createdAtMs));
      const target = Math.min(nowMs + (input.holdSeconds ?? options.holdSeconds) * 1000, since + options.maxHoldSeconds * 1000);
      if (target <= nowMs) {
        throw conflict("This hold can't be extended any further. Please complete your booking or choose your seats again.", {
          reason: "HOLD_LIMIT",
        });
      }
      const seatIds = held.map((t) => t.seatId);
      const keys = screeningKeys(screeningId);
      const reply = await runLoaded(screeningId, () =>
        scripts.inventoryExtend(keys.meta, keys.seats, keys.owners, nowMs, orderId, target, channelOf(screeningId), ...seatIds),
      );
      if (reply.status === "LOST") throw lostError(list(reply.seats));
      const deadlines = record(reply.deadlines);
      const wanted = seatIds.map((seatId) => ({ seatId, holdExpiresAtMs: deadlines[seatId] ?? target }));
      const updated = await setHoldDeadlines(sql, orderId, screeningId, wanted, nowMs);
      if (updated.length < seatIds.length) {
        const lost = seatIds.filter((id) => !updated.includes(id));
        await resyncSeats(screeningId, orderId, lost);
        throw lostError(lost);
      }
      return { holdExpiresAt: new Date(Math.min(...wanted.map((w) => w.holdExpiresAtMs))), seatIds };
    },

    /**
     * Gives held seats back (all of the order's holds for the screening when seatIds is omitted). Idempotent:
     * seats not held (any more) are ignored. Releasing a wheelchair space while keeping its companion seat is refused
     * unless staff override it.
     */
    async release(input: { screeningId: string; orderId: string; seatIds?: string[]; override?: StaffOverride }): Promise<{ released: string[] }> {
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
          await assertStaff(input.override);
          waivedCompanion = orphaned;
        }
      }
      const released = await releases.submit({ orderId, screeningId, seatIds, nowMs });
      if (waivedCompanion.length && input.override) {
        await audit.record({
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
      return { released };
    },

    /**
     * Turns the order's holds on these seats into a sale, all or nothing: every seat must still have this order's
     * HELD (or already SOLD) ticket. A hold that ran out still sells if nobody took the seat meanwhile; otherwise the
     * sale is refused (details.reason HOLD_LOST) and the caller must refund.
     */
    async sell(input: { screeningId: string; orderId: string; seatIds: string[] }): Promise<{ seatIds: string[]; soldNow: string[] }> {
      const { screeningId, orderId } = input;
      const seatIds = unique(input.seatIds);
      if (seatIds.length === 0) throw badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
      const layout = await layoutOf(screeningId);
      const nowMs = now().getTime();
      const result = await sellHeldTickets(sql, screeningId, orderId, seatIds, nowMs);
      if (!result.complete) {
        const lost = seatIds.filter((id) => !result.present.includes(id));
        await resyncSeats(screeningId, orderId, lost);
        throw conflict(
          `Your hold on ${labelsOf(layout, lost)} ran out and ${lost.length === 1 ? "the seat is" : "the seats are"} no longer available.`,
          { reason: "HOLD_LOST", seatIds: lost },
        );
      }
      await hooks.afterSaleCommitted?.({ screeningId, orderId, seatIds });
      const keys = screeningKeys(screeningId);
      await mirror(screeningId, () =>
        scripts.inventorySell(keys.meta, keys.seats, keys.owners, nowMs, orderId, channelOf(screeningId), ...seatIds),
      ).catch((error) => {
        // The sale stands (PostgreSQL committed it). Redis shows the seats held until their deadline, then a hold
        // attempt is refused by the unique index and resyncs them.
        console.error("[inventory] sale not mirrored to Redis", error);
      });
      return { seatIds, soldNow: result.sold };
    },

    /** Every seat of the screening with its state; the viewer's own holds are marked. */
    async seatMap(input: { screeningId: string; viewerOrderId?: string | null }): Promise<SeatMap> {
      const layout = await layoutOf(input.screeningId);
      const nowMs = now().getTime();
      const keys = screeningKeys(input.screeningId);
      const states = new Map<string, { sold: boolean; owner: string; deadlineMs: number | null }>();
      let source: SeatMap["source"] = "redis";
      try {
        const reply = await runLoaded(input.screeningId, () =>
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
          label: seat.label,
          rowLabel: seat.rowLabel,
          number: seat.number,
          gridRow: seat.gridRow,
          gridCol: seat.gridCol,
          kind: seat.kind,
          zone: seat.zone,
          state,
          mine,
          holdExpiresAt: mine && s.deadlineMs !== null ? new Date(s.deadlineMs) : null,
        };
      });
      return { screeningId: input.screeningId, hall: layout.hall, seats, counts, source, generatedAt: new Date(nowMs) };
    },

    /**
     * Proposes `count` free seats: together in the best row (central, not too close to the screen) if possible,
     * else split over two neighbouring rows, else the nearest free seats. Does not hold them: pass the result to
     * hold(), which may still refuse if someone is quicker.
     */
    async bestAvailable(input: { screeningId: string; count: number; kind?: SeatKind; zone?: string }): Promise<{
      seatIds: string[];
      seats: Array<Pick<SeatInfo, "id" | "label" | "kind" | "zone" | "gridRow" | "gridCol">>;
      arrangement: Arrangement;
    }> {
      const layout = await layoutOf(input.screeningId);
      if (!Number.isInteger(input.count) || input.count < 1 || input.count > layout.hall.maxSeatsPerOrder) {
        throw badRequest(`Choose between 1 and ${layout.hall.maxSeatsPerOrder} seats.`, { reason: "SEAT_LIMIT" });
      }
      const map = await inventory.seatMap({ screeningId: input.screeningId });
      const free = new Set(map.seats.filter((s) => s.state === "free").map((s) => s.id));
      const choice = chooseBestSeats(layout, (id) => free.has(id), input);
      if (!choice) {
        throw conflict(`There aren't ${input.count} ${input.kind || input.zone ? "such " : ""}seats left for this screening.`, {
          reason: "NOT_ENOUGH_SEATS",
        });
      }
      return {
        seatIds: choice.seats.map((s) => s.id),
        seats: choice.seats.map(({ id, label, kind, zone, gridRow, gridCol }) => ({ id, label, kind, zone, gridRow, gridCol })),
        arrangement: choice.arrangement,
      };
    },

    /** Rebuilds the screening's Redis state from PostgreSQL now (e.g. after an admin changed the hall's seats). */
    async rebuild(screeningId: string): Promise<void> {
      await ensureLoaded(screeningId, true);
    },

    /**
     * Whether the screening is on sale now: refused (SCREENING_CANCELLED, SALES_CLOSED) if not, otherwise its currency,
     * the moment this was decided, and the latest a hold taken now can last. A basket opened now ends with its holds.
     */
    async salesWindow(screeningId: string): Promise<{ currency: string; at: Date; holdsEndBy: Date }> {
      const layout = await layoutOf(screeningId);
      const nowMs = now().getTime();
      assertOnSale(layout, nowMs);
      return { currency: layout.currency, at: new Date(nowMs), holdsEndBy: new Date(nowMs + options.maxHoldSeconds * 1000) };
    },

    /**
     * Calls onChange for every seat change of the screening, from any app process. Uses one extra Redis connection
     * per inventory (a duplicate() of the main client) for all subscriptions. Resolves once subscribed; the returned
     * function unsubscribes.
     */
    async subscribeToSeatChanges(screeningId: string, onChange: (change: SeatChange) => void): Promise<() => Promise<void>> {
      const channel = channelOf(screeningId);
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
    },

    /** Closes the subscription connection (the main Redis client and the database belong to the caller). */
    async close(): Promise<void> {
      subscription.handlers.clear();
      subscription.connection?.disconnect();
      subscription.connection = null;
    },

    /** Internal pieces for tests and the benchmark; not for application code. */
    internals: {
      ensureLoaded,
      layoutOf,
      channelOf,
      keysOf: screeningKeys,
      strandedSeats,
      /** How many PostgreSQL statements carried how many holds and releases. */
      batchStats: () => ({ inserts: { ...inserts.stats }, releases: { ...releases.stats } }),
      /** Resolves once every message published before the call has reached this inventory's subscriptions. */
      async syncSubscriptions() {
        await subscription.connection?.ping();
      },
    },
  };

  const subscription = {
    connection: null as RedisClient | null,
    handlers: new Map<string, Set<(change: SeatChange) => void>>(),
    screeningOf: new Map<string, string>(),
  };

  function createSubscriber(): RedisClient {
    const connection = redis.duplicate();
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

  return inventory;
}

export type Inventory = ReturnType<typeof createInventory>;
export type { LiveTicket };
