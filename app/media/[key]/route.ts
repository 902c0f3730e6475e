// GET /media/<key>: an uploaded image's rendition (server/media). Keys are content hashes, written once, so a URL
// never changes meaning: browsers and CDNs may keep the response for a year without asking again. With S3 and
// MEDIA_PUBLIC_URL set, pages link to the bucket or CDN instead, and this route is only a fallback.
import { services } from "@/server/services";
import { mediaResponse } from "./response";

export async function GET(request: Request, { params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  try {
    return mediaResponse(await services().media.read(key), request);
  } catch (error) {
    console.error(`[media] reading ${key} failed`, error);
    return new Response("The image can't be loaded right now.", { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } });
  }
}

// HEAD is answered by Next from GET, without the body.
