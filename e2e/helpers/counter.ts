// The box office's counter: a demo account's open shift straight into the database (the Shift screen belongs to
// another spec), so a sale can be made at once.
import pg from "pg";

/** Opens a shift for the account at its home cinema's till (once: an open shift is reused). */
export async function openShiftFor(email: string, tillName: "Till 1" | "Till 2"): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run `npm run test:e2e`.");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Shift" ("id", "tillId", "cinemaId", "staffId", "currency", "floatAmount", "updatedAt")
       SELECT 'e2e_shift_' || md5(random()::text), t."id", t."cinemaId", u."id", c."currency", 10000, now()
         FROM "User" u JOIN "Till" t ON t."cinemaId" = u."homeCinemaId" AND t."name" = $2 JOIN "Cinema" c ON c."id" = t."cinemaId"
        WHERE u."email" = $1
          AND NOT EXISTS (SELECT 1 FROM "Shift" s WHERE s."status" = 'OPEN' AND (s."staffId" = u."id" OR s."tillId" = t."id"))`,
      [email, tillName],
    );
  } finally {
    await client.end();
  }
}
