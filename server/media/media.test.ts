// The media module against the run's PostgreSQL (and, for the S3 backend, a small local stand-in that checks the
// requests are signed and keeps what is put). Test images are made with sharp here, so nothing is read from disk.
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/server/errors";
import { withTestServices } from "@/tests/support/services";
import { checkImage, createMedia, mediaSources, createPostgresStorage, createS3Storage, IMMUTABLE_CACHE_CONTROL, RENDITIONS, type MediaStorage } from ".";

const services = withTestServices();
const limits = { maxUploadBytes: 10_000_000, maxInputPixels: 50_000_000 };

let seed = 0;
/** A distinct image each call (a different colour), so tests don't find each other's renditions. */
function picture(width: number, height: number) {
  seed += 1;
  const background = { r: (seed * 37) % 256, g: (seed * 91) % 256, b: (seed * 53) % 256 };
  return sharp({ create: { width, height, channels: 3, background } });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error, "expected a refusal").not.toBeNull();
  if (!isAppError(error)) throw error;
  expect(error.code).toBe("BAD_REQUEST");
  return error.message;
}

/** A PNG whose header claims width × height pixels over a few bytes of data (a decompression bomb's disguise). */
function pngHeaderOnly(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.alloc(4096))), chunk("IEND", Buffer.alloc(0))]);
}

describe("checking uploads by their bytes", () => {
  it("takes a PNG named .jpg (and declared image/jpeg) for the PNG it is", async () => {
    const png = await picture(600, 900).png().toBuffer();
    const file = new File([png], "poster.jpg", { type: "image/jpeg" });
    expect(await checkImage("poster", png, limits)).toEqual({ format: "png", width: 600, height: 900 });
    const stored = await services.media.storeImage({ kind: "poster", bytes: file });
    expect(stored).toMatchObject({ width: 600, height: 900 });
  });

  it("refuses a text file named .png", async () => {
    const file = new File(["width,height\n400,600\n"], "poster.png", { type: "image/png" });
    expect(await refusal(services.media.storeImage({ kind: "poster", bytes: file }))).toBe(
      "This file isn't a JPEG, PNG or WebP image. Save or export it as JPEG, PNG or WebP and try again.",
    );
  });

  it("refuses a 40 MB body at once, before reading or decoding it", async () => {
    // A PNG signature followed by 40 MB: decoding would fail differently (and slowly); the size check comes first.
    const body = new Uint8Array(40_000_000);
    body.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const started = performance.now();
    const message = await refusal(services.media.storeImage({ kind: "poster", bytes: body }));
    expect(performance.now() - started).toBeLessThan(50);
    expect(message).toBe(
      "This file is 40 MB; images can be at most 10 MB. Export it as a JPEG or WebP, or at a smaller size, and try again.",
    );

    // A File (what a form posts) is refused on its size alone: its bytes are never read.
    const file = new File([body], "huge.png", { type: "image/png" });
    file.arrayBuffer = () => Promise.reject(new Error("the body was read"));
    expect(await refusal(services.media.storeImage({ kind: "poster", bytes: file }))).toBe(message);
  });

  it("refuses a 1×1 image as too small, saying what size is needed", async () => {
    const tiny = await picture(1, 1).png().toBuffer();
    expect(await refusal(services.media.storeImage({ kind: "poster", bytes: tiny }))).toBe(
      "A poster must be at least 400 × 600 pixels; this image is 1 × 1. Use a larger original.",
    );
    const smallBackdrop = await picture(1024, 576).jpeg().toBuffer();
    expect(await refusal(services.media.storeImage({ kind: "backdrop", bytes: smallBackdrop }))).toBe(
      "A backdrop must be at least 1280 × 720 pixels; this image is 1024 × 576. Use a larger original.",
    );
  });

  it("refuses an SVG with a script, however it is named or starts", async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600"><script>alert(document.cookie)</script><rect width="400" height="600"/></svg>`;
    const message =
      "SVG files can't be uploaded, because they can carry scripts. Export the artwork as a JPEG, PNG or WebP image instead.";
    for (const text of [svg, `<?xml version="1.0"?>\n${svg}`, `\uFEFF  <!-- poster -->\n${svg}`]) {
      const file = new File([text], "poster.png", { type: "image/png" });
      expect(await refusal(services.media.storeImage({ kind: "poster", bytes: file }))).toBe(message);
    }
  });

  it("refuses other formats by name, damaged files, the wrong shape and decompression bombs", async () => {
    const gif = await picture(600, 900).gif().toBuffer();
    expect(await refusal(checkImage("poster", gif, limits))).toBe(
      "This file isn't a JPEG, PNG or WebP image. It is a GIF. Save or export it as JPEG, PNG or WebP and try again.",
    );
    const jpeg = await picture(600, 900).jpeg().toBuffer();
    expect(await refusal(checkImage("poster", jpeg.subarray(0, 40), limits))).toMatch(/^This file starts like a JPEG image but can't be read/);
    const landscape = await picture(1920, 1080).jpeg().toBuffer();
    expect(await refusal(checkImage("poster", landscape, limits))).toBe(
      "A poster should be portrait, about 2:3 (for example 1000 × 1500); this image is 1920 × 1080. Crop it and try again.",
    );
    // 60 000 × 60 000 pixels in a 90-byte file: refused from its header (decoding it would fail on sharp's pixel
    // limit with another message, so this one shows the header alone decided).
    expect(await refusal(checkImage("backdrop", pngHeaderOnly(60_000, 60_000), limits))).toBe(
      "A backdrop can be at most 12000 × 8000 pixels (50 megapixels); this image is 60000 × 60000. Scale it down and try again.",
    );
  });
});

