"use client";

import type { Control, FieldPath, FieldValues } from "react-hook-form";
import { FormControl, FormField, FormItem, FormLabel, FormMessage } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { PLAN_BY_TIME_BAND, type SchedulingOptions } from "@/server/scheduling/schemas";

export const selectClass = "border-input bg-background h-9 w-full rounded-md border px-2 text-sm disabled:opacity-60";

const FORMATS = [
  { value: "TWO_D", label: "2D" },
  { value: "THREE_D", label: "3D" },
  { value: "IMAX", label: "IMAX" },
];

interface ScreeningFieldValues extends FieldValues {
  filmId: string;
  hallId: string;
  pricePlanId: string;
  format: string;
  audioLanguage: string;
  subtitleLanguage: string | null;
}

/**
 * What a screening shows (film, hall, price plan, format, languages): shared by the "New run" and the edit dialogs.
 * `locked` fields can't change (a screening with sales keeps its film, hall, format and languages).
 */
export function ScreeningFields<T extends ScreeningFieldValues>({
  control,
  choices,
  locked = [],
  planByTimeBand = false,
}: {
  control: Control<T>;
  choices: SchedulingOptions | undefined;
  locked?: string[];
  /** Offer "by time band": each screening of a run gets the cinema's plan for its start (matinee, evening, weekend). */
  planByTimeBand?: boolean;
}) {
  const select = (name: "filmId" | "hallId" | "pricePlanId" | "format", label: string, options: { value: string; label: string }[]) => (
    <FormField
      control={control}
      name={name as FieldPath<T>}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{label}</FormLabel>
          <FormControl>
            <select className={selectClass} {...field} value={field.value ?? ""} disabled={locked.includes(name) || !choices}>
              {name !== "format" ? <option value="">Choose…</option> : null}
              {options.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </FormControl>
          <FormMessage />
        </FormItem>
      )}
    />
  );
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      {select(
        "filmId",
        "Film",
        (choices?.films ?? []).map((f) => ({ value: f.id, label: `${f.title} (${f.runtimeMinutes} min)` })),
      )}
      {select("hallId", "Hall", (choices?.halls ?? []).map((h) => ({ value: h.id, label: h.name })))}
      {select("pricePlanId", "Price plan", [
        ...(planByTimeBand ? [{ value: PLAN_BY_TIME_BAND, label: "By time band (each screening's own)" }] : []),
        ...(choices?.pricePlans ?? []).map((p) => ({ value: p.id, label: `${p.name} (${p.currency})` })),
      ])}
      {select("format", "Format", FORMATS)}
      <FormField
        control={control}
        name={"audioLanguage" as FieldPath<T>}
        render={({ field }) => (
          <FormItem>
            <FormLabel>Audio language</FormLabel>
            <FormControl>
              <Input {...field} disabled={locked.includes("audioLanguage")} autoComplete="off" placeholder="en" />
            </FormControl>
            <FormMessage />
          </FormItem>
        )}
      />
      <FormField
        control={control}
        name={"subtitleLanguage" as FieldPath<T>}
        render={({ field }) => (
          <FormItem>
            <FormLabel>Subtitles</FormLabel>
            <FormControl>
              <Input
                {...field}
                value={field.value ?? ""}
                onChange={(event) => field.onChange(event.target.value || null)}
                disabled={locked.includes("subtitleLanguage")}
                autoComplete="off"
                placeholder="None"
              />
            </FormControl>
            <FormMessage />
          </FormItem>
        )}
      />
    </div>
  );
}
