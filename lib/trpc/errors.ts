import { TRPCError } from "@trpc/server";

/** Pages (through serverApi) turn the API's NOT_FOUND into the not-found page; other failures go to the error boundary. */
export function isNotFoundError(error: unknown): boolean {
  return error instanceof TRPCError && error.code === "NOT_FOUND";
}

export function isBadRequestError(error: unknown): boolean {
  return error instanceof TRPCError && error.code === "BAD_REQUEST";
}
