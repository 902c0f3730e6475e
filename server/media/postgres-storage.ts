// The default media storage: the MediaObject table (bytea). Every app process sees the same objects, and nothing
// beyond PostgreSQL has to run. Renditions are tens to hundreds of kilobytes, read through the /media route, which
// browsers and any CDN cache for a year, so the database serves each one rarely.
import type { Database } from "@/server/db";
import type { MediaStorage } from "./storage";

export function createPostgresStorage(db: Database): MediaStorage {
  return {
    name: "postgres",

    async put(key, bytes, contentType) {
      // ON CONFLICT DO NOTHING: a key already stored keeps its bytes (they are the same bytes).
      await db.mediaObject.createMany({
        data: [{ key, contentType, byteSize: bytes.byteLength, bytes: Uint8Array.from(bytes) }],
        skipDuplicates: true,
      });
    },

    async get(key) {
      const row = await db.mediaObject.findUnique({ where: { key }, select: { bytes: true, contentType: true } });
      return row ? { bytes: row.bytes, contentType: row.contentType } : null;
    },

    async exists(key) {
      return (await db.mediaObject.count({ where: { key } })) > 0;
    },
  };
}
