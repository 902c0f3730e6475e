"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation } from "@tanstack/react-query";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CodeField, EmailField } from "@/components/forms/fields";
import { Form } from "@/components/ui/form";
import { useTRPC } from "@/lib/trpc/client";
import { CODE_LENGTH, verifyEmailInput } from "@/server/accounts/schemas";
import { FormError } from "./form-alert";
import { applyServerError } from "./server-errors";
import { SubmitButton } from "./submit-button";
import { useCountdown } from "./use-countdown";
import { validationModes } from "@/components/forms/validation-modes";

export function VerifyEmailForm({ email, initialCooldownSeconds }: { email?: string; initialCooldownSeconds: number }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [formError, setFormError] = useState<string | null>(null);
  const cooldown = useCountdown(initialCooldownSeconds);
  const form = useForm({
    resolver: zodResolver(verifyEmailInput),
    defaultValues: { email: email ?? "", code: "" },
    ...validationModes,
  });

  const verify = useMutation(
    trpc.account.verifyEmail.mutationOptions({
      onSuccess: () => router.push("/sign-in?verified=1"),
      onError: (error) => {
        // Already confirmed: nothing left to do here but sign in.
        if (error.data?.code === "CONFLICT") {
          router.push("/sign-in?verified=1");
          return;
        }
        const message = applyServerError(form, error, email ? ["code"] : ["email", "code"]);
        // A wrong, expired or used-up code is a problem with the code field: say so beside it.
        if (message && error.data?.code === "BAD_REQUEST") form.setError("code", { type: "server", message }, { shouldFocus: true });
        else setFormError(message);
      },
    }),
  );

  const resend = useMutation(
    trpc.account.resendVerificationCode.mutationOptions({
      onSuccess: ({ cooldownSeconds }) => {
        cooldown.start(cooldownSeconds);
        form.resetField("code");
        setFormError(null);
        toast.success("We've sent you a new code.");
      },
      onError: (error) => {
        if (error.data?.retryAfterSeconds) cooldown.start(error.data.retryAfterSeconds);
        setFormError(applyServerError(form, error, email ? [] : ["email"]));
      },
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    verify.mutate(values);
  });

  async function onResend() {
    if (!(await form.trigger("email", { shouldFocus: true }))) return;
    resend.mutate({ email: form.getValues("email") });
  }

  const waiting = cooldown.secondsLeft > 0;

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-5">
        {formError ? <FormError>{formError}</FormError> : null}
        {email ? null : (
          <EmailField control={form.control} name="email" />
        )}
        <CodeField
          control={form.control}
          name="code"
          label="Verification code"
          length={CODE_LENGTH}
          autoFocus={!!email}
          description={`The ${CODE_LENGTH}-digit code from the email. It works for 15 minutes.`}
        />
        <SubmitButton pending={verify.isPending || verify.isSuccess}>Confirm email</SubmitButton>
        <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
          <span className="text-muted-foreground">Didn&apos;t get it? Check your spam folder.</span>
          <Button type="button" variant="outline" size="sm" onClick={onResend} disabled={waiting || resend.isPending} aria-busy={resend.isPending}>
            <RefreshCw className={resend.isPending ? "animate-spin" : undefined} aria-hidden />
            Resend code
            {waiting ? (
              <span className="tabular-nums">
                <span aria-hidden>({cooldown.secondsLeft}s)</span>
                <span className="sr-only">available in {cooldown.secondsLeft} seconds</span>
              </span>
            ) : null}
          </Button>
        </div>
      </form>
    </Form>
  );
}
