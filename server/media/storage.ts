// One storage interface for media, whichever backend holds the bytes. Objects are addressed by content-hashed keys
// (keys.ts) and written once: put() of a key that exists changes nothing, so concurrent uploads of the same image
// from several app processes are harmless.
import type { Database } from "@/server/db";
import type { MediaOptions } from "./options";
import { createPostgresStorage } from "./postgres-storage";
import { createS3Storage } from "./s3-storage";

export interface StoredObject {
  bytes: Uint8Array;
  contentType: string;
}

export interface MediaStorage {
  /** "postgres" or "s3": for logs and health pages. */
  readonly name: string;
  /** Stores the bytes under the key unless the key already exists (a key's bytes never change). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object, or null if nothing is stored under the key. */
  get(key: string): Promise<StoredObject | null>;
  exists(key: string): Promise<boolean>;
}

/** The backend the options select: PostgreSQL unless MEDIA_STORAGE=s3. */
export function createStorage(db: Database, options: MediaOptions): MediaStorage {
  if (options.storage === "postgres") return createPostgresStorage(db);
  return createS3Storage(options.s3);
}
