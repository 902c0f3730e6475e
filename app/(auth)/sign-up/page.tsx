import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth/auth-card";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { getAppSession } from "@/lib/auth/next-auth";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignUpPage() {
  if (await getAppSession()) redirect("/account");
  return (
    <AuthCard
      title="Create an account"
      description="Book seats faster and keep your tickets in one place."
      footer={
        <p>
          Already have an account?{" "}
          <Link href="/sign-in" className="text-foreground font-medium underline underline-offset-4">
            Sign in
          </Link>
        </p>
      }
    >
      <SignUpForm />
    </AuthCard>
  );
}
