// The PDF for printers that need one (some thermal printers' drivers print only PDFs): the same ticket and receipt as
// the print page, one page per ticket and one for the receipt, 80 mm wide and as tall as its content. Standard PDF
// fonts (no font files to ship); text they can't encode is folded to plain letters rather than failing the print.
import { PDFDocument, type PDFFont, type PDFImage, type PDFPage, rgb, StandardFonts } from "pdf-lib";
import { ticketQrPngDataUrl } from "@/server/booking/qr";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import type { PrintSheet, PrintWhat } from "./schemas";
import { seatKindLabels } from "@/server/catalogue/labels";

/** 80 mm in PostScript points (1 pt = 1/72 in). */
export const PAGE_WIDTH = (80 / 25.4) * 72;
const MARGIN = 10;
const CONTENT = PAGE_WIDTH - 2 * MARGIN;

// WinAnsi beyond Latin-1: what the standard fonts can draw besides U+0020–U+007E and U+00A0–U+00FF.
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

export function winAnsi(text: string): string {
  return [...text]
    .map((ch) => {
      const c = ch.codePointAt(0)!;
      if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.has(ch)) return ch;
      if (ch === "\n" || ch === "\t") return " ";
      const base = ch.normalize("NFKD").replace(/[^\x20-\x7e]/g, "");
      return base || "?";
    })
    .join("");
}

type Block =
  | { kind: "text"; text: string; font: PDFFont; size: number; align?: "left" | "center"; gap?: number }
  | { kind: "pair"; left: string; right: string; font: PDFFont; size: number; gap?: number }
  | { kind: "banner"; text: string; font: PDFFont; size: number }
  | { kind: "image"; image: PDFImage; size: number }
  | { kind: "rule" }
  | { kind: "space"; height: number };

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const words = winAnsi(text).split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length ? lines : [""];
}

const lineHeight = (size: number) => size * 1.25;

function heightOf(block: Block): number {
  switch (block.kind) {
    case "text":
      return wrap(block.text, block.font, block.size, CONTENT).length * lineHeight(block.size) + (block.gap ?? 2);
    case "pair":
      return lineHeight(block.size) + (block.gap ?? 1);
    case "banner":
      return lineHeight(block.size) + 8;
    case "image":
      return block.size + 4;
    case "rule":
      return 8;
    case "space":
      return block.height;
  }
}

function drawPage(doc: PDFDocument, blocks: Block[]): PDFPage {
  const height = Math.ceil(blocks.reduce((sum, b) => sum + heightOf(b), 0) + 2 * MARGIN);
  const page = doc.addPage([PAGE_WIDTH, height]);
  const black = rgb(0, 0, 0);
  let y = height - MARGIN;
  for (const block of blocks) {
    switch (block.kind) {
      case "text": {
        for (const line of wrap(block.text, block.font, block.size, CONTENT)) {
          y -= lineHeight(block.size);
          const width = block.font.widthOfTextAtSize(line, block.size);
          const x = block.align === "center" ? MARGIN + (CONTENT - width) / 2 : MARGIN;
          page.drawText(line, { x, y: y + block.size * 0.22, size: block.size, font: block.font, color: black });
        }
        y -= block.gap ?? 2;
        break;
      }
      case "pair": {
        y -= lineHeight(block.size);
        const right = winAnsi(block.right);
        const rightWidth = block.font.widthOfTextAtSize(right, block.size);
        const [left = ""] = wrap(block.left, block.font, block.size, CONTENT - rightWidth - 6);
        page.drawText(left, { x: MARGIN, y: y + block.size * 0.22, size: block.size, font: block.font, color: black });
        page.drawText(right, { x: MARGIN + CONTENT - rightWidth, y: y + block.size * 0.22, size: block.size, font: block.font, color: black });
        y -= block.gap ?? 1;
        break;
      }
      case "banner": {
        const h = lineHeight(block.size) + 4;
        y -= h;
        page.drawRectangle({ x: MARGIN, y, width: CONTENT, height: h, color: black });
        const width = block.font.widthOfTextAtSize(block.text, block.size);
        page.drawText(block.text, { x: MARGIN + (CONTENT - width) / 2, y: y + 2 + block.size * 0.3, size: block.size, font: block.font, color: rgb(1, 1, 1) });
        y -= 4;
        break;
      }
      case "image": {
        y -= block.size;
        page.drawImage(block.image, { x: MARGIN + (CONTENT - block.size) / 2, y, width: block.size, height: block.size });
        y -= 4;
        break;
      }
      case "rule": {
        y -= 4;
        page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + CONTENT, y }, thickness: 0.75, color: black, dashArray: [2, 2] });
        y -= 4;
        break;
      }
      case "space":
        y -= block.height;
        break;
    }
  }
  return page;
}

