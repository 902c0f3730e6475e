import QRCode from "qrcode";

// The QR code carries the ticket code and nothing else: the door scanner looks the ticket up, so a screenshot of a
// refunded ticket is worthless. Error correction M survives a cracked phone screen or a creased print-out.
const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 1 } as const;

/** A PNG data URL, for emails (no external image host needed). */
export function ticketQrPngDataUrl(code: string): Promise<string> {
  return QRCode.toDataURL(code, { ...QR_OPTIONS, width: 240, type: "image/png" });
}

/** An SVG document, for the printable ticket page: sharp at any size and in print. */
export function ticketQrSvg(code: string): Promise<string> {
  return QRCode.toString(code, { ...QR_OPTIONS, type: "svg" });
}
