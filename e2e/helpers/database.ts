// Direct access to the end-to-end database, for states a browser can't produce on demand (a payment provider that
// refused a refund five times). Only for setting the scene: what a test checks goes through the app.
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

/**
 * The booking's customer refund as the automatic retries leave it when the provider kept refusing: FAILED after
 * five attempts, handed to staff (Refund and Order needsAttention).
 */
export async function stallCustomerRefund(reference: string): Promise<void> {
  await withClient(async (client) => {
    const { rows } = await client.query<{ orderId: string; paymentId: string; amount: number; currency: string }>(
      `SELECT o."id" AS "orderId", p."id" AS "paymentId", p."amount", p."currency"
         FROM "Order" o JOIN "Payment" p ON p."orderId" = o."id" AND p."status" = 'SUCCEEDED'
        WHERE o."reference" = $1 AND o."status" = 'PAID'`,
      [reference],
    );
    const paid = rows[0];
    if (!paid) throw new Error(`no paid booking ${reference}`);
    await client.query(
      `INSERT INTO "Refund" ("id", "paymentId", "orderId", "currency", "amount", "reason", "status", "attempts", "needsAttention", "updatedAt")
       VALUES ($1, $2, $3, $4, $5, 'CUSTOMER_REQUEST', 'FAILED', 5, true, now())`,
      [`refund_customer_${paid.orderId}`, paid.paymentId, paid.orderId, paid.currency, paid.amount],
    );
    await client.query(`UPDATE "Order" SET "needsAttention" = true WHERE "id" = $1`, [paid.orderId]);
  });
}
