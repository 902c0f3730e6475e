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
  // Proxies in front of Marquee that append the address they saw to X-Forwarded-For (a load balancer, a CDN): the
  // client address for rate limits is read that many entries from the right, past anything the client wrote itself.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
  // Seat holds: how long seats chosen on the seat map stay held before checkout (checkout extends them).
  SEAT_HOLD_MINUTES: z.coerce.number().int().min(1).max(20).default(8),
  // Booking: how long a customer has to pay once checkout starts, how late before the show a refund is still
  // allowed, and when the reminder email goes out.
  CHECKOUT_MINUTES: z.coerce.number().int().min(1).max(20).default(10),
  REFUND_CUTOFF_MINUTES: z.coerce.number().int().min(0).default(60),
  REMINDER_HOURS_BEFORE: z.coerce.number().positive().default(3),
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

export function paymentsSandboxEnabled(): boolean {
  const settings = env();
  return settings.PAYMENTS_SANDBOX ?? settings.NODE_ENV !== "production";
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
