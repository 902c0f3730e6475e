"use server";

import { AuthError } from "next-auth";
import { signInInput } from "@/server/accounts/schemas";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getAppSession, SignInRefused, type SignInRefusalCode, signIn, signOut } from "@/lib/auth/next-auth";
import { services } from "@/server/services";

export type SignInActionState =
  | {
      status: "error";
      message: string;
      code?: SignInRefusalCode | "invalid_input" | "failed";
      fieldErrors?: Partial<Record<"email" | "password", string[]>>;
      retryAfterSeconds?: number;
    }
  | undefined;

/**
 * Signs in with email and password and redirects to `callbackUrl` (same-site paths only). Returns what went wrong
 * otherwise; on success it never returns (the redirect ends the action).
 */
export async function signInAction(_previous: SignInActionState, formData: FormData): Promise<SignInActionState> {
  const parsed = signInInput.safeParse({ email: formData.get("email"), password: formData.get("password") });
  if (!parsed.success) {
    const fieldErrors: NonNullable<SignInActionState>["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const field = issue.path[0];
      if (field === "email" || field === "password") (fieldErrors[field] ??= []).push(issue.message);
    }
    return { status: "error", code: "invalid_input", message: "Check the highlighted fields.", fieldErrors };
  }

  try {
    await signIn("credentials", {
      email: parsed.data.email,
      password: parsed.data.password,
      redirectTo: safeCallbackUrl(formData.get("callbackUrl")),
    });
  } catch (error) {
    // A successful sign-in "throws" Next's redirect; only Auth.js errors are answers for the form.
    if (error instanceof SignInRefused) {
      return { status: "error", code: error.code, message: error.userMessage, retryAfterSeconds: error.retryAfterSeconds };
    }
    if (error instanceof AuthError) {
      console.error("[auth] sign-in failed", error);
      return { status: "error", code: "failed", message: "We couldn't sign you in just now. Please try again." };
    }
    throw error;
  }
  return undefined;
}

/** For `<form action={signOutAction}>`: ends this browser's session and goes to the home page. */
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}

/** Ends every session of the signed-in user, on every device, then signs this browser out too. */
export async function signOutEverywhereAction(): Promise<void> {
  const session = await getAppSession();
  if (session) await services().accounts.signOutEverywhere(session.user.id);
  await signOut({ redirectTo: "/sign-in?signedOut=everywhere" });
}
