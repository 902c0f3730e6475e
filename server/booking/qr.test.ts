import { crc32 } from "node:zlib";
import { PNG } from "pngjs";
import QRCode, { type QRCodeToBufferOptions } from "qrcode";
import { describe, expect, it, vi } from "vitest";
import { ticketQrPng, ticketQrPngDataUrl, ticketQrSvg } from "./qr";
import { newTicketCode } from "./tokens";

// The email's QR code must scan as exactly the ticket's code: every module of the QR symbol for that code is drawn
// dark or light in the PNG, with the quiet zone around it.
function modulesOf(code: string) {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: "M" });
  return { size: modules.size, dark: (row: number, col: number) => modules.get(row, col) === 1 };
}

function decodeDataUrl(url: string) {
  const [header, body] = url.split(",");
  expect(header).toBe("data:image/png;base64");
  return PNG.sync.read(Buffer.from(body!, "base64"));
}

// What qr.ts called before it wrote the PNG itself: qrcode's PNG renderer (pngjs's stream), with the same options.
function renderWithPngjs(code: string): Promise<Buffer> {
  const rendererOpts = { colorType: 0, filterType: 2 } as QRCodeToBufferOptions["rendererOpts"];
  return QRCode.toBuffer(code, { errorCorrectionLevel: "M", margin: 1, width: 240, type: "png", rendererOpts });
}

/** The data of a PNG's chunks of one type, concatenated (checking each chunk's CRC on the way). */
function chunkData(png: Buffer, type: string): Buffer {
  const parts: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    if (png.readUInt32BE(at + 8 + length) !== crc32(png.subarray(at + 4, at + 8 + length))) throw new Error(`bad CRC at ${at}`);
    if (png.toString("latin1", at + 4, at + 8) === type) parts.push(png.subarray(at + 8, at + 8 + length));
    at += length + 12;
  }
  return Buffer.concat(parts);
}

describe("ticket QR codes", () => {
  it("the email PNG draws every module of the ticket code's QR symbol, in black on white", async () => {
    const code = newTicketCode();
    const png = decodeDataUrl(await ticketQrPngDataUrl(code));
    const { size, dark } = modulesOf(code);
    const margin = 1;
    const scale = png.width / (size + 2 * margin);
    expect(png.width).toBe(240);
    expect(png.height).toBe(240);

    const pixel = (x: number, y: number) => png.data[(Math.floor(y) * png.width + Math.floor(x)) * 4]!;
    const mismatches: string[] = [];
    for (let row = -margin; row < size + margin; row++) {
      for (let col = -margin; col < size + margin; col++) {
        const expected = row >= 0 && col >= 0 && row < size && col < size && dark(row, col) ? 0 : 255;
        // The centre of the module, away from the edges where scaling rounds.
        const value = pixel((col + margin + 0.5) * scale, (row + margin + 0.5) * scale);
        if (value !== expected) mismatches.push(`${row},${col}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it("the PNG is the image qrcode and pngjs wrote (same header, same deflate stream), for codes of every length", async () => {
    // Ticket codes are 20 characters; other lengths give other symbol sizes, hence other (fractional) scales.
    const codes = [
      ...Array.from({ length: 200 }, () => newTicketCode()),
      ...Array.from({ length: 60 }, (_, n) => newTicketCode().repeat(13).slice(0, 1 + n * 4)),
    ];
    const sizes = new Set<number>();
    const differing: string[] = [];
    for (const code of codes) {
      sizes.add(QRCode.create(code, { errorCorrectionLevel: "M" }).modules.size);
      // What qr.ts rendered before it wrote the PNG itself (see the comment there).
      const reference = await renderWithPngjs(code);
      const mine = ticketQrPng(code);
      // pngjs's stream flushed zlib's two header bytes into an IDAT chunk of their own; the stream is the same.
      const same = ["IHDR", "IDAT", "IEND"].every((type) => chunkData(mine, type).equals(chunkData(reference, type)));
      const samePixels = PNG.sync.read(mine).data.equals(PNG.sync.read(reference).data);
      if (!same || !samePixels) differing.push(code);
    }
    expect(differing).toEqual([]);
    expect(sizes.size).toBeGreaterThan(6);
  });

  it("a different ticket gets a different symbol", async () => {
    const [a, b] = [newTicketCode(), newTicketCode()];
    expect(await ticketQrPngDataUrl(a)).not.toBe(await ticketQrPngDataUrl(b));
    expect(await ticketQrSvg(a)).not.toBe(await ticketQrSvg(b));
  });

  it("renders a code's images once: the email, the ticket page and a resend reuse them", async () => {
    const code = newTicketCode();
    const create = vi.spyOn(QRCode, "create");
    const toString = vi.spyOn(QRCode, "toString");
    try {
      const [first, second] = await Promise.all([ticketQrPngDataUrl(code), ticketQrPngDataUrl(code)]);
      expect(await ticketQrPngDataUrl(code)).toBe(first);
      expect(second).toBe(first);
      const svg = await ticketQrSvg(code);
      expect(await ticketQrSvg(code)).toBe(svg);
      // The SVG goes through qrcode's toString, which makes its own symbol.
      expect(create).toHaveBeenCalledTimes(1);
      expect(toString).toHaveBeenCalledTimes(1);
    } finally {
      create.mockRestore();
      toString.mockRestore();
    }
  });
});