describe("renditions", () => {
  it("makes every size the site uses as WebP and JPEG, oriented, with the EXIF gone", async () => {
    // Stored sideways (1500 × 1000) with EXIF orientation 6: it is displayed upright, 1000 × 1500.
    const sideways = await picture(1500, 1000)
      .jpeg()
      .withMetadata({ orientation: 6, exif: { IFD0: { Copyright: "Someone", Artist: "A camera" } } })
      .toBuffer();
    const started = performance.now();
    const stored = await services.media.storeImage({ kind: "poster", bytes: sideways });
    const elapsed = performance.now() - started;
    console.log(`one 1000 × 1500 poster: checked, rendered (4 files) and stored in ${Math.round(elapsed)} ms`);

    expect(stored).toMatchObject({ kind: "poster", width: 1000, height: 1500 });
    expect(stored.id).toMatch(/^[a-f0-9]{32}$/);
    expect(Object.keys(stored.urls).sort()).toEqual(RENDITIONS.poster.map((rendition) => rendition.name).sort());
    expect(stored.url).toBe(`/media/${stored.id}-poster-400.jpg`);

    for (const rendition of RENDITIONS.poster) {
      const urls = stored.urls[rendition.name]!;
      expect(urls).toEqual({
        webp: `/media/${stored.id}-${rendition.name}.webp`,
        jpeg: `/media/${stored.id}-${rendition.name}.jpg`,
        width: rendition.width,
        height: rendition.height,
      });
      for (const [format, url] of [["webp", urls.webp], ["jpeg", urls.jpeg]] as const) {
        const object = await services.media.read(url.slice("/media/".length));
        expect(object?.contentType).toBe(format === "webp" ? "image/webp" : "image/jpeg");
        const metadata = await sharp(object!.bytes).metadata();
        expect({ format: metadata.format, width: metadata.width, height: metadata.height }).toEqual({
          format,
          width: rendition.width,
          height: rendition.height,
        });
        expect(metadata.exif).toBeUndefined();
        expect(metadata.orientation).toBeUndefined();
      }
    }
  });

  it("fits adverts inside their boxes without cropping or enlarging", async () => {
    const wide = await picture(1000, 400).webp().toBuffer();
    const stored = await services.media.storeImage({ kind: "advert", bytes: wide });
    expect(stored.urls["advert-640"]).toMatchObject({ width: 640, height: 256 });
    expect(stored.urls["advert-1280"]).toMatchObject({ width: 1000, height: 400 });
  });

  it("stores the same bytes once: a second upload gets the same id and URLs and writes nothing", async () => {
    const backdrop = await picture(1920, 1080).png().toBuffer();
    const puts: string[] = [];
    const base = createPostgresStorage(services.db);
    const counting: MediaStorage = { ...base, put: (key, bytes, type) => (puts.push(key), base.put(key, bytes, type)) };
    const media = createMedia({ db: services.db, storage: counting });

    const first = await media.storeImage({ kind: "backdrop", bytes: backdrop });
    expect(puts).toHaveLength(4);
    const second = await media.storeImage({ kind: "backdrop", bytes: Uint8Array.from(backdrop) });
    expect(second).toEqual(first);
    expect(puts).toHaveLength(4);
    expect(await services.db.mediaObject.count({ where: { key: { startsWith: first.id } } })).toBe(4);

    // Racing uploads of the same image from two processes both succeed, and leave one copy.
    const other = await picture(1920, 1080).png().toBuffer();
    const [a, b] = await Promise.all([media.storeImage({ kind: "backdrop", bytes: other }), services.media.storeImage({ kind: "backdrop", bytes: other })]);
    expect(a).toEqual(b);
    expect(await services.db.mediaObject.count({ where: { key: { startsWith: a.id } } })).toBe(4);
  });

  it("gives a page every rendition of the one URL a row keeps, for srcset", async () => {
    const poster = await picture(400, 600).jpeg().toBuffer();
    const stored = await services.media.storeImage({ kind: "poster", bytes: poster });
    const at = (name: string, format: "webp" | "jpeg") => stored.urls[name]![format];
    expect(mediaSources(stored.url)).toEqual({
      webp: `${at("poster-200", "webp")} 200w, ${at("poster-400", "webp")} 400w`,
      jpeg: `${at("poster-200", "jpeg")} 200w, ${at("poster-400", "jpeg")} 400w`,
    });
    expect(mediaSources("/posters/none.jpg")).toBeNull();
    expect(mediaSources(`https://cdn.example.com/${"a".repeat(32)}-backdrop-1280.jpg`)?.webp).toBe(
      `https://cdn.example.com/${"a".repeat(32)}-backdrop-640.webp 640w, https://cdn.example.com/${"a".repeat(32)}-backdrop-1280.webp 1280w`,
    );
  });

  it("reads nothing for keys it didn't make", async () => {
    for (const key of ["../../etc/passwd", "0123456789abcdef0123456789abcdef-poster-400.jpg", "x.jpg", ""]) {
      expect(await services.media.read(key)).toBeNull();
    }
  });
});

