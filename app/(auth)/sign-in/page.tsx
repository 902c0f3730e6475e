import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { FormError, FormNotice } from "@/components/auth/form-alert";
import { SignInForm } from "@/components/auth/sign-in-form";
import { safeCallbackUrl } from "@/lib/auth/callback-url";
import { getAppSession, SIGN_IN_UNAVAILABLE_MESSAGE } from "@/lib/auth/next-auth";
import { emailParam, firstParam, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Sign in" };

function noticeFor(params: Awaited<SearchParams>): string | null {
  if (firstParam(params.verified) === "1") return "Your email address is confirmed. Sign in to continue.";
  if (firstParam(params.reset) === "1") return "Your password has been changed. Sign in with your new password.";
  if (firstParam(params.signedOut) === "everywhere") return "You've been signed out on every device.";
  return null;
}

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackUrl(firstParam(params.callbackUrl));
  if (await getAppSession()) redirect(callbackUrl);

  const notice = noticeFor(params);
  // Set when a sign-in went through /api/auth directly and Auth.js sent the browser back here.
  const authError = firstParam(params.error);
  const authErrorMessage =
    firstParam(params.code) === "unavailable" ? SIGN_IN_UNAVAILABLE_MESSAGE : "We couldn't sign you in. Check your details and try again.";

  return (
    <AuthCard
      title="Sign in"
      description="Welcome back. Sign in to book and see your tickets."
      footer={
        <p>
          New to Marquee?{" "}
          <Link href="/sign-up" className="text-foreground font-medium underline underline-offset-4">
            Create an account
          </Link>
        </p>
      }
    >
      {notice ? <FormNotice>{notice}</FormNotice> : null}
      {authError && !notice ? <FormError>{authErrorMessage}</FormError> : null}
      <SignInForm callbackUrl={callbackUrl} defaultEmail={emailParam(params.email)} />
    </AuthCard>
  );
}
