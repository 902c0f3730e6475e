// The session as the rest of the app sees it: who is signed in and with which role. next-auth produces it
// (server/auth/next-auth.ts); tRPC procedures and pages only ever read this shape.
export type Role = "CUSTOMER" | "STAFF" | "ADMIN";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface AppSession {
  user: SessionUser;
}

const roleRank: Record<Role, number> = { CUSTOMER: 0, STAFF: 1, ADMIN: 2 };

// Admins can do everything staff can; staff everything a customer can.
export function hasRole(user: Pick<SessionUser, "role"> | null | undefined, atLeast: Role): boolean {
  return !!user && roleRank[user.role] >= roleRank[atLeast];
}
