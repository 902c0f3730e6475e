// The lean route for seats.hold and seats.release (lib/trpc/api-server.ts) over real HTTP: the seat contract the
// browser relies on (a hold and its release, refusals with their codes, 429 and Retry-After, the cross-site 403),
// each answer compared with what the Next route (app/api/trpc/[trpc]/route.ts, tRPC's own fetch adapter) answers to
// the same request, so the browser's client can't tell the two apart. 503 during outages: tests/api/outages.test.ts
// sends its holds through the API server too.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { env } from "@/server/config/env";
import { HOLDER_COOKIE, newHolderToken, signedHolderToken } from "@/server/api/holder";
import { CLIENT_ADDRESS_HEADER } from "@/server/rate-limit/client-address";
import { createClock } from "@/tests/support/clock";
import { createTestScreening } from "@/tests/support/screenings";
import { withTestServices } from "@/tests/support/services";

const clock = createClock();
const services = withTestServices({ now: clock.now });
// The app's services() are this file's test services, for both ways of serving the API.
vi.mock("@/server/services", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/services")>()),
  services: () => services,
}));
vi.mock("@/lib/auth/next-auth", () => ({
  getAppSession: async (): Promise<AppSession | null> => null,
  readAppSession: async (): Promise<AppSession | null> => null,
}));

const { POST: nextRoute } = await import("@/app/api/trpc/[trpc]/route");
const { answerOf, startApiServer } = await import("@/tests/support/api-server");
const { MAX_BODY_BYTES } = await import("@/lib/trpc/api-server");
const apiServer = await startApiServer();
afterAll(() => apiServer.close());

const origin = new URL(env().APP_URL).origin;
let lastAddress = 0;
const freshAddress = () => `192.0.2.${(lastAddress += 1) % 250}`;
const cookieOf = (random: string) => `${HOLDER_COOKIE}=${signedHolderToken(random)}`;

