// The server secret: signs Auth.js session tokens and peppers the hashes of emailed codes. Read from AUTH_SECRET.
// Without it, development and tests fall back to a fixed value so a fresh clone runs with no configuration; a
// production server refuses to run, since a guessable secret lets anyone forge sessions.

const DEVELOPMENT_FALLBACK_SECRET = "marquee-development-secret-never-use-in-production";

// Every route bundle gets its own copy of this module; a flag on globalThis warns once per process.
const warnings = globalThis as unknown as { marqueeAuthSecretWarned?: boolean };

export class MissingAuthSecretError extends Error {
  constructor() {
    super("AUTH_SECRET is not set. Generate one with `openssl rand -base64 32` and set it before starting Marquee.");
    this.name = "MissingAuthSecretError";
  }
}

export function authSecret(): string {
  const configured = process.env.AUTH_SECRET;
  if (configured) return configured;
  // `next build` runs with NODE_ENV=production and evaluates server modules; the secret is only needed to serve.
  const building = process.env.NEXT_PHASE === "phase-production-build";
  if (process.env.NODE_ENV === "production" && !building) throw new MissingAuthSecretError();
  if (!warnings.marqueeAuthSecretWarned && process.env.NODE_ENV !== "test" && !building) {
    warnings.marqueeAuthSecretWarned = true;
    console.warn("[auth] AUTH_SECRET is not set: using the fixed development secret. Never run like this in production.");
  }
  return DEVELOPMENT_FALLBACK_SECRET;
}
