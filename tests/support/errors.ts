// Awaiting a refusal: the promise must reject, and with the application's own error (server/errors), not a crash.
import { expect } from "vitest";
import { isAppError } from "@/server/errors";

/** The error a promise rejects with; fails the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>, expected = "a failure"): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error(`expected ${expected}, but it succeeded`);
    },
    (e: unknown) => e,
  );
}

/** Awaits an AppError whose code and details.reason match, where given; rethrows anything that is not an AppError. */
export async function expectAppError(promise: Promise<unknown>, code?: string, reason?: string) {
  const error = await rejectionOf(promise, [code, reason].filter(Boolean).join("/") || "an application error");
  if (!isAppError(error)) throw error;
  if (code) expect(error.code, error.message).toBe(code);
  if (reason) expect(error.details?.reason, error.message).toBe(reason);
  return error;
}

/** Awaits a refusal whatever its code: an AppError whose details.reason is `reason`. */
export const expectRefusal = (promise: Promise<unknown>, reason: string) => expectAppError(promise, undefined, reason);
