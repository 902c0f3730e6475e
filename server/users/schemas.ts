// The people directory's contract over HTTP (admin): the list filter and its rows.
import { z } from "zod";
import { roleSchema } from "@/server/db/schemas";

/** Whether an account can sign in: "disabled" ones were disabled by an admin. */
export const ACCOUNT_STATUSES = ["active", "disabled"] as const;
export const accountStatusSchema = z.enum(ACCOUNT_STATUSES);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const userListInputSchema = z.object({
  query: z.string().trim().max(100, "Search text is too long").optional(),
  role: roleSchema.optional(),
  status: accountStatusSchema.optional(),
  /** null or absent: the first page (TanStack infinite queries start from null). */
  cursor: z.string().max(64).nullish(),
  limit: z.number().int().min(1).max(100).default(25),
});

export type UserListInput = z.input<typeof userListInputSchema>;

export const userRowSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  emailVerifiedAt: z.date().nullable(),
  disabledAt: z.date().nullable(),
  createdAt: z.date(),
});

export const userListSchema = z.object({ users: z.array(userRowSchema), nextCursor: z.string().nullable() });
