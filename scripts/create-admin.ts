// `npm run admin:create -- --name "Ada Admin" --email ada@example.com`: a fresh install's first admin. Invites them
// like an admin adds staff (an email with a link to set a password; without RESEND_API_KEY it lands in the
// development mailbox at /dev/mailbox). Refused once an enabled admin exists: admins add people at /admin/people.
import { parseArgs } from "node:util";
import { createDatabase } from "@/server/db/client";
import { isAppError } from "@/server/errors";
import { createRedis } from "@/server/redis/client";
import { createServices } from "@/server/services";

async function main() {
  const { values } = parseArgs({ options: { name: { type: "string" }, email: { type: "string" } } });
  if (!values.name || !values.email) {
    console.error('Usage: npm run admin:create -- --name "Ada Admin" --email ada@example.com');
    process.exitCode = 2;
    return;
  }
  const db = createDatabase();
  const redis = createRedis();
  try {
    const services = createServices({ db, redis });
    const { emailSent } = await services.accounts.createFirstAdmin({ name: values.name, email: values.email });
    console.log(
      emailSent
        ? `Invited ${values.email} as the first admin: the email has a link to set a password.`
        : `Created ${values.email} as the first admin, but the invitation email was not delivered: use "Forgot your password?" on the sign-in page.`,
    );
  } catch (error) {
    if (!isAppError(error)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  } finally {
    await db.$disconnect();
    redis.disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
