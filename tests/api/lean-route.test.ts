// The API server's lean route for every single call (lib/trpc/api-server.ts): a query by GET or a mutation by POST,
// batched or not, served through tRPC's callProcedure without the adapter's Fetch API objects. Each answer is
// compared with what the Next route (app/api/trpc/[trpc]/route.ts, tRPC's own fetch adapter) answers to the same
// request, including superjson's dates, errors with their codes, and what the lean route hands to the full handler
// (several calls in one batch, a procedure called with the wrong method, an unknown path, input that isn't tRPC's).
// The seat calls' own contract: tests/api/seat-route.test.ts.
import type { IncomingMessage } from "node:http";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { AppSession } from "@/server/accounts/roles";
import { env } from "@/server/config/env";
import { CLIENT_ADDRESS_HEADER } from "@/server/rate-limit/client-address";
import { createClock } from "@/tests/support/clock";
import { createTestScreening } from "@/tests/support/screenings";
import { withTestServices } from "@/tests/support/services";

const clock = createClock();
const services = withTestServices({ now: clock.now });
vi.mock("@/server/services", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/server/services")>()),
  services: () => services,
}));
vi.mock("@/lib/auth/next-auth", () => ({
  getAppSession: async (): Promise<AppSession | null> => null,
  readAppSession: async (): Promise<AppSession | null> => null,
}));

const { GET: nextGet, POST: nextPost } = await import("@/app/api/trpc/[trpc]/route");
const { answerOf, startApiServer } = await import("@/tests/support/api-server");
const { acceptsGzip, COMPRESS_FROM_BYTES, leanCallOf, leanInput } = await import("@/lib/trpc/api-server");
const apiServer = await startApiServer();
afterAll(() => apiServer.close());

const origin = new URL(env().APP_URL).origin;
const headers = { "content-type": "application/json", origin, [CLIENT_ADDRESS_HEADER]: "192.0.2.7" };
const get = (pathAndQuery: string, extra: Record<string, string> = {}) =>
  new Request(`${origin}/api/trpc/${pathAndQuery}`, { method: "GET", headers: { ...headers, ...extra } });
const post = (pathAndQuery: string, body: unknown) => new Request(`${origin}/api/trpc/${pathAndQuery}`, { method: "POST", headers, body: JSON.stringify(body) });
const encoded = (value: unknown) => encodeURIComponent(JSON.stringify(value));

async function sameAsNext(request: () => Request) {
  const lean = await answerOf(await apiServer.fetch(request()));
  const reference = await answerOf(await (request().method === "GET" ? nextGet : nextPost)(request()));
  expect(lean, `${request().method} ${new URL(request().url).pathname}${new URL(request().url).search}`).toEqual(reference);
  return lean;
}

const ROW = "S".repeat(6);

