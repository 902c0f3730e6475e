// Storing an uploaded image: checked (images.ts), rendered (renditions.ts), written to the storage under
// content-hashed keys (keys.ts). Idempotent: the same bytes give the same id and URLs, and renditions already
// stored are neither rendered nor written again, so a retried upload or a re-run seed costs a header read.
import type { MediaContext } from "./context";
import { checkImage, checkUploadSize, type ImageKind } from "./images";
import { CONTENT_TYPES, imageId, mediaKey, type MediaFormat } from "./keys";
import { FORMATS, renderAll } from "./renditions";
import { DEFAULT_RENDITION, RENDITIONS, renditionSize } from "./sizes";

export type StoreImageInput = {
  kind: ImageKind;
  /** The uploaded file. A Blob (a File from a form) is size-checked before a byte of it is read. */
  bytes: Uint8Array | ArrayBuffer | Blob;
};

export type StoredImage = {
  /** The content hash every key of this image starts with. */
  id: string;
  kind: ImageKind;
  /** The displayed size of the upload (EXIF orientation applied). */
  width: number;
  height: number;
  /** The default rendition's JPEG: what Film.posterUrl, Film.backdropUrl or Advert.imageUrl holds. */
  url: string;
  /** Every rendition, by name, as WebP and JPEG, with its size. */
  urls: Record<string, { webp: string; jpeg: string; width: number; height: number }>;
};

async function readBytes(input: StoreImageInput["bytes"], maxBytes: number): Promise<Uint8Array> {
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  checkUploadSize(input.size, maxBytes);
  return new Uint8Array(await input.arrayBuffer());
}

export function createUploads(ctx: MediaContext) {
  const { storage, options } = ctx;

  async function storeImage(input: StoreImageInput): Promise<StoredImage> {
    const bytes = await readBytes(input.bytes, options.maxUploadBytes);
    const checked = await checkImage(input.kind, bytes, options);
    const id = imageId(bytes);

    const urls: StoredImage["urls"] = {};
    const keys: Array<{ key: string; format: MediaFormat; rendition: string }> = [];
    for (const rendition of RENDITIONS[input.kind]) {
      const size = renditionSize(rendition, checked.width, checked.height);
      const [webp, jpeg] = FORMATS.map((format) => mediaKey(id, rendition.name, format)) as [string, string];
      urls[rendition.name] = { webp: ctx.urlFor(webp), jpeg: ctx.urlFor(jpeg), ...size };
      for (const format of FORMATS) keys.push({ key: mediaKey(id, rendition.name, format), format, rendition: rendition.name });
    }

    const present = await Promise.all(keys.map(({ key }) => storage.exists(key)));
    if (present.some((exists) => !exists)) {
      const rendered = await renderAll(input.kind, bytes, checked, options.maxInputPixels);
      await Promise.all(
        rendered.map(async (image) => {
          const key = mediaKey(id, image.rendition, image.format);
          if (!present[keys.findIndex((entry) => entry.key === key)]) await storage.put(key, image.bytes, CONTENT_TYPES[image.format]);
        }),
      );
    }

    const main = urls[DEFAULT_RENDITION[input.kind]]!;
    return { id, kind: input.kind, width: checked.width, height: checked.height, url: main.jpeg, urls };
  }

  return { storeImage };
}
