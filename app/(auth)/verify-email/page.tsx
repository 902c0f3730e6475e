import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { VerifyEmailForm } from "@/components/auth/verify-email-form";
import { CODE_RESEND_COOLDOWN_SECONDS } from "@/server/accounts";
import { emailParam, firstParam, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Confirm your email" };

export default async function VerifyEmailPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const email = emailParam(params.email);
  // Right after sign-up a code is on its way: start "Resend code" with the cooldown instead of inviting a click. Not
  // looked up for the address: sign-up answers a taken address as a new one, and so must this page.
  const cooldownSeconds = email && firstParam(params.sent) === "1" ? CODE_RESEND_COOLDOWN_SECONDS : 0;
  return (
    <AuthCard
      title="Confirm your email"
      description={
        email ? (
          <>
            We&apos;ve sent a 6-digit code to <strong className="text-foreground break-all">{email}</strong>. Enter it below to
            finish creating your account.
          </>
        ) : (
          "Enter your email address and the 6-digit code we sent you."
        )
      }
      footer={
        <p>
          {email ? (
            <>
              Wrong address?{" "}
              <Link href="/sign-up" className="text-foreground font-medium underline underline-offset-4">
                Sign up again
              </Link>
            </>
          ) : (
            <>
              Already confirmed?{" "}
              <Link href="/sign-in" className="text-foreground font-medium underline underline-offset-4">
                Sign in
              </Link>
            </>
          )}
        </p>
      }
    >
      <VerifyEmailForm email={email} initialCooldownSeconds={cooldownSeconds} />
    </AuthCard>
  );
}
