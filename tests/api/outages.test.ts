// Outages over HTTP: the tRPC API, through the Next route (app/api/trpc/[trpc]/route.ts, called as Next calls it) and
// the API server over real HTTP (lib/trpc/api-server.ts, what the production server serves), and the Auth.js route,
// called with real Requests as Next calls them, while the app's services() talk to a Redis or a PostgreSQL on a port nothing listens on. Holds,
// checkout, sign-up and sign-in must answer 503 with Retry-After and a message a person can act on, and quickly.
// Also here, with working services: a made-up X-Forwarded-For doesn't give a client a fresh allowance.
import { once } from "node:events";
import { createServer } from "node:net";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { rateLimits } from "@/server/rate-limit";
import { CLIENT_ADDRESS_HEADER } from "@/server/rate-limit/client-address";
import { createDatabase } from "@/server/db/client";
import { createRedis } from "@/server/redis/client";
import { createServices, type Services } from "@/server/services";
import { testDatabaseUrl, testRedisKeyPrefix } from "@/tests/support/services";
import { createTestUser, uniqueTestEmail } from "@/tests/support/users";

// The services every route in this file gets from services(), swapped per test.
const app = vi.hoisted(() => ({ current: null as unknown }));
vi.mock("@/server/services", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/services")>()),
  services: () => app.current,
}));
// Requests here carry no session cookie; getAppSession() would read next/headers, which only exists inside Next.
vi.mock("@/lib/auth/next-auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth/next-auth")>()),
  getAppSession: async () => null,
  readAppSession: async () => null,
}));

const trpcRoute = await import("@/app/api/trpc/[trpc]/route");
const { startApiServer } = await import("@/tests/support/api-server");
const apiServer = await startApiServer();
afterAll(() => apiServer.close());
const transports = [
  ["the Next route", trpcRoute.POST],
  ["the API server", (request: Request) => apiServer.fetch(request)],
] as const;
/** Where `mutate` sends its requests: set per transport below. */
let send: (request: Request) => Promise<Response> = trpcRoute.POST;
const authRoute = await import("@/app/api/auth/[...nextauth]/route");

async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}

type Built = Services & { dispose: () => Promise<void> };

function build(options: { databaseUrl?: string; redisUrl?: string }): Built {
  const db = createDatabase(options.databaseUrl ?? testDatabaseUrl());
  const redis = createRedis({ url: options.redisUrl, keyPrefix: testRedisKeyPrefix() });
  // ioredis reports each failed reconnect as an "error" event; the answers are what these tests look at.
  redis.on("error", () => {});
  const services = createServices({ db, redis });
  return {
    ...services,
    dispose: async () => {
      await services.inventory.close().catch(() => {});
      redis.disconnect();
      await db.$disconnect().catch(() => {});
    },
  };
}

let address = 0;
const freshAddress = () => `192.0.2.${(address += 1)}`;