describe("the lean route for single calls", () => {
  it("answers queries as the Next route does: no input, undefined input, batched, with dates in the answer", async () => {
    const { screeningId } = await createTestScreening(services.db, { plan: [ROW], startsAt: new Date(clock.ms() + 2 * 86_400_000), preventSingleGaps: false });
    expect((await sameAsNext(() => get("system.ping"))).body).toEqual({ result: { data: { json: { ok: true } } } });
    await sameAsNext(() => get(`system.ping?input=${encoded({ json: undefined })}`));
    await sameAsNext(() => get(`system.ping?batch=1&input=${encoded({ 0: { json: undefined } })}`));
    const seatMap = await sameAsNext(() => get(`screenings.seatMap?input=${encoded({ json: { screeningId } })}`));
    expect(seatMap.status).toBe(200);
    const byId = await sameAsNext(() => get(`screenings.byId?batch=1&input=${encoded({ 0: { json: { id: screeningId } } })}`));
    // superjson's meta (the screening's dates) survives the lean route as it does the adapter.
    expect(JSON.stringify(byId.body)).toContain('"meta"');
  });

  it("answers errors as the Next route does: bad input, a missing screening, input that isn't JSON", async () => {
    const cases = [
      `screenings.seatMap?input=${encoded({ json: { screeningId: 42 } })}`,
      `screenings.byId?input=${encoded({ json: { id: "no-such-screening" } })}`,
      `screenings.byId?batch=1&input=${encoded({ 0: { json: { id: "no-such-screening" } } })}`,
      "screenings.byId?input=%7Bnot-json",
      `screenings.byId?input=${encoded({ id: "no json envelope" })}`,
    ];
    const statuses = [];
    for (const path of cases) statuses.push((await sameAsNext(() => get(path))).status);
    expect(statuses.slice(0, 3)).toEqual([400, 404, 404]);
  });

  it("leaves to the full handler what isn't one call with the right method, and the answers still match", async () => {
    const batchOfTwo = `system.ping,system.ping?batch=1&input=${encoded({ 0: { json: undefined }, 1: { json: undefined } })}`;
    expect((await sameAsNext(() => get(batchOfTwo))).status).toBe(200);
    expect((await sameAsNext(() => get("no.such.procedure"))).status).toBe(404);
    expect((await sameAsNext(() => post("system.ping", { json: undefined }))).status).toBe(405);
    await sameAsNext(() => get(`seats.release?input=${encoded({ json: { screeningId: "x" } })}`));
  });

  it("takes exactly the single calls of a procedure with the method its type needs", () => {
    const request = (method: string, url: string) => ({ method, url: `/api/trpc/${url}`, headers: {} }) as IncomingMessage;
    expect(leanCallOf(request("GET", "system.ping"))).toEqual({ path: "system.ping", batch: false, type: "query", input: "" });
    expect(leanCallOf(request("GET", `system.ping?batch=1&input=${encoded({ 0: {} })}`))).toEqual({ path: "system.ping", batch: true, type: "query", input: JSON.stringify({ 0: {} }) });
    expect(leanCallOf(request("POST", "seats.hold?batch=1"))).toEqual({ path: "seats.hold", batch: true, type: "mutation", input: "" });
    expect(leanCallOf(request("POST", "seats.hold"))).toMatchObject({ type: "mutation", batch: false });
    // Not lean: several calls, a subscription, the wrong method, an unknown path, a query string it doesn't know.
    expect(leanCallOf(request("GET", "system.ping,system.ping?batch=1"))).toBeNull();
    expect(leanCallOf(request("GET", "screenings.seatChanges?input=%7B%7D"))).toBeNull();
    expect(leanCallOf(request("POST", "system.ping"))).toBeNull();
    expect(leanCallOf(request("GET", "seats.hold"))).toBeNull();
    expect(leanCallOf(request("GET", "constructor"))).toBeNull();
    expect(leanCallOf(request("GET", "system.ping?input=%7B%7D&other=1"))).toBeNull();
    expect(leanCallOf(request("POST", "seats.hold?input=%7B%7D"))).toBeNull();
    expect(leanCallOf(request("PUT", "seats.hold"))).toBeNull();
  });

  it("serves a call without input lean (the client sends `{}`), and leaves input that isn't an object to the full handler", () => {
    const other = Symbol("full handler");
    expect(leanInput(JSON.stringify({ json: undefined }), false, other)).toBeUndefined();
    expect(leanInput(JSON.stringify({ 0: { json: undefined } }), true, other)).toBeUndefined();
    expect(leanInput("", false, other)).toBeUndefined();
    expect(leanInput(JSON.stringify({ json: { at: "x" } }), false, other)).toEqual({ at: "x" });
    expect(leanInput(JSON.stringify({ json: "2026-01-01T00:00:00.000Z", meta: { values: ["Date"] } }), false, other)).toEqual(new Date("2026-01-01T00:00:00.000Z"));
    for (const text of ["42", "[1]", "{not json", JSON.stringify({ 0: {}, 1: {} })]) expect(leanInput(text, text.includes('"1"'), other), text).toBe(other);
  });

  it("gzips a long answer for a client that accepts it, and nothing else", async () => {
    const wide = "S".repeat(20);
    const { screeningId } = await createTestScreening(services.db, { plan: [wide, wide, wide, wide, wide], startsAt: new Date(clock.ms() + 2 * 86_400_000), preventSingleGaps: false });
    const seatMap = `screenings.seatMap?input=${encoded({ json: { screeningId } })}`;
    const zipped = await apiServer.fetch(get(seatMap, { "accept-encoding": "gzip, deflate, br" }));
    expect(zipped.headers.get("content-encoding")).toBe("gzip");
    expect(zipped.headers.get("vary")).toContain("accept-encoding");
    const text = await zipped.text(); // fetch undoes the gzip
    expect(text.length).toBeGreaterThanOrEqual(COMPRESS_FROM_BYTES);
    const plain = await apiServer.fetch(get(seatMap, { "accept-encoding": "identity" }));
    expect(plain.headers.get("content-encoding")).toBeNull();
    expect(await plain.text()).toBe(text);
    const refused = await apiServer.fetch(get(seatMap, { "accept-encoding": "gzip;q=0, *" }));
    expect(refused.headers.get("content-encoding")).toBeNull();
    const short = await apiServer.fetch(get("system.ping", { "accept-encoding": "gzip" }));
    expect(short.headers.get("content-encoding")).toBeNull();

    expect(acceptsGzip("gzip")).toBe(true);
    expect(acceptsGzip("br, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("br, deflate")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it("leaves a client that asks for streamed answers to the full handler", async () => {
    const request = { method: "GET", url: "/api/trpc/system.ping", headers: { "trpc-accept": "application/jsonl" } } as unknown as IncomingMessage;
    expect(leanCallOf(request)).toBeNull();
    const streamed = await apiServer.fetch(get(`system.ping?batch=1&input=${encoded({ 0: { json: undefined } })}`, { "trpc-accept": "application/jsonl" }));
    expect(streamed.status).toBe(200);
    // tRPC's streamed format is JSON lines, not the one JSON array a batch gets otherwise.
    const lines = (await streamed.text()).trim().split("\n");
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]!.startsWith("[")).toBe(false);
  });
});