describe("the S3-compatible backend", () => {
  type Put = { body: Buffer; headers: IncomingMessage["headers"] };
  const objects = new Map<string, Put>();
  const unsigned: string[] = [];
  let server: Server;
  let endpoint: string;

  beforeAll(async () => {
    // Path-style: /<bucket>/<key>. Every request must carry a SigV4 Authorization for the configured key and region.
    server = createServer(async (request, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const auth = request.headers.authorization ?? "";
      const signed =
        /^AWS4-HMAC-SHA256 Credential=test-access-key\/\d{8}\/eu-west-2\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(auth) &&
        /^\d{8}T\d{6}Z$/.test(String(request.headers["x-amz-date"])) &&
        typeof request.headers["x-amz-content-sha256"] === "string";
      if (!signed) {
        unsigned.push(`${request.method} ${request.url}`);
        response.writeHead(403).end("<Error><Code>AccessDenied</Code></Error>");
        return;
      }
      const [, bucket, key] = /^\/([^/]+)\/(.+)$/.exec(request.url ?? "") ?? [];
      if (bucket !== "marquee-media" || !key) return void response.writeHead(404).end();
      if (request.method === "PUT") {
        objects.set(key, { body: Buffer.concat(chunks), headers: request.headers });
        return void response.writeHead(200).end();
      }
      const object = objects.get(key);
      if (!object) return void response.writeHead(404).end();
      response.writeHead(200, { "content-type": String(object.headers["content-type"]), "content-length": object.body.length });
      response.end(request.method === "HEAD" ? undefined : object.body);
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const settings = () => ({
    endpoint,
    bucket: "marquee-media",
    region: "eu-west-2",
    accessKeyId: "test-access-key",
    secretAccessKey: "test-secret-key",
  });

  it("puts signed objects with their type and immutable caching, reads them back, and links to the public URL", async () => {
    const media = createMedia({
      db: services.db,
      storage: createS3Storage(settings()),
      options: { publicBaseUrl: "https://media.example.com" },
    });
    const poster = await picture(800, 1200).jpeg().toBuffer();
    const stored = await media.storeImage({ kind: "poster", bytes: poster });

    expect(unsigned).toEqual([]);
    expect([...objects.keys()].sort()).toEqual(
      ["poster-200.jpg", "poster-200.webp", "poster-400.jpg", "poster-400.webp"].map((name) => `${stored.id}-${name}`),
    );
    const put = objects.get(`${stored.id}-poster-400.webp`)!;
    expect(put.headers["content-type"]).toBe("image/webp");
    expect(put.headers["cache-control"]).toBe(IMMUTABLE_CACHE_CONTROL);
    expect(stored.url).toBe(`https://media.example.com/${stored.id}-poster-400.jpg`);

    const read = await media.read(`${stored.id}-poster-400.webp`);
    expect(read && Buffer.from(read.bytes).equals(put.body)).toBe(true);
    expect(await media.storage.exists(`${stored.id}-poster-200.jpg`)).toBe(true);
    expect(await media.storage.exists(`${"0".repeat(32)}-poster-200.jpg`)).toBe(false);
    expect(await media.read(`${"0".repeat(32)}-poster-200.jpg`)).toBeNull();

    // Stored again: the HEADs find everything, nothing is put twice.
    const before = objects.size;
    expect(await media.storeImage({ kind: "poster", bytes: poster })).toEqual(stored);
    expect(objects.size).toBe(before);
  });

  it("reports a bucket that refuses (wrong credentials) as the store being unavailable", async () => {
    const storage = createS3Storage({ ...settings(), accessKeyId: "someone-else" });
    const error = await storage.exists(`${"0".repeat(32)}-poster-200.jpg`).catch((caught: unknown) => caught);
    expect(isAppError(error) && error.code).toBe("SERVICE_UNAVAILABLE");
  });
});
