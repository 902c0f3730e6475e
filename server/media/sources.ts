// From the one URL a row keeps (Film.posterUrl, Film.backdropUrl, Advert.imageUrl: the default rendition's JPEG) to
// every rendition, for a page's <picture> / srcset. Pure string work, no Node APIs, so any component may import it.
import { DEFAULT_RENDITION, RENDITIONS } from "./sizes";

const DEFAULT_URL = /^(.*\/)([a-f0-9]{32})-([a-z0-9-]+)\.jpg$/;

export type MediaSources = {
  /** `srcset` values by format: "<url> 200w, <url> 400w". */
  webp: string;
  jpeg: string;
};

/** The srcsets of a media URL's image, or null for a URL this module didn't make (an old or external image). */
export function mediaSources(url: string): MediaSources | null {
  const match = DEFAULT_URL.exec(url);
  if (!match) return null;
  const [, base, id, rendition] = match as unknown as [string, string, string, string];
  const kind = (Object.keys(DEFAULT_RENDITION) as Array<keyof typeof DEFAULT_RENDITION>).find(
    (candidate) => DEFAULT_RENDITION[candidate] === rendition,
  );
  if (!kind) return null;
  // Fit-inside renditions (adverts) may be narrower than their box; the box width is close enough for srcset.
  const set = (extension: string) =>
    RENDITIONS[kind].map((item) => `${base}${id}-${item.name}.${extension} ${item.width}w`).join(", ");
  return { webp: set("webp"), jpeg: set("jpg") };
}
