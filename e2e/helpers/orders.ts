// Reading the end-to-end database for the find-a-booking specs: which screening an exchange can go to. Only for
// setting the scene; what a test checks goes through the app.
import { randomBytes } from "node:crypto";
import bcrypt from "bcrypt";
import pg from "pg";

async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run `npm run test:e2e`.");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The next scheduled screening after the booking's own, at the same cinema: where its tickets can be exchanged to. */
export async function laterScreeningFor(reference: string): Promise<string> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT s."id" FROM "Order" o
         JOIN "Screening" own ON own."id" = o."screeningId"
         JOIN "Hall" h ON h."id" = own."hallId"
         JOIN "Screening" s ON s."startsAt" > own."startsAt" AND s."status" = 'SCHEDULED'
         JOIN "Hall" sh ON sh."id" = s."hallId" AND sh."cinemaId" = h."cinemaId"
         JOIN "Film" f ON f."id" = s."filmId" AND f."status" <> 'DRAFT'
        WHERE o."reference" = $1
        ORDER BY s."startsAt" ASC LIMIT 1`,
      [reference],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`no later screening for ${reference}`);
    return id;
  });
}

/**
 * A clerk of their own with an open shift at a till of their own, at the booking's cinema: an exchange that takes
 * money needs one, and the demo staff account's shift belongs to the shift specs. Sign in with the form.
 */
export async function clerkWithOpenShift(reference: string): Promise<{ email: string; password: string }> {
  const email = `clerk-${randomBytes(5).toString("hex")}@e2e.marquee.local`;
  const password = "e2e-clerk-password";
  const passwordHash = await bcrypt.hash(password, 4);
  await withClient(async (client) => {
    const { rows } = await client.query<{ cinemaId: string }>(`SELECT "cinemaId" FROM "Order" WHERE "reference" = $1`, [reference]);
    const cinemaId = rows[0]?.cinemaId;
    if (!cinemaId) throw new Error(`no booking ${reference}`);
    const userId = `e2e_${randomBytes(8).toString("hex")}`;
    const tillId = `e2e_${randomBytes(8).toString("hex")}`;
    await client.query(
      `INSERT INTO "User" ("id", "email", "name", "passwordHash", "role", "emailVerifiedAt", "homeCinemaId", "updatedAt")
       VALUES ($1, $2, 'Casey Clerk', $3, 'STAFF', now(), $4, now())`,
      [userId, email, passwordHash, cinemaId],
    );
    await client.query(`INSERT INTO "Till" ("id", "cinemaId", "name") VALUES ($1, $2, $3)`, [tillId, cinemaId, `E2E till ${tillId.slice(-4)}`]);
    await client.query(
      `INSERT INTO "Shift" ("id", "tillId", "cinemaId", "staffId", "currency", "floatAmount", "updatedAt")
       VALUES ($1, $2, $3, $4, 'GBP', 10000, now())`,
      [`e2e_${randomBytes(8).toString("hex")}`, tillId, cinemaId, userId],
    );
  });
  return { email, password };
}

/** A later screening in the same hall with the same prices and format: an exchange that costs the customer no more. */
export async function samePriceLaterScreeningFor(reference: string): Promise<string> {
  return withClient(async (client) => {
    const { rows } = await client.query<{ id: string }>(
      `SELECT s."id" FROM "Order" o
         JOIN "Screening" own ON own."id" = o."screeningId"
         JOIN "Screening" s ON s."hallId" = own."hallId" AND s."pricePlanId" = own."pricePlanId" AND s."format" = own."format"
                            AND s."startsAt" > own."startsAt" AND s."status" = 'SCHEDULED'
         JOIN "Film" f ON f."id" = s."filmId" AND f."status" = 'PUBLISHED'
        WHERE o."reference" = $1 AND s."startsAt" < now() + interval '13 days'
        ORDER BY s."startsAt" ASC LIMIT 1`,
      [reference],
    );
    const id = rows[0]?.id;
    if (!id) throw new Error(`no same-price later screening for ${reference}`);
    return id;
  });
}
