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
