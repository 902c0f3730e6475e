// GET /media/<key> (app/media/[key]/route.ts), called as Next calls it: with a Request and the route's params. It
// reads through the app's own services(), which land on the run's database (tests/setup/global-setup.ts).
import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";
import { GET } from "@/app/media/[key]/route";
import { services } from "@/server/services";

afterAll(async () => {
  const app = services();
  await app.inventory.close();
  app.redis.disconnect();
  await app.db.$disconnect();
});

const get = (key: string, headers: HeadersInit = {}) =>
  GET(new Request(`http://localhost/media/${encodeURIComponent(key)}`, { headers }), { params: Promise.resolve({ key }) });

describe("GET /media/<key>", () => {
  it("serves a rendition's bytes with its type, an ETag and immutable year-long caching; 304 when revalidated", async () => {
    const poster = await sharp({ create: { width: 400, height: 600, channels: 3, background: "#123456" } }).png().toBuffer();
    const stored = await services().media.storeImage({ kind: "poster", bytes: poster });
    const key = stored.urls["poster-200"]!.webp.split("/").pop()!;

    const response = await get(key);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-type")).toBe("image/webp");
    expect(response.headers.get("etag")).toBe(`"${key}"`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get("content-length"))).toBe(body.length);
    expect(await sharp(body).metadata()).toMatchObject({ format: "webp", width: 200, height: 300 });

    const jpeg = await get(stored.url.split("/").pop()!);
    expect(jpeg.headers.get("content-type")).toBe("image/jpeg");

    const revalidated = await get(key, { "if-none-match": `"${key}"` });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
  });

  it("answers 404, uncached, for a key that isn't stored or isn't a key at all", async () => {
    for (const key of [`${"f".repeat(32)}-poster-400.jpg`, "../../etc/passwd", "poster.svg"]) {
      const response = await get(key);
      expect(response.status, key).toBe(404);
      expect(response.headers.get("cache-control")).toBe("no-store");
    }
  });
});
