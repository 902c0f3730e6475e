// GET /api/trpc/<query>, through both ways the API is served: the Next route (app/api/trpc/[trpc]/route.ts, called
// as Next calls it; `next dev` serves it) and the API server over real HTTP (lib/trpc/api-server.ts, what the
// production server serves). A request without an Auth.js session cookie is anonymous without asking Auth.js, so it
// costs no JWT decryption and no session check against the database; a request with one still has its session read
// (and checked, lib/auth/next-auth.ts).
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppSession } from "@/server/accounts/roles";

const session: AppSession = { user: { id: "someone", email: "someone@test.marquee.local", name: "Someone", role: "CUSTOMER" } };
const getAppSession = vi.hoisted(() => ({ read: vi.fn() }));
vi.mock("@/lib/auth/next-auth", () => ({
  getAppSession: () => getAppSession.read(),
  readAppSession: () => getAppSession.read(),
}));

const { GET } = await import("@/app/api/trpc/[trpc]/route");
const { startApiServer } = await import("@/tests/support/api-server");
const { services } = await import("@/server/services");
const { env } = await import("@/server/config/env");
const { hasSessionCookie } = await import("@/lib/auth/session-cookie");

const apiServer = await startApiServer();

afterAll(async () => {
  await apiServer.close();
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

beforeEach(() => {
  getAppSession.read.mockReset();
  getAppSession.read.mockResolvedValue(session);
});

const origin = new URL(env().APP_URL).origin;
const transports = [
  ["the Next route", GET],
  ["the API server", (request: Request) => apiServer.fetch(request)],
] as const;

describe.each(transports)("sessions on tRPC requests through %s", (_name, send) => {
  const query = (procedure: string, cookie?: string) =>
    send(new Request(`${origin}/api/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify({ json: null }))}`, { headers: cookie ? { cookie } : {} }));

  it.each([
    ["no cookies", undefined],
    ["only a guest's holder cookie and unrelated ones", "mq_holder=abc; theme=dark; authjs.csrf-token=xyz; authjs.callback-url=%2F"],
  ])("an anonymous request (%s) never reads a session", async (_, cookie) => {
    const ping = await query("system.ping", cookie);
    expect(ping.status).toBe(200);
    // A procedure that needs a session says so, although Auth.js would have found one: it was never asked.
    const me = await query("account.me", cookie);
    expect(me.status).toBe(401);
    expect(getAppSession.read).not.toHaveBeenCalled();
  });

  it.each([
    ["authjs.session-token=token"],
    ["mq_holder=abc; __Secure-authjs.session-token=token"],
    ["theme=dark;authjs.session-token.0=part; authjs.session-token.1=part"],
  ])("a request with a session cookie (%s) has its session read", async (cookie) => {
    expect((await query("system.ping", cookie)).status).toBe(200);
    expect(getAppSession.read).toHaveBeenCalledTimes(1);
  });

  it("recognises Auth.js's session cookie names only", () => {
    expect(hasSessionCookie(null)).toBe(false);
    expect(hasSessionCookie("")).toBe(false);
    expect(hasSessionCookie("xauthjs.session-token=a")).toBe(false);
    expect(hasSessionCookie("authjs.session-tokens=a")).toBe(false);
    expect(hasSessionCookie("a=authjs.session-token=b")).toBe(false);
    expect(hasSessionCookie("a=1; authjs.session-token=b")).toBe(true);
    expect(hasSessionCookie("__Secure-authjs.session-token.2=b")).toBe(true);
  });
});
