// Holding seats for a PENDING order until a deadline, all or none, and moving that deadline. A hold passes the Redis
// gate first (hold.lua: the seat states and rules, atomically). A web basket's hold (`redisOnly`) stops there: it
// lives in Redis until checkout, when `commitHolds` moves it to the checkout deadline and booking's checkout
// statement writes the HELD tickets, where the partial unique index has the last word. Other holds (the counter,
// retakes, exchanges) are written to PostgreSQL before they are answered.
import { createHash, randomBytes } from "node:crypto";
import { AppError, badRequest, conflict, notFound } from "@/server/errors";
import { unique, type InventoryContext } from "./context";
import { InventoryUnavailableError, labelOf, labelsOf, refusalError } from "./errors";
import { screeningKeys } from "./keys";
import { seatPlace, type ScreeningLayout } from "./layout";
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
import type { CommittedHold, HoldInput, HoldResult, OrderSeat, WaivableRule } from "./types";

const REQUEST_KEY = /^[A-Za-z0-9_.:-]{8,128}$/;

/** What a buyer is told at checkout when seats they had chosen are no longer theirs; nothing has been charged. */
function holdLostError(layout: ScreeningLayout, seatIds: string[]): AppError {
  const many = seatIds.length !== 1;
  return conflict(
    `Your ${many ? "seats" : "seat"} ${labelsOf(layout, seatIds)} ${many ? "were" : "was"} released while you were choosing. Please choose your seats again; nothing has been charged.`,
    { reason: "HOLD_LOST", seatIds },
  );
}

