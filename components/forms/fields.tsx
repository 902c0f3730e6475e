"use client";

import type { ComponentProps, ReactNode } from "react";
import type { Control, FieldPath, FieldValues } from "react-hook-form";
import { PasswordInput } from "@/components/auth/password-input";
import { FormControl, FormDescription, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";

// The labelled, validated inputs the app's forms are made of: shadcn's FormField/FormItem wiring (label, control,
// description and message tied together by ids and aria attributes) written once.

type InputProps = Omit<ComponentProps<"input">, "name" | "value" | "defaultValue" | "onChange" | "onBlur" | "ref">;

interface FieldProps<TValues extends FieldValues> extends InputProps {
  control: Control<TValues>;
  name: FieldPath<TValues>;
  label: ReactNode;
  description?: ReactNode;
  /** Beside the label, on its line (a "Forgot your password?" link). */
  labelAside?: ReactNode;
}

function LabelledField<TValues extends FieldValues>({
  control,
  name,
  label,
  description,
  labelAside,
  renderInput,
}: Pick<FieldProps<TValues>, "control" | "name" | "label" | "description" | "labelAside"> & {
  renderInput: (field: ComponentProps<"input">) => ReactNode;
}) {
  return (
    <FormField
      control={control}
      name={name}
      render={({ field }) => (
        <FormItem>
          {labelAside ? (
            <div className="flex items-center justify-between gap-2">
              <FormLabel>{label}</FormLabel>
              {labelAside}
            </div>
          ) : (
            <FormLabel>{label}</FormLabel>
          )}
          <FormControl>{renderInput({ ...field, value: field.value ?? "" })}</FormControl>
          {description ? <FormDescription>{description}</FormDescription> : null}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}

export function TextField<TValues extends FieldValues>({ control, name, label, description, labelAside, ...input }: FieldProps<TValues>) {
  return (
    <LabelledField
      {...{ control, name, label, description, labelAside }}
      renderInput={(field) => <Input {...input} {...field} />}
    />
  );
}

/** An email address: the right keyboard on phones, no spell-checking, and the browser's autofill. */
export function EmailField<TValues extends FieldValues>(props: Omit<FieldProps<TValues>, "label"> & { label?: ReactNode }) {
  return <TextField type="email" inputMode="email" spellCheck={false} autoComplete="email" label="Email" {...props} />;
}

export function PasswordField<TValues extends FieldValues>({ control, name, label, description, labelAside, ...input }: FieldProps<TValues>) {
  return (
    <LabelledField
      {...{ control, name, label, description, labelAside }}
      renderInput={(field) => <PasswordInput {...input} {...field} />}
    />
  );
}

/** A numeric one-time code of `length` digits, as sent by email. */
export function CodeField<TValues extends FieldValues>({ length, ...props }: FieldProps<TValues> & { length: number }) {
  return (
    <TextField
      autoComplete="one-time-code"
      inputMode="numeric"
      pattern="[0-9]*"
      maxLength={length}
      className="font-mono text-lg tracking-[0.4em]"
      {...props}
    />
  );
}
