// Shifts' public contract over HTTP: what the shifts router accepts and returns, shared with the cash-up forms.
// Kept free of Prisma and server imports so client components can import it.
import { z } from "zod";

const idSchema = z
  .string()
  .trim()
  .min(1, "Missing id")
  .max(64, "That id is too long")
  .regex(/^[A-Za-z0-9_-]+$/, "That is not a valid id");

/** Cash can be counted by denomination (minor units as keys) or, when the count was done elsewhere, as one total. */
export const cashCountSchema = z
  .object({
    denominations: z.record(z.string().regex(/^\d{1,6}$/), z.number().int().min(0).max(100_000)).optional(),
    amount: z.number().int().min(0).max(100_000_000).optional(),
  })
  .refine((c) => (c.denominations === undefined) !== (c.amount === undefined), "Count by denomination or give a total, not both.");
export type CashCount = z.infer<typeof cashCountSchema>;

export const reasonSchema = z.string().trim().min(3, "Give a reason (at least 3 characters).").max(200, "Use at most 200 characters.");
const managerPinSchema = z.string().trim().max(8).optional();

export const cashMovementKindSchema = z.enum(["DROP", "PAYOUT", "PAY_IN"]);
export type CashMovementKindInput = z.infer<typeof cashMovementKindSchema>;

// ─── Inputs ──────────────────────────────────────────────────────────────────

export const openShiftInputSchema = z.object({ tillId: idSchema, float: cashCountSchema });

export const cashMovementInputSchema = z.object({
  kind: cashMovementKindSchema,
  /** Always positive: the kind says which way the cash goes. */
  amount: z.number().int().positive("Enter an amount above zero.").max(100_000_000),
  reason: reasonSchema,
});
export type CashMovementInput = z.infer<typeof cashMovementInputSchema>;

export const closeShiftInputSchema = z.object({
  counted: cashCountSchema,
  managerPin: managerPinSchema,
  note: z.string().trim().max(500).optional(),
});

export const signOffInputSchema = z.object({
  shiftId: idSchema,
  managerPin: managerPinSchema,
  note: z.string().trim().max(500).optional(),
});

export const correctionInputSchema = z.object({
  shiftId: idSchema,
  /** Signed: what the drawer should have had more (+) or less (−) of. */
  amount: z
    .number()
    .int()
    .refine((n) => n !== 0, "A correction can't be zero.")
    .refine((n) => Math.abs(n) <= 100_000_000, "That amount is too large."),
  reason: reasonSchema,
});

/** A manager's approval PIN (server/accounts/approval.ts checks the same pattern). */
export const managerPinInput = z.object({ pin: z.string().trim().regex(/^\d{4,8}$/, "A PIN is 4 to 8 digits.") });

export const shiftIdInputSchema = z.object({ shiftId: idSchema });

export const tillsInputSchema = z.object({ cinemaId: idSchema.optional() }).optional();

export const zReportInputSchema = z.object({
  /** The cinema's id or its slug (the box office's cinema picker has slugs). */
  cinema: idSchema,
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-12-06."),
});

// ─── Outputs ─────────────────────────────────────────────────────────────────

export const tillSchema = z.object({
  id: z.string(),
  name: z.string(),
  cinemaId: z.string(),
  openShift: z.object({ id: z.string(), staffName: z.string(), openedAt: z.date() }).nullable(),
});
export type TillView = z.infer<typeof tillSchema>;

export const tillsSchema = z.object({
  cinema: z.object({ id: z.string(), slug: z.string(), name: z.string(), currency: z.string(), timeZone: z.string() }).nullable(),
  tills: z.array(tillSchema),
});
export type TillsView = z.infer<typeof tillsSchema>;

export const shiftSummarySchema = z.object({
  id: z.string(),
  status: z.enum(["OPEN", "CLOSED"]),
  tillId: z.string(),
  tillName: z.string(),
  cinemaId: z.string(),
  cinemaName: z.string(),
  timeZone: z.string(),
  staffId: z.string(),
  staffName: z.string(),
  currency: z.string(),
  openedAt: z.date(),
  floatAmount: z.number().int(),
});
export type ShiftSummary = z.infer<typeof shiftSummarySchema>;

