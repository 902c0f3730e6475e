"use client";

import { useState } from "react";
import { Input } from "@/components/ui/input";
import { majorToMinor, minorToMajor } from "@/server/programme/schemas";

/**
 * An amount typed in major units ("9.50") held as minor units (950). The text stays as typed; the value is null when
 * blank and NaN when it isn't an amount, so the form's schema puts its own message beside the field.
 */
export function MoneyInput({
  value,
  onValueChange,
  ...props
}: Omit<React.ComponentProps<typeof Input>, "value" | "onChange" | "type"> & {
  value: number | null;
  onValueChange: (value: number | null) => void;
}) {
  const [text, setText] = useState(() => (value === null || Number.isNaN(value) ? "" : minorToMajor(value)));
  return (
    <Input
      {...props}
      inputMode="decimal"
      autoComplete="off"
      value={text}
      onChange={(event) => {
        const typed = event.target.value;
        setText(typed);
        // A leading minus is kept as a negative amount, so the schema says amounts can't be negative.
        const negative = /^\s*-/.test(typed);
        const minor = majorToMinor(typed.replace(/^\s*-/, ""));
        onValueChange(typed.trim() === "" ? null : minor === null ? Number.NaN : negative ? -minor : minor);
      }}
    />
  );
}
