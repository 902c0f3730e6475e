// Every rate limit Marquee applies, by name, with whose attempts it counts. Call sites name a limit and nothing else:
// tRPC procedures through the `rateLimited(...)` middleware (server/api/trpc.ts), the accounts service for limits
// keyed by the account in the request.
import { env } from "@/server/config/env";

// With Redis down no attempt can be counted, and every limit fails closed (SERVICE_UNAVAILABLE): each one's reason
// is in README.md's table. A limit that should let attempts through uncounted needs a case there and in index.ts.
export interface RateLimitRule {
  limit: number;
  windowSeconds: number;
}

/**
 * Whose attempts a limit counts: the client address, the account named in the request (`…PerAccountAndIp`: that
 * account from one address, subject `accountAndIpSubject(email, ip)`), or the seat holder.
 */
export type RateLimitSubject = "ip" | "account" | "holder";

// Sign-in and code requests are limited per client address, and per account *and* address: a stranger's wrong
// passwords or code requests use up their own allowance for that account, never its owner's. Sign-in also has a
// per-account ceiling far above anything a person reaches, so guesses spread over many addresses still stop; code
// requests need none, since an account is sent at most one code per purpose a minute (the resend cooldown) whoever asks.
export const rateLimits = {
  signInPerIp: { limit: 20, windowSeconds: 15 * 60 },
  signInPerAccountAndIp: { limit: 8, windowSeconds: 15 * 60 },
  signInPerAccount: { limit: 100, windowSeconds: 15 * 60 },
  signUpPerIp: { limit: 10, windowSeconds: 60 * 60 },
  codeRequestPerIp: { limit: 20, windowSeconds: 60 * 60 },
  codeRequestPerAccountAndIp: { limit: 5, windowSeconds: 60 * 60 },
  codeAttemptPerIp: { limit: 30, windowSeconds: 15 * 60 },
  // Pricing a promo code (a quote or a checkout that names one): every answer says whether the code exists, so these
  // are guesses, counted per address and per seat holder whatever the answer, unknown codes included. A customer
  // applying a code and then changing ticket types uses a handful; a script guessing codes is stopped early.
  promoGuessPerIp: { limit: 30, windowSeconds: 10 * 60 },
  promoGuessPerHolder: { limit: 15, windowSeconds: 10 * 60 },
  // A manager PIN has 10,000 values: a clerk gets a few wrong tries, not a sweep.
  managerPinPerStaff: { limit: 5, windowSeconds: 15 * 60 },
} satisfies Record<string, RateLimitRule>;

// Seat holds: generous for a person clicking seats, tight for a script sweeping a screening. Deployments behind one
// shared address (a box office LAN, a load test) raise them through the environment, read when the limit is applied.
const configuredLimits = {
  holdPerHolder: () => ({ limit: env().HOLD_RATE_LIMIT_PER_MINUTE, windowSeconds: 60 }),
  holdPerIp: () => ({ limit: env().HOLD_RATE_LIMIT_PER_IP_PER_MINUTE, windowSeconds: 60 }),
  // Each checkout creates a payment at the provider: plenty for a person retrying (30 by default), tight for a script.
  checkoutPerIp: () => ({ limit: env().CHECKOUT_RATE_LIMIT_PER_IP_PER_10_MINUTES, windowSeconds: 10 * 60 }),
} satisfies Record<string, () => RateLimitRule>;

export type RateLimitName = keyof typeof rateLimits | keyof typeof configuredLimits;

export const rateLimitSubjects: Record<RateLimitName, RateLimitSubject> = {
  signInPerIp: "ip",
  signInPerAccountAndIp: "account",
  signInPerAccount: "account",
  signUpPerIp: "ip",
  codeRequestPerIp: "ip",
  codeRequestPerAccountAndIp: "account",
  codeAttemptPerIp: "ip",
  checkoutPerIp: "ip",
  promoGuessPerIp: "ip",
  promoGuessPerHolder: "holder",
  managerPinPerStaff: "account",
  holdPerHolder: "holder",
  holdPerIp: "ip",
};

export function rateLimitRule(name: RateLimitName): RateLimitRule {
  return name in configuredLimits ? configuredLimits[name as keyof typeof configuredLimits]() : rateLimits[name as keyof typeof rateLimits];
}

/** The subject of a `…PerAccountAndIp` limit. */
export const accountAndIpSubject = (account: string, ip: string) => `${account}|${ip}`;
