// Users straight into the database, for tests that need someone signed in rather than the sign-up flow itself.
import { randomBytes } from "node:crypto";
import { hashPassword } from "@/server/accounts/passwords";
import type { AppSession, Role } from "@/server/accounts/roles";
import type { Database } from "@/server/db/client";

export function uniqueTestEmail(prefix = "user"): string {
  return `${prefix}-${randomBytes(6).toString("hex")}@test.marquee.local`.toLowerCase();
}

export async function createTestUser(
  services: { db: Database },
  options: { role?: Role; email?: string; password?: string; name?: string; verified?: boolean } = {},
) {
  const role = options.role ?? "CUSTOMER";
  const email = (options.email ?? uniqueTestEmail(role.toLowerCase())).toLowerCase();
  const password = options.password ?? "correct horse battery staple";
  const user = await services.db.user.create({
    data: {
      email,
      name: options.name ?? `Test ${role.toLowerCase()}`,
      // Cost 4 instead of the app's cost: hashing speed is not what these tests are about.
      passwordHash: await hashPassword(password, 4),
      role,
      emailVerifiedAt: options.verified === false ? null : new Date(),
    },
  });
  const session: AppSession = { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
  return { user, password, session };
}
