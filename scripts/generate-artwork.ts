// Writes the seeded films' poster and backdrop artwork as SVG under prisma/seed-data/artwork. Run with
// `npx tsx scripts/generate-artwork.ts`; the output is committed, so nothing is drawn or fetched at run time. The
// seed renders it to PNG and stores it through the media module like any upload (prisma/seed-data/artwork.ts).
// Every shape comes from a PRNG seeded by the film's slug, so re-running produces byte-identical files.

import { mkdir, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { certificateLabel, films, type FilmArt, type SeedFilm } from "../prisma/seed-data/films";
import { createRng, type Rng } from "../prisma/seed-data/random";

type Frame = {
  width: number;
  height: number;
  /** Where the motif is centred and how big it is allowed to get. */
  focus: { x: number; y: number; r: number };
};

const POSTER: Frame = { width: 400, height: 600, focus: { x: 200, y: 220, r: 165 } };
const BACKDROP: Frame = { width: 1600, height: 900, focus: { x: 1180, y: 400, r: 370 } };

// BBFC colours, so the badge reads as a certificate at a glance.
const CERTIFICATE_COLOURS: Record<SeedFilm["certificate"], string> = {
  U: "#00a651",
  PG: "#f5b800",
  C12A: "#f47920",
  C15: "#e6007e",
  C18: "#dc0a1e",
};

const FONTS = {
  sans: "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif",
  serif: "Georgia, 'Times New Roman', 'Liberation Serif', serif",
};

// Rough advance widths of bold capitals, as a fraction of the font size; a little generous so titles never clip.
const CAPITAL_WIDTH = { sans: 0.7, serif: 0.74 };

const MINOR_WORDS = new Set(["a", "an", "and", "of", "the", "for", "la", "les", "le"]);

// ─── Small utilities ─────────────────────────────────────────────────────────

function num(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function hexToRgb(hex: string): [number, number, number] {
  const value = parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function mix(a: string, b: string, t: number): string {
  const [ar, ag, ab] = hexToRgb(a);
  const [br, bg, bb] = hexToRgb(b);
  const channel = (x: number, y: number) =>
    Math.round(x + (y - x) * t)
      .toString(16)
      .padStart(2, "0");
  return `#${channel(ar, br)}${channel(ag, bg)}${channel(ab, bb)}`;
}

function luminance(hex: string): number {
  const [r, g, b] = hexToRgb(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The background stop the title reads best against; the fade behind the type is drawn in it. */
function backing(art: FilmArt): string {
  const ink = luminance(art.ink);
  const contrast = (hex: string) => Math.abs(luminance(hex) - ink);
  return contrast(art.background[0]) >= contrast(art.background[1]) ? art.background[0] : art.background[1];
}

function polygon(points: ReadonlyArray<readonly [number, number]>): string {
  return points.map(([x, y], index) => `${index === 0 ? "M" : "L"}${num(x)} ${num(y)}`).join(" ") + " Z";
}

// ─── Motifs ──────────────────────────────────────────────────────────────────
// Each returns SVG markup drawn over the background gradient, scaled to the frame's focus area.

type MotifContext = { frame: Frame; art: FilmArt; rng: Rng; id: (name: string) => string };

function stars(ctx: MotifContext, count: number, maxY: number, colour: string): string {
  const { frame, rng } = ctx;
  let out = "";
  for (let i = 0; i < count; i++) {
    const x = rng.next() * frame.width;
    const y = rng.next() * maxY;
    const r = (0.5 + rng.next() * 1.6) * (frame.width / 400);
    out += `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="${colour}" opacity="${num(0.3 + rng.next() * 0.7)}"/>`;
  }
  return out;
}

function waves(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = `<circle cx="${num(x)}" cy="${num(y - r * 0.25)}" r="${num(r * 0.62)}" fill="url(#${ctx.id("glow")})"/>`;
  out += `<circle cx="${num(x)}" cy="${num(y - r * 0.25)}" r="${num(r * 0.42)}" fill="${art.accents[2]}" opacity="0.9"/>`;
  // Signal rings around the disc.
  for (let i = 1; i <= 4; i++) {
    out += `<circle cx="${num(x)}" cy="${num(y - r * 0.25)}" r="${num(r * (0.42 + i * 0.16))}" fill="none" stroke="${art.accents[0]}" stroke-width="${num(frame.width / 400)}" opacity="${num(0.55 - i * 0.11)}"/>`;
  }
  const bands = 9;
  const top = y + r * 0.15;
  for (let band = 0; band < bands; band++) {
    const baseY = top + ((frame.height - top) * band) / bands;
    const amplitude = r * (0.05 + rng.next() * 0.06);
    const wavelength = frame.width / (1.2 + rng.next() * 1.5);
    const phase = rng.next() * Math.PI * 2;
    const points: Array<[number, number]> = [];
    const steps = 48;
    for (let s = 0; s <= steps; s++) {
      const px = (frame.width * s) / steps;
      points.push([px, baseY + amplitude * Math.sin((2 * Math.PI * px) / wavelength + phase)]);
    }
    points.push([frame.width, frame.height], [0, frame.height]);
    const colour = mix(band % 2 === 0 ? art.accents[0] : art.accents[1], art.background[1], band / bands);
    out += `<path d="${polygon(points)}" fill="${colour}" opacity="${num(0.35 + (band / bands) * 0.5)}"/>`;
  }
  return out;
}

function moon(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = stars(ctx, Math.round(frame.width / 8), frame.height * 0.75, art.accents[2]);
  out += `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r * 0.95)}" fill="url(#${ctx.id("glow")})"/>`;
  // A moon folded from paper: a disc split into facets of slightly different shades.
  const facets = 7;
  const radius = r * 0.6;
  const start = rng.next() * Math.PI * 2;
  for (let i = 0; i < facets; i++) {
    const a0 = start + (i * 2 * Math.PI) / facets;
    const a1 = start + ((i + 1) * 2 * Math.PI) / facets;
    const steps = 8;
    const points: Array<[number, number]> = [[x, y]];
    for (let s = 0; s <= steps; s++) {
      const a = a0 + ((a1 - a0) * s) / steps;
      points.push([x + radius * Math.cos(a), y + radius * Math.sin(a)]);
    }
    out += `<path d="${polygon(points)}" fill="${mix(art.accents[0], art.accents[1], (i % 3) / 4)}"/>`;
  }
  // The tear down the middle.
  const tear: Array<[number, number]> = [];
  for (let s = 0; s <= 8; s++) tear.push([x + (rng.next() - 0.5) * radius * 0.25, y - radius + (2 * radius * s) / 8]);
  out += `<path d="${tear.map(([px, py], i) => `${i ? "L" : "M"}${num(px)} ${num(py)}`).join(" ")}" fill="none" stroke="${art.background[0]}" stroke-width="${num(r * 0.035)}" stroke-linejoin="round"/>`;
  // Paper cranes: two-triangle glyphs drifting across the sky.
  for (let i = 0; i < 3; i++) {
    const cx = frame.width * (0.15 + rng.next() * 0.7);
    const cy = frame.height * (0.08 + rng.next() * 0.18);
    const s = r * (0.08 + rng.next() * 0.06);
    out += `<path d="${polygon([
      [cx - s, cy],
      [cx, cy - s * 0.6],
      [cx + s * 0.2, cy],
    ])}" fill="${art.accents[2]}" opacity="0.85"/><path d="${polygon([
      [cx + s * 0.2, cy],
      [cx + s * 1.1, cy - s * 0.9],
      [cx + s * 0.6, cy + s * 0.2],
    ])}" fill="${art.accents[2]}" opacity="0.6"/>`;
  }
  return out;
}

function ridge(rng: Rng, frame: Frame, baseY: number, roughness: number): Array<[number, number]> {
  const points: Array<[number, number]> = [];
  const steps = 10;
  for (let s = 0; s <= steps; s++) {
    points.push([(frame.width * s) / steps, baseY - rng.next() * roughness]);
  }
  points.push([frame.width, frame.height], [0, frame.height]);
  return points;
}

function hills(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = `<circle cx="${num(x + r * 0.3)}" cy="${num(y - r * 0.2)}" r="${num(r * 0.28)}" fill="${art.accents[2]}" opacity="0.9"/>`;
  const layers = 6;
  for (let i = 0; i < layers; i++) {
    const baseY = y - r * 0.1 + (i * (frame.height - y)) / (layers + 1);
    out += `<path d="${polygon(ridge(rng, frame, baseY, r * (0.35 - i * 0.03)))}" fill="${mix(mix(art.background[0], art.accents[0], 0.55), art.accents[1], i / (layers - 1))}"/>`;
  }
  // A pithead wheel on the nearest hill.
  const wheelX = frame.width * 0.22;
  const wheelY = y + r * 0.35;
  const wr = r * 0.16;
  out += `<g stroke="${art.accents[1]}" stroke-width="${num(wr * 0.12)}" fill="none"><circle cx="${num(wheelX)}" cy="${num(wheelY)}" r="${num(wr)}"/>`;
  for (let i = 0; i < 4; i++) {
    const a = (i * Math.PI) / 4;
    out += `<line x1="${num(wheelX - wr * Math.cos(a))}" y1="${num(wheelY - wr * Math.sin(a))}" x2="${num(wheelX + wr * Math.cos(a))}" y2="${num(wheelY + wr * Math.sin(a))}"/>`;
  }
  out += `<line x1="${num(wheelX - wr * 1.3)}" y1="${num(wheelY + wr * 3.2)}" x2="${num(wheelX)}" y2="${num(wheelY)}"/><line x1="${num(wheelX + wr * 1.3)}" y1="${num(wheelY + wr * 3.2)}" x2="${num(wheelX)}" y2="${num(wheelY)}"/></g>`;
  return out;
}

function diagonal(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  const span = Math.hypot(frame.width, frame.height) * 1.2;
  let out = `<g transform="rotate(-28 ${num(x)} ${num(y)})">`;
  let offset = -r * 1.4;
  let i = 0;
  while (offset < r * 1.6) {
    const thickness = r * (0.04 + rng.next() * 0.18);
    const colour = art.accents[i % 3]!;
    const glow = i % 3 !== 2 ? ` filter="url(#${ctx.id("neon")})"` : "";
    out += `<rect x="${num(x - span / 2)}" y="${num(y + offset)}" width="${num(span)}" height="${num(thickness)}" fill="${colour}" opacity="${num(0.45 + rng.next() * 0.55)}"${glow}/>`;
    offset += thickness + r * (0.05 + rng.next() * 0.2);
    i += 1;
  }
  out += "</g>";
  // Headlights in the rain.
  for (let k = 0; k < 2; k++) {
    out += `<circle cx="${num(x + (k ? 1 : -1) * r * 0.22)}" cy="${num(y + r * 0.55)}" r="${num(r * 0.07)}" fill="#ffffff" filter="url(#${ctx.id("neon")})"/>`;
  }
  for (let k = 0; k < Math.round(frame.width / 10); k++) {
    const rx = rng.next() * frame.width;
    const ry = rng.next() * frame.height;
    const len = r * (0.05 + rng.next() * 0.12);
    out += `<line x1="${num(rx)}" y1="${num(ry)}" x2="${num(rx - len * 0.25)}" y2="${num(ry + len)}" stroke="${art.accents[1]}" stroke-width="${num(frame.width / 600)}" opacity="0.35"/>`;
  }
  return out;
}

function sun(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  const radius = r * 0.78;
  let out = `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r * 1.1)}" fill="url(#${ctx.id("glow")})"/>`;
  out += `<defs><linearGradient id="${ctx.id("sun")}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${art.accents[0]}"/><stop offset="1" stop-color="${art.accents[1]}"/></linearGradient>`;
  out += `<mask id="${ctx.id("sun-mask")}"><rect width="${frame.width}" height="${frame.height}" fill="#fff"/>`;
  // Venetian-blind cuts through the lower half: the heat shimmer of a Marseille afternoon.
  for (let i = 0; i < 7; i++) {
    const cutY = y + radius * (0.05 + i * 0.14);
    out += `<rect x="0" y="${num(cutY)}" width="${frame.width}" height="${num(radius * (0.02 + i * 0.012))}" fill="#000"/>`;
  }
  out += `</mask></defs>`;
  out += `<circle cx="${num(x)}" cy="${num(y)}" r="${num(radius)}" fill="url(#${ctx.id("sun")})" mask="url(#${ctx.id("sun-mask")})"/>`;
  // Sea and the lighthouse.
  const seaY = y + radius * 0.95;
  out += `<rect x="0" y="${num(seaY)}" width="${frame.width}" height="${num(frame.height - seaY)}" fill="${art.accents[2]}" opacity="0.85"/>`;
  for (let i = 0; i < 6; i++) {
    const ly = seaY + (frame.height - seaY) * (0.1 + i * 0.12);
    const lx = rng.next() * frame.width * 0.5;
    out += `<rect x="${num(lx)}" y="${num(ly)}" width="${num(frame.width * (0.2 + rng.next() * 0.4))}" height="${num(r * 0.012)}" fill="${art.accents[0]}" opacity="0.6"/>`;
  }
  const lh = r * 0.55;
  const lx = x - radius * 0.95;
  out += `<path d="${polygon([
    [lx - lh * 0.09, seaY],
    [lx - lh * 0.06, seaY - lh],
    [lx + lh * 0.06, seaY - lh],
    [lx + lh * 0.09, seaY],
  ])}" fill="${art.background[1]}"/><rect x="${num(lx - lh * 0.08)}" y="${num(seaY - lh * 1.14)}" width="${num(lh * 0.16)}" height="${num(lh * 0.14)}" fill="${art.accents[0]}"/>`;
  return out;
}

function dots(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r * 0.8)}" fill="${art.accents[1]}" opacity="0.9"/>`;
  const step = frame.width / 22;
  for (let gy = step / 2; gy < frame.focus.y + frame.focus.r * 1.25; gy += step) {
    for (let gx = step / 2; gx < frame.width; gx += step) {
      const d = Math.hypot(gx - x, gy - y) / (r * 1.6);
      const radius = step * 0.42 * Math.max(0, 1 - d);
      if (radius < step * 0.05) continue;
      out += `<circle cx="${num(gx)}" cy="${num(gy)}" r="${num(radius)}" fill="${art.accents[0]}" opacity="0.85"/>`;
    }
  }
  // Confetti.
  for (let i = 0; i < 18; i++) {
    const cx = rng.next() * frame.width;
    const cy = rng.next() * frame.height * 0.7;
    const w = r * (0.04 + rng.next() * 0.05);
    out += `<rect x="${num(cx)}" y="${num(cy)}" width="${num(w)}" height="${num(w * 0.4)}" fill="${art.accents[2]}" transform="rotate(${num(rng.next() * 180)} ${num(cx)} ${num(cy)})"/>`;
  }
  return out;
}

function pines(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = `<circle cx="${num(x)}" cy="${num(y - r * 0.3)}" r="${num(r * 0.9)}" fill="url(#${ctx.id("glow")})"/>`;
  out += `<circle cx="${num(x)}" cy="${num(y - r * 0.3)}" r="${num(r * 0.45)}" fill="${art.accents[1]}"/>`;
  const layers = 4;
  for (let layer = 0; layer < layers; layer++) {
    const baseY = y + r * (0.15 + layer * 0.35);
    const scale = r * (0.45 + layer * 0.22);
    const colour = mix(mix(art.background[1], art.accents[2], 0.15), art.accents[0], layer / (layers - 1));
    let path = "";
    let tx = -scale * rng.next() * 0.5;
    while (tx < frame.width + scale * 0.3) {
      const h = scale * (0.8 + rng.next() * 0.6);
      const w = h * 0.32;
      for (let tier = 0; tier < 3; tier++) {
        const top = baseY - h + (tier * h) / 3.4;
        const bottom = top + h * 0.5;
        const half = w * (0.55 + tier * 0.25);
        path += polygon([
          [tx, top],
          [tx + half, bottom],
          [tx - half, bottom],
        ]);
      }
      path += ` M${num(tx - w * 0.08)} ${num(baseY - h * 0.1)} h${num(w * 0.16)} v${num(h * 0.2)} h${num(-w * 0.16)} Z`;
      tx += w * (0.9 + rng.next() * 0.9);
    }
    out += `<path d="${path}" fill="${colour}"/>`;
    out += `<rect x="0" y="${num(baseY)}" width="${frame.width}" height="${num(frame.height - baseY)}" fill="${colour}"/>`;
    // Mist between the tree lines.
    out += `<rect x="0" y="${num(baseY - scale * 0.25)}" width="${frame.width}" height="${num(scale * 0.25)}" fill="${art.accents[2]}" opacity="0.05"/>`;
  }
  return out;
}

function contour(x: number, y: number, radius: number, harmonics: ReadonlyArray<readonly [number, number, number]>) {
  const steps = 72;
  const points: Array<[number, number]> = [];
  for (let s = 0; s < steps; s++) {
    const a = (s / steps) * Math.PI * 2;
    let wobble = 1;
    for (const [k, amp, phase] of harmonics) wobble += amp * Math.sin(k * a + phase);
    points.push([x + radius * wobble * Math.cos(a), y + radius * wobble * Math.sin(a) * 0.85]);
  }
  return polygon(points);
}

function rings(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  const harmonics = [2, 3, 5].map((k) => [k, 0.04 + rng.next() * 0.06, rng.next() * Math.PI * 2] as const);
  let out = "";
  for (let i = 12; i >= 1; i--) {
    const radius = r * 0.12 * i;
    const fill = i <= 3 ? art.accents[2] : "none";
    out += `<path d="${contour(x, y, radius, harmonics)}" fill="${fill}" fill-opacity="0.7" stroke="${art.accents[i % 4 === 0 ? 0 : 1]}" stroke-width="${num((i % 4 === 0 ? 2 : 1) * (frame.width / 400))}" opacity="${num(0.4 + (i % 4 === 0 ? 0.5 : 0.2))}"/>`;
  }
  // Survey line and station marker.
  out += `<line x1="${num(x - r * 1.4)}" y1="${num(y + r * 0.9)}" x2="${num(x + r * 1.3)}" y2="${num(y - r * 0.8)}" stroke="${art.accents[0]}" stroke-width="${num(frame.width / 400)}" stroke-dasharray="${num(r * 0.04)} ${num(r * 0.03)}"/>`;
  out += `<g stroke="${art.accents[0]}" stroke-width="${num(frame.width / 250)}"><line x1="${num(x - r * 0.08)}" y1="${num(y)}" x2="${num(x + r * 0.08)}" y2="${num(y)}"/><line x1="${num(x)}" y1="${num(y - r * 0.08)}" x2="${num(x)}" y2="${num(y + r * 0.08)}"/></g>`;
  return out;
}

function orbit(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = stars(ctx, Math.round(frame.width / 6), frame.height, art.accents[2]);
  out += `<defs><radialGradient id="${ctx.id("planet")}" cx="0.35" cy="0.3" r="0.8"><stop offset="0" stop-color="${art.accents[1]}"/><stop offset="0.6" stop-color="${art.accents[0]}"/><stop offset="1" stop-color="${mix(art.accents[0], art.background[0], 0.6)}"/></radialGradient></defs>`;
  out += `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r)}" fill="url(#${ctx.id("glow")})"/>`;
  out += `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r * 0.5)}" fill="url(#${ctx.id("planet")})"/>`;
  for (let i = 0; i < 3; i++) {
    const rx = r * (0.75 + i * 0.2);
    const ry = rx * (0.22 + i * 0.06);
    const tilt = -18 + i * 9;
    out += `<ellipse cx="${num(x)}" cy="${num(y)}" rx="${num(rx)}" ry="${num(ry)}" fill="none" stroke="${art.accents[2]}" stroke-width="${num(frame.width / 320)}" opacity="${num(0.75 - i * 0.2)}" transform="rotate(${tilt} ${num(x)} ${num(y)})"/>`;
    const a = rng.next() * Math.PI * 2;
    const mx = rx * Math.cos(a);
    const my = ry * Math.sin(a);
    const t = (tilt * Math.PI) / 180;
    out += `<circle cx="${num(x + mx * Math.cos(t) - my * Math.sin(t))}" cy="${num(y + mx * Math.sin(t) + my * Math.cos(t))}" r="${num(r * (0.04 + i * 0.015))}" fill="${art.accents[1]}"/>`;
  }
  return out;
}

function blobs(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = "";
  const placements: Array<[number, number, number, string]> = [
    [x - r * 0.35, y - r * 0.1, r * 0.62, art.accents[0]],
    [x + r * 0.35, y + r * 0.05, r * 0.62, art.accents[1]],
    [x, y - r * 0.55, r * 0.3, art.accents[2]],
  ];
  for (const [cx, cy, radius, colour] of placements) {
    out += `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(radius)}" fill="${colour}" opacity="0.8" style="mix-blend-mode:multiply"/>`;
  }
  out += `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r * 1.05)}" fill="none" stroke="${art.accents[0]}" stroke-width="${num(frame.width / 400)}" opacity="0.5"/>`;
  // Fifty-two small dots: a year of Sundays.
  for (let i = 0; i < 52; i++) {
    const a = (i / 52) * Math.PI * 2 + rng.next() * 0.02;
    out += `<circle cx="${num(x + r * 1.18 * Math.cos(a))}" cy="${num(y + r * 1.18 * Math.sin(a))}" r="${num(r * (i % 7 === 6 ? 0.028 : 0.012))}" fill="${art.accents[0]}"/>`;
  }
  return out;
}

function shards(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = `<circle cx="${num(x)}" cy="${num(y)}" r="${num(r * 0.9)}" fill="url(#${ctx.id("glow")})"/>`;
  const pieces = 22;
  for (let i = 0; i < pieces; i++) {
    const a = (i / pieces) * Math.PI * 2 + rng.next() * 0.2;
    const spread = 0.08 + rng.next() * 0.12;
    const inner = r * (0.1 + rng.next() * 0.2);
    const outer = r * (0.7 + rng.next() * 0.8);
    const colour = art.accents[rng.int(0, 2)]!;
    out += `<path d="${polygon([
      [x + inner * Math.cos(a), y + inner * Math.sin(a)],
      [x + outer * Math.cos(a - spread), y + outer * Math.sin(a - spread)],
      [x + outer * 0.85 * Math.cos(a + spread), y + outer * 0.85 * Math.sin(a + spread)],
    ])}" fill="${colour}" opacity="${num(0.25 + rng.next() * 0.6)}"/>`;
  }
  // The railway line crossing the frame.
  const railY = y + r * 0.5;
  out += `<rect x="0" y="${num(railY)}" width="${frame.width}" height="${num(r * 0.05)}" fill="${art.accents[0]}"/>`;
  for (let tx = 0; tx < frame.width; tx += r * 0.12) {
    out += `<rect x="${num(tx)}" y="${num(railY + r * 0.07)}" width="${num(r * 0.05)}" height="${num(r * 0.03)}" fill="${art.accents[1]}" opacity="0.8"/>`;
  }
  return out;
}

function arches(ctx: MotifContext): string {
  const { frame, art, rng } = ctx;
  const { x, y, r } = frame.focus;
  let out = "";
  const bottom = y + r * 0.9;
  for (let i = 0; i < 6; i++) {
    const w = r * (1.5 - i * 0.22);
    const top = y - r * (0.95 - i * 0.17);
    const radius = w / 2;
    const d = `M${num(x - radius)} ${num(bottom)} V${num(top + radius)} A${num(radius)} ${num(radius)} 0 0 1 ${num(x + radius)} ${num(top + radius)} V${num(bottom)} Z`;
    const colour = i % 2 === 0 ? art.accents[0] : art.accents[2];
    out += `<path d="${d}" fill="${colour}" opacity="${num(0.12 + i * 0.1)}" stroke="${art.accents[0]}" stroke-width="${num(frame.width / 500)}" stroke-opacity="0.6"/>`;
  }
  // Glass fruit catching the light.
  for (let i = 0; i < 9; i++) {
    const fx = x + (rng.next() - 0.5) * r * 1.1;
    const fy = y - r * 0.4 + rng.next() * r * 0.9;
    const fr = r * (0.05 + rng.next() * 0.05);
    out += `<circle cx="${num(fx)}" cy="${num(fy)}" r="${num(fr)}" fill="${art.accents[1]}" opacity="0.85"/><circle cx="${num(fx - fr * 0.35)}" cy="${num(fy - fr * 0.35)}" r="${num(fr * 0.28)}" fill="#ffffff" opacity="0.8"/>`;
  }
  out += `<rect x="0" y="${num(bottom)}" width="${frame.width}" height="${num(r * 0.02)}" fill="${art.accents[0]}" opacity="0.7"/>`;
  return out;
}

function grid(ctx: MotifContext): string {
  const { frame, art } = ctx;
  const { x, y, r } = frame.focus;
  const horizon = y + r * 0.25;
  let out = stars(ctx, Math.round(frame.width / 5), horizon, art.accents[2]);
  out += `<defs><clipPath id="${ctx.id("above")}"><rect width="${frame.width}" height="${num(horizon)}"/></clipPath></defs>`;
  out += `<circle cx="${num(x)}" cy="${num(horizon)}" r="${num(r * 0.75)}" fill="url(#${ctx.id("glow")})" clip-path="url(#${ctx.id("above")})"/>`;
  out += `<circle cx="${num(x)}" cy="${num(horizon)}" r="${num(r * 0.5)}" fill="${art.accents[1]}" clip-path="url(#${ctx.id("above")})" opacity="0.95"/>`;
  out += `<rect x="0" y="${num(horizon)}" width="${frame.width}" height="${num(frame.height - horizon)}" fill="${art.background[0]}" opacity="0.8"/>`;
  let lines = "";
  const fan = 18;
  for (let i = -fan; i <= fan; i++) {
    lines += `<line x1="${num(x)}" y1="${num(horizon)}" x2="${num(x + i * frame.width * 0.12)}" y2="${frame.height}"/>`;
  }
  for (let k = 1; k <= 12; k++) {
    const gy = horizon + (frame.height - horizon) * Math.pow(k / 12, 2.2);
    lines += `<line x1="0" y1="${num(gy)}" x2="${frame.width}" y2="${num(gy)}"/>`;
  }
  out += `<g stroke="${art.accents[0]}" stroke-width="${num(frame.width / 400)}" opacity="0.7">${lines}</g>`;
  out += `<rect x="0" y="${num(horizon - frame.width / 800)}" width="${frame.width}" height="${num(frame.width / 400)}" fill="${art.accents[2]}" filter="url(#${ctx.id("neon")})"/>`;
  return out;
}

const MOTIFS: Record<FilmArt["motif"], (ctx: MotifContext) => string> = {
  waves,
  moon,
  hills,
  diagonal,
  sun,
  dots,
  pines,
  rings,
  orbit,
  blobs,
  shards,
  arches,
  grid,
};

// ─── Type ────────────────────────────────────────────────────────────────────

type TitleLine = { text: string; minor: boolean };
type TitleLayout = { lines: TitleLine[]; size: number };

/** Splits `words` into 1–3 lines, choosing the split that allows the largest type within the box. */
function layoutTitle(
  title: string,
  typeface: FilmArt["typeface"],
  box: { width: number; height: number; maxSize: number },
): TitleLayout {
  const words = title.split(/\s+/);
  let best: TitleLayout | undefined;
  const consider = (lines: TitleLine[]) => {
    const widest = Math.max(...lines.map((line) => (line.minor ? 0 : line.text.length)), 1);
    const heightUnits = lines.reduce((sum, line) => sum + (line.minor ? 0.5 : 1), 0) * 0.98;
    const size = Math.min(box.maxSize, box.width / (widest * CAPITAL_WIDTH[typeface]), box.height / heightUnits);
    if (!best || size > best.size + 0.5 || (Math.abs(size - best.size) <= 0.5 && lines.length < best.lines.length)) {
      best = { lines, size };
    }
  };
  const line = (parts: string[]): TitleLine => ({
    text: parts.join(" "),
    minor: parts.length === 1 && MINOR_WORDS.has(parts[0]!.toLowerCase()),
  });
  consider([line(words)]);
  for (let i = 1; i < words.length; i++) {
    consider([line(words.slice(0, i)), line(words.slice(i))]);
    for (let j = i + 1; j < words.length; j++) {
      consider([line(words.slice(0, i)), line(words.slice(i, j)), line(words.slice(j))]);
    }
  }
  return best!;
}

function wrapText(text: string, maxChars: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/)) {
    if (current && current.length + 1 + word.length > maxChars) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines;
}

/** Title lines stacked upwards from `baseline`; returns the markup and the y of the top of the block. */
function titleBlock(film: SeedFilm, layout: TitleLayout, x: number, baseline: number) {
  const { art } = film;
  const family = FONTS[art.typeface];
  let y = baseline;
  const parts: string[] = [];
  for (let i = layout.lines.length - 1; i >= 0; i--) {
    const line = layout.lines[i]!;
    const size = line.minor ? layout.size * 0.42 : layout.size;
    const style = line.minor
      ? `font-family="${FONTS.serif}" font-style="italic" font-weight="400" font-size="${num(size)}"`
      : `font-family="${family}" font-weight="${art.typeface === "sans" ? 800 : 700}" font-size="${num(size)}" letter-spacing="${num(art.typeface === "sans" ? -size * 0.02 : 0)}"`;
    parts.unshift(
      `<text x="${num(x)}" y="${num(y)}" ${style}>${escapeXml(line.minor ? line.text.toLowerCase() : line.text.toUpperCase())}</text>`,
    );
    y -= (line.minor ? size * 1.15 : size * 0.95);
  }
  return { markup: `<g fill="${art.ink}">${parts.join("")}</g>`, top: y };
}

function certificateBadge(film: SeedFilm, cx: number, cy: number, radius: number): string {
  const label = certificateLabel(film.certificate);
  const colour = CERTIFICATE_COLOURS[film.certificate];
  const size = radius * (label.length > 2 ? 0.78 : 0.95);
  return (
    `<g aria-label="Certificate ${escapeXml(label)}"><circle cx="${num(cx)}" cy="${num(cy)}" r="${num(radius)}" fill="${colour}" stroke="#ffffff" stroke-width="${num(radius * 0.1)}"/>` +
    `<text x="${num(cx)}" y="${num(cy + size * 0.36)}" text-anchor="middle" font-family="${FONTS.sans}" font-weight="800" font-size="${num(size)}" fill="#ffffff">${escapeXml(label)}</text></g>`
  );
}

// ─── Compositions ────────────────────────────────────────────────────────────

function defs(film: SeedFilm, frame: Frame, id: (name: string) => string, fade: string): string {
  const { art } = film;
  return (
    `<defs>` +
    `<linearGradient id="${id("bg")}" gradientUnits="userSpaceOnUse" x1="0" y1="0" x2="${num(frame.width * 0.35)}" y2="${frame.height}"><stop offset="0" stop-color="${art.background[0]}"/><stop offset="1" stop-color="${art.background[1]}"/></linearGradient>` +
    `<radialGradient id="${id("glow")}"><stop offset="0" stop-color="${art.accents[0]}" stop-opacity="0.55"/><stop offset="1" stop-color="${art.accents[0]}" stop-opacity="0"/></radialGradient>` +
    fade +
    `<radialGradient id="${id("vignette")}" cx="0.5" cy="0.45" r="0.75"><stop offset="0.6" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.35"/></radialGradient>` +
    `<filter id="${id("neon")}" x="-50%" y="-50%" width="200%" height="200%"><feGaussianBlur stdDeviation="${num(frame.width / 250)}" result="blur"/><feMerge><feMergeNode in="blur"/><feMergeNode in="SourceGraphic"/></feMerge></filter>` +
    `<filter id="${id("grain")}" x="0" y="0" width="100%" height="100%"><feTurbulence type="fractalNoise" baseFrequency="0.85" numOctaves="2" seed="7" stitchTiles="stitch"/><feColorMatrix values="0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0 0.5  0 0 0 0.9 0"/></filter>` +
    `</defs>`
  );
}

function motif(film: SeedFilm, frame: Frame, id: (name: string) => string, variant: string): string {
  const rng = createRng(`${film.slug}|${variant}`);
  return MOTIFS[film.art.motif]({ frame, art: film.art, rng, id });
}

function poster(film: SeedFilm): string {
  const frame = POSTER;
  const { art } = film;
  const id = (name: string) => `${film.slug}-p-${name}`;
  const margin = 28;
  const fade =
    `<linearGradient id="${id("fade")}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${backing(art)}" stop-opacity="0"/>` +
    `<stop offset="0.55" stop-color="${backing(art)}" stop-opacity="0.85"/><stop offset="1" stop-color="${backing(art)}" stop-opacity="0.97"/></linearGradient>`;

  const layout = layoutTitle(film.title, art.typeface, { width: frame.width - margin * 2, height: 200, maxSize: 74 });
  const title = titleBlock(film, layout, margin, 512);
  const taglineLines = wrapText(film.tagline, 44);
  const tagline = taglineLines
    .map(
      (text, i) =>
        `<text x="${margin}" y="${num(title.top - 6 - (taglineLines.length - 1 - i) * 16)}" font-family="${FONTS.serif}" font-style="italic" font-size="13" fill="${art.ink}" opacity="0.9">${escapeXml(text)}</text>`,
    )
    .join("");
  const billing = wrapText(film.cast.map((name) => name.toUpperCase()).join("   "), 40)
    .map(
      (text, i) =>
        `<text x="${margin}" y="${548 + i * 13}" font-family="${FONTS.sans}" font-size="9" font-weight="600" letter-spacing="1.2" fill="${art.ink}" opacity="0.75">${escapeXml(text)}</text>`,
    )
    .join("");

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeXml(`Poster for ${film.title}`)}">`,
    `<title>${escapeXml(film.title)}</title>`,
    defs(film, frame, id, fade),
    `<rect width="${frame.width}" height="${frame.height}" fill="url(#${id("bg")})"/>`,
    motif(film, frame, id, "poster"),
    `<rect y="${num(title.top - 90)}" width="${frame.width}" height="${num(frame.height - title.top + 90)}" fill="url(#${id("fade")})"/>`,
    `<rect width="${frame.width}" height="${frame.height}" fill="url(#${id("vignette")})"/>`,
    `<rect width="${frame.width}" height="${frame.height}" filter="url(#${id("grain")})" opacity="0.08"/>`,
    `<text x="${margin}" y="40" font-family="${FONTS.sans}" font-size="10" font-weight="700" letter-spacing="3" fill="${art.ink}" opacity="0.85">${escapeXml(`A FILM BY ${film.director.toUpperCase()}`)}</text>`,
    tagline,
    title.markup,
    billing,
    certificateBadge(film, frame.width - margin - 16, 556, 17),
    `</svg>`,
    "",
  ].join("\n");
}

