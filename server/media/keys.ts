// Media keys: what an object is stored under and what its URL ends in. A key is the image's id (a hash of the
// uploaded bytes and of the rendition recipe), the rendition's name and the format's extension, e.g.
// `3f9c…e1-poster-400.webp`. The same upload always gets the same key, and a key is written once, so a URL never
// changes meaning and may be cached for ever.
import { createHash } from "node:crypto";

/** Bump when the renditions change (sizes, quality, crop): every image then gets new keys, old URLs keep working. */
export const RECIPE_VERSION = "r1";

export type MediaFormat = "webp" | "jpeg";

export const CONTENT_TYPES: Record<MediaFormat, string> = { webp: "image/webp", jpeg: "image/jpeg" };
const EXTENSIONS: Record<MediaFormat, string> = { webp: "webp", jpeg: "jpg" };

/** 32 hex digits of SHA-256 (128 bits): collisions are not a practical concern. */
const ID_LENGTH = 32;
const KEY_PATTERN = /^([a-f0-9]{32})-([a-z0-9]+(?:-[a-z0-9]+)*)\.(webp|jpg)$/;

/** The image's id: the same bytes (under the same recipe) always give the same id. */
export function imageId(bytes: Uint8Array): string {
  return createHash("sha256").update(`${RECIPE_VERSION}\0`).update(bytes).digest("hex").slice(0, ID_LENGTH);
}

export function mediaKey(id: string, rendition: string, format: MediaFormat): string {
  return `${id}-${rendition}.${EXTENSIONS[format]}`;
}

/** The key's parts, or null for anything that is not a key this module made (so it can't name a path or a query). */
export function parseMediaKey(key: string): { id: string; rendition: string; contentType: string } | null {
  const match = KEY_PATTERN.exec(key);
  if (!match) return null;
  const [, id, rendition, extension] = match as unknown as [string, string, string, string];
  return { id, rendition, contentType: extension === "webp" ? CONTENT_TYPES.webp : CONTENT_TYPES.jpeg };
}
