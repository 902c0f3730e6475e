import { z } from "zod";

// Every setting has a safe local default so that a fresh clone runs with no .env at all; production overrides them.
// An empty variable (`RESEND_API_KEY=`) means "not set", so a test runner can switch a setting off explicitly.
const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/marquee"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  // Every Redis key the app writes starts with this, so that several apps or test runs can share one Redis.
  REDIS_KEY_PREFIX: z.string().min(1).default("marquee:"),
  APP_URL: z.string().url().default("http://localhost:3000"),
  RESEND_API_KEY: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  MAIL_FROM: z.string().min(3).default("Marquee <tickets@marquee.local>"),
  HOLD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(60),
  HOLD_RATE_LIMIT_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(600),
  // Checkouts one address may start per 10 minutes (each creates a payment at the provider). Raise it only where many
  // customers share one address (a load test: bench:http's TTMS scenario sends everything from 127.0.0.1).
  CHECKOUT_RATE_LIMIT_PER_IP_PER_10_MINUTES: z.coerce.number().int().positive().default(30),
  // Proxies in front of Marquee that append the address they saw to X-Forwarded-For (a load balancer, a CDN): the
  // client address for rate limits is read that many entries from the right, past anything the client wrote itself.
  // 0 (nothing in front): the socket's address, and X-Forwarded-For is ignored (server/rate-limit/client-address.ts).
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Seat holds: how long seats chosen on the seat map stay held before checkout (checkout extends them to
  // CHECKOUT_MINUTES). Shorter than checkout on purpose: a basket nobody takes to checkout gives its seats back soon.
  SEAT_HOLD_MINUTES: z.coerce.number().int().min(1).max(20).default(5),
  // How many seats one web client may hold at once across the programme (docs/inventory.md, "Seat-holding limits"):
  // per holder (guest cookie or account), per client address, per /24 (IPv4) or /64 (IPv6) network, and per
  // screening per address. The box office and staff are exempt.
  SEAT_LIMIT_PER_HOLDER: z.coerce.number().int().min(1).max(1_000_000).default(10),
  SEAT_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(12),
  SEAT_LIMIT_PER_NETWORK: z.coerce.number().int().min(1).max(1_000_000).default(40),
  SEAT_LIMIT_PER_SCREENING_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(10),
  // Booking: how long a customer has to pay once checkout starts, how late before the show a refund is still
  // allowed, and when the reminder email goes out.
  CHECKOUT_MINUTES: z.coerce.number().int().min(1).max(20).default(10),
  REFUND_CUTOFF_MINUTES: z.coerce.number().int().min(0).default(60),
  REMINDER_HOURS_BEFORE: z.coerce.number().positive().default(3),
  // Reconciliation from inside the app (server/recovery): at most one run per this many seconds across every process
  // (a Redis lock makes them take turns); 0 turns the timer off (the workflow engine's nightly run remains).
  RECOVERY_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(180),
  // How long the public programme's page data stays in the Redis cache (server/catalogue/cache.ts). Admin changes
  // invalidate it at once; this bounds how late the listings follow the clock (a screening leaving them once it has
  // started). 0 turns the cache off.
  CATALOGUE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  // Development mailbox: on unless production, or forced either way.
  DEV_MAILBOX: z
    .preprocess(emptyAsUnset, z.enum(["on", "off"]).optional())
    .transform((value) => (value ? value === "on" : undefined)),
  // The built-in test payment provider (docs/payments.md): on unless production, or forced either way.
  PAYMENTS_SANDBOX: z
    .preprocess(emptyAsUnset, z.enum(["on", "off"]).optional())
    .transform((value) => (value ? value === "on" : undefined)),
  // Signs the sandbox's webhooks. Outside production a fixed development value is used when it is unset.
  SANDBOX_WEBHOOK_SECRET: z.preprocess(emptyAsUnset, z.string().min(16).optional()),
  // How long "Approve after a delay" on the sandbox payment page holds the success webhook back.
  SANDBOX_DELAY_SECONDS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(3600).default(10)),
  // Which provider new checkouts use (docs/payments.md). Unset: stripe when STRIPE_SECRET_KEY is set, else sandbox.
  PAYMENTS_PROVIDER: z.preprocess(emptyAsUnset, z.enum(["sandbox", "stripe"]).optional()),
  // The sandbox takes no money, so production refuses to start with it on unless this is "i-understand"
  // (a demo install); every page then carries a "test payments" banner.
  PAYMENTS_SANDBOX_IN_PRODUCTION: z.preprocess(emptyAsUnset, z.string().optional()),
  // Stripe (server/payments/stripe): the secret API key (sk_live_… or sk_test_…) and the webhook endpoint's signing
  // secret (whsec_…). The API host/port/protocol are for tests, which point the client at a local stand-in.
  STRIPE_SECRET_KEY: z.preprocess(emptyAsUnset, z.string().min(8).optional()),
  STRIPE_WEBHOOK_SECRET: z.preprocess(emptyAsUnset, z.string().min(8).optional()),
  STRIPE_API_HOST: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  STRIPE_API_PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1).max(65535).optional()),
  STRIPE_API_PROTOCOL: z.preprocess(emptyAsUnset, z.enum(["http", "https"]).optional()),
  // Uploaded images (server/media/README.md). PostgreSQL by default; "s3" stores them in an S3-compatible bucket.
  MEDIA_STORAGE: z.preprocess(emptyAsUnset, z.enum(["postgres", "s3"]).default("postgres")),
  // Largest upload accepted, in bytes (refused before it is decoded).
  MEDIA_MAX_UPLOAD_BYTES: z.preprocess(emptyAsUnset, z.coerce.number().int().min(1024).max(100_000_000).default(10_000_000)),
  // Where browsers fetch media from when it isn't this app's /media route: a public bucket or a CDN in front of it.
  MEDIA_PUBLIC_URL: z.preprocess(emptyAsUnset, z.string().url().optional()),
  S3_ENDPOINT: z.preprocess(emptyAsUnset, z.string().url().optional()),
  S3_BUCKET: z.preprocess(emptyAsUnset, z.string().min(3).optional()),
  S3_REGION: z.preprocess(emptyAsUnset, z.string().min(1).default("us-east-1")),
  S3_ACCESS_KEY_ID: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
  S3_SECRET_ACCESS_KEY: z.preprocess(emptyAsUnset, z.string().min(1).optional()),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= envSchema.parse(process.env);
  return cached;
}