function formatRuntime(minutes: number): string {
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

function backdrop(film: SeedFilm): string {
  const frame = BACKDROP;
  const { art } = film;
  const id = (name: string) => `${film.slug}-b-${name}`;
  const margin = 110;
  // Text sits on the left third, so the backdrop fades to solid there.
  const fade =
    `<linearGradient id="${id("fade")}" x1="0" y1="0" x2="1" y2="0"><stop offset="0" stop-color="${backing(art)}" stop-opacity="0.95"/>` +
    `<stop offset="0.42" stop-color="${backing(art)}" stop-opacity="0.7"/><stop offset="0.7" stop-color="${backing(art)}" stop-opacity="0"/></linearGradient>`;

  const layout = layoutTitle(film.title, art.typeface, { width: 720, height: 330, maxSize: 150 });
  const title = titleBlock(film, layout, margin, 640);
  const taglineLines = wrapText(film.tagline, 48);
  const tagline = taglineLines
    .map(
      (text, i) =>
        `<text x="${margin}" y="${num(title.top - 14 - (taglineLines.length - 1 - i) * 36)}" font-family="${FONTS.serif}" font-style="italic" font-size="30" fill="${art.ink}" opacity="0.9">${escapeXml(text)}</text>`,
    )
    .join("");
  const meta = [film.genres.join(" / "), formatRuntime(film.runtimeMinutes), film.languages[0]].join("   ·   ");

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${frame.width} ${frame.height}" width="${frame.width}" height="${frame.height}" role="img" aria-label="${escapeXml(`Backdrop for ${film.title}`)}">`,
    `<title>${escapeXml(film.title)}</title>`,
    defs(film, frame, id, fade),
    `<rect width="${frame.width}" height="${frame.height}" fill="url(#${id("bg")})"/>`,
    motif(film, frame, id, "backdrop"),
    `<rect width="${frame.width}" height="${frame.height}" fill="url(#${id("fade")})"/>`,
    `<rect width="${frame.width}" height="${frame.height}" fill="url(#${id("vignette")})"/>`,
    `<rect width="${frame.width}" height="${frame.height}" filter="url(#${id("grain")})" opacity="0.07"/>`,
    `<text x="${margin}" y="120" font-family="${FONTS.sans}" font-size="20" font-weight="700" letter-spacing="6" fill="${art.ink}" opacity="0.85">${escapeXml(`A FILM BY ${film.director.toUpperCase()}`)}</text>`,
    tagline,
    title.markup,
    certificateBadge(film, margin + 24, 716, 24),
    `<text x="${margin + 66}" y="725" font-family="${FONTS.sans}" font-size="22" font-weight="600" letter-spacing="2" fill="${art.ink}" opacity="0.85">${escapeXml(meta.toUpperCase())}</text>`,
    `<text x="${margin}" y="790" font-family="${FONTS.sans}" font-size="17" font-weight="600" letter-spacing="3" fill="${art.ink}" opacity="0.7">${escapeXml(film.cast.map((name) => name.toUpperCase()).join("    "))}</text>`,
    `</svg>`,
    "",
  ].join("\n");
}

async function main() {
  const root = new URL("../prisma/seed-data/artwork/", import.meta.url);
  const posterDir = fileURLToPath(new URL("posters/", root));
  const backdropDir = fileURLToPath(new URL("backdrops/", root));
  await mkdir(posterDir, { recursive: true });
  await mkdir(backdropDir, { recursive: true });
  for (const film of films) {
    await writeFile(`${posterDir}${film.slug}.svg`, poster(film));
    await writeFile(`${backdropDir}${film.slug}.svg`, backdrop(film));
  }
  console.log(`Wrote ${films.length} posters and ${films.length} backdrops under prisma/seed-data/artwork`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
