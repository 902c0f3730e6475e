"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { EmailField, PasswordField, TextField } from "@/components/forms/fields";
import { Form } from "@/components/ui/form";
import { useTRPC } from "@/lib/trpc/client";
import { PASSWORD_MIN_LENGTH, signUpInput } from "@/server/accounts/schemas";
import { FormError } from "./form-alert";
import { applyServerError } from "./server-errors";
import { SubmitButton } from "./submit-button";
import { validationModes } from "@/components/forms/validation-modes";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(signUpInput),
    defaultValues: { name: "", email: "", password: "" },
    ...validationModes,
  });
  const signUp = useMutation(
    trpc.account.signUp.mutationOptions({
      onSuccess: ({ email }) => router.push(`/verify-email?email=${encodeURIComponent(email)}&sent=1`),
      onError: (error) => setFormError(applyServerError(form, error, ["name", "email", "password"])),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    signUp.mutate(values);
  });

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-5">
        {formError ? (
          <FormError>
            {formError}
          </FormError>
        ) : null}
        <TextField control={form.control} name="name" label="Name" autoComplete="name" maxLength={100} />
        <EmailField control={form.control} name="email" />
        <PasswordField
          control={form.control}
          name="password"
          label="Password"
          autoComplete="new-password"
          description={`At least ${PASSWORD_MIN_LENGTH} characters. A few random words work well.`}
        />
        <SubmitButton pending={signUp.isPending || signUp.isSuccess}>Create account</SubmitButton>
      </form>
    </Form>
  );
}
