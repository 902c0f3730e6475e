// Printing's contract over HTTP (staff): what a ticket and a receipt show, and what recording a print answers.
import { z } from "zod";

export const printWhatSchema = z.enum(["tickets", "receipt"]);
export type PrintWhat = z.infer<typeof printWhatSchema>;
export const printFormatSchema = z.enum(["paper", "pdf"]);
export type PrintFormat = z.infer<typeof printFormatSchema>;

export const printSheetInputSchema = z.object({ reference: z.string().trim().min(1).max(40) });

const money = { amount: z.number().int(), currency: z.string() };

export const printTicketSchema = z.object({
  id: z.string(),
  code: z.string(),
  seatLabel: z.string(),
  seatKindLabel: z.string(),
  ticketTypeLabel: z.string(),
  priceAmount: z.number().int(),
  currency: z.string(),
  /** The QR code (server/booking/qr.ts) as an SVG document. */
  qrSvg: z.string(),
  /** How many times it has been printed so far: the next print is a reprint when this is above 0. */
  printed: z.number().int(),
});
export type PrintTicket = z.infer<typeof printTicketSchema>;

export const printSheetSchema = z.object({
  order: z.object({
    id: z.string(),
    reference: z.string(),
    channel: z.enum(["WEB", "BOX_OFFICE"]),
    status: z.string(),
    createdAt: z.date(),
    paidAt: z.date().nullable(),
    customerName: z.string().nullable(),
    clerkName: z.string().nullable(),
    tillName: z.string().nullable(),
    shiftId: z.string().nullable(),
    currency: z.string(),
    subtotalAmount: z.number().int(),
    discountAmount: z.number().int(),
    bookingFeeAmount: z.number().int(),
    totalAmount: z.number().int(),
  }),
  cinema: z.object({ name: z.string(), address: z.string(), city: z.string(), postcode: z.string(), timeZone: z.string() }),
  screening: z
    .object({
      filmTitle: z.string(),
      certificate: z.string(),
      formatLabel: z.string(),
      startsAt: z.date(),
      featureStartsAt: z.date(),
      hallName: z.string(),
    })
    .nullable(),
  /** The tickets that are valid (sold); refunded or exchanged ones are not printed. */
  tickets: z.array(printTicketSchema),
  /** The receipt's lines: every ticket and concession sold on the order (refunded ones marked), in order. */
  lines: z.array(z.object({ label: z.string(), quantity: z.number().int(), ...money, refunded: z.boolean() })),
  tenders: z.array(
    z.object({
      label: z.string(),
      ...money,
      tenderedAmount: z.number().int().nullable(),
      changeAmount: z.number().int().nullable(),
      note: z.string().nullable(),
    }),
  ),
  refunds: z.array(z.object({ ...money, createdAt: z.date() })),
  receiptPrinted: z.number().int(),
});
export type PrintSheet = z.infer<typeof printSheetSchema>;

export const recordPrintInputSchema = z.object({
  reference: z.string().trim().min(1).max(40),
  what: printWhatSchema,
  format: printFormatSchema.default("paper"),
});

export const recordPrintResultSchema = z.object({
  /** Copy number per ticket printed (1 is the original), or of the receipt. */
  copies: z.record(z.string(), z.number().int()),
  /** True when anything in this print had been printed before: it is marked REPRINT. */
  reprint: z.boolean(),
});
export type RecordPrintResult = z.infer<typeof recordPrintResultSchema>;