/** A seat call as the browser's client sends it: superjson, batched (`?batch=1`, the client's link) or not. */
function seatCall(procedure: "hold" | "release", input: unknown, options: { batch?: boolean; headers?: Record<string, string> } = {}) {
  const body = options.batch ? { 0: { json: input } } : { json: input };
  return new Request(`${origin}/api/trpc/seats.${procedure}${options.batch ? "?batch=1" : ""}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin, [CLIENT_ADDRESS_HEADER]: freshAddress(), ...options.headers },
    body: JSON.stringify(body),
  });
}

const ROW = "S".repeat(10);
const screening = () => createTestScreening(services.db, { plan: [ROW, ROW], startsAt: new Date(clock.ms() + 2 * 86_400_000), preventSingleGaps: false });

/** The seats held in the screening: a web hold lives in Redis until checkout, so the seat map is where it shows. */
const heldSeats = async (screeningId: string) =>
  (await services.inventory.seatMap({ screeningId })).seats.filter((s) => s.state === "held").map((s) => s.id);

describe("the lean seat route", () => {
  it.each([false, true])("holds a seat for a new guest and releases it with the guest's cookie (batched: %s)", async (batch) => {
    const { screeningId, seat } = await screening();
    const held = await apiServer.fetch(seatCall("hold", { screeningId, seatIds: [seat("A1")], requestKey: randomUUID() }, { batch }));
    expect(held.status).toBe(200);
    const cookie = held.headers.getSetCookie().find((line) => line.startsWith(`${HOLDER_COOKIE}=`));
    expect(cookie).toMatch(/HttpOnly/);
    const body = (await held.json()) as unknown;
    const result = (batch ? (body as unknown[])[0] : body) as { result: { data: { json: { orderId: string; seats: unknown[] } } } };
    expect(result.result.data.json.orderId).toEqual(expect.any(String));
    expect(await heldSeats(screeningId)).toEqual([seat("A1")]);

    const released = await apiServer.fetch(seatCall("release", { screeningId, seatIds: [seat("A1")] }, { batch, headers: { cookie: cookie!.split(";")[0]! } }));
    expect(released.status).toBe(200);
    expect(await heldSeats(screeningId)).toEqual([]);
  });

  it("answers each refusal as the Next route does: taken seat, unknown screening, bad input", async () => {
    const { screeningId, seat } = await screening();
    const first = await apiServer.fetch(seatCall("hold", { screeningId, seatIds: [seat("B1")], requestKey: randomUUID() }));
    expect(first.status).toBe(200);
    const cases: Array<[string, unknown, number]> = [
      ["a seat someone else holds", { screeningId, seatIds: [seat("B1")], requestKey: randomUUID() }, 409],
      ["a screening that doesn't exist", { screeningId: "no-such-screening", seatIds: ["x"], requestKey: "8f0a6f0e-8b1f-4a65-9d1e-3c1f3b7c9a10" }, 404],
      ["no seats and a request key that isn't a UUID", { screeningId, seatIds: [], requestKey: "not-a-uuid" }, 400],
    ];
    for (const [name, input, status] of cases) {
      for (const batch of [false, true]) {
        const cookie = cookieOf(newHolderToken());
        const lean = await answerOf(await apiServer.fetch(seatCall("hold", input, { batch, headers: { cookie } })));
        const reference = await answerOf(await nextRoute(seatCall("hold", input, { batch, headers: { cookie } })));
        expect(lean, `${name}, batched: ${batch}`).toEqual(reference);
        expect(lean.status, name).toBe(status);
      }
    }
  });

  it("releases all of a holder's seats in a screening when no seats are named", async () => {
    const { screeningId, seat } = await screening();
    const held = await apiServer.fetch(seatCall("hold", { screeningId, seatIds: [seat("A7"), seat("A8")], requestKey: randomUUID() }));
    const cookie = held.headers.getSetCookie()[0]!.split(";")[0]!;
    expect(await heldSeats(screeningId)).toEqual([seat("A7"), seat("A8")]);
    const released = await apiServer.fetch(seatCall("release", { screeningId }, { headers: { cookie } }));
    expect(released.status).toBe(200);
    expect(await heldSeats(screeningId)).toEqual([]);
  });

  it("answers 429 with Retry-After once a holder's hold rate is spent, as the Next route does", async () => {
    const cookie = cookieOf(newHolderToken());
    const input = { screeningId: "no-such-screening", seatIds: ["x"], requestKey: "8f0a6f0e-8b1f-4a65-9d1e-3c1f3b7c9a10" };
    // Every attempt counts, refused or not; each comes from its own address, so the holder's limit is the one hit.
    for (let i = 0; i < env().HOLD_RATE_LIMIT_PER_MINUTE; i++) {
      expect((await apiServer.fetch(seatCall("hold", input, { headers: { cookie } }))).status).toBe(404);
    }
    const lean = await answerOf(await apiServer.fetch(seatCall("hold", input, { headers: { cookie } })));
    expect(lean.status).toBe(429);
    expect(Number(lean.retryAfter)).toBeGreaterThan(0);
    const reference = await answerOf(await nextRoute(seatCall("hold", input, { headers: { cookie } })));
    expect(lean).toEqual(reference);
  });

  it("refuses a cross-site hold with 403 before it runs", async () => {
    const { screeningId, seat } = await screening();
    const response = await apiServer.fetch(
      seatCall("hold", { screeningId, seatIds: [seat("A2")], requestKey: randomUUID() }, { headers: { origin: "https://evil.example" } }),
    );
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { reason: string } }).error.reason).toBe("CROSS_SITE_REQUEST");
    expect(await services.db.ticket.count({ where: { screeningId } })).toBe(0);
  });

  it("gives its answers, and the full handler's, the security headers Next gives API routes", async () => {
    const { screeningId, seat } = await screening();
    const lean = await apiServer.fetch(seatCall("release", { screeningId, seatIds: [seat("B5")] }));
    const full = await apiServer.fetch(new Request(`${origin}/api/trpc/system.ping?input=${encodeURIComponent(JSON.stringify({ json: null }))}`));
    const refused = await apiServer.fetch(seatCall("hold", { screeningId, seatIds: [seat("B6")], requestKey: randomUUID() }, { headers: { origin: "https://evil.example" } }));
    for (const response of [lean, full, refused]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    }
  });

  it("hands a batch of several calls to the full handler", async () => {
    const { screeningId, seat } = await screening();
    const response = await apiServer.fetch(
      new Request(`${origin}/api/trpc/seats.hold,seats.release?batch=1`, {
        method: "POST",
        headers: { "content-type": "application/json", origin, [CLIENT_ADDRESS_HEADER]: freshAddress() },
        body: JSON.stringify({ 0: { json: { screeningId, seatIds: [seat("A3")], requestKey: randomUUID() } }, 1: { json: { screeningId, seatIds: [seat("A4")] } } }),
      }),
    );
    expect(response.status).toBe(200);
    expect(((await response.json()) as unknown[]).length).toBe(2);
  });

  it("refuses a body past MAX_BODY_BYTES with 413, on the lean route and the full handler, and holds nothing", async () => {
    const { screeningId, seat } = await screening();
    // A valid hold padded past the cap: without it the seat would be held.
    const padded = JSON.stringify({ json: { screeningId, seatIds: [seat("A9")], requestKey: randomUUID(), pad: "x".repeat(MAX_BODY_BYTES) } });
    const post = (path: string) =>
      apiServer.fetch(
        new Request(`${origin}/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", origin, [CLIENT_ADDRESS_HEADER]: freshAddress() },
          body: padded,
        }),
      );
    expect((await post("seats.hold")).status).toBe(413);
    expect((await post("seats.hold,seats.release?batch=1")).status).toBe(413);
    expect(await heldSeats(screeningId)).toEqual([]);
  });
});
