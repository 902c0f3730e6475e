import type { FieldPath, FieldValues, UseFormReturn } from "react-hook-form";

/** The parts of a tRPC client error a form uses (see the error formatter in server/api/trpc.ts). */
export interface ServerErrorLike {
  message: string;
  data?: { fieldErrors?: Record<string, string[] | undefined> | null; retryAfterSeconds?: number | null } | null;
}

/**
 * Puts the server's per-field messages on the fields they belong to and focuses the first one. Returns the message
 * to show above the form, or null when the field messages already say everything.
 */
export function applyServerError<Values extends FieldValues>(
  form: UseFormReturn<Values>,
  error: ServerErrorLike,
  fields: readonly FieldPath<Values>[],
): string | null {
  const fieldErrors = error.data?.fieldErrors ?? {};
  let placed = 0;
  for (const field of fields) {
    const message = fieldErrors[field]?.[0];
    if (!message) continue;
    form.setError(field, { type: "server", message }, { shouldFocus: placed === 0 });
    placed += 1;
  }
  return placed > 0 ? null : error.message;
}
