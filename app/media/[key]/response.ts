// The HTTP side of serving media: status, caching and content headers for what the media module read.
import { IMMUTABLE_CACHE_CONTROL, type StoredObject } from "@/server/media";

export function mediaResponse(object: (StoredObject & { key: string }) | null, request: Request): Response {
  if (!object) {
    // Not cached: an image being uploaded right now may be there in a moment.
    return new Response("Not found", { status: 404, headers: { "cache-control": "no-store", "content-type": "text/plain; charset=utf-8" } });
  }
  // The key is a content hash whose bytes never change, so it is a strong validator as it is.
  const etag = `"${object.key}"`;
  const headers = {
    "cache-control": IMMUTABLE_CACHE_CONTROL,
    etag,
    "content-type": object.contentType,
    // Browsers must not guess another type from the bytes; the response can't run anything even if opened directly.
    "x-content-type-options": "nosniff",
    "content-security-policy": "default-src 'none'; sandbox",
  };
  const ifNoneMatch = request.headers.get("if-none-match");
  if (ifNoneMatch && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(new Uint8Array(object.bytes.buffer as ArrayBuffer, object.bytes.byteOffset, object.bytes.byteLength), {
    status: 200,
    headers: { ...headers, "content-length": String(object.bytes.byteLength) },
  });
}
