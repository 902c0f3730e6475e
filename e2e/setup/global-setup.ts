// Runs after the web server is up (see playwright.config.ts). The database itself comes from scripts/e2e.sh; this
// only makes sure it is the prepared one, so a wrong E2E_DATABASE_URL fails here with a clear message instead of
// as dozens of confusing test failures.
import pg from "pg";
import { demoAccountList } from "../../prisma/seed-data/accounts";

export default async function globalSetup() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run `npm run test:e2e`.");
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const emails = demoAccountList.map((account) => account.email);
    const { rows } = await client.query<{ email: string }>('SELECT email FROM "User" WHERE email = ANY($1)', [emails]);
    const missing = emails.filter((email) => !rows.some((row) => row.email === email));
    if (missing.length) {
      throw new Error(`the end-to-end database is not seeded (missing ${missing.join(", ")}); run \`npm run test:e2e\`.`);
    }
  } finally {
    await client.end();
  }
}
