// The inventory's PostgreSQL statements. Raw SQL because these are the hot path (one statement per batch of holds)
// and because two of them need what Prisma's query API can't say: ON CONFLICT against the partial unique index
// "ticket_one_live_per_seat", and an all-or-nothing sale in one statement. Times travel as epoch milliseconds and are
// converted in SQL, so the app's clock (injected in tests) is the only clock and the session time zone never matters.
import { createHash } from "node:crypto";
import type { Pool } from "pg";

/** What the statements need: Prisma's raw query methods, or a node-postgres pool through poolSql(). */
export interface Sql {
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

/**
 * The same statements straight through node-postgres, as named prepared statements (parsed and planned once per
 * connection). A Prisma raw query costs about three times the Node CPU of a node-postgres one and is planned on
 * every call; the benchmark measures both (docs/inventory.md).
 */
export function poolSql(pool: Pool): Sql {
  const names = new Map<string, string>();
  const nameOf = (text: string) => {
    let name = names.get(text);
    if (!name) {
      name = `inventory_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async $queryRawUnsafe<T>(text: string, ...values: unknown[]) {
      return (await pool.query({ name: nameOf(text), text, values })).rows as T;
    },
    async $executeRawUnsafe(text: string, ...values: unknown[]) {
      return (await pool.query({ name: nameOf(text), text, values })).rowCount ?? 0;
    },
  };
}

/** SQL for "epoch milliseconds parameter $n as a UTC timestamp" (the columns are timestamp(3) holding UTC). */
const at = (param: number) => `(to_timestamp($${param}::float8 / 1000.0) AT TIME ZONE 'UTC')`;
const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

export interface HeldTicketRow {
  id: string;
  orderId: string;
  screeningId: string;
  seatId: string;
  currency: string;
  priceAmount: number;
  holdExpiresAtMs: number;
  code: string;
  nowMs: number;
}

/**
 * Inserts HELD tickets; a seat that already has a live ticket is skipped (the partial unique index decides). Rows
 * whose order is not a PENDING order of that screening, or whose screening is not SCHEDULED, are skipped too.
 * Returns the ids of the rows inserted.
 */
export async function insertHeldTickets(sql: Sql, rows: HeldTicketRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const inserted = await sql.$queryRawUnsafe<Array<{ id: string }>>(
    `INSERT INTO "Ticket" ("id", "orderId", "screeningId", "seatId", "ticketType", "currency", "priceAmount", "status",
                           "holdExpiresAt", "code", "createdAt", "updatedAt")
     SELECT v.id, v.order_id, v.screening_id, v.seat_id, 'ADULT', v.currency, v.price, 'HELD',
            to_timestamp(v.expires_ms / 1000.0) AT TIME ZONE 'UTC', v.code,
            to_timestamp(v.now_ms / 1000.0) AT TIME ZONE 'UTC', to_timestamp(v.now_ms / 1000.0) AT TIME ZONE 'UTC'
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::float8[], $8::text[], $9::float8[])
          AS v(id, order_id, screening_id, seat_id, currency, price, expires_ms, code, now_ms)
     JOIN "Order" o ON o.id = v.order_id
     JOIN "Screening" s ON s.id = v.screening_id
     -- Compared as text so that the planner looks orders up by id, never through the (huge) set of PENDING ones.
     WHERE o.status::text = 'PENDING' AND o."screeningId" = v.screening_id AND s.status::text = 'SCHEDULED'
     ON CONFLICT ("screeningId", "seatId") WHERE "status" IN ('HELD', 'SOLD') DO NOTHING
     RETURNING "id"`,
    rows.map((r) => r.id),
    rows.map((r) => r.orderId),
    rows.map((r) => r.screeningId),
    rows.map((r) => r.seatId),
    rows.map((r) => r.currency),
    rows.map((r) => r.priceAmount),
    rows.map((r) => r.holdExpiresAtMs),
    rows.map((r) => r.code),
    rows.map((r) => r.nowMs),
  );
  return new Set(inserted.map((r) => r.id));
}

export interface LiveTicket {
  id: string;
  seatId: string;
  orderId: string;
  status: "HELD" | "SOLD";
  holdExpiresAtMs: number | null;
  createdAtMs: number;
}

const liveColumns = `"id", "seatId", "orderId", "status"::text AS "status", ${ms(`"holdExpiresAt"`)} AS "holdExpiresAtMs",
  ${ms(`"createdAt"`)} AS "createdAtMs"`;

/** HELD (expired or not) and SOLD tickets of some seats: what the unique index compares against. */
export function liveTicketsForSeats(sql: Sql, screeningId: string, seatIds: string[]): Promise<LiveTicket[]> {
  return sql.$queryRawUnsafe<LiveTicket[]>(
    `SELECT ${liveColumns} FROM "Ticket"
     WHERE "screeningId" = $1 AND "seatId" = ANY($2::text[]) AND "status" IN ('HELD', 'SOLD')`,
    screeningId,
    seatIds,
  );
}

/** Tickets that count at `nowMs`: SOLD, and HELD with a deadline still ahead. This is the truth Redis is rebuilt from. */
export function countingTickets(sql: Sql, screeningId: string, nowMs: number): Promise<LiveTicket[]> {
  return sql.$queryRawUnsafe<LiveTicket[]>(
    `SELECT ${liveColumns} FROM "Ticket"
     WHERE "screeningId" = $1 AND ("status" = 'SOLD' OR ("status" = 'HELD' AND "holdExpiresAt" > ${at(2)}))`,
    screeningId,
    nowMs,
  );
}

/** HELD and SOLD tickets of one order in one screening. */
export function orderTickets(sql: Sql, screeningId: string, orderId: string): Promise<LiveTicket[]> {
  return sql.$queryRawUnsafe<LiveTicket[]>(
    `SELECT ${liveColumns} FROM "Ticket"
     WHERE "orderId" = $1 AND "screeningId" = $2 AND "status" IN ('HELD', 'SOLD')`,
    orderId,
    screeningId,
  );
}

/** Seats (of these) for which the order has a ticket in any state: did a hold ever reach PostgreSQL? */
export async function seatsWithTickets(sql: Sql, screeningId: string, orderId: string, seatIds: string[]): Promise<string[]> {
  const rows = await sql.$queryRawUnsafe<Array<{ seatId: string }>>(
    `SELECT DISTINCT "seatId" FROM "Ticket" WHERE "orderId" = $1 AND "screeningId" = $2 AND "seatId" = ANY($3::text[])`,
    orderId,
    screeningId,
    seatIds,
  );
  return rows.map((r) => r.seatId);
}

/** Releases other orders' HELD tickets on these seats whose deadline has passed. Returns the seats freed. */
export async function releaseExpiredHolds(
  sql: Sql,
  screeningId: string,
  seatIds: string[],
  nowMs: number,
  exceptOrderId: string,
): Promise<string[]> {
  if (seatIds.length === 0) return [];
  const rows = await sql.$queryRawUnsafe<Array<{ seatId: string }>>(
    `UPDATE "Ticket" SET "status" = 'RELEASED', "updatedAt" = ${at(3)}
     WHERE "screeningId" = $1 AND "seatId" = ANY($2::text[]) AND "status" = 'HELD'
       AND "holdExpiresAt" <= ${at(3)} AND "orderId" <> $4
     RETURNING "seatId"`,
    screeningId,
    seatIds,
    nowMs,
    exceptOrderId,
  );
  return rows.map((r) => r.seatId);
}

/** Undoes HELD tickets by id (the compensation when a multi-seat hold could not get all its seats). */
export async function releaseTicketsById(sql: Sql, ids: string[], nowMs: number): Promise<void> {
  if (ids.length === 0) return;
  await sql.$executeRawUnsafe(
    `UPDATE "Ticket" SET "status" = 'RELEASED', "updatedAt" = ${at(2)} WHERE "id" = ANY($1::text[]) AND "status" = 'HELD'`,
    ids,
    nowMs,
  );
}

/** Sets the deadline of an order's HELD tickets, per seat. Returns the seats updated. */
export async function setHoldDeadlines(
  sql: Sql,
  orderId: string,
  screeningId: string,
  deadlines: Array<{ seatId: string; holdExpiresAtMs: number }>,
  nowMs: number,
): Promise<string[]> {
  if (deadlines.length === 0) return [];
  const rows = await sql.$queryRawUnsafe<Array<{ seatId: string }>>(
    `UPDATE "Ticket" t SET "holdExpiresAt" = to_timestamp(v.expires_ms / 1000.0) AT TIME ZONE 'UTC', "updatedAt" = ${at(5)}
     FROM unnest($3::text[], $4::float8[]) AS v(seat_id, expires_ms)
     WHERE t."orderId" = $1 AND t."screeningId" = $2 AND t."seatId" = v.seat_id AND t."status" = 'HELD'
     RETURNING t."seatId"`,
    orderId,
    screeningId,
    deadlines.map((d) => d.seatId),
    deadlines.map((d) => d.holdExpiresAtMs),
    nowMs,
  );
  return rows.map((r) => r.seatId);
}

export interface ReleaseRequest {
  orderId: string;
  screeningId: string;
  /** null: every seat the order holds in that screening. */
  seatIds: string[] | null;
}

/** HELD → RELEASED for several orders at once. Returns the (orderId, seatId) pairs released. */
export async function releaseHolds(
  sql: Sql,
  requests: ReleaseRequest[],
  nowMs: number,
): Promise<Array<{ orderId: string; seatId: string }>> {
  const pairs = new Map<string, { orderId: string; screeningId: string; seatId: string }>();
  const wholeOrders = new Map<string, string>();
  for (const request of requests) {
    if (request.seatIds === null) wholeOrders.set(request.orderId, request.screeningId);
    else for (const seatId of request.seatIds) pairs.set(`${request.orderId}|${seatId}`, { ...request, seatId });
  }
  const released: Array<{ orderId: string; seatId: string }> = [];
  if (pairs.size > 0) {
    const list = [...pairs.values()];
    // Looked up by (screening, seat): the live-seat index has each one at most once.
    released.push(
      ...(await sql.$queryRawUnsafe<Array<{ orderId: string; seatId: string }>>(
        `UPDATE "Ticket" t SET "status" = 'RELEASED', "updatedAt" = ${at(4)}
         FROM unnest($1::text[], $2::text[], $3::text[]) AS v(order_id, screening_id, seat_id)
         WHERE t."screeningId" = v.screening_id AND t."seatId" = v.seat_id AND t."status" = 'HELD' AND t."orderId" = v.order_id
         RETURNING t."orderId", t."seatId"`,
        list.map((p) => p.orderId),
        list.map((p) => p.screeningId),
        list.map((p) => p.seatId),
        nowMs,
      )),
    );
  }
  if (wholeOrders.size > 0) {
    released.push(
      ...(await sql.$queryRawUnsafe<Array<{ orderId: string; seatId: string }>>(
        `UPDATE "Ticket" t SET "status" = 'RELEASED', "updatedAt" = ${at(3)}
         FROM unnest($1::text[], $2::text[]) AS v(order_id, screening_id)
         WHERE t."orderId" = v.order_id AND t."screeningId" = v.screening_id AND t."status" = 'HELD'
         RETURNING t."orderId", t."seatId"`,
        [...wholeOrders.keys()],
        [...wholeOrders.values()],
        nowMs,
      )),
    );
  }
  return released;
}

/**
 * The sale, all or nothing in one statement: the order's tickets on these seats become SOLD only if every seat has
 * a HELD or SOLD ticket of this order (a hold that expired but that nobody took still counts; one released because
 * someone else took the seat does not). Already-SOLD seats make a repeated sale a no-op.
 */
export async function sellHeldTickets(
  sql: Sql,
  screeningId: string,
  orderId: string,
  seatIds: string[],
  nowMs: number,
): Promise<{ complete: boolean; present: string[]; sold: string[] }> {
  const [row] = await sql.$queryRawUnsafe<Array<{ complete: boolean; present: string[] | null; sold: string[] | null }>>(
    `WITH target AS (
       SELECT "id", "seatId", "status" FROM "Ticket"
       WHERE "orderId" = $1 AND "screeningId" = $2 AND "seatId" = ANY($3::text[]) AND "status" IN ('HELD', 'SOLD')
       FOR UPDATE
     ), check_all AS (
       SELECT count(DISTINCT "seatId") = cardinality($3::text[]) AS complete FROM target
     ), sold AS (
       UPDATE "Ticket" t SET "status" = 'SOLD', "updatedAt" = ${at(4)}
       FROM target, check_all
       WHERE t."id" = target."id" AND target."status" = 'HELD' AND check_all.complete
       RETURNING t."seatId"
     )
     SELECT (SELECT complete FROM check_all) AS complete,
            (SELECT array_agg("seatId") FROM target) AS present,
            (SELECT array_agg("seatId") FROM sold) AS sold`,
    orderId,
    screeningId,
    seatIds,
    nowMs,
  );
  return { complete: !!row?.complete, present: row?.present ?? [], sold: row?.sold ?? [] };
}

/**
 * Runs statements for many callers as one: while a statement is in flight, new work queues up and the next
 * statement takes all of it (like PostgreSQL's own group commit). No timer: a lone request goes at once, and under
 * load the batches grow by themselves. If a batched statement fails, each item is retried on its own so that one
 * bad item can't fail the others.
 */
export class Batcher<I, O> {
  private queue: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }> = [];
  private inFlight = 0;
  /** Statements run and items they carried (for the benchmark's report). */
  readonly stats = { statements: 0, items: 0, busyMs: 0 };

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxInFlight: number,
    private readonly maxItems: number,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxItems);
      this.inFlight += 1;
      void this.execute(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async execute(batch: Array<{ item: I; resolve: (o: O) => void; reject: (e: unknown) => void }>) {
    this.stats.statements += 1;
    this.stats.items += batch.length;
    const started = performance.now();
    try {
      const results = await this.run(batch.map((b) => b.item));
      this.stats.busyMs += performance.now() - started;
      batch.forEach((b, i) => b.resolve(results[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      await Promise.all(
        batch.map(async (b) => {
          try {
            const [result] = await this.run([b.item]);
            b.resolve(result!);
          } catch (itemError) {
            b.reject(itemError);
          }
        }),
      );
    }
  }
}
