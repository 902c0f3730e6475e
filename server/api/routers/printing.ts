// Issue 11's printing procedures. Thin by design: zod in and out, one service call each. The PDF is a route handler
// (app/api/box-office/print/[reference]), since it answers bytes rather than JSON.
import {
  printSheetInputSchema,
  printSheetSchema,
  recordPrintInputSchema,
  recordPrintResultSchema,
} from "@/server/printing/schemas";
import { createTRPCRouter, staffProcedure } from "../trpc";

export const printingRouter = createTRPCRouter({
  /** What the print page shows: the order's valid tickets with QR codes, and its receipt. */
  sheet: staffProcedure
    .input(printSheetInputSchema)
    .output(printSheetSchema)
    .query(({ ctx, input }) => ctx.services.printing.sheet(input)),

  /** Right before the print dialog: numbers the copies (a later one is a REPRINT) and audits the print. */
  recordPrint: staffProcedure
    .input(recordPrintInputSchema)
    .output(recordPrintResultSchema)
    .mutation(({ ctx, input }) => ctx.services.printing.recordPrint({ ...input, staffId: ctx.session.user.id })),
});
