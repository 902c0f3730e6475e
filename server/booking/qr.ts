import QRCode, { type QRCodeToBufferOptions } from "qrcode";

// The QR code carries the ticket code and nothing else: the door scanner looks the ticket up, so a screenshot of a
// refunded ticket is worthless. Error correction M survives a cracked phone screen or a creased print-out.
const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 1 } as const;

// A QR code is black and white, and each module row repeats for several pixel rows: a greyscale PNG with the "Up"
// filter is pixel for pixel the same image as qrcode's default RGBA with every filter tried, at about half the CPU
// (it is rendered per ticket, in every confirmation email) and 40% fewer bytes.
// (pngjs options that qrcode passes through; its typings list only the deflate ones.)
const PNG_RENDERER: NonNullable<QRCodeToBufferOptions["rendererOpts"]> & { colorType: number; filterType: number } = {
  colorType: 0,
  filterType: 2,
};

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
  return pngs(code, async () => {
    const png = await QRCode.toBuffer(code, { ...QR_OPTIONS, width: 240, type: "png", rendererOpts: PNG_RENDERER });
    return `data:image/png;base64,${png.toString("base64")}`;
  });
}

/** An SVG document, for the printable ticket page: sharp at any size and in print. */
export function ticketQrSvg(code: string): Promise<string> {
  return svgs(code, () => QRCode.toString(code, { ...QR_OPTIONS, type: "svg" }));
}
