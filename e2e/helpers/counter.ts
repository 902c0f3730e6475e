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

/** A product on sale with stock at the account's home cinema (the concessions admin is another spec's). */
export async function stockProductFor(email: string, product: { name: string; priceAmount: number; quantity: number }): Promise<void> {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run `npm run test:e2e`.");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const id = `e2e_product_${Date.now().toString(36)}`;
    await client.query(
      `INSERT INTO "Product" ("id", "name", "category", "currency", "priceAmount", "sortOrder", "updatedAt")
       VALUES ($1, $2, 'Popcorn', 'GBP', $3, -1, now())`,
      [id, product.name, product.priceAmount],
    );
    await client.query(
      `INSERT INTO "ProductStock" ("productId", "cinemaId", "quantity", "updatedAt")
       SELECT $1, u."homeCinemaId", $3, now() FROM "User" u WHERE u."email" = $2`,
      [id, email, product.quantity],
    );
  } finally {
    await client.end();
  }
}
