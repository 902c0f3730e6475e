import type { Metadata } from "next";
import Link from "next/link";
import { AuthCard } from "@/components/auth/auth-card";
import { ForgotPasswordForm } from "@/components/auth/forgot-password-form";
import { emailParam, type SearchParams } from "../search-params";

export const metadata: Metadata = { title: "Forgot your password?" };

export default async function ForgotPasswordPage({ searchParams }: { searchParams: SearchParams }) {
  const email = emailParam((await searchParams).email);
  return (
    <AuthCard
      title="Forgot your password?"
      description="Enter the email address of your account and we'll send you a code to choose a new password."
      footer={
        <p>
          Remembered it?{" "}
          <Link href="/sign-in" className="text-foreground font-medium underline underline-offset-4">
            Sign in
          </Link>
        </p>
      }
    >
      <ForgotPasswordForm defaultEmail={email} />
    </AuthCard>
  );
}
