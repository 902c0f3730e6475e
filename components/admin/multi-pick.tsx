"use client";

import { X } from "lucide-react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { cn } from "@/lib/utils";

export interface PickOption<T extends string | number> {
  value: T;
  label: string;
}

/**
 * Choosing some of a few options as toggle buttons (days, ticket types, cinemas). Nothing chosen means "any", which
 * the caption beside the group says, so an empty list never reads as "none".
 */
export function ToggleChoices<T extends string | number>({
  label,
  options,
  value,
  onChange,
  anyLabel,
}: {
  label: string;
  options: readonly PickOption<T>[];
  value: T[];
  onChange: (next: T[]) => void;
  anyLabel: string;
}) {
  const toggle = (option: T) => onChange(value.includes(option) ? value.filter((v) => v !== option) : [...value, option]);
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-center gap-1.5">
      {options.map((option) => {
        const on = value.includes(option.value);
        return (
          <button
            key={String(option.value)}
            type="button"
            aria-pressed={on}
            onClick={() => toggle(option.value)}
            className={cn(
              "focus-visible:ring-ring/50 rounded-md border px-2.5 py-1 text-sm outline-none focus-visible:ring-[3px]",
              on ? "bg-primary text-primary-foreground border-transparent" : "hover:bg-muted",
            )}
          >
            {option.label}
          </button>
        );
      })}
      {value.length === 0 ? <span className="text-muted-foreground text-xs">{anyLabel}</span> : null}
    </div>
  );
}

/** Choosing some of many options (films): a picker that adds one at a time, and the chosen ones as removable chips. */
export function AddChoices({
  label,
  options,
  value,
  onChange,
  anyLabel,
  placeholder,
}: {
  label: string;
  options: readonly PickOption<string>[];
  value: string[];
  onChange: (next: string[]) => void;
  anyLabel: string;
  placeholder: string;
}) {
  const labelOf = new Map(options.map((option) => [option.value, option.label]));
  const left = options.filter((option) => !value.includes(option.value));
  return (
    <div className="grid gap-2">
      <Select value="" onValueChange={(next) => next && onChange([...value, next])} disabled={left.length === 0}>
        <SelectTrigger className="w-full" aria-label={label}>
          <SelectValue placeholder={placeholder} />
        </SelectTrigger>
        <SelectContent>
          {left.map((option) => (
            <SelectItem key={option.value} value={option.value}>
              {option.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <ul className="flex flex-wrap gap-1.5" aria-label={`Chosen: ${label}`}>
        {value.length === 0 ? <li className="text-muted-foreground text-xs">{anyLabel}</li> : null}
        {value.map((id) => (
          <li key={id} className="bg-muted inline-flex items-center gap-1 rounded-md py-0.5 pr-1 pl-2 text-sm">
            {labelOf.get(id) ?? "Unknown"}
            <button
              type="button"
              className="hover:bg-background rounded p-0.5"
              aria-label={`Remove ${labelOf.get(id) ?? id}`}
              onClick={() => onChange(value.filter((v) => v !== id))}
            >
              <X className="size-3.5" aria-hidden />
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
