// POST /api/admin/media (app/api/admin/media/route.ts), called as Next calls it. The session is what
// getAppSession() would read from the request's cookie; everything else is the app's own services().
import sharp from "sharp";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { AppSession } from "@/server/accounts/roles";

const session = vi.hoisted(() => ({ current: null as AppSession | null }));
vi.mock("@/lib/auth/next-auth", () => ({ getAppSession: async () => session.current }));

const { POST } = await import("@/app/api/admin/media/route");
const { services } = await import("@/server/services");

afterAll(async () => {
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

const as = (role: AppSession["user"]["role"]): AppSession => ({ user: { id: `user-${role}`, email: `${role}@example.test`, name: role, role } });

function upload(bytes: Uint8Array | string, name: string, type: string, kind = "advert") {
  const form = new FormData();
  form.set("kind", kind);
  form.set("file", new Blob([bytes as BlobPart], { type }), name);
  return POST(new Request("http://localhost/api/admin/media", { method: "POST", body: form }));
}

const png = () => sharp({ create: { width: 800, height: 400, channels: 3, background: "#aa3355" } }).png().toBuffer();

beforeEach(() => {
  session.current = as("ADMIN");
});

describe("POST /api/admin/media", () => {
  it("refuses the signed out with 401 and anyone below admin with 403, storing nothing", async () => {
    session.current = null;
    expect((await upload(await png(), "a.png", "image/png")).status).toBe(401);
    for (const role of ["CUSTOMER", "STAFF"] as const) {
      session.current = as(role);
      const response = await upload(await png(), "a.png", "image/png");
      expect(response.status).toBe(403);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    }
  });

  it("refuses an SVG with 415 and says why", async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="400"><script>alert(1)</script></svg>';
    const response = await upload(svg, "art.png", "image/png");
    expect(response.status).toBe(415);
    expect((await response.json()).error).toMatch(/SVG files can't be uploaded/);
  });

  it("refuses a body over the limit with 413 before storing anything", async () => {
    const big = new Uint8Array(services().media.options.maxUploadBytes + 200_000);
    const response = await upload(big, "big.png", "image/png");
    expect(response.status).toBe(413);
  });

  it("refuses an image too small for an advert with 400 and the media module's message", async () => {
    const small = await sharp({ create: { width: 100, height: 100, channels: 3, background: "#000" } }).png().toBuffer();
    const response = await upload(small, "small.png", "image/png");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/at least 640 × 320/);
  });

  it("stores a valid PNG and answers its URL and sizes; the URL serves the image", async () => {
    const response = await upload(await png(), "advert.png", "image/png");
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ url: expect.stringMatching(/^\/media\/[a-f0-9]{32}-advert-1280\.jpg$/), width: 800, height: 400 });
    expect(body.urls["advert-640"]).toMatchObject({ width: 640, height: 320 });
    const key = body.url.split("/").pop();
    expect(await services().media.read(key)).toMatchObject({ contentType: "image/jpeg" });
  });
});
