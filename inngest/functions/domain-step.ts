import { NonRetriableError } from "inngest";
import { isAppError } from "@/server/errors";

// A domain refusal (the order doesn't exist, the input is wrong, the caller may not) will be the same on every
// retry: stop at once instead of burning the retries. Anything else (database down, provider failing) is retried.
const permanent = new Set(["NOT_FOUND", "BAD_REQUEST", "FORBIDDEN", "UNAUTHORIZED"]);

export async function domainStep<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAppError(error) && permanent.has(error.code)) throw new NonRetriableError(error.message, { cause: error });
    throw error;
  }
}
