// What every part of the media module shares: its storage, its options and how a key becomes a URL.
import type { Database } from "@/server/db";
import { mediaOptionsFromEnv, type MediaOptions } from "./options";
import { createStorage, type MediaStorage } from "./storage";

export interface MediaDeps {
  db: Database;
  /** Defaults to the backend the options select (PostgreSQL unless MEDIA_STORAGE=s3). */
  storage?: MediaStorage;
  /** Defaults to the environment's (mediaOptionsFromEnv). */
  options?: Partial<MediaOptions>;
}

export type MediaContext = {
  storage: MediaStorage;
  options: MediaOptions;
  /** The URL browsers fetch a key from. */
  urlFor: (key: string) => string;
};

export function createMediaContext(deps: MediaDeps): MediaContext {
  const options = { ...mediaOptionsFromEnv(), ...deps.options } as MediaOptions;
  const storage = deps.storage ?? createStorage(deps.db, options);
  const base = options.publicBaseUrl.replace(/\/+$/, "");
  return { storage, options, urlFor: (key) => `${base}/${key}` };
}
