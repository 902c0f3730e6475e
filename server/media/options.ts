import { env } from "@/server/config/env";
import type { S3Settings } from "./s3-storage";

export type MediaOptions = {
  /** Largest upload accepted, in bytes: anything bigger is refused before it is decoded (MEDIA_MAX_UPLOAD_BYTES). */
  maxUploadBytes: number;
  /** Most pixels sharp will decode (width × height): the decompression-bomb limit. */
  maxInputPixels: number;
  /** Base of media URLs: "/media" (this app's route) or MEDIA_PUBLIC_URL (a public bucket or a CDN). */
  publicBaseUrl: string;
} & ({ storage: "postgres" } | { storage: "s3"; s3: S3Settings });

export const defaultMediaOptions = {
  maxUploadBytes: 10_000_000,
  // 50 megapixels: a 6000 × 8000 photograph fits, a small file that declares 100 000 × 100 000 pixels doesn't.
  maxInputPixels: 50_000_000,
  publicBaseUrl: "/media",
} as const;

export function mediaOptionsFromEnv(): MediaOptions {
  const settings = env();
  const common = {
    ...defaultMediaOptions,
    maxUploadBytes: settings.MEDIA_MAX_UPLOAD_BYTES,
    publicBaseUrl: (settings.MEDIA_PUBLIC_URL ?? defaultMediaOptions.publicBaseUrl).replace(/\/+$/, ""),
  };
  if (settings.MEDIA_STORAGE === "postgres") return { ...common, storage: "postgres" };
  const missing = (["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter((name) => !settings[name]);
  if (missing.length) throw new Error(`MEDIA_STORAGE=s3 needs ${missing.join(", ")} (see server/media/README.md).`);
  return {
    ...common,
    storage: "s3",
    s3: {
      endpoint: settings.S3_ENDPOINT!,
      bucket: settings.S3_BUCKET!,
      region: settings.S3_REGION,
      accessKeyId: settings.S3_ACCESS_KEY_ID!,
      secretAccessKey: settings.S3_SECRET_ACCESS_KEY!,
    },
  };
}
