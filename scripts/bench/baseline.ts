// The benchmark's baseline: seat holds with PostgreSQL alone, the way you would write them without Redis. A hold
// locks the requested Seat rows (SELECT … FOR UPDATE, in id order so that two holds can't deadlock), checks that no
// live ticket exists for them and that none is blocked, and inserts HELD tickets, in one transaction. It enforces
// fewer rules than the engine (no per-order limit, companion or gap checks), which only favours it. The partial
// unique index stays in place, so it can't oversell either.
import { randomBytes } from "node:crypto";
import pg from "pg";

export interface BaselineHoldResult {
  ok: boolean;
  /** Seats found taken (on refusal). */
  taken: string[];
}

export function createBaseline(connectionString: string, poolSize: number) {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  const at = (param: number) => `(to_timestamp($${param}::float8 / 1000.0) AT TIME ZONE 'UTC')`;

  return {
    async hold(input: { screeningId: string; orderId: string; seatIds: string[]; holdSeconds: number }): Promise<BaselineHoldResult> {
      const client = await pool.connect();
      const nowMs = Date.now();
      try {
        await client.query("BEGIN");
        const seats = await client.query<{ id: string; blocked: boolean }>(
          `SELECT "id", "blocked" FROM "Seat" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR UPDATE`,
          [input.seatIds],
        );
        const live = await client.query<{ seatId: string; expired: boolean }>(
          `SELECT "seatId", ("status" = 'HELD' AND "holdExpiresAt" <= ${at(3)}) AS expired FROM "Ticket"
           WHERE "screeningId" = $1 AND "seatId" = ANY($2::text[]) AND "status" IN ('HELD', 'SOLD')`,
          [input.screeningId, input.seatIds, nowMs],
        );
        const unavailable = [
          ...live.rows.filter((r) => !r.expired).map((r) => r.seatId),
          ...seats.rows.filter((s) => s.blocked).map((s) => s.id),
        ];
        if (unavailable.length > 0 || seats.rows.length !== input.seatIds.length) {
          await client.query("ROLLBACK");
          return { ok: false, taken: unavailable };
        }
        // Holds that ran out are still HELD rows: release them (only when there are any) so the insert can go in.
        if (live.rows.length > 0) {
          await client.query(
            `UPDATE "Ticket" SET "status" = 'RELEASED', "updatedAt" = ${at(3)}
             WHERE "screeningId" = $1 AND "seatId" = ANY($2::text[]) AND "status" = 'HELD' AND "holdExpiresAt" <= ${at(3)}`,
            [input.screeningId, input.seatIds, nowMs],
          );
        }
        await client.query(
          `INSERT INTO "Ticket" ("id", "orderId", "screeningId", "seatId", "ticketType", "currency", "priceAmount", "status",
                                 "holdExpiresAt", "code", "createdAt", "updatedAt")
           SELECT v.id, $1, $2, v.seat_id, 'ADULT', 'GBP', 1200, 'HELD', ${at(5)}, v.code, ${at(6)}, ${at(6)}
           FROM unnest($3::text[], $4::text[], $7::text[]) AS v(id, seat_id, code)`,
          [
            input.orderId,
            input.screeningId,
            input.seatIds.map(() => `b${randomBytes(12).toString("hex")}`),
            input.seatIds,
            nowMs + input.holdSeconds * 1000,
            nowMs,
            input.seatIds.map(() => randomBytes(15).toString("base64url")),
          ],
        );
        await client.query("COMMIT");
        return { ok: true, taken: [] };
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    async release(input: { screeningId: string; orderId: string; seatIds: string[] }): Promise<void> {
      await pool.query(
        `UPDATE "Ticket" SET "status" = 'RELEASED', "updatedAt" = now()
         WHERE "orderId" = $1 AND "screeningId" = $2 AND "seatId" = ANY($3::text[]) AND "status" = 'HELD'`,
        [input.orderId, input.screeningId, input.seatIds],
      );
    },

    async sell(input: { screeningId: string; orderId: string; seatIds: string[] }): Promise<boolean> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const sold = await client.query(
          `UPDATE "Ticket" SET "status" = 'SOLD', "updatedAt" = now()
           WHERE "orderId" = $1 AND "screeningId" = $2 AND "seatId" = ANY($3::text[]) AND "status" = 'HELD'`,
          [input.orderId, input.screeningId, input.seatIds],
        );
        if (sold.rowCount !== input.seatIds.length) {
          await client.query("ROLLBACK");
          return false;
        }
        await client.query("COMMIT");
        return true;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        client.release();
      }
    },

    end: () => pool.end(),
  };
}

export type Baseline = ReturnType<typeof createBaseline>;
