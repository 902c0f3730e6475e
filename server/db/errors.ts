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

// Prisma's codes for "couldn't talk to the database": can't reach it (P1001), connect timed out (P1002), operation
// timed out (P1008), connection closed (P1017), no pooled connection in time (P2024).
const UNREACHABLE_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// The driver adapter's kinds for the same, when Prisma passes them through under another code.
const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
// node-postgres (raw pools) and PostgreSQL itself: refused, reset, timed out; shutting down (57P01-57P03), too many
// connections (53300).
const UNREACHABLE_DRIVER_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03", "53300"]);

/** PostgreSQL is down, unreachable or out of connections: nothing was done, and trying later may work. */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, meta, message } = error as { code?: unknown; meta?: { driverAdapterError?: { cause?: { kind?: unknown } } }; message?: unknown };
  if (typeof code === "string" && (UNREACHABLE_CODES.has(code) || UNREACHABLE_DRIVER_CODES.has(code))) return true;
  const kind = meta?.driverAdapterError?.cause?.kind;
  if (typeof kind === "string" && UNREACHABLE_KINDS.has(kind)) return true;
  return typeof message === "string" && /^Connection terminated|^timeout exceeded when trying to connect/.test(message);
}

/**
 * Every pooled connection stayed busy past the transaction's maxWait (Prisma's P2028 "Unable to start a transaction
 * in the given time"): nothing was done, and the same request moments later may well get through.
 */
export function isDatabaseBusy(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return code === "P2028" && typeof message === "string" && message.includes("Unable to start a transaction in the given time");
}

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
