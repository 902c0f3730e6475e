// The sizes the site shows images at: the renditions of each kind and which one a row's single URL points at. No
// sharp and no Node APIs here, so pages may import it (sources.ts); renditions.ts makes the files.
//
// Where the sizes come from (components/programme):
// - posters (PosterImage) are drawn 2:3, at most ~200 CSS px wide in the poster grids and 176 px on the film page's
//   header, 64 px in the home page's offers strip: 200 × 300 for 1× screens, 400 × 600 for 2× (and the default).
// - backdrops fill the film page's header (100vw, under a dark wash) and the home hero (at most 1280 px):
//   640 × 360 for phones, 1280 × 720 for the rest (the default).
// - adverts are shown as the home hero (wide) or in the offers strip (poster-shaped, small): their shape is the
//   advertiser's, so they are scaled to fit inside 640 and 1280 px boxes, never enlarged and never cropped.
import type { ImageKind } from "./images";

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

/** The size a rendition of a width × height image comes out at. */
export function renditionSize(rendition: Rendition, width: number, height: number): { width: number; height: number } {
  if (rendition.fit === "cover") return { width: rendition.width, height: rendition.height };
  const scale = Math.min(1, rendition.width / width, rendition.height / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
