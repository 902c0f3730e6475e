import { crc32, deflateSync } from "node:zlib";
import QRCode from "qrcode";

// The QR code carries the ticket code and nothing else: the door scanner looks the ticket up, so a screenshot of a
// refunded ticket is worthless. Error correction M survives a cracked phone screen or a creased print-out.
const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 1 } as const;
const PNG_WIDTH = 240;

// The email's PNG is a greyscale image, every row "Up"-filtered, deflated at level 9 with Z_RLE: what qrcode 1.5 wrote
// through pngjs 5 with `{ width: 240, margin: 1, rendererOpts: { colorType: 0, filterType: 2 } }`, the same header and
// the same deflate stream (the test compares them; pngjs's stream only split it over two IDAT chunks, zlib's two header
// bytes in the first, so the file is 12 bytes shorter now). Written here directly because that path drew an RGBA
// image, converted it pixel by pixel to grey in JavaScript and filtered it again, about 3.5 ms per ticket in every
// confirmation email; this is the symbol's modules scaled the same way (the same floating-point arithmetic), one byte
// per pixel, and zlib.
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
// One IDAT chunk per 32 KiB of the deflate stream (a ticket's QR image is under 1 KB: one chunk).
const IDAT_CHUNK_BYTES = 32 * 1024;

function pngChunk(type: string, data: Buffer): Buffer {
  const chunk = Buffer.alloc(data.length + 12);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, "latin1");
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, chunk.length - 4)), chunk.length - 4);
  return chunk;
}

/** The ticket code's QR symbol as a PNG file. */
export function ticketQrPng(code: string): Buffer {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const { size, data } = modules;
  const margin = QR_OPTIONS.margin;
  // qrcode's renderer/utils.js: getScale, getImageWidth, qrToImageData.
  const scale = PNG_WIDTH >= size + margin * 2 ? PNG_WIDTH / (size + margin * 2) : 4;
  const width = Math.floor((size + margin * 2) * scale);
  const scaledMargin = margin * scale;
  const stride = width + 1;
  const filtered = Buffer.alloc(stride * width); // zeros: a row the same as the one above it stays all zeros
  const source = (at: number) => (at >= scaledMargin && at < width - scaledMargin ? Math.floor((at - scaledMargin) / scale) : -1);
  const columns = Int32Array.from({ length: width }, (_, j) => source(j));
  let previous = new Uint8Array(width);
  let row = new Uint8Array(width);
  let previousSource = -2;
  for (let i = 0; i < width; i++) {
    const at = i * stride;
    filtered[at] = 2; // "Up": each byte minus the one above it (the row above the first is zeros)
    const rowSource = source(i);
    if (rowSource === previousSource) continue;
    previousSource = rowSource;
    for (let j = 0; j < width; j++) row[j] = rowSource >= 0 && columns[j]! >= 0 && data[rowSource * size + columns[j]!] ? 0 : 255;
    for (let j = 0; j < width; j++) filtered[at + 1 + j] = (row[j]! - previous[j]!) & 0xff;
    [previous, row] = [row, previous];
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(width, 4);
  header[8] = 8; // bits per sample
  header[9] = 0; // greyscale; compression, filter method and interlace 0
  const deflated = deflateSync(filtered, { level: 9, strategy: 3, chunkSize: IDAT_CHUNK_BYTES });
  const idat: Buffer[] = [];
  for (let at = 0; at < deflated.length; at += IDAT_CHUNK_BYTES) idat.push(pngChunk("IDAT", deflated.subarray(at, at + IDAT_CHUNK_BYTES)));
  return Buffer.concat([PNG_SIGNATURE, pngChunk("IHDR", header), ...idat, pngChunk("IEND", Buffer.alloc(0))]);
}

/**
 * Images by ticket code, most recently used last. A code's image never changes (the image is a pure function of the
 * code, and a sold ticket's code never changes), so an entry is never stale: the confirmation email, the ticket page,
 * the printed sheet and a resent email render each code once per process. Bounded, so that a long-running process
 * keeps the recent tickets (a screening's door rush) and not every ticket it ever drew.
 */
function imageCache<T>(limit: number) {
  const entries = new Map<string, Promise<T>>();
  return (code: string, render: () => Promise<T>): Promise<T> => {
    const cached = entries.get(code);
    if (cached) {
      entries.delete(code);
      entries.set(code, cached);
      return cached;
    }
    const rendering = render();
    entries.set(code, rendering);
    // A failed render is not remembered: the next caller tries again.
    rendering.catch(() => entries.get(code) === rendering && entries.delete(code));
    if (entries.size > limit) entries.delete(entries.keys().next().value!);
    return rendering;
  };
}

/** About 4 KB per PNG data URL and 10 KB per SVG: a few tens of MB at most. */
const QR_CACHE_ENTRIES = 2_000;
const pngs = imageCache<string>(QR_CACHE_ENTRIES);
const svgs = imageCache<string>(QR_CACHE_ENTRIES);

/** A PNG data URL, for emails (no external image host needed). */
export function ticketQrPngDataUrl(code: string): Promise<string> {
  return pngs(code, async () => `data:image/png;base64,${ticketQrPng(code).toString("base64")}`);
}

/** An SVG document, for the printable ticket page: sharp at any size and in print. */
export function ticketQrSvg(code: string): Promise<string> {
  return svgs(code, () => QRCode.toString(code, { ...QR_OPTIONS, type: "svg" }));
}
