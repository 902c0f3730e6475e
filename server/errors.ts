// Typed application errors. Domain code throws these; the tRPC layer maps them to codes in one place
// (server/api/trpc.ts), and pages show `message` as it is, so write it for the person reading it.

export type AppErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PRECONDITION_FAILED"
  | "TOO_MANY_REQUESTS"
  /** A backing service (Redis, PostgreSQL, a provider) is unreachable: nothing changed, try again shortly. */
  | "SERVICE_UNAVAILABLE";

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError("BAD_REQUEST", message, details);
export const unauthorized = (message = "Please sign in to continue.") => new AppError("UNAUTHORIZED", message);
export const forbidden = (message = "You don't have permission to do that.") => new AppError("FORBIDDEN", message);
export const notFound = (what: string) => new AppError("NOT_FOUND", `${what} was not found.`);
export const conflict = (message: string, details?: Record<string, unknown>) => new AppError("CONFLICT", message, details);
export const preconditionFailed = (message: string) => new AppError("PRECONDITION_FAILED", message);
export const tooManyRequests = (retryAfterSeconds: number) =>
  new AppError(
    "TOO_MANY_REQUESTS",
    `Too many attempts. Try again in ${retryAfterSeconds < 60 ? `${retryAfterSeconds} seconds` : `${Math.ceil(retryAfterSeconds / 60)} minutes`}.`,
    { retryAfterSeconds },
  );

// Next can load this module more than once in one process (route handlers and pages get separate copies), so an
// AppError thrown by one copy fails `instanceof` in another. Recognise it by its brand as well.
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (error instanceof Error && error.name === "AppError" && typeof (error as { code?: unknown }).code === "string")
  );
}
