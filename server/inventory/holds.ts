// Holding seats for a PENDING order until a deadline, all or none, and moving that deadline. A hold passes the Redis
// gate first (hold.lua: the seat states and rules, atomically), then PostgreSQL, where the partial unique index has
// the last word; the buyer is told "held" only once PostgreSQL has the rows.
import { createHash, randomBytes } from "node:crypto";
import { AppError, badRequest, conflict, notFound } from "@/server/errors";
import { unique, type InventoryContext } from "./context";
import { InventoryUnavailableError, labelOf, labelsOf, refusalError } from "./errors";
import { screeningKeys } from "./keys";
import type { ScreeningLayout } from "./layout";
import type { Loader } from "./loading";
import { assertStaff } from "./overrides";
import type { SeatQuota } from "./quota";
import type { Releases } from "./release";
import { list, record, type RequestRecord } from "./replies";
import {
  insertHeldTickets,
  liveTicketsForSeats,
  orderTickets,
  releaseExpiredHolds,
  releaseTicketsById,
  seatsWithTickets,
  setHoldDeadlines,
  type HeldTicketRow,
} from "./sql";
import type { HoldInput, HoldResult, WaivableRule } from "./types";

const REQUEST_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

export function createHolds(
  ctx: InventoryContext,
  loader: Loader,
  releases: Pick<Releases, "redisRelease">,
  quota: Pick<SeatQuota, "reserve" | "extend">,
) {
  const { db, sql, redis, scripts, options, hooks, now, channelOf, callRedis, layoutOf, assertOnSale } = ctx;
  const { runLoaded, resyncSeats } = loader;
  const { redisRelease } = releases;

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
    if (order.screening?.status !== "SCHEDULED") return conflict("This screening has been cancelled.", { reason: "SCREENING_CANCELLED" });
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
    const inserted = new Set(await ctx.inserts.submit(rows));
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

  /**
   * Holds seats for a PENDING order until a deadline: all of them or none. Refusals are AppErrors with a message
   * for the buyer and details.reason: SEAT_TAKEN, SEAT_BLOCKED, SEAT_LIMIT, COMPANION_SEAT (never SINGLE_GAP: that
   * is the whole selection's rule, checkSelectionRules at commit),
   * BASKET_CLOSED, SCREENING_CANCELLED, SALES_CLOSED, KEY_REUSED, INVENTORY_UNAVAILABLE, ...
   */
  async function hold(input: HoldInput): Promise<HoldResult> {
    const seatIds = unique(input.seatIds);
    if (!input.quota || input.override || seatIds.length === 0) return holdSeats(input, seatIds);
    // Counted first, so that parallel holds of one client can't each find room; given back if the hold fails.
    const nowMs = now().getTime();
    const undo = await quota.reserve({
      quota: input.quota,
      screeningId: input.screeningId,
      orderId: input.orderId,
      seatIds,
      deadlineMs: nowMs + Math.round((input.holdSeconds ?? options.holdSeconds) * 1000),
      nowMs,
    });
    try {
      return await holdSeats(input, seatIds);
    } catch (error) {
      await undo?.();
      throw error;
    }
  }

  async function holdSeats(input: HoldInput, seatIds: string[]): Promise<HoldResult> {
    if (seatIds.length === 0) throw badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
    if (seatIds.length > 100) throw badRequest("That is too many seats for one order.", { reason: "SEAT_LIMIT" });
    if (!REQUEST_KEY.test(input.requestKey)) throw badRequest("Invalid request key.", { reason: "BAD_REQUEST_KEY" });
    const holdSeconds = input.holdSeconds ?? options.holdSeconds;
    if (!Number.isFinite(holdSeconds) || holdSeconds < 10 || holdSeconds > options.maxHoldSeconds) {
      throw badRequest(`A hold lasts between 10 seconds and ${Math.round(options.maxHoldSeconds / 60)} minutes.`);
    }
    if (input.override) await assertStaff(ctx, input.override);
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
        await ctx.audit.record({
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
  }

  /**
   * Moves the deadline of everything the order holds for the screening to now + holdSeconds, never beyond
   * options.maxHoldSeconds after the seats were first held. Refused if a hold ran out and the seat was taken.
   * `paid`: the order's payment has succeeded and the seats are kept for it until it settles (booking says so):
   * the maximum doesn't apply, and a deadline is never moved earlier.
   */
  async function extend(input: {
    screeningId: string;
    orderId: string;
    /** The seats the caller believes it holds: if one of them is no longer held, the extension is refused. */
    seatIds?: string[];
    holdSeconds?: number;
    paid?: boolean;
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
    const wantedMs = nowMs + (input.holdSeconds ?? options.holdSeconds) * 1000;
    const target = input.paid ? wantedMs : Math.min(wantedMs, since + options.maxHoldSeconds * 1000);
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
    await quota.extend(orderId, wanted);
    return { holdExpiresAt: new Date(Math.min(...wanted.map((w) => w.holdExpiresAtMs))), seatIds };
  }

  return { hold, extend };
}
