// Input rules for accounts, shared by the domain service, the tRPC router and the browser forms, so a rule changes
// in one place and the form shows the same message the server would.
import { z } from "zod";
import { roleSchema } from "@/server/db/schemas";

export const PASSWORD_MIN_LENGTH = 10;
// bcrypt reads only the first 72 bytes; anything beyond would silently not count.
const PASSWORD_MAX_BYTES = 72;
export const CODE_LENGTH = 6;

/** An email address, lower-cased; `missing` is what an empty field is told. */
function emailField(missing: string) {
  return z
    .string({ error: missing })
    .trim()
    .toLowerCase()
    .min(1, missing)
    .max(254, "That email address is too long.")
    .pipe(z.email("Enter a valid email address, like name@example.com."));
}

export const emailSchema = emailField("Enter your email address.");

export const newPasswordSchema = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`)
  .refine((password) => new TextEncoder().encode(password).length <= PASSWORD_MAX_BYTES, {
    message: `Use at most ${PASSWORD_MAX_BYTES} characters.`,
  })
  .refine((password) => password.trim().length > 0, { message: "A password can't be only spaces." });

export const codeSchema = z
  .string({ error: "Enter the code from the email." })
  .trim()
  .regex(new RegExp(`^\\d{${CODE_LENGTH}}$`), `Enter the ${CODE_LENGTH}-digit code from the email.`);

function nameField(missing: string) {
  return z.string({ error: missing }).trim().min(1, missing).max(100, "Use at most 100 characters.");
}

export const nameSchema = nameField("Enter your name.");

export { roleSchema };

export const signUpInput = z.object({ name: nameSchema, email: emailSchema, password: newPasswordSchema });

// No strength rules here: an account created under older rules must still be able to sign in.
export const signInInput = z.object({
  email: emailSchema,
  password: z.string({ error: "Enter your password." }).min(1, "Enter your password.").max(1024, "That password is too long."),
});

export const verifyEmailInput = z.object({ email: emailSchema, code: codeSchema });

export const resendVerificationCodeInput = z.object({ email: emailSchema });

export const requestPasswordResetInput = z.object({ email: emailSchema });

export const resetPasswordInput = z.object({ email: emailSchema, code: codeSchema, newPassword: newPasswordSchema });

const userIdSchema = z.string().min(1, "Choose a user").max(64);

export const changeRoleInput = z.object({ userId: userIdSchema, role: roleSchema });

/** Disabling or re-enabling an account (admins). */
export const accountStatusInput = z.object({ userId: userIdSchema });

/** The roles an admin can create an account with: customers sign up themselves. */
export const STAFF_ROLES = ["STAFF", "MANAGER", "ADMIN"] as const;

/** "Add staff member" (admins): the form's fields, written about the new person. */
export const createStaffAccountInput = z.object({
  name: nameField("Enter their name."),
  email: emailField("Enter their email address."),
  role: z.enum(STAFF_ROLES, { error: "Choose staff or admin." }),
});

// ─── Answers ─────────────────────────────────────────────────────────────────

export const signUpResultSchema = z.object({ email: z.string() });
export const verifiedSchema = z.object({ verified: z.literal(true) });
export const cooldownSchema = z.object({ cooldownSeconds: z.number().int().nonnegative() });
export const passwordResetSchema = z.object({ reset: z.literal(true) });
export const sessionVersionSchema = z.object({ sessionVersion: z.number().int() });
export const changeRoleResultSchema = z.object({ changed: z.boolean() });
export const accountStatusResultSchema = z.object({ changed: z.boolean(), disabled: z.boolean() });
export const createStaffAccountResultSchema = z.object({ userId: z.string(), emailSent: z.boolean() });

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  emailVerifiedAt: z.date().nullable(),
  createdAt: z.date(),
});

export type SignUpInput = z.infer<typeof signUpInput>;
export type SignInInput = z.infer<typeof signInInput>;
export type VerifyEmailInput = z.infer<typeof verifyEmailInput>;
export type ResendVerificationCodeInput = z.infer<typeof resendVerificationCodeInput>;
export type RequestPasswordResetInput = z.infer<typeof requestPasswordResetInput>;
export type ResetPasswordInput = z.infer<typeof resetPasswordInput>;
export type CreateStaffAccountInput = z.infer<typeof createStaffAccountInput>;
