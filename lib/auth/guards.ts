import "server-only";
import { forbidden, redirect } from "next/navigation";
import { getAppSession } from "@/lib/auth/next-auth";
import { type AppSession, hasRole, type Role } from "@/server/accounts/roles";

/**
 * For pages: signed-out visitors go to sign-in and come back afterwards; signed-in users without the role get 403.
 * The tRPC procedures the page calls check again on their own — this only decides what the page shows.
 */
export async function requirePageRole(role: Role, returnTo: string): Promise<AppSession> {
  const session = await getAppSession();
  if (!session) redirect(`/sign-in?callbackUrl=${encodeURIComponent(returnTo)}`);
  if (!hasRole(session.user, role)) forbidden();
  return session;
}
