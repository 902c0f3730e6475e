import { createDatabase } from "@/server/db/client";
import { demoAccountList } from "./seed-data/accounts";
import { seedRefusal } from "./seed-data/guard";
import { seedDatabase } from "./seed-data/seed";

// `npm run db:seed`: demo data for local development. Safe to re-run; see prisma/seed-data/seed.ts.

async function main() {
  const refusal = seedRefusal(process.env, process.argv.slice(2));
  if (refusal) {
    console.error(refusal);
    process.exitCode = 1;
    return;
  }
  if (process.env.NODE_ENV === "production") console.warn("Seeding a production database (forced). Existing accounts keep their passwords.");
  const db = createDatabase();
  const started = Date.now();
  try {
    const summary = await seedDatabase(db, { log: (message) => console.log(`  ${message}`) });
    const { totals, created } = summary;
    console.log(`Seeded Marquee for ${summary.today} in ${Date.now() - started} ms`);
    console.log(
      `  ${totals.cinemas} cinemas, ${totals.halls} halls, ${totals.seats} seats (${created.seats} new), ` +
        `${totals.films} films, ${totals.pricePlans} price plans`,
    );
    console.log(
      `  ${totals.screenings} screenings (${created.screenings} new, ${summary.screeningsSkipped} already there), ` +
        `${totals.users} users, ${totals.reviews} reviews, ${totals.adverts} adverts, ` +
        `${totals.announcements} announcements, ${totals.promoCodes} promo codes`,
    );
    console.log("Demo sign-ins:");
    for (const account of demoAccountList) {
      console.log(`  ${account.role.padEnd(8)} ${account.email} / ${account.password}`);
    }
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
