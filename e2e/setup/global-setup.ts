// Runs after the web servers are up (see playwright.config.ts). The database itself comes from scripts/e2e.sh; this
// only makes sure it is the prepared one, so a wrong E2E_DATABASE_URL fails here with a clear message instead of
// as dozens of confusing test failures. It also waits for the local Inngest executor to have synced the app's
// functions: an event sent before that would start no run.
import pg from "pg";
import { demoAccountList } from "../../prisma/seed-data/accounts";

async function waitForInngestSync(timeoutMs = 60_000) {
  const url = process.env.E2E_INNGEST_URL;
  if (!url) throw new Error("E2E_INNGEST_URL is not set: run `npm run test:e2e`.");
  const deadline = Date.now() + timeoutMs;
  let seen = "no answer";
  while (Date.now() < deadline) {
    try {
      const dev = (await (await fetch(`${url}/dev`)).json()) as { functions?: Array<{ id: string }> };
      const ids = (dev.functions ?? []).map((fn) => fn.id);
      if (ids.includes("marquee-payment-saga")) return;
      seen = `functions: ${ids.join(", ") || "none"}`;
    } catch (error) {
      seen = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the local Inngest executor at ${url} did not sync the app's functions in time (${seen}).`);
}

export default async function globalSetup() {
  await waitForInngestSync();
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
