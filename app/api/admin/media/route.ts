// POST /api/admin/media: an admin form's image upload (multipart: `file`, and `kind` — poster, backdrop or advert).
// server/media checks, renders and stores the image; this handler only knows HTTP: who may call it, the body's size
// limit (enforced while reading, before the body is read in full), and which status a refusal gets. Answers the
// stored image ({ url, width, height, urls }) or { error } with 400/401/403/413/415.
import { hasRole } from "@/server/accounts/roles";
import { isAppError } from "@/server/errors";
import { IMAGE_KINDS, type ImageKind } from "@/server/media";
import { services } from "@/server/services";
import { getAppSession } from "@/lib/auth/next-auth";

/** Room for the multipart boundaries and the `kind` field around the file. */
const MULTIPART_OVERHEAD = 64 * 1024;

const json = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "cache-control": "no-store" } });

const tooLarge = (maxBytes: number) =>
  json(413, { error: `Images can be at most ${Math.round(maxBytes / 1e6)} MB. Export it as a JPEG or WebP, or at a smaller size, and try again.` });

/** The body, or null once more than `limit` bytes have arrived (the rest is never read). */
async function readCapped(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(new ArrayBuffer(total));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

function statusOf(reason: unknown): number {
  if (reason === "too_large") return 413;
  if (reason === "svg" || reason === "unsupported_type") return 415;
  return 400;
}

export async function POST(request: Request) {
  const session = await getAppSession();
  if (!session) return json(401, { error: "Please sign in to continue." });
  if (!hasRole(session.user, "ADMIN")) return json(403, { error: "You don't have permission to do that." });

  const media = services().media;
  const maxBytes = media.options.maxUploadBytes;
  const limit = maxBytes + MULTIPART_OVERHEAD;
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) return tooLarge(maxBytes);

  const contentType = request.headers.get("content-type") ?? "";
  if (!contentType.toLowerCase().startsWith("multipart/form-data")) {
    return json(400, { error: "Send the image as a multipart form with a `file` field." });
  }
  const body = await readCapped(request, limit);
  if (!body) return tooLarge(maxBytes);

  let form: FormData;
  try {
    form = await new Response(body, { headers: { "content-type": contentType } }).formData();
  } catch {
    return json(400, { error: "The upload couldn't be read. Choose the image again." });
  }
  const file = form.get("file");
  if (!(file instanceof Blob)) return json(400, { error: "Choose an image to upload." });
  const kind = form.get("kind") ?? "advert";
  if (typeof kind !== "string" || !(IMAGE_KINDS as readonly string[]).includes(kind)) {
    return json(400, { error: `The kind must be one of ${IMAGE_KINDS.join(", ")}.` });
  }

  try {
    const stored = await media.storeImage({ kind: kind as ImageKind, bytes: file });
    return json(200, { url: stored.url, width: stored.width, height: stored.height, urls: stored.urls });
  } catch (error) {
    if (isAppError(error) && error.code === "BAD_REQUEST") return json(statusOf(error.details?.reason), { error: error.message });
    console.error("[media] storing an upload failed", error);
    return json(503, { error: "The image can't be stored right now. Try again in a moment." });
  }
}
