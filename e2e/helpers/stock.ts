// The staff stock screen's scene: a product of its own at the account's home cinema, and a paid web order of that
// product waiting at the counter (the web checkout itself is the concessions admin spec's). Only for setting the scene.
import { randomBytes } from "node:crypto";
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

/** A product with `quantity` on the shelf at the account's home cinema; its id. */
export async function shelveProductFor(email: string, product: { name: string; quantity: number }): Promise<string> {
  const id = `e2e_stock_${randomBytes(6).toString("hex")}`;
  await withClient(async (client) => {
    await client.query(
      `INSERT INTO "Product" ("id", "name", "category", "currency", "priceAmount", "sortOrder", "updatedAt")
       VALUES ($1, $2, 'Snacks', 'GBP', 350, 0, now())`,
      [id, product.name],
    );
    await client.query(
      `INSERT INTO "ProductStock" ("productId", "cinemaId", "quantity", "updatedAt")
       SELECT $1, u."homeCinemaId", $3, now() FROM "User" u WHERE u."email" = $2`,
      [id, email, product.quantity],
    );
  });
  return id;
}

/** A paid web order of `quantity` of the product at the account's home cinema, not yet collected; its id and reference. */
export async function paidWebOrderOf(email: string, productId: string, quantity: number): Promise<{ id: string; reference: string }> {
  const id = `e2e_order_${randomBytes(6).toString("hex")}`;
  const reference = `S${randomBytes(4).toString("hex").toUpperCase()}`;
  await withClient(async (client) => {
    await client.query(
      `INSERT INTO "Order" ("id", "reference", "cinemaId", "channel", "status", "currency", "subtotalAmount", "totalAmount",
                            "expiresAt", "paidAt", "email", "customerName", "updatedAt")
       SELECT $1, $2, u."homeCinemaId", 'WEB', 'PAID', 'GBP', $3, $3, now() + interval '1 hour', now(),
              'collector@e2e.marquee.local', 'Cleo Collector', now()
         FROM "User" u WHERE u."email" = $4`,
      [id, reference, 350 * quantity, email],
    );
    await client.query(
      `INSERT INTO "OrderItem" ("id", "orderId", "productId", "quantity", "currency", "unitPriceAmount", "status", "updatedAt")
       VALUES ($1, $2, $3, $4, 'GBP', 350, 'SOLD', now())`,
      [`e2e_item_${randomBytes(6).toString("hex")}`, id, productId, quantity],
    );
  });
  return { id, reference };
}
