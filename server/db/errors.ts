// Prisma's errors, recognised by their code rather than `instanceof`: the database client is a per-process
// singleton, and Next can load a module more than once (one copy per route bundle), each with its own copy of the
// error classes.
function hasPrismaCode(error: unknown, code: string): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === code;
}

/** A unique constraint refused the write (P2002). */
export const isUniqueViolation = (error: unknown) => hasPrismaCode(error, "P2002");
/** An update or delete found no row matching its condition (P2025). */
export const isRecordNotFound = (error: unknown) => hasPrismaCode(error, "P2025");

/**
 * The refund_within_payment trigger refused a Refund row: the payment's refunds would add up to more than it took
 * (prisma/migrations/20261206105000_refund_cap_and_rejected_events). Writers check first (payments'
 * assertRefundFits); this recognises the database's last word, whichever way the driver wraps it.
 */
export function isRefundOverPayment(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== "object") return false;
    const text = `${(current as { message?: unknown }).message ?? ""} ${JSON.stringify((current as { meta?: unknown }).meta ?? "")}`;
    if (text.includes("refund_within_payment")) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
