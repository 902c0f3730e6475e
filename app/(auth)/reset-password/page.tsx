import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { emailParam, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Choose a new password" };

export default async function ResetPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const email = emailParam((await searchParams).email);
  const requestAgainHref = email ? `/forgot-password?email=${encodeURIComponent(email)}` : "/forgot-password";
  return (
    <AuthCard
      title="Choose a new password"
      description={
        email ? (
          <>
            If <strong className="text-foreground break-all">{email}</strong> has a Marquee account, we&apos;ve sent it a
            6-digit code. Enter it with your new password.
          </>
        ) : (
          "Enter your email address, the 6-digit code we sent you and your new password."
        )
      }
      footer={
        <p>
          No code, or it expired?{" "}
          <Link href={requestAgainHref} className="text-foreground font-medium underline underline-offset-4">
            Send a new code
          </Link>
        </p>
      }
    >
      <ResetPasswordForm email={email} />
    </AuthCard>
  );
}
