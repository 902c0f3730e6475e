import Link from "next/link";
import type { ComponentProps, ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";

// The admin pages' filters: a plain GET form (its fields become the URL's search params, so a filtered view is a link
// and works before hydration), "Apply", and "Clear filters" while any filter is set.

export function FilterForm({ label, clearHref, filtered, children }: { label: string; clearHref: string; filtered: boolean; children: ReactNode }) {
  return (
    <form method="get" role="search" aria-label={label} className="flex flex-wrap items-end gap-3">
      {children}
      <Button type="submit" variant="outline">
        Apply
      </Button>
      {filtered ? (
        <Button asChild variant="ghost">
          <Link href={clearHref}>Clear filters</Link>
        </Button>
      ) : null}
    </form>
  );
}

/** A labelled native select: the browser's own control for keyboards and screen readers. */
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

/** One search param's value; repeated or empty params count as absent. */
export const searchParam = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);
