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
  // Development mailbox: on unless production, or forced either way.
  DEV_MAILBOX: z
    .preprocess(emptyAsUnset, z.enum(["on", "off"]).optional())
    .transform((value) => (value ? value === "on" : undefined)),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  cached ??= envSchema.parse(process.env);
  return cached;
}

export function devMailboxEnabled(): boolean {
  const settings = env();
  return settings.DEV_MAILBOX ?? settings.NODE_ENV !== "production";
}
