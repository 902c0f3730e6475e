// Printed tickets and receipts for 80 mm thermal paper (issue 11): what they show (sheet.ts), counting prints so that
// every later one is a marked, audited reprint (records.ts), and a PDF for printers that need one (pdf.ts). The print
// page draws the same sheet with print CSS. README.md beside this file has the details.
import type { PrintingContext, PrintingDeps } from "./context";
import { renderPdf } from "./pdf";
import { recordPrint } from "./records";
import type { PrintFormat, PrintWhat } from "./schemas";
import { loadSheet } from "./sheet";

export type { PrintingDeps } from "./context";

export function createPrinting(deps: PrintingDeps) {
  const ctx: PrintingContext = { ...deps, now: deps.now ?? (() => new Date()) };
  return {
    /** What the print page shows for a paid order (web or counter). */
    sheet: (input: { reference: string }) => loadSheet(ctx, input.reference),

    /** Call right before printing: numbers the copies, audits, and says what to mark REPRINT. */
    recordPrint: (input: { reference: string; what: PrintWhat; format: PrintFormat; staffId: string }) => recordPrint(ctx, input),

    /** Records a PDF print and renders it. */
    async pdf(input: { reference: string; what: PrintWhat; staffId: string }) {
      const { copies } = await recordPrint(ctx, { ...input, format: "pdf" });
      const sheet = await loadSheet(ctx, input.reference);
      const bytes = await renderPdf(sheet, input.what, copies);
      return { bytes, filename: `${sheet.order.reference}-${input.what}.pdf` };
    },
  };
}

export type Printing = ReturnType<typeof createPrinting>;
