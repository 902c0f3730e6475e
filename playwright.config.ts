import { defineConfig, devices } from "@playwright/test";

// Playwright starts `webServer` before it runs `globalSetup` (plugins first: see createGlobalSetupTasks in
// playwright/lib/runner), so the database can't be created in globalSetup: `next start` would come up against
// nothing. scripts/e2e.sh (npm run test:e2e) creates, migrates and seeds a throwaway database, builds the app,
// exports its URL and Redis prefix below, runs Playwright and drops both afterwards.
const databaseUrl = process.env.E2E_DATABASE_URL;
const redisKeyPrefix = process.env.E2E_REDIS_KEY_PREFIX;
if (!databaseUrl || !redisKeyPrefix) {
  throw new Error(
    "E2E_DATABASE_URL and E2E_REDIS_KEY_PREFIX are not set. Run the end-to-end tests with `npm run test:e2e` " +
      "(arguments after `--` go to Playwright), which prepares a throwaway database and removes it afterwards.",
  );
}

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;
// The local Inngest executor (tools/inngest-local), as in `npm run demo`: order timeouts, the payment saga, refunds
// and reminders run through it, not through the inline fallbacks used when no workflow engine answers.
const inngestPort = Number(process.env.E2E_INNGEST_PORT ?? port + 1);
const inngestURL = `http://127.0.0.1:${inngestPort}`;
// For e2e/setup/global-setup.ts, which waits until the executor has synced the app's functions.
process.env.E2E_INNGEST_URL = inngestURL;
// The e2e server is a production build: /api/inngest takes only requests signed with this key (inngest/mode.ts), and
// the executor signs with it as Inngest Cloud would.
const inngestSigningKey = `signkey-e2e-${"5e2e".repeat(16)}`;
const inngestData = process.env.E2E_INNGEST_DATA;
if (!inngestData) throw new Error("E2E_INNGEST_DATA is not set. Run the end-to-end tests with `npm run test:e2e`.");

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: true,
  // Two cores: two browsers plus one `next start` is what the machine takes without timing flakes.
  workers: 2,
  // A booking test walks the seat map, checkout, the sandbox's hosted page, a signed webhook and the saga in the
  // local executor, and some then sign staff in; on this two-core machine that alone has taken close to 30 s.
  timeout: 60_000,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  globalSetup: "./e2e/setup/global-setup.ts",
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        // Debian's Chromium: Playwright's own browser downloads are not reachable from these machines.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
          ],
        },
      },
    },
  ],
  webServer: [
    {
      command:
        `node_modules/.bin/tsx tools/inngest-local/cli.ts --port ${inngestPort} --app-url ${baseURL}/api/inngest ` +
        `--data ${inngestData} --sync-interval 5000${process.env.E2E_INNGEST_LOG === "1" ? "" : " --quiet"}`,
      url: `${inngestURL}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: { INNGEST_SIGNING_KEY: inngestSigningKey },
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
    },
    {
      // The production server (scripts/serve.mjs): `next start` plus the socket address rate limits count against.
      command: `node scripts/serve.mjs -p ${port} -H 127.0.0.1`,
      // 200 only once PostgreSQL and Redis both answer; Playwright keeps polling on 503.
      url: `${baseURL}/api/health`,
      // A server already on this port would be talking to some other database.
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 5_000 },
      env: {
        DATABASE_URL: databaseUrl,
        REDIS_KEY_PREFIX: redisKeyPrefix,
        AUTH_SECRET: "marquee-e2e-secret-do-not-use-anywhere-else-0123456789",
        AUTH_TRUST_HOST: "true",
        AUTH_URL: baseURL,
        APP_URL: baseURL,
        NEXT_TELEMETRY_DISABLED: "1",
        DEV_MAILBOX: "on",
        // Whatever a developer keeps in .env, the e2e server only ever uses the development mailbox.
        RESEND_API_KEY: "",
        // The built-in sandbox payment provider, with its delivery worker (instrumentation.ts), is the e2e provider.
        PAYMENTS_SANDBOX: "on",
        // next start is production, which runs the sandbox only when acknowledged (and then shows its banner).
        PAYMENTS_SANDBOX_IN_PRODUCTION: "i-understand",
        SANDBOX_WEBHOOK_SECRET: "marquee-e2e-sandbox-webhook-secret-0123456789",
        SANDBOX_DELAY_SECONDS: "3",
        // Production ignores INNGEST_DEV: cloud mode against the local executor, as against a self-hosted Inngest.
        INNGEST_BASE_URL: inngestURL,
        INNGEST_SIGNING_KEY: inngestSigningKey,
        INNGEST_EVENT_KEY: "e2e",
        // Short enough for e2e/booking.spec.ts to watch an abandoned checkout expire (checkout never shortens a hold,
        // so the seat hold is short too); a payment that still lands after the deadline takes the seats back
        // (payment after expiry), so a slow run can't lose a booking.
        SEAT_HOLD_MINUTES: "1",
        CHECKOUT_MINUTES: "1",
        // Every spec's browser comes from 127.0.0.1, in parallel, and several sign in as the same seeded customer:
        // with the strict defaults (docs/inventory.md, "Seat-holding limits") one spec's holds would refuse
        // another's. The limits themselves are tested in tests/api/seat-hoarding.test.ts.
        SEAT_LIMIT_PER_HOLDER: "1000",
        SEAT_LIMIT_PER_ADDRESS: "10000",
        SEAT_LIMIT_PER_NETWORK: "100000",
        SEAT_LIMIT_PER_SCREENING_PER_ADDRESS: "1000",
      },
    },
  ],
});
