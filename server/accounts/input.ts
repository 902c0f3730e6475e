// Shared by the account flows: input checked against the same zod schema as the forms, refused with field messages.
import type { z } from "zod";
import { badRequest } from "@/server/errors";

export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const [first] = result.error.issues;
  throw badRequest(first?.message ?? "Check the form and try again.", {
    fieldErrors: Object.fromEntries(result.error.issues.map((issue) => [issue.path.join("."), [issue.message]])),
  });
}

/** The mailer's refusal (a transport failure); flows that mail a code treat it as "not delivered", not as a bug. */
export const isMailDeliveryError = (error: unknown) => error instanceof Error && error.name === "MailDeliveryError";
