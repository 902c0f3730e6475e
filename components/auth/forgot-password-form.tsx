"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { EmailField } from "@/components/forms/fields";
import { Form } from "@/components/ui/form";
import { useTRPC } from "@/lib/trpc/client";
import { requestPasswordResetInput } from "@/server/accounts/schemas";
import { FormError } from "./form-alert";
import { applyServerError } from "./server-errors";
import { SubmitButton } from "./submit-button";
import { validationModes } from "@/components/forms/validation-modes";

export function ForgotPasswordForm({ defaultEmail }: { defaultEmail?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(requestPasswordResetInput),
    defaultValues: { email: defaultEmail ?? "" },
    ...validationModes,
  });
  const requestReset = useMutation(
    trpc.account.requestPasswordReset.mutationOptions({
      onSuccess: (_result, { email }) => router.push(`/reset-password?email=${encodeURIComponent(email)}`),
      onError: (error) => setFormError(applyServerError(form, error, ["email"])),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    requestReset.mutate(values);
  });

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-5">
        {formError ? <FormError>{formError}</FormError> : null}
        <EmailField control={form.control} name="email" autoFocus />
        <SubmitButton pending={requestReset.isPending || requestReset.isSuccess}>Send reset code</SubmitButton>
      </form>
    </Form>
  );
}
