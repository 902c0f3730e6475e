import { PNG } from "pngjs";
import QRCode from "qrcode";
import { describe, expect, it, vi } from "vitest";
import { ticketQrPngDataUrl, ticketQrSvg } from "./qr";
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

  it("a different ticket gets a different symbol", async () => {
    const [a, b] = [newTicketCode(), newTicketCode()];
    expect(await ticketQrPngDataUrl(a)).not.toBe(await ticketQrPngDataUrl(b));
    expect(await ticketQrSvg(a)).not.toBe(await ticketQrSvg(b));
  });

  it("renders a code's images once: the email, the ticket page and a resend reuse them", async () => {
    const code = newTicketCode();
    const toBuffer = vi.spyOn(QRCode, "toBuffer");
    const toString = vi.spyOn(QRCode, "toString");
    try {
      const [first, second] = await Promise.all([ticketQrPngDataUrl(code), ticketQrPngDataUrl(code)]);
      expect(await ticketQrPngDataUrl(code)).toBe(first);
      expect(second).toBe(first);
      const svg = await ticketQrSvg(code);
      expect(await ticketQrSvg(code)).toBe(svg);
      expect(toBuffer).toHaveBeenCalledTimes(1);
      expect(toString).toHaveBeenCalledTimes(1);
    } finally {
      toBuffer.mockRestore();
      toString.mockRestore();
    }
  });
});
