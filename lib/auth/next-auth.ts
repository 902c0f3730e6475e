// Auth.js (next-auth v5): email + password through the Credentials provider, sessions as signed JWT cookies.
// A JWT can't be revoked, so each token carries the user's sessionVersion and every read compares it with the
// database (through a Redis cache those changes invalidate): "sign out everywhere", a password reset, a role change
// or disabling the account bumps the version and ends older sessions on their next request (and a disabled account's
// session is refused even if it somehow matched).
import NextAuth, { CredentialsSignin, type NextAuthConfig, type Session } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { cache } from "react";
import { SIGN_IN_REFUSAL } from "@/server/accounts";
import { authSecret } from "@/server/config/secret";
import type { AppSession, Role } from "@/server/accounts/roles";
import { appErrorOrOutage, outageSummary } from "@/server/errors";
import { clientAddress } from "@/server/rate-limit/client-address";
import { services } from "@/server/services";
import { hasSessionCookie } from "./session-cookie";

export type SignInRefusalCode = "invalid_credentials" | "email_not_verified" | "account_disabled" | "rate_limited" | "unavailable";

/** What a sign-in during a PostgreSQL or Redis outage is told, rather than "wrong password". */
export const SIGN_IN_UNAVAILABLE_MESSAGE = "Signing in is temporarily unavailable. Nothing is wrong with your details: try again in a minute.";

/**
 * Why a sign-in was refused. `code` is what the sign-in form tells apart; it is also put in the URL when sign-in
 * goes through /api/auth directly, so it names the kind of refusal and nothing more.
 */
export class SignInRefused extends CredentialsSignin {
  constructor(
    readonly code: SignInRefusalCode,
    readonly userMessage: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(userMessage);
  }
}

interface MarqueeToken {
  userId?: string;
  role?: Role;
  sessionVersion?: number;
}

declare module "next-auth" {
  interface User {
    role?: Role;
    sessionVersion?: number;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role };
  }
}


const config = {
  secret: authSecret(),
  // Marquee runs behind its own proxy (or none); Auth.js otherwise rejects hosts it wasn't told about in production.
  trustHost: true,
  session: { strategy: "jwt", maxAge: 30 * 24 * 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        try {
          const user = await services().accounts.authenticate(
            { email: credentials.email, password: credentials.password },
            { ip: clientAddress(request.headers) },
          );
          return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
        } catch (error) {
          // Recognised by name as well as class (another route bundle may have built services()), and PostgreSQL's
          // or Redis's connection trouble as an outage.
          const refusal = appErrorOrOutage(error);
          if (!refusal) throw error;
          if (refusal.code === "SERVICE_UNAVAILABLE") {
            console.warn(`[auth] sign-in answered "unavailable" (${outageSummary(refusal)})`);
            throw new SignInRefused("unavailable", SIGN_IN_UNAVAILABLE_MESSAGE, refusal.details?.retryAfterSeconds as number | undefined);
          }
          if (refusal.code === "TOO_MANY_REQUESTS") {
            throw new SignInRefused("rate_limited", refusal.message, refusal.details?.retryAfterSeconds as number | undefined);
          }
          if (refusal.details?.reason === SIGN_IN_REFUSAL.emailNotVerified) {
            throw new SignInRefused("email_not_verified", refusal.message);
          }
          if (refusal.details?.reason === SIGN_IN_REFUSAL.accountDisabled) {
            throw new SignInRefused("account_disabled", refusal.message);
          }
          throw new SignInRefused("invalid_credentials", refusal.message);
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      const claims = token as typeof token & MarqueeToken;
      if (user?.id) {
        claims.userId = user.id;
        claims.role = user.role;
        claims.sessionVersion = user.sessionVersion;
        return claims;
      }
      if (!claims.userId || claims.sessionVersion === undefined) return null;
      // From Redis: every change to the state invalidates it after committing (server/accounts/session-cache.ts), so
      // a bumped version is refused on the next request without a PostgreSQL read on every one.
      let state;
      try {
        state = await services().accounts.getSessionState(claims.userId);
      } catch (error) {
        // PostgreSQL is down: keep the session as it was rather than sign everyone out (Auth.js clears the cookie
        // when this throws). Whatever the request does next needs the database too and answers 503.
        if (appErrorOrOutage(error)?.code === "SERVICE_UNAVAILABLE") return claims;
        throw error;
      }
      if (!state || !state.emailVerified || state.disabled || state.sessionVersion !== claims.sessionVersion) return null;
      claims.role = state.role;
      return claims;
    },
    session({ session, token }) {
      const claims = token as typeof token & MarqueeToken;
      session.user = {
        ...session.user,
        id: claims.userId ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        role: claims.role ?? "CUSTOMER",
      };
      return session;
    },
  },
  logger: {
    // A refused sign-in is an ordinary outcome, not a server error worth a stack trace in the logs.
    error(error) {
      if (error instanceof CredentialsSignin) return;
      console.error("[auth]", error);
    },
  },
} satisfies NextAuthConfig;

export const { auth, handlers, signIn, signOut } = NextAuth(config);

function appSessionOf(session: Session | null): AppSession | null {
  const user = session?.user;
  if (!user?.id || !user.email) return null;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}

/** The signed-in user, as the rest of the app sees it. Read once per request, and not at all without a cookie. */
export const getAppSession = cache(async (): Promise<AppSession | null> => {
  if (!hasSessionCookie((await headers()).get("cookie"))) return null;
  return appSessionOf(await auth());
});

// auth()'s "API route" form: the same Auth.js session action (JWE cookie decrypted, the jwt and session callbacks
// above, so the same session-version check) from a request's headers alone, without next/headers, for the API server
// that runs outside Next's request path (lib/trpc/api-server.ts). Its refreshed cookie (sliding expiry) goes into
// `resHeaders`.
const authFromHeaders = auth as unknown as (
  request: { headers: Headers },
  response: { headers: Pick<Headers, "append"> },
) => Promise<Session | null>;

/** getAppSession for a request Next does not handle. Callers skip it for requests without a session cookie. */
export async function readAppSession(requestHeaders: Headers, resHeaders: Pick<Headers, "append">): Promise<AppSession | null> {
  return appSessionOf(await authFromHeaders({ headers: requestHeaders }, { headers: resHeaders }));
}
