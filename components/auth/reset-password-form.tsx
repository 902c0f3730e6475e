"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { CodeField, EmailField, PasswordField } from "@/components/forms/fields";
import { Form } from "@/components/ui/form";
import { useTRPC } from "@/lib/trpc/client";
import { CODE_LENGTH, PASSWORD_MIN_LENGTH, resetPasswordInput } from "@/server/accounts/schemas";
import { FormError } from "./form-alert";
import { applyServerError } from "./server-errors";
import { SubmitButton } from "./submit-button";
import { validationModes } from "@/components/forms/validation-modes";

export function ResetPasswordForm({ email }: { email?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(resetPasswordInput),
    defaultValues: { email: email ?? "", code: "", newPassword: "" },
    ...validationModes,
  });
  const reset = useMutation(
    trpc.account.resetPassword.mutationOptions({
      onSuccess: () => router.push("/sign-in?reset=1"),
      onError: (error) => {
        const message = applyServerError(form, error, email ? ["code", "newPassword"] : ["email", "code", "newPassword"]);
        // The domain's only BAD_REQUEST without field details is about the code (wrong, expired or used up).
        if (message && error.data?.code === "BAD_REQUEST") form.setError("code", { type: "server", message }, { shouldFocus: true });
        else setFormError(message);
      },
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    reset.mutate(values);
  });

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-5">
        {formError ? <FormError>{formError}</FormError> : null}
        {/* A hidden username field lets password managers file the new password under the right account. */}
        {email ? (
          <input type="email" name="email" autoComplete="username" value={email} readOnly hidden />
        ) : (
          <EmailField control={form.control} name="email" autoComplete="username" />
        )}
        <CodeField
          control={form.control}
          name="code"
          label="Reset code"
          length={CODE_LENGTH}
          autoFocus={!!email}
          description={`The ${CODE_LENGTH}-digit code from the email.`}
        />
        <PasswordField
          control={form.control}
          name="newPassword"
          label="New password"
          autoComplete="new-password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters. You'll be signed out everywhere else.`}
        />
        <SubmitButton pending={reset.isPending || reset.isSuccess}>Set new password</SubmitButton>
      </form>
    </Form>
  );
}
