// Sessions on the API server (lib/trpc/api-server.ts) with Auth.js itself, not a stand-in: the session cookie a
// sign-in gives is read without next/headers (readAppSession, lib/auth/next-auth.ts), through the same session
// callbacks, so a signed-in call knows its user, Auth.js's refreshed cookie reaches the browser, and a session whose
// version was bumped ("sign out everywhere") is refused on its next request.
import { encode } from "next-auth/jwt";
import { afterAll, describe, expect, it, vi } from "vitest";
import { authSecret } from "@/server/config/secret";
import { env } from "@/server/config/env";
import { withTestServices } from "@/tests/support/services";
import { createTestUser } from "@/tests/support/users";

const services = withTestServices();
vi.mock("@/server/services", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/services")>()),
  services: () => services,
}));

const { startApiServer } = await import("@/tests/support/api-server");
const apiServer = await startApiServer();
afterAll(() => apiServer.close());

const origin = new URL(env().APP_URL).origin;
const COOKIE = "authjs.session-token";

/** The cookie Auth.js gives at sign-in (lib/auth/next-auth.ts's jwt callback: userId, role, sessionVersion). */
async function sessionCookie(user: { id: string; email: string; name: string; role: string; sessionVersion: number }) {
  const token = await encode({
    secret: authSecret(),
    salt: COOKIE,
    token: { sub: user.id, email: user.email, name: user.name, userId: user.id, role: user.role, sessionVersion: user.sessionVersion },
  });
  return `${COOKIE}=${token}`;
}

const me = (cookie: string) =>
  apiServer.fetch(new Request(`${origin}/api/trpc/account.me?input=${encodeURIComponent(JSON.stringify({ json: null }))}`, { headers: { cookie } }));

describe("sessions on the API server", () => {
  it("knows a signed-in caller, refreshes the cookie, and refuses the session once its version is bumped", async () => {
    const { user } = await createTestUser(services);
    const cookie = await sessionCookie(user);

    const signedIn = await me(cookie);
    expect(signedIn.status).toBe(200);
    expect(JSON.stringify(await signedIn.json())).toContain(user.email);
    expect(signedIn.headers.getSetCookie().some((line) => line.startsWith(`${COOKIE}=`))).toBe(true);

    await services.accounts.signOutEverywhere(user.id);
    expect((await me(cookie)).status).toBe(401);
  });

  it("refuses a cookie that wasn't made with the server's secret", async () => {
    const { user } = await createTestUser(services);
    const forged = await encode({ secret: "not the server's secret at all, not even close", salt: COOKIE, token: { sub: user.id, userId: user.id, sessionVersion: 0 } });
    expect((await me(`${COOKIE}=${forged}`)).status).toBe(401);
  });
});
