"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { EmailField, PasswordField } from "@/components/forms/fields";
import { Form } from "@/components/ui/form";
import { signInInput } from "@/server/accounts/schemas";
import { type SignInActionState, signInAction } from "@/lib/auth/actions";
import { FormError } from "./form-alert";
import { SubmitButton } from "./submit-button";
import { validationModes } from "@/components/forms/validation-modes";

export function SignInForm({ callbackUrl, defaultEmail }: { callbackUrl: string; defaultEmail?: string }) {
  const [pending, startTransition] = useTransition();
  const [refusal, setRefusal] = useState<NonNullable<SignInActionState> | null>(null);
  const form = useForm({
    resolver: zodResolver(signInInput),
    defaultValues: { email: defaultEmail ?? "", password: "" },
    ...validationModes,
  });

  const onSubmit = form.handleSubmit((values) => {
    setRefusal(null);
    const formData = new FormData();
    formData.set("email", values.email);
    formData.set("password", values.password);
    formData.set("callbackUrl", callbackUrl);
    startTransition(async () => {
      // On success the action redirects and never returns here.
      const result = await signInAction(undefined, formData);
      if (!result) return;
      let focused = false;
      for (const field of ["email", "password"] as const) {
        const message = result.fieldErrors?.[field]?.[0];
        if (!message) continue;
        form.setError(field, { type: "server", message }, { shouldFocus: !focused });
        focused = true;
      }
      if (result.code === "invalid_credentials") {
        form.resetField("password");
        form.setFocus("password");
      }
      if (!focused) setRefusal(result);
    });
  });

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-5">
        {refusal ? (
          <FormError>
            <p>{refusal.message}</p>
            {refusal.code === "email_not_verified" ? (
              <Link
                href={`/verify-email?email=${encodeURIComponent(form.getValues("email"))}`}
                className="font-medium underline underline-offset-4"
              >
                Confirm your email address
              </Link>
            ) : null}
          </FormError>
        ) : null}
        <EmailField control={form.control} name="email" autoComplete="username" />
        <PasswordField
          control={form.control}
          name="password"
          label="Password"
          autoComplete="current-password"
          labelAside={
            <Link href="/forgot-password" className="text-muted-foreground hover:text-foreground text-sm underline-offset-4 hover:underline">
              Forgot your password?
            </Link>
          }
        />
        <SubmitButton pending={pending}>Sign in</SubmitButton>
      </form>
    </Form>
  );
}
