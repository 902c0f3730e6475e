// How the renditions (sizes.ts) are made. Each is written as WebP and as a JPEG fallback, in sRGB, with EXIF
// orientation applied and every piece of metadata (EXIF, GPS, XMP) left out.
import sharp from "sharp";
import type { ImageKind } from "./images";
import type { MediaFormat } from "./keys";
import { RENDITIONS, renditionSize } from "./sizes";

export const FORMATS: readonly MediaFormat[] = ["webp", "jpeg"];

export type RenderedImage = { rendition: string; format: MediaFormat; width: number; height: number; bytes: Uint8Array };

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
