// Media in an S3-compatible bucket (AWS S3, Cloudflare R2, MinIO, Backblaze B2, …), selected with MEDIA_STORAGE=s3.
// Requests are signed with AWS Signature V4 (aws4fetch) and addressed path-style, `<endpoint>/<bucket>/<key>`,
// which every S3-compatible service accepts. Objects are written with their content type and a year-long immutable
// Cache-Control, so a public bucket or a CDN in front of it (MEDIA_PUBLIC_URL) serves them exactly as /media does.
import { AwsClient } from "aws4fetch";
import { AppError } from "@/server/errors";
import type { MediaStorage } from "./storage";

export interface S3Settings {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** For tests: the fetch the client uses. */
  fetch?: typeof fetch;
}

export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

export function createS3Storage(settings: S3Settings): MediaStorage {
  const client = new AwsClient({
    accessKeyId: settings.accessKeyId,
    secretAccessKey: settings.secretAccessKey,
    region: settings.region,
    service: "s3",
    // Our own retries would only delay the error page: uploads are retried by the person, reads by the browser.
    retries: 0,
  });
  const base = `${settings.endpoint.replace(/\/+$/, "")}/${encodeURIComponent(settings.bucket)}`;
  const send = async (method: "GET" | "HEAD" | "PUT", key: string, init: RequestInit = {}) => {
    const signed = await client.sign(`${base}/${encodeURIComponent(key)}`, { method, ...init });
    try {
      return await (settings.fetch ?? fetch)(signed, { signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new AppError("SERVICE_UNAVAILABLE", "The image store can't be reached right now. Try again in a moment.", {
        cause: String(error),
      });
    }
  };
  const failed = async (response: Response, what: string) => {
    const detail = (await response.text().catch(() => "")).slice(0, 300);
    return new AppError("SERVICE_UNAVAILABLE", "The image store refused the request. Try again in a moment.", {
      what,
      status: response.status,
      detail,
    });
  };

  return {
    name: "s3",

    async put(key, bytes, contentType) {
      const response = await send("PUT", key, {
        body: Uint8Array.from(bytes),
        headers: { "content-type": contentType, "cache-control": IMMUTABLE_CACHE_CONTROL },
      });
      if (!response.ok) throw await failed(response, `PUT ${key}`);
      await response.body?.cancel();
    },

    async get(key) {
      const response = await send("GET", key);
      if (response.status === 404) return null;
      if (!response.ok) throw await failed(response, `GET ${key}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      return { bytes, contentType: response.headers.get("content-type") ?? "application/octet-stream" };
    },

    async exists(key) {
      const response = await send("HEAD", key);
      if (response.status === 404) return false;
      if (!response.ok) throw await failed(response, `HEAD ${key}`);
      return true;
    },
  };
}
