// Reading the end-to-end database for the find-a-booking specs: which screening an exchange can go to. Only for
// setting the scene; what a test checks goes through the app.
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