const LOOPBACK_HOSTNAMES = new Set(["localhost", "127.0.0.1", "::1"]);

/** A Host header's or URL's host ("localhost:3000", "[::1]:3000", "127.0.0.1") names this machine. */
export function isLoopbackHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const trimmed = host.trim().toLowerCase();
  const name = trimmed.startsWith("[") ? trimmed.slice(1, trimmed.indexOf("]")) : trimmed.replace(/:\d+$/, "");
  return LOOPBACK_HOSTNAMES.has(name);
}

/**
 * Whether mail is kept in the development mailbox when there is no Resend key: on unless production, or forced with
 * DEV_MAILBOX. Production keeps it only for an app on loopback (`npm run demo`): elsewhere nobody could read it there,
 * and the mailer says mail is not configured instead of dropping messages into it.
 */
export function devMailboxEnabled(settings: Pick<Env, "DEV_MAILBOX" | "NODE_ENV" | "APP_URL"> = env()): boolean {
  const wanted = settings.DEV_MAILBOX ?? settings.NODE_ENV !== "production";
  return wanted && (settings.NODE_ENV !== "production" || isLoopbackHost(new URL(settings.APP_URL).host));
}

/**
 * Whether /dev/mailbox may answer this request. It shows codes and links meant for someone else, so only when the
 * mailbox is on, the app's own URL is on loopback, and the request came to a loopback host (Host, and
 * X-Forwarded-Host if a proxy set one): a demo reached over the network, or a server whose APP_URL is public, gets 404.
 */
export function devMailboxServes(
  requestHeaders: Pick<Headers, "get">,
  settings: Pick<Env, "DEV_MAILBOX" | "NODE_ENV" | "APP_URL"> = env(),
): boolean {
  if (!devMailboxEnabled(settings) || !isLoopbackHost(new URL(settings.APP_URL).host)) return false;
  const forwarded = requestHeaders.get("x-forwarded-host");
  return isLoopbackHost(requestHeaders.get("host")) && (forwarded === null || isLoopbackHost(forwarded));
}

