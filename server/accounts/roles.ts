// Who may do what. The roles are Prisma's enum (the database's), ranked so that each role can do everything the
// roles below it can. Sessions carry this shape whatever produces them (Auth.js in the app, a fixture in tests).
import { Role } from "@/server/db/generated/enums";

export { Role };

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AppSession {
  user: SessionUser;
}

const roleRank: Record<Role, number> = { CUSTOMER: 0, STAFF: 1, MANAGER: 2, ADMIN: 3 };

// Admins can do everything managers can, managers everything staff can, staff everything a customer can.
export function hasRole(user: Pick<SessionUser, "role"> | null | undefined, atLeast: Role): boolean {
  return !!user && roleRank[user.role] >= roleRank[atLeast];
}