export function createHolds(
  ctx: InventoryContext,
  loader: Loader,
  releases: Pick<Releases, "redisRelease">,
  quota: Pick<SeatQuota, "reserve" | "extend">,
) {
  const { db, sql, redis, scripts, options, hooks, now, channelOf, callRedis, admitHold, layoutOf, assertOnSale } = ctx;
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
        admitHold(() => scripts.inventoryHold(
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
        )),
      );
    let reply = await runScript(false);
    if (reply.status === "REPLAY") {
      const stored = reply.record as RequestRecord;
      if (stored.state === "refused") throw refusalError(layout, stored.refusal);
      if (stored.state === "error") throw new AppError(stored.code, stored.message, stored.details);
      // A hold: replay it if its tickets were written (a Redis-only hold has none to write). If not, the process that
      // ran it died before PostgreSQL; run it again (its seats are still this order's in Redis unless it ran out).
      if (input.redisOnly || (await seatsWithTickets(sql, screeningId, orderId, seatIds)).length === seatIds.length) {
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
    if (hooks.afterRedisHold) await hooks.afterRedisHold({ screeningId, orderId, seatIds });
    if (input.redisOnly) {
      if (waived.length && input.override) {
        await auditOverride(input, layout, seatIds, waived, async () => {
          await redisRelease(screeningId, orderId, fresh).catch(() => {});
          await callRedis(() => redis.del(keys.request(requestKey))).catch(() => {});
        });
      }
      return holdResult(layout, input, seatIds, { deadlines: reply.deadlines, sold: reply.sold, waived: reply.waived }, false);
    }

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

    await auditOverride(input, layout, seatIds, waived, async () => {
      await releaseTicketsById(sql, rows.map((r) => r.id), nowMs).catch(() => {});
      await redisRelease(screeningId, orderId, fresh).catch(() => {});
      await callRedis(() => redis.del(keys.request(requestKey))).catch(() => {});
    });
    return holdResult(layout, input, seatIds, { deadlines: reply.deadlines, sold: reply.sold, waived: reply.waived }, false);
  }

  /** A hold that waived a rule is audited; with no audit entry there is no override, so `undo` gives the seats back. */
  async function auditOverride(input: HoldInput, layout: ScreeningLayout, seatIds: string[], waived: WaivableRule[], undo: () => Promise<void>) {
    if (!waived.length || !input.override) return;
    try {
      await ctx.audit.record({
        actorId: input.override.staffUserId,
        action: "seats.hold_override",
        entityType: "Screening",
        entityId: input.screeningId,
        details: { orderId: input.orderId, seatIds, seats: seatIds.map((id) => labelOf(layout, id)), waived, reason: input.override.reason },
      });
    } catch (error) {
      await undo();
      throw error;
    }
  }

  /**
   * The seats the order holds or has bought in the screening, from Redis (where a web basket's holds live until
   * checkout), oldest row first. Holds whose deadline has passed are listed until someone takes the seat.
   */
  async function orderSeats(input: { screeningId: string; orderId: string }): Promise<OrderSeat[]> {
    const layout = await layoutOf(input.screeningId);
    const keys = screeningKeys(input.screeningId);
    const reply = await runLoaded(input.screeningId, () => scripts.inventoryOwned(keys.meta, keys.seats, keys.owners, input.orderId));
    const seats = (reply.seats ?? {}) as Record<string, string>;
    return layout.seats.flatMap((seat): OrderSeat[] => {
      const value = seats[seat.id];
      if (!value) return [];
      const [kind, , deadline, since] = value.split("|");
      const held = kind === "H";
      return [{
        seatId: seat.id,
        ...seatPlace(seat),
        holdExpiresAt: held ? new Date(Number(deadline)) : null,
        heldSince: held ? new Date(Number(since)) : null,
      }];
    });
  }

  /**
   * Checkout's Redis step, atomically (checkout.lua): every seat must still be this order's live hold, and all move to
   * now + holdSeconds (never past options.maxHoldSeconds after the first of them was held, never earlier). Refused
   * with HOLD_LOST naming the seats that are not (a flush lost them, or they ran out), or HOLD_LIMIT. Returns the
   * HELD tickets for the caller's checkout statement to write; if PostgreSQL refuses a seat there, the caller calls
   * `resync` with it.
   */
  async function commitHolds(input: { screeningId: string; orderId: string; seatIds: string[]; holdSeconds: number }): Promise<{
    holdExpiresAt: Date;
    tickets: CommittedHold[];
  }> {
    const { screeningId, orderId } = input;
    const seatIds = unique(input.seatIds);
    if (seatIds.length === 0) throw badRequest("Choose at least one seat.", { reason: "NO_SEATS" });
    const layout = await layoutOf(screeningId);
    const nowMs = now().getTime();
    assertOnSale(layout, nowMs);
    const keys = screeningKeys(screeningId);
    const reply = await runLoaded(screeningId, () =>
      scripts.inventoryCheckout(
        keys.meta,
        keys.seats,
        keys.owners,
        nowMs,
        orderId,
        nowMs + Math.round(input.holdSeconds * 1000),
        options.maxHoldSeconds * 1000,
        channelOf(screeningId),
        ...seatIds,
      ),
    );
    if (reply.status === "LOST") throw holdLostError(layout, list(reply.seats));
    if (reply.status === "REFUSED") {
      throw conflict("Your seats have been held for as long as we can. Please choose them again.", { reason: "HOLD_LIMIT" });
    }
    const deadlines = record(reply.deadlines);
    const since = record(reply.since);
    const random = randomBytes(24 * seatIds.length);
    const tickets = seatIds.map((seatId, i) => ({
      id: `c${nowMs.toString(36)}${random.toString("hex", i * 24, i * 24 + 9)}`,
      seatId,
      holdExpiresAt: new Date(deadlines[seatId]!),
      heldSince: new Date(since[seatId]!),
      code: random.toString("base64url", i * 24 + 9, i * 24 + 24),
    }));
    return { holdExpiresAt: new Date(Math.min(...tickets.map((t) => t.holdExpiresAt.getTime()))), tickets };
  }

  /**
   * Copies PostgreSQL's view of these seats into Redis after PostgreSQL refused them to this order (booking's
   * checkout statement found another order's live ticket), and answers the refusal to give the buyer.
   */
  async function refuseCommitted(input: { screeningId: string; orderId: string; seatIds: string[] }): Promise<AppError> {
    const layout = await layoutOf(input.screeningId);
    await resyncSeats(input.screeningId, input.orderId, input.seatIds);
    return holdLostError(layout, input.seatIds);
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

  return { hold, extend, orderSeats, commitHolds, refuseCommitted };
}
