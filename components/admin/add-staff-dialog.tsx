"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { UserPlus } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/auth/form-alert";
import { applyServerError } from "@/components/auth/server-errors";
import { SubmitButton } from "@/components/auth/submit-button";
import { EmailField, TextField } from "@/components/forms/fields";
import { validationModes } from "@/components/forms/validation-modes";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { FormControl, FormField, FormItem, FormMessage, Form } from "@/components/ui/form";
import { useTRPC } from "@/lib/trpc/client";
import { createStaffAccountInput, STAFF_ROLES } from "@/server/accounts/schemas";
import { roleNames } from "./role-names";

const roleHints: Record<(typeof STAFF_ROLES)[number], string> = {
  STAFF: "Box office: sales, refunds within limits, check-in and their own shift.",
  MANAGER: "Box office, plus approving comps, large or late refunds, seat-rule overrides and till variances.",
  ADMIN: "Everything managers can do, plus people, roles and the audit log.",
};

/** "Add staff member": a staff or admin account, and an email to its owner with a code to set their password. */
export function AddStaffDialog() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    resolver: zodResolver(createStaffAccountInput),
    defaultValues: { name: "", email: "", role: "STAFF" as const },
    ...validationModes,
  });
  const create = useMutation(
    trpc.admin.createStaffAccount.mutationOptions({
      onSuccess: async ({ emailSent }, { name, email }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.pathKey() });
        setOpen(false);
        form.reset();
        if (emailSent) toast.success(`${name} was added. We've emailed ${email} a code to set their password.`);
        else toast.warning(`${name} was added, but the email couldn't be sent. Ask them to use "Forgot your password?" to get a code.`);
      },
      onError: (error) => {
        // The one refusal about a field the schema can't see: the address already has an account.
        if (error.data?.code === "CONFLICT") {
          form.setError("email", { type: "server", message: error.message }, { shouldFocus: true });
          return;
        }
        setFormError(applyServerError(form, error, ["name", "email", "role"]));
      },
    }),
  );
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    create.mutate(values);
  });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (create.isPending) return;
        setOpen(next);
        if (!next) {
          form.reset();
          setFormError(null);
        }
      }}
    >
      <DialogTrigger asChild>
        <Button>
          <UserPlus aria-hidden />
          Add staff member
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a staff member</DialogTitle>
          <DialogDescription>
            They&apos;ll get an email with a code to choose their password, then sign in like anyone else.
          </DialogDescription>
        </DialogHeader>
        <Form {...form}>
          <form onSubmit={onSubmit} noValidate className="grid gap-5">
            {formError ? <FormError>{formError}</FormError> : null}
            <TextField control={form.control} name="name" label="Name" autoComplete="off" autoFocus />
            <EmailField control={form.control} name="email" autoComplete="off" />
            <FormField
              control={form.control}
              name="role"
              render={({ field }) => (
                <FormItem>
                  <fieldset className="grid gap-2">
                    <legend className="mb-2 text-sm font-medium">Role</legend>
                    <FormControl>
                      <div className="grid gap-2">
                        {STAFF_ROLES.map((role) => (
                          <label
                            key={role}
                            className="has-[:checked]:border-primary has-[:focus-visible]:ring-ring/50 flex cursor-pointer items-start gap-3 rounded-md border p-3 has-[:focus-visible]:ring-[3px]"
                          >
                            <input
                              type="radio"
                              name={field.name}
                              value={role}
                              checked={field.value === role}
                              onChange={() => field.onChange(role)}
                              onBlur={field.onBlur}
                              className="accent-primary mt-1"
                            />
                            <span className="grid gap-0.5">
                              <span className="text-sm font-medium">{roleNames[role]}</span>
                              <span className="text-muted-foreground text-sm">{roleHints[role]}</span>
                            </span>
                          </label>
                        ))}
                      </div>
                    </FormControl>
                  </fieldset>
                  <FormMessage />
                </FormItem>
              )}
            />
            <SubmitButton pending={create.isPending}>Add and send email</SubmitButton>
          </form>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
