import { isDatabaseBusy, isDatabaseUnreachable } from "@/server/db/errors";
import { isRedisUnreachable } from "@/server/redis/errors";

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

/** How long clients are asked to wait (Retry-After) when PostgreSQL or Redis can't be reached. */
export const OUTAGE_RETRY_AFTER_SECONDS = 30;

export const serviceUnavailable = (
  message = "This is unavailable for a moment. Nothing was changed; please try again in a minute.",
  details?: Record<string, unknown>,
) => new AppError("SERVICE_UNAVAILABLE", message, { retryAfterSeconds: OUTAGE_RETRY_AFTER_SECONDS, ...details });

/**
 * The one place that recognises an outage: an AppError as it is, or PostgreSQL's or Redis's connection trouble as
 * SERVICE_UNAVAILABLE (503 with Retry-After over HTTP). Null for anything else, which is a bug.
 */
export function appErrorOrOutage(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (isDatabaseUnreachable(error)) {
    const outage = serviceUnavailable(undefined, { reason: "DATABASE_UNAVAILABLE" });
    outage.cause = error;
    return outage;
  }
  if (isDatabaseBusy(error)) {
    const outage = serviceUnavailable("We're very busy right now. Nothing was changed; please try again in a moment.", { reason: "DATABASE_BUSY" });
    outage.cause = error;
    return outage;
  }
  if (isRedisUnreachable(error)) {
    const outage = serviceUnavailable(undefined, { reason: "REDIS_UNAVAILABLE" });
    outage.cause = error;
    return outage;
  }
  return null;
}

/** One line for the log about what an outage was (Prisma's messages run to a dozen lines; the last one says it). */
export function outageSummary(error: AppError): string {
  const cause = error.cause instanceof Error ? error.cause.message.trim().split("\n").at(-1) : undefined;
  return [error.details?.reason, cause].filter(Boolean).join(": ");
}

// Next can load this module more than once in one process (route handlers and pages get separate copies), so an
// AppError thrown by one copy fails `instanceof` in another. Recognise it by its brand as well.
export function isAppError(error: unknown): error is AppError {
  return (
    error instanceof AppError ||
    (error instanceof Error && error.name === "AppError" && typeof (error as { code?: unknown }).code === "string")
  );
}