/**
 * The tickets (one page each) or the receipt of a sheet. `copies` is what recording this print answered: a ticket or
 * receipt whose copy is above 1 is printed with a REPRINT banner.
 */
export async function renderPdf(sheet: PrintSheet, what: PrintWhat, copies: Record<string, number>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${what === "tickets" ? "Tickets" : "Receipt"} ${sheet.order.reference}`);
  doc.setProducer("Marquee");
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const mono = await doc.embedFont(StandardFonts.Courier);
  const zone = sheet.cinema.timeZone;
  const money = (amount: number, currency = sheet.order.currency) => formatMoney(amount, currency);

  if (what === "tickets") {
    const s = sheet.screening;
    for (const ticket of sheet.tickets) {
      const png = await ticketQrPngDataUrl(ticket.code);
      const qr = await doc.embedPng(Buffer.from(png.split(",")[1]!, "base64"));
      const blocks: Block[] = [];
      if ((copies[ticket.id] ?? 1) > 1) blocks.push({ kind: "banner", text: "REPRINT", font: bold, size: 12 });
      blocks.push({ kind: "text", text: sheet.cinema.name.toUpperCase(), font: bold, size: 9, align: "center" });
      if (s) {
        blocks.push({ kind: "text", text: s.filmTitle, font: bold, size: 15, align: "center" });
        blocks.push({ kind: "text", text: `${s.certificate} · ${s.formatLabel}`, font: regular, size: 9, align: "center", gap: 4 });
        blocks.push({ kind: "text", text: formatLongDate(s.startsAt, zone), font: regular, size: 10, align: "center" });
        blocks.push({ kind: "text", text: formatTime(s.startsAt, zone), font: bold, size: 20, align: "center", gap: 0 });
        if (s.featureStartsAt > s.startsAt) {
          blocks.push({ kind: "text", text: `Film starts ${formatTime(s.featureStartsAt, zone)}`, font: regular, size: 8, align: "center" });
        }
        blocks.push({ kind: "text", text: s.hallName, font: bold, size: 12, align: "center", gap: 0 });
      }
      blocks.push({ kind: "text", text: `SEAT ${ticket.seatLabel}`, font: bold, size: 28, align: "center", gap: 0 });
      if (ticket.seatKindLabel !== seatKindLabels.STANDARD) blocks.push({ kind: "text", text: ticket.seatKindLabel, font: regular, size: 9, align: "center" });
      blocks.push({ kind: "text", text: `${ticket.ticketTypeLabel} · ${money(ticket.priceAmount, ticket.currency)}`, font: regular, size: 11, align: "center", gap: 4 });
      blocks.push({ kind: "image", image: qr, size: 130 });
      blocks.push({ kind: "text", text: ticket.code, font: mono, size: 8, align: "center" });
      blocks.push({ kind: "text", text: `Booking ${sheet.order.reference}`, font: bold, size: 10, align: "center" });
      blocks.push({ kind: "text", text: "One person per ticket. The code is checked once at the door.", font: regular, size: 7, align: "center" });
      drawPage(doc, blocks);
    }
  } else {
    const o = sheet.order;
    const blocks: Block[] = [];
    if ((copies.receipt ?? 1) > 1) blocks.push({ kind: "banner", text: "REPRINT", font: bold, size: 12 });
    blocks.push({ kind: "text", text: sheet.cinema.name.toUpperCase(), font: bold, size: 11, align: "center", gap: 0 });
    blocks.push({ kind: "text", text: `${sheet.cinema.address}, ${sheet.cinema.city} ${sheet.cinema.postcode}`, font: regular, size: 8, align: "center", gap: 4 });
    blocks.push({ kind: "text", text: "RECEIPT", font: bold, size: 12, align: "center", gap: 4 });
    blocks.push({ kind: "pair", left: "Booking", right: o.reference, font: bold, size: 9 });
    const at = o.paidAt ?? o.createdAt;
    blocks.push({ kind: "pair", left: "Date", right: `${formatLongDate(at, zone)} ${formatTime(at, zone)}`, font: regular, size: 8 });
    blocks.push({ kind: "pair", left: "Clerk", right: o.clerkName ?? "Online", font: regular, size: 8 });
    if (o.tillName) blocks.push({ kind: "pair", left: "Till / shift", right: `${o.tillName} / ${o.shiftId?.slice(-6) ?? ""}`, font: regular, size: 8 });
    if (sheet.screening) {
      const s = sheet.screening;
      blocks.push({ kind: "rule" });
      blocks.push({ kind: "text", text: `${s.filmTitle} (${s.certificate})`, font: bold, size: 9, gap: 0 });
      blocks.push({ kind: "text", text: `${formatLongDate(s.startsAt, zone)} ${formatTime(s.startsAt, zone)} · ${s.hallName}`, font: regular, size: 8 });
    }
    blocks.push({ kind: "rule" });
    for (const line of sheet.lines) {
      const label = `${line.quantity > 1 ? `${line.quantity} × ` : ""}${line.label}${line.refunded ? " (refunded)" : ""}`;
      blocks.push({ kind: "pair", left: label, right: money(line.amount, line.currency), font: regular, size: 9 });
    }
    blocks.push({ kind: "rule" });
    blocks.push({ kind: "pair", left: "Subtotal", right: money(o.subtotalAmount), font: regular, size: 9 });
    if (o.discountAmount) blocks.push({ kind: "pair", left: "Discount", right: `-${money(o.discountAmount)}`, font: regular, size: 9 });
    if (o.bookingFeeAmount) blocks.push({ kind: "pair", left: "Booking fee", right: money(o.bookingFeeAmount), font: regular, size: 9 });
    blocks.push({ kind: "pair", left: "TOTAL", right: money(o.totalAmount), font: bold, size: 12, gap: 3 });
    for (const tender of sheet.tenders) {
      blocks.push({ kind: "pair", left: tender.label + (tender.note ? ` (${tender.note})` : ""), right: money(tender.amount, tender.currency), font: regular, size: 9 });
      if (tender.tenderedAmount !== null) blocks.push({ kind: "pair", left: "  Cash tendered", right: money(tender.tenderedAmount, tender.currency), font: regular, size: 9 });
      if (tender.changeAmount !== null) blocks.push({ kind: "pair", left: "  Change", right: money(tender.changeAmount, tender.currency), font: regular, size: 9 });
    }
    for (const refund of sheet.refunds) {
      blocks.push({ kind: "pair", left: `Refunded ${formatTime(refund.createdAt, zone)}`, right: `-${money(refund.amount, refund.currency)}`, font: regular, size: 9 });
    }
    blocks.push({ kind: "rule" });
    blocks.push({ kind: "text", text: "Thank you. Enjoy the film!", font: regular, size: 8, align: "center" });
    drawPage(doc, blocks);
  }
  return doc.save();
}