const moneyLine = { count: z.number().int(), amount: z.number().int() };

export const cashFiguresSchema = z.object({
  float: z.number().int(),
  cashSales: z.number().int(),
  cashRefunds: z.number().int(),
  drops: z.number().int(),
  payouts: z.number().int(),
  payIns: z.number().int(),
  corrections: z.number().int(),
  /** float + cash sales − cash refunds + every movement (signed), now. */
  expected: z.number().int(),
});
export type CashFigures = z.infer<typeof cashFiguresSchema>;

export const reportBodySchema = z.object({
  currency: z.string(),
  cash: cashFiguresSchema,
  tenders: z.array(
    z.object({ provider: z.string(), label: z.string(), ...moneyLine, refundCount: z.number().int(), refundAmount: z.number().int(), net: z.number().int() }),
  ),
  ticketTypes: z.array(
    z.object({ code: z.string(), name: z.string(), sold: z.number().int(), soldAmount: z.number().int(), refunded: z.number().int(), refundedAmount: z.number().int() }),
  ),
  concessions: z.array(
    z.object({ productId: z.string(), name: z.string(), sold: z.number().int(), soldAmount: z.number().int(), refunded: z.number().int(), refundedAmount: z.number().int() }),
  ),
  refundsByReason: z.array(z.object({ reason: z.string(), ...moneyLine })),
  totals: z.object({ sales: z.number().int(), refunds: z.number().int(), net: z.number().int() }),
});
export type ReportBody = z.infer<typeof reportBodySchema>;

export const cashMovementViewSchema = z.object({
  id: z.string(),
  kind: z.enum(["DROP", "PAYOUT", "PAY_IN", "CORRECTION"]),
  amount: z.number().int(),
  reason: z.string(),
  userName: z.string(),
  createdAt: z.date(),
});
export type CashMovementView = z.infer<typeof cashMovementViewSchema>;

export const closingSchema = z.object({
  closedAt: z.date(),
  closedByName: z.string(),
  countedCashAmount: z.number().int(),
  countedDenominations: z.record(z.string(), z.number().int()).nullable(),
  expectedCashAmount: z.number().int(),
  varianceAmount: z.number().int(),
  /** The variance against today's expected cash, i.e. after any corrections recorded since the close. */
  varianceAfterCorrections: z.number().int(),
  varianceApprovedByName: z.string().nullable(),
  varianceNote: z.string().nullable(),
  needsSignOff: z.boolean(),
});

export const shiftReportSchema = reportBodySchema.extend({
  kind: z.enum(["X", "CLOSED"]),
  shift: shiftSummarySchema,
  movements: z.array(cashMovementViewSchema),
  closing: closingSchema.nullable(),
  varianceThreshold: z.number().int(),
  generatedAt: z.date(),
});
export type ShiftReport = z.infer<typeof shiftReportSchema>;

export const zReportSchema = reportBodySchema.extend({
  cinema: z.object({ id: z.string(), name: z.string(), timeZone: z.string(), currency: z.string() }),
  date: z.string(),
  shifts: z.array(
    shiftSummarySchema.extend({
      closedAt: z.date().nullable(),
      cash: cashFiguresSchema,
      countedCashAmount: z.number().int().nullable(),
      varianceAmount: z.number().int().nullable(),
      needsSignOff: z.boolean(),
      varianceApprovedByName: z.string().nullable(),
    }),
  ),
  countedCash: z.number().int(),
  variance: z.number().int(),
  openShifts: z.number().int(),
  generatedAt: z.date(),
});
export type ZReport = z.infer<typeof zReportSchema>;

export const closeResultSchema = z.object({
  shiftId: z.string(),
  expectedCashAmount: z.number().int(),
  countedCashAmount: z.number().int(),
  varianceAmount: z.number().int(),
  needsSignOff: z.boolean(),
  approvedById: z.string().nullable(),
});
export type CloseResult = z.infer<typeof closeResultSchema>;

export const cashMovementResultSchema = z.object({ id: z.string(), expected: z.number().int() });