/** The provider new checkouts use. */
export function paymentsProvider(settings: Env = env()): "sandbox" | "stripe" {
  return settings.PAYMENTS_PROVIDER ?? (settings.STRIPE_SECRET_KEY ? "stripe" : "sandbox");
}

/** Whether the sandbox provider (its hosted page, webhooks and worker) runs: forced, or the checkout provider, or not production. */
export function paymentsSandboxEnabled(settings: Env = env()): boolean {
  return settings.PAYMENTS_SANDBOX ?? (settings.NODE_ENV !== "production" || paymentsProvider(settings) === "sandbox");
}

/** The value PAYMENTS_SANDBOX_IN_PRODUCTION must have for production to run with the sandbox on. */
export const SANDBOX_ACKNOWLEDGEMENT = "i-understand";

/** Production with the sandbox on (acknowledged, or it would not have started): pages say no real money is taken. */
export function testPaymentsBannerShown(settings: Env = env()): boolean {
  return settings.NODE_ENV === "production" && paymentsSandboxEnabled(settings);
}

/**
 * What is wrong with the payment settings, in words an operator can act on; empty when the app may start. Production
 * must take real money (Stripe with both its secrets) unless the sandbox is acknowledged explicitly.
 */
export function paymentsConfigurationProblems(settings: Env = env()): string[] {
  const problems: string[] = [];
  const provider = paymentsProvider(settings);
  const production = settings.NODE_ENV === "production";
  if (provider === "stripe") {
    const missing = (["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"] as const).filter((name) => !settings[name]);
    if (missing.length) problems.push(`PAYMENTS_PROVIDER=stripe needs ${missing.join(" and ")} (from the Stripe dashboard).`);
  }
  const sandbox = paymentsSandboxEnabled(settings);
  if (provider === "sandbox" && !sandbox) {
    problems.push("PAYMENTS_PROVIDER=sandbox needs the sandbox on, but PAYMENTS_SANDBOX=off: no checkout could be paid.");
  }
  if (production && sandbox && settings.PAYMENTS_SANDBOX_IN_PRODUCTION !== SANDBOX_ACKNOWLEDGEMENT) {
    problems.push(
      "Production would take payments with the sandbox, which takes no real money. Configure Stripe " +
        "(PAYMENTS_PROVIDER=stripe, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET) and leave PAYMENTS_SANDBOX unset, or, for " +
        `a demo only, set PAYMENTS_SANDBOX_IN_PRODUCTION=${SANDBOX_ACKNOWLEDGEMENT} (every page then says "Test payments").`,
    );
  } else if (production && sandbox && !settings.SANDBOX_WEBHOOK_SECRET) {
    problems.push("SANDBOX_WEBHOOK_SECRET must be set when the payment sandbox is on in production.");
  }
  return problems;
}

/** Start-up check (instrumentation.ts): throws with every problem at once, so the process refuses to start. */
export function assertPaymentsConfiguration(settings: Env = env()): void {
  const problems = paymentsConfigurationProblems(settings);
  if (problems.length) throw new Error(`Marquee refuses to start: payments are misconfigured.\n- ${problems.join("\n- ")}`);
}

/** Parses settings from a given environment (start-up checks and their tests), without touching the cached env(). */
export function parseEnv(source: Record<string, string | undefined>): Env {
  return envSchema.parse(source);
}

// Public on purpose: anyone holding it can forge sandbox webhooks, which only matters where the sandbox takes money
// for real tickets, i.e. production, where it must be set explicitly.
const DEVELOPMENT_SANDBOX_WEBHOOK_SECRET = "marquee-sandbox-development-webhook-secret";

export function sandboxWebhookSecret(): string {
  const settings = env();
  if (settings.SANDBOX_WEBHOOK_SECRET) return settings.SANDBOX_WEBHOOK_SECRET;
  if (settings.NODE_ENV === "production") {
    throw new Error("SANDBOX_WEBHOOK_SECRET must be set when the payment sandbox is on in production (PAYMENTS_SANDBOX=on).");
  }
  return DEVELOPMENT_SANDBOX_WEBHOOK_SECRET;
}
