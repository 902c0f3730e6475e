// The sizes the site shows images at, and how they are made. Each rendition is written as WebP and as a JPEG
// fallback, in sRGB, with EXIF orientation applied and every piece of metadata (EXIF, GPS, XMP) left out.
//
// Where the sizes come from (components/programme):
// - posters (PosterImage) are drawn 2:3, at most ~200 CSS px wide in the poster grids and 176 px on the film page's
//   header, 64 px in the home page's offers strip: 200 × 300 for 1× screens, 400 × 600 for 2× (and the default).
// - backdrops fill the film page's header (100vw, under a dark wash) and the home hero (at most 1280 px):
//   640 × 360 for phones, 1280 × 720 for the rest (the default).
// - adverts are shown as the home hero (wide) or in the offers strip (poster-shaped, small): their shape is the
//   advertiser's, so they are scaled to fit inside 640 and 1280 px boxes, never enlarged and never cropped.
import sharp from "sharp";
import type { ImageKind } from "./images";
import type { MediaFormat } from "./keys";

export type Rendition = {
  /** Part of the key: unique across kinds. */
  name: string;
  width: number;
  height: number;
  /** cover: cropped to exactly width × height (centred); inside: scaled to fit, keeping the image's shape. */
  fit: "cover" | "inside";
};

export const RENDITIONS: Record<ImageKind, readonly Rendition[]> = {
  poster: [
    { name: "poster-200", width: 200, height: 300, fit: "cover" },
    { name: "poster-400", width: 400, height: 600, fit: "cover" },
  ],
  backdrop: [
    { name: "backdrop-640", width: 640, height: 360, fit: "cover" },
    { name: "backdrop-1280", width: 1280, height: 720, fit: "cover" },
  ],
  advert: [
    { name: "advert-640", width: 640, height: 640, fit: "inside" },
    { name: "advert-1280", width: 1280, height: 1280, fit: "inside" },
  ],
};

/** The rendition a single URL (Film.posterUrl, Film.backdropUrl, Advert.imageUrl) points at: its JPEG. */
export const DEFAULT_RENDITION: Record<ImageKind, string> = {
  poster: "poster-400",
  backdrop: "backdrop-1280",
  advert: "advert-1280",
};

export const FORMATS: readonly MediaFormat[] = ["webp", "jpeg"];

export type RenderedImage = { rendition: string; format: MediaFormat; width: number; height: number; bytes: Uint8Array };

/** The size a rendition of a width × height image comes out at. */
export function renditionSize(rendition: Rendition, width: number, height: number): { width: number; height: number } {
  if (rendition.fit === "cover") return { width: rendition.width, height: rendition.height };
  const scale = Math.min(1, rendition.width / width, rendition.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/**
 * Every rendition of an image already checked by checkImage (`width` × `height` is its displayed size). The
 * source is decoded once, oriented and scaled to the largest rendition; the smaller ones are made from that.
 */
export async function renderAll(
  kind: ImageKind,
  source: Uint8Array,
  size: { width: number; height: number },
  maxInputPixels: number,
): Promise<RenderedImage[]> {
  const renditions = [...RENDITIONS[kind]].sort((a, b) => b.width * b.height - a.width * a.height);
  const largest = renditions[0]!;
  const largestSize = renditionSize(largest, size.width, size.height);
  const { data, info } = await sharp(source, { limitInputPixels: maxInputPixels, failOn: "error" })
    .autoOrient()
    .resize(largestSize.width, largestSize.height, { fit: "cover", position: "centre" })
    // sRGB, 8 bits per channel: what every browser shows the same way.
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { width: info.width, height: info.height, channels: info.channels };

  const out: RenderedImage[] = [];
  for (const rendition of renditions) {
    const target = renditionSize(rendition, size.width, size.height);
    const base = () =>
      rendition === largest
        ? sharp(data, { raw })
        : sharp(data, { raw }).resize(target.width, target.height, { fit: "cover", position: "centre" });
    const [webp, jpeg] = await Promise.all([
      base().webp({ quality: 80, effort: 4 }).toBuffer(),
      // JPEG has no transparency: flatten onto the site's dark background.
      base().flatten({ background: "#0a0a0a" }).jpeg({ quality: 82, mozjpeg: true }).toBuffer(),
    ]);
    out.push({ rendition: rendition.name, format: "webp", ...target, bytes: new Uint8Array(webp) });
    out.push({ rendition: rendition.name, format: "jpeg", ...target, bytes: new Uint8Array(jpeg) });
  }
  return out;
}
