// Media: uploaded images (film posters and backdrops, advert artwork), from the uploaded bytes to the URLs the site
// shows. Checks by content (images.ts), renditions in the sizes the site uses as WebP + JPEG (renditions.ts),
// storage behind one interface, PostgreSQL by default or an S3-compatible bucket (storage.ts), and reading objects
// back for the /media route. README.md beside this file has the invariants and the S3 set-up.
//
// It imports neither tRPC nor Next: the app's route handler (app/media/[key]/route.ts) turns read() into HTTP.
import { createMediaContext, type MediaDeps } from "./context";
import { parseMediaKey } from "./keys";
import type { StoredObject } from "./storage";
import { createUploads } from "./uploads";

export type { MediaDeps } from "./context";
export type { MediaStorage, StoredObject } from "./storage";
export { createStorage } from "./storage";
export { createPostgresStorage } from "./postgres-storage";
export { createS3Storage, IMMUTABLE_CACHE_CONTROL, type S3Settings } from "./s3-storage";
export type { MediaOptions } from "./options";
export { defaultMediaOptions, mediaOptionsFromEnv } from "./options";
export type { ImageKind, ImageFormat, CheckedImage } from "./images";
export { IMAGE_KINDS, IMAGE_RULES, checkImage, sniffFormat } from "./images";
export type { Rendition } from "./sizes";
export { RENDITIONS, DEFAULT_RENDITION } from "./sizes";
export type { StoreImageInput, StoredImage } from "./uploads";
export { parseMediaKey } from "./keys";
export { mediaSources, type MediaSources } from "./sources";

export function createMedia(deps: MediaDeps) {
  const ctx = createMediaContext(deps);
  const uploads = createUploads(ctx);

  return {
    storage: ctx.storage,
    options: ctx.options,

    /** Checks, renders and stores an upload; the same bytes always give the same result. */
    storeImage: uploads.storeImage,

    /** The object under a key (with the content type its key implies), or null if it isn't a key or isn't stored. */
    async read(key: string): Promise<(StoredObject & { key: string }) | null> {
      const parsed = parseMediaKey(key);
      if (!parsed) return null;
      const object = await ctx.storage.get(key);
      return object ? { key, bytes: object.bytes, contentType: parsed.contentType } : null;
    },

    /** The URL browsers fetch a key from: this app's /media route, or MEDIA_PUBLIC_URL. */
    urlFor: ctx.urlFor,
  };
}

export type Media = ReturnType<typeof createMedia>;
