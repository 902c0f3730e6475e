import { TRPCError } from "@trpc/server";

/** Pages turn the API's NOT_FOUND into Next's not-found page; every other failure goes to the error boundary. */
export function isNotFoundError(error: unknown): boolean {
  return error instanceof TRPCError && error.code === "NOT_FOUND";
}

export function isBadRequestError(error: unknown): boolean {
  return error instanceof TRPCError && error.code === "BAD_REQUEST";
}
