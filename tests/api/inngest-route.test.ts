// /api/inngest (app/api/inngest/route.ts) as a production process loads it: with an .env copied from a development
// machine (INNGEST_DEV set), the route must still check every request's signature, as Inngest Cloud signs them.
// The signed requests are made by the local executor's signer (tools/inngest-local/signature.ts), which `npm run
// demo` and the e2e suite rely on.
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { inngestSignature } from "@/tools/inngest-local/signature";

const signingKey = `signkey-prod-${"0123456789abcdef".repeat(4)}`;
const url = "http://127.0.0.1:3000/api/inngest";

async function loadRoute(vars: Record<string, string | undefined>) {
  vi.resetModules();
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("INNGEST_DEV", "http://127.0.0.1:8288");
  vi.stubEnv("INNGEST_EVENT_KEY", "local");
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  return import("@/app/api/inngest/route");
}

afterEach(() => vi.unstubAllEnvs());
afterAll(() => vi.resetModules());

const runRequest = {
  event: { name: "marquee/nothing", data: {} },
  events: [{ name: "marquee/nothing", data: {} }],
  steps: {},
  ctx: { run_id: "01TEST", attempt: 0, disable_immediate_execution: false, use_api: false, stack: { stack: [], current: 0 } },
  version: 2,
};

function post(body: unknown, signature?: string) {
  return new Request(`${url}?fnId=marquee-no-such-function&stepId=step`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(signature ? { "x-inngest-signature": signature } : {}) },
    body: JSON.stringify(body),
  });
}

describe("/api/inngest in production", () => {
  it("refuses an unsigned POST (401) even with INNGEST_DEV set, and gets past the signature check with a signed one", async () => {
    const route = await loadRoute({ INNGEST_SIGNING_KEY: signingKey });

    const unsigned = await route.POST(post(runRequest) as never, undefined as never);
    expect(unsigned.status).toBe(401);

    const forged = await route.POST(post(runRequest, inngestSignature(`signkey-prod-${"f".repeat(64)}`, runRequest)) as never, undefined as never);
    expect(forged.status).toBe(401);

    const signed = await route.POST(post(runRequest, inngestSignature(signingKey, runRequest)) as never, undefined as never);
    expect(signed.status).not.toBe(401);
    // Past the signature: the SDK looked for the function.
    expect(await signed.text()).toMatch(/"marquee-no-such-function\\?" was not found in this app/);
  });

  it("answers introspection and syncs only when signed, and says it is in cloud mode", async () => {
    const route = await loadRoute({ INNGEST_SIGNING_KEY: signingKey });
    expect((await route.GET(new Request(url) as never, undefined as never)).status).toBe(401);
    expect((await route.PUT(new Request(url, { method: "PUT" }) as never, undefined as never)).status).toBe(401);

    const signed = await route.GET(new Request(url, { headers: { "x-inngest-signature": inngestSignature(signingKey, "") } }) as never, undefined as never);
    expect(signed.status).toBe(200);
    expect(await signed.json()).toMatchObject({ mode: "cloud", authentication_succeeded: true });
  });

  it("without INNGEST_SIGNING_KEY refuses everything with 503 and says why", async () => {
    const route = await loadRoute({ INNGEST_SIGNING_KEY: "" });
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const refused = await route.POST(post(runRequest) as never, undefined as never);
    expect(refused.status).toBe(503);
    expect((await refused.json()).message).toMatch(/INNGEST_SIGNING_KEY/);
    errors.mockRestore();
  });
});