/** One tRPC mutation over HTTP, as the browser's client sends it (superjson, no batching). */
function mutate(path: string, input: unknown, headers: Record<string, string> = {}) {
  return send(
    new Request(`http://127.0.0.1/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", [CLIENT_ADDRESS_HEADER]: freshAddress(), ...headers },
      body: JSON.stringify({ json: input }),
    }),
  );
}

/** Signs in through Auth.js's credentials callback, as a client posting to /api/auth directly does. */
async function signInOverHttp(email: string, password: string): Promise<Response> {
  const headers = { [CLIENT_ADDRESS_HEADER]: freshAddress() };
  const csrf = await authRoute.GET(new NextRequest("http://127.0.0.1/api/auth/csrf", { headers }));
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  return authRoute.POST(
    new NextRequest("http://127.0.0.1/api/auth/callback/credentials", {
      method: "POST",
      headers: { ...headers, cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/" }),
    }),
  );
}

async function expectUnavailable(answer: Promise<Response>) {
  const started = Date.now();
  const response = await answer;
  const elapsed = Date.now() - started;
  const body = await response.text();
  expect(response.status, body).toBe(503);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(body).toMatch(/unavailable/i);
  expect(body).toMatch(/try again/i);
  // Quickly: well within a browser's patience, nothing waiting on reconnects.
  expect(elapsed).toBeLessThan(5_000);
  return body;
}

const holdInput = { screeningId: "outage-screening", seatIds: ["outage-seat"], requestKey: crypto.randomUUID() };
const checkoutInput = () => ({ orderId: "outage-order", ticketTypes: { "outage-seat": "ADULT" }, email: uniqueTestEmail("outage") });
const signUpInput = () => ({ name: "Ada Lovelace", email: uniqueTestEmail("outage"), password: "a perfectly long password" });

describe.each(transports)("tRPC through %s", (_name, transport) => {
  beforeAll(() => {
    send = transport;
  });

  describe.each([
    { outage: "Redis", options: async () => ({ redisUrl: `redis://127.0.0.1:${await closedPort()}` }) },
    { outage: "PostgreSQL", options: async () => ({ databaseUrl: `postgresql://postgres@127.0.0.1:${await closedPort()}/marquee` }) },
  ])("with $outage down", ({ options }) => {
    let broken: Built;
    let healthy: Built;
    let customer: { email: string; password: string };

    beforeAll(async () => {
      healthy = build({});
      const { user, password } = await createTestUser(healthy);
      customer = { email: user.email, password };
      broken = build(await options());
      app.current = broken;
    });
    afterAll(async () => {
      await broken.dispose();
      await healthy.dispose();
    });

    it("answers a seat hold 503 with Retry-After", async () => {
      await expectUnavailable(mutate("seats.hold", { ...holdInput, requestKey: crypto.randomUUID() }));
    });

    it("answers checkout 503 with Retry-After", async () => {
      await expectUnavailable(mutate("orders.checkout", checkoutInput()));
    });

    it("answers sign-up 503 with Retry-After, and no account is created", async () => {
      const input = signUpInput();
      await expectUnavailable(mutate("account.signUp", input));
      expect(await healthy.db.user.count({ where: { email: input.email } })).toBe(0);
    });

    it("answers a password reset request 503 with Retry-After", async () => {
      await expectUnavailable(mutate("account.requestPasswordReset", { email: customer.email }));
    });

    it("answers sign-in 503 with Retry-After and says it isn't the password", async () => {
      const body = await expectUnavailable(signInOverHttp(customer.email, customer.password));
      expect(body).not.toMatch(/incorrect/i);
      // The same answer for a wrong password: nothing can be checked, so nothing is judged.
      await expectUnavailable(signInOverHttp(customer.email, "not the password"));
    });

    it("answers again at once on the next request, while still down", async () => {
      // Timed against the same sign-up with everything up, in turns, so both meet the same machine at the same
      // moment: a loaded CPU slows both alike (the password is hashed either way), while waiting on the dead
      // service's reconnects is what the difference shows. Each answer may wait up to a second on it, no more.
      const timed = async (answer: () => Promise<unknown>) => {
        const started = performance.now();
        await answer();
        return performance.now() - started;
      };
      let up = 0;
      let down = 0;
      try {
        for (let attempt = 0; attempt < 3; attempt++) {
          app.current = healthy;
          up += await timed(async () => {
            const response = await mutate("account.signUp", signUpInput());
            expect(response.status, await response.text()).toBe(200);
          });
          app.current = broken;
          down += await timed(() => expectUnavailable(mutate("account.signUp", signUpInput())));
        }
      } finally {
        app.current = broken;
      }
      expect(down).toBeLessThan(up + 3 * 1_000);
    });
  });

  describe("with PostgreSQL and Redis up", () => {
    let healthy: Built;
    beforeAll(() => {
      healthy = build({});
      app.current = healthy;
    });
    afterAll(async () => {
      await healthy.dispose();
    });

    it("signs in over HTTP (the outage answers above are not all answers)", async () => {
      const { user, password } = await createTestUser(healthy);
      const response = await signInOverHttp(user.email, password);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).not.toMatch(/error=/);
      const refused = await signInOverHttp(user.email, "not the password");
      expect(refused.status).toBe(302);
      expect(refused.headers.get("location")).toMatch(/code=invalid_credentials/);
    });

    it("doesn't let made-up X-Forwarded-For headers reset a per-address limit (TRUSTED_PROXY_HOPS=0)", async () => {
      const { user } = await createTestUser(healthy);
      const socket = freshAddress();
      const statuses: number[] = [];
      for (let attempt = 0; attempt <= rateLimits.signUpPerIp.limit; attempt++) {
        // A taken address is answered as a new one would be (its owner is mailed instead); every attempt counts.
        const response = await mutate(
          "account.signUp",
          { name: "Mallory", email: user.email, password: "a perfectly long password" },
          { [CLIENT_ADDRESS_HEADER]: socket, "x-forwarded-for": `198.18.${attempt}.1`, "x-real-ip": `198.18.${attempt}.2` },
        );
        statuses.push(response.status);
        if (response.status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });
  });
});
