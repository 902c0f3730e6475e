// The seed's artwork goes in exactly as an admin's upload would: each film's generated SVG (scripts/
// generate-artwork.ts) is rendered to a PNG, and the PNG is given to media.storeImage, which checks it, makes the
// renditions and stores them. The films and adverts then hold the media URLs it returns.
//
// Rendering the SVGs is the slow part: librsvg draws the film-grain filter pixel by pixel (0.8 s for a backdrop), so
// the grain, the same for every film, is drawn once and composited (layers()). Rendered PNGs are also kept in
// node_modules/.cache, keyed by the SVG's hash and sharp's version: a re-run reads them back, and storeImage, finding
// every rendition already stored, writes nothing.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import type { Media } from "@/server/media";
import { IMAGE_RULES } from "@/server/media";
import { artworkFile, films } from "./films";

export type FilmArtworkUrls = { posterUrl: string; backdropUrl: string };

const CACHE_DIR = fileURLToPath(new URL("../../node_modules/.cache/marquee-seed-artwork/", import.meta.url));

const GRAIN_LINE = /^<rect width="\d+" height="\d+" filter="url\(#[a-z0-9-]+-grain\)" opacity="[\d.]+"\/>$/;
const BACKGROUND_LINE = /^<rect width="\d+" height="\d+" fill="url\(#[a-z0-9-]+-bg\)"\/>$/;

/**
 * The artwork as three layers drawn separately and composited: what lies under the film grain, the grain, and the
 * type over it. The grain is the same for every film of a kind (one seeded noise filter over the whole frame), so
 * it is drawn once per kind and size instead of once per film. Null if the SVG isn't laid out that way.
 */
function layers(svg: string): { under: string; grain: string; over: string } | null {
  const lines = svg.split("\n");
  const grainAt = lines.findIndex((line) => GRAIN_LINE.test(line));
  const backgroundAt = lines.findIndex((line) => BACKGROUND_LINE.test(line));
  if (grainAt < 0 || backgroundAt < 0 || backgroundAt > grainAt) return null;
  const head = lines.slice(0, backgroundAt); // <svg>, <title>, <defs>
  return {
    under: [...lines.slice(0, grainAt), "</svg>"].join("\n"),
    grain: [...head, lines[grainAt]!, "</svg>"].join("\n"),
    over: [...head, ...lines.slice(grainAt + 1)].join("\n"),
  };
}

const grainLayers = new Map<string, Promise<Buffer>>();

/** The SVG drawn at the smallest size an upload of its kind may have (the largest rendition: nothing is enlarged). */
async function renderSvg(kind: "poster" | "backdrop", svg: Buffer): Promise<Buffer> {
  const { minWidth, minHeight } = IMAGE_RULES[kind];
  const key = createHash("sha256").update(`${sharp.versions.sharp}|${kind}|${minWidth}x${minHeight}\0`).update(svg).digest("hex");
  const cached = path.join(CACHE_DIR, `${key}.png`);
  const hit = await readFile(cached).catch(() => null);
  if (hit) return hit;

  const density = 72 * (minWidth / (await sharp(svg).metadata()).width!);
  const draw = (markup: string) => sharp(Buffer.from(markup), { density }).resize(minWidth, minHeight, { fit: "fill" }).png().toBuffer();
  const parts = layers(svg.toString("utf8"));
  let png: Buffer;
  if (!parts) png = await sharp(svg, { density }).resize(minWidth, minHeight, { fit: "cover" }).png({ compressionLevel: 1 }).toBuffer();
  else {
    const grainKey = `${kind}|${GRAIN_LINE.exec(parts.grain.split("\n").at(-2)!)?.[0].replace(/url\(#[^)]*\)/, "")}`;
    if (!grainLayers.has(grainKey)) grainLayers.set(grainKey, draw(parts.grain));
    const [under, grain, over] = await Promise.all([draw(parts.under), grainLayers.get(grainKey)!, draw(parts.over)]);
    png = await sharp(under).composite([{ input: grain }, { input: over }]).png({ compressionLevel: 1 }).toBuffer();
  }

  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed, so a concurrent seed never reads half a file.
  const partial = `${cached}.${process.pid}.tmp`;
  await writeFile(partial, png);
  await rename(partial, cached);
  return png;
}

async function storeArtwork(media: Media, slug: string, kind: "poster" | "backdrop"): Promise<string> {
  const png = await renderSvg(kind, await readFile(artworkFile(slug, kind)));
  return (await media.storeImage({ kind, bytes: png })).url;
}

/** Every seeded film's poster and backdrop, stored; by slug. Two at a time: sharp already uses both cores a little. */
export async function seedArtwork(media: Media): Promise<Map<string, FilmArtworkUrls>> {
  const urls = new Map<string, FilmArtworkUrls>();
  const queue = [...films];
  const worker = async () => {
    for (let film = queue.shift(); film; film = queue.shift()) {
      const posterUrl = await storeArtwork(media, film.slug, "poster");
      const backdropUrl = await storeArtwork(media, film.slug, "backdrop");
      urls.set(film.slug, { posterUrl, backdropUrl });
    }
  };
  await Promise.all([worker(), worker()]);
  return urls;
}
