import type { ComponentProps } from "react";
import { cn } from "@/lib/utils";

/**
 * A labelled native select for the admin pages' GET filter forms: works before hydration and without JavaScript,
 * and keyboard and screen readers get the browser's own control.
 */
export function FilterSelect({
  id,
  label,
  options,
  className,
  ...props
}: Omit<ComponentProps<"select">, "children"> & { id: string; label: string; options: { value: string; label: string }[] }) {
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        className={cn(
          "border-input bg-background focus-visible:border-ring focus-visible:ring-ring/50 h-9 rounded-md border px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]",
          className,
        )}
        {...props}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
