// `npm run db:seed` writes demo accounts whose passwords are published in the README, a sandbox-priced programme
// and promo codes. On a production database that is an open door, so the seed refuses there unless told it is meant.

export const SEED_REFUSAL =
  "Refusing to seed: NODE_ENV is production. The seed creates demo accounts (staff and admin included) whose " +
  "passwords are published in the README. If this really is a demo, run `npm run db:seed -- --force` or set SEED_FORCE=1.";

/** Why the seed must not run here, or null when it may. */
export function seedRefusal(runtime: NodeJS.ProcessEnv, argv: readonly string[]): string | null {
  if (runtime.NODE_ENV !== "production") return null;
  if (argv.includes("--force") || runtime.SEED_FORCE === "1") return null;
  return SEED_REFUSAL;
}
