// POST /api/trpc/<mutation>, through the Next route (app/api/trpc/[trpc]/route.ts, called as Next calls it) and the
// API server over real HTTP (lib/trpc/api-server.ts, what the production server serves), with the headers a browser
// sends: a page on another site must not get a mutation to run with the visitor's cookies. The mutation here is
// sign-up, whose effect (an account) shows whether the procedure ran.
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { AppSession } from "@/server/accounts/roles";

vi.mock("@/lib/auth/next-auth", () => ({
  getAppSession: async (): Promise<AppSession | null> => null,
  readAppSession: async (): Promise<AppSession | null> => null,
}));

const { POST: routePOST } = await import("@/app/api/trpc/[trpc]/route");
const { startApiServer } = await import("@/tests/support/api-server");
const { services } = await import("@/server/services");
const { env } = await import("@/server/config/env");
const { CONTENT_TYPE_MESSAGE, CROSS_SITE_MESSAGE, crossSiteRefusal } = await import("@/server/api/cross-site");

const apiServer = await startApiServer();

afterAll(async () => {
  await apiServer.close();
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

const appOrigin = new URL(env().APP_URL).origin;
const freshEmail = () => `cross-site-${randomBytes(5).toString("hex")}@example.test`;

function signUpRequest(email: string, headers: Record<string, string>, body?: string) {
  return new Request(`${appOrigin}/api/trpc/account.signUp`, {
    method: "POST",
    headers: { "x-forwarded-for": `10.77.${randomBytes(1)[0]}.${randomBytes(1)[0]}`, ...headers },
    body: body ?? JSON.stringify({ json: { name: "Cross Site", email, password: "correct horse battery staple" } }),
  });
}

const accountExists = async (email: string) => (await services().db.user.count({ where: { email } })) > 0;

describe.each([
  ["the Next route", routePOST],
  ["the API server", (request: Request) => apiServer.fetch(request)],
] as const)("tRPC mutations and cross-site requests through %s", (_name, POST) => {
  it.each([
    ["another site's Origin", { "content-type": "application/json", origin: "https://evil.example" }, CROSS_SITE_MESSAGE],
    ["Origin null (a sandboxed frame)", { "content-type": "application/json", origin: "null" }, CROSS_SITE_MESSAGE],
    ["a cross-site fetch without Origin", { "content-type": "application/json", "sec-fetch-site": "cross-site" }, CROSS_SITE_MESSAGE],
    ["a same-site (sibling subdomain) fetch", { "content-type": "application/json", "sec-fetch-site": "same-site" }, CROSS_SITE_MESSAGE],
    ["only a foreign Referer", { "content-type": "application/json", referer: "https://evil.example/page" }, CROSS_SITE_MESSAGE],
    ["a form post (text/plain) from our own origin", { "content-type": "text/plain", origin: appOrigin }, CONTENT_TYPE_MESSAGE],
    ["a urlencoded form with no Origin", { "content-type": "application/x-www-form-urlencoded" }, CONTENT_TYPE_MESSAGE],
    ["no content type", { origin: appOrigin }, CONTENT_TYPE_MESSAGE],
  ])("refuses %s with 403 before the procedure runs", async (_, headers, message) => {
    const email = freshEmail();
    const response = await POST(signUpRequest(email, headers));
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ error: { message, code: "FORBIDDEN", reason: "CROSS_SITE_REQUEST" } });
    expect(await accountExists(email)).toBe(false);
  });

  it.each([
    ["the app's own page (Origin = APP_URL's origin)", { origin: appOrigin }],
    ["a same-origin fetch without Origin", { "sec-fetch-site": "same-origin" }],
    ["our own Referer only", { referer: `${appOrigin}/sign-up` }],
    ["a client that is no browser (no Origin, Sec-Fetch-Site or Referer)", {}],
  ])("lets %s through", async (_, headers) => {
    const email = freshEmail();
    const response = await POST(signUpRequest(email, { "content-type": "application/json; charset=utf-8", ...headers }));
    expect(response.status).toBe(200);
    expect(await accountExists(email)).toBe(true);
  });

  it("checks only mutations (POST); on loopback the app's port on any loopback name is its own", () => {
    expect(crossSiteRefusal(new Request("http://x/api/trpc/q", { headers: { origin: "https://evil.example" } }), "http://localhost:3000")).toBeNull();
    const post = (origin: string) => new Request("http://x/api/trpc/m", { method: "POST", headers: { origin, "content-type": "application/json" } });
    expect(crossSiteRefusal(post("http://127.0.0.1:3000"), "http://localhost:3000")).toBeNull();
    expect(crossSiteRefusal(post("http://[::1]:3000"), "http://localhost:3000")).toBeNull();
    expect(crossSiteRefusal(post("http://127.0.0.1:4000"), "http://localhost:3000")).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal(post("https://tickets.example.com"), "https://tickets.example.com")).toBeNull();
    expect(crossSiteRefusal(post("http://tickets.example.com"), "https://tickets.example.com")).toBe(CROSS_SITE_MESSAGE);
    expect(crossSiteRefusal(post("http://localhost:443"), "https://tickets.example.com")).toBe(CROSS_SITE_MESSAGE);
  });
});
