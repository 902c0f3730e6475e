// Upload checks. An image is judged by its bytes, never by its file name or the type the browser declared: the
// first bytes must be a JPEG, PNG or WebP signature, sharp must read the header as that same format, and its size
// must suit the use (a poster, a backdrop, an advert). Each refusal is a BAD_REQUEST whose message tells the person
// what to change. Nothing here decodes pixels: the size limit is checked before anything else, and the dimensions
// come from the header, so an oversized body or a decompression bomb costs next to nothing to refuse.
import sharp from "sharp";
import { badRequest } from "@/server/errors";

export type ImageKind = "poster" | "backdrop" | "advert";
export const IMAGE_KINDS: readonly ImageKind[] = ["poster", "backdrop", "advert"];
export type ImageFormat = "jpeg" | "png" | "webp";

type Rule = {
  /** How the messages name it. */
  noun: string;
  minWidth: number;
  minHeight: number;
  maxWidth: number;
  maxHeight: number;
  /** Width ÷ height allowed (the renditions crop to the exact ratio), and how to say it. */
  aspect?: { min: number; max: number; wanted: string };
};

// The minimums are the largest renditions (renditions.ts), so nothing is ever enlarged.
export const IMAGE_RULES: Record<ImageKind, Rule> = {
  poster: {
    noun: "A poster",
    minWidth: 400,
    minHeight: 600,
    maxWidth: 8000,
    maxHeight: 12000,
    aspect: { min: 0.55, max: 0.8, wanted: "portrait, about 2:3 (for example 1000 × 1500)" },
  },
  backdrop: {
    noun: "A backdrop",
    minWidth: 1280,
    minHeight: 720,
    maxWidth: 12000,
    maxHeight: 8000,
    aspect: { min: 1.5, max: 2.4, wanted: "landscape, about 16:9 (for example 1920 × 1080)" },
  },
  advert: { noun: "An advert image", minWidth: 640, minHeight: 320, maxWidth: 12000, maxHeight: 12000 },
};

export type CheckedImage = { format: ImageFormat; width: number; height: number };

const ACCEPTED = "a JPEG, PNG or WebP image";

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((char) => char.charCodeAt(0));

/** The format the bytes announce, from their signature (magic bytes). */
export function sniffFormat(bytes: Uint8Array): ImageFormat | "svg" | `other:${string}` | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "webp";
  if (startsWith(bytes, ascii("GIF8"))) return "other:a GIF";
  if (startsWith(bytes, ascii("%PDF"))) return "other:a PDF";
  if (startsWith(bytes, ascii("BM"))) return "other:a BMP image";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return "other:a TIFF image";
  if (startsWith(bytes, ascii("ftyp"), 4)) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    return brand.startsWith("avi") ? "other:an AVIF image" : brand.startsWith("he") || brand === "mif1" ? "other:a HEIC photo" : "other:a video or HEIF file";
  }
  // SVG is text: skip a byte-order mark and whitespace, then look for XML or an <svg> element near the start.
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 1024)).replace(/^\uFEFF/, "").trimStart();
  if (/^<(\?xml|svg|!doctype svg|!--)/i.test(head) && /<svg[\s>]/i.test(new TextDecoder().decode(bytes.subarray(0, 64 * 1024)))) return "svg";
  return null;
}

function megabytes(bytes: number): string {
  const value = bytes / 1_000_000;
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} MB`;
}

/** Refuses a body over the limit; call it before reading or decoding anything. */
export function checkUploadSize(byteLength: number, maxBytes: number): void {
  if (byteLength === 0) throw badRequest("The file is empty. Choose the image again.");
  if (byteLength > maxBytes) {
    throw badRequest(
      `This file is ${megabytes(byteLength)}; images can be at most ${megabytes(maxBytes)}. Export it as a JPEG or WebP, or at a smaller size, and try again.`,
      { reason: "too_large", byteLength, maxBytes },
    );
  }
}

/**
 * Checks an upload for a use and returns its format and its displayed size (EXIF orientation applied). Throws a
 * BAD_REQUEST AppError with a message for the person uploading.
 */
export async function checkImage(
  kind: ImageKind,
  bytes: Uint8Array,
  limits: { maxUploadBytes: number; maxInputPixels: number },
): Promise<CheckedImage> {
  checkUploadSize(bytes.byteLength, limits.maxUploadBytes);
  const rule = IMAGE_RULES[kind];

  const sniffed = sniffFormat(bytes);
  if (sniffed === "svg") {
    throw badRequest(`SVG files can't be uploaded, because they can carry scripts. Export the artwork as ${ACCEPTED} instead.`, {
      reason: "svg",
    });
  }
  if (sniffed === null || sniffed.startsWith("other:")) {
    const what = sniffed ? `It is ${sniffed.slice("other:".length)}. ` : "";
    throw badRequest(`This file isn't ${ACCEPTED}. ${what}Save or export it as JPEG, PNG or WebP and try again.`, {
      reason: "unsupported_type",
    });
  }

  // The header only: no pixels are decoded here.
  const metadata = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!metadata || metadata.format !== sniffed || !metadata.width || !metadata.height) {
    throw badRequest(`This file starts like a ${sniffed.toUpperCase()} image but can't be read: it may be damaged or cut short. Export it again and retry.`, {
      reason: "unreadable",
    });
  }
  const { width, height } = metadata.autoOrient ?? metadata;

  if (width * height > limits.maxInputPixels || width > rule.maxWidth || height > rule.maxHeight) {
    throw badRequest(
      `${rule.noun} can be at most ${rule.maxWidth} × ${rule.maxHeight} pixels (${Math.round(limits.maxInputPixels / 1e6)} megapixels); this image is ${width} × ${height}. Scale it down and try again.`,
      { reason: "too_many_pixels", width, height },
    );
  }
  if (width < rule.minWidth || height < rule.minHeight) {
    throw badRequest(
      `${rule.noun} must be at least ${rule.minWidth} × ${rule.minHeight} pixels; this image is ${width} × ${height}. Use a larger original.`,
      { reason: "too_small", width, height },
    );
  }
  const ratio = width / height;
  if (rule.aspect && (ratio < rule.aspect.min || ratio > rule.aspect.max)) {
    throw badRequest(`${rule.noun} should be ${rule.aspect.wanted}; this image is ${width} × ${height}. Crop it and try again.`, {
      reason: "wrong_shape",
      width,
      height,
    });
  }
  return { format: sniffed, width, height };
}
