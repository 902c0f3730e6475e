"use client";

import { LoaderCircle } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useSyncExternalStore, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/utils";
import type { Filters } from "@/server/catalogue/schemas";
import { formatToParam, relativeDayLabel } from "./labels";

export type FilterValues = { date: string; cinema: string; genre: string; format: string };

const subscribeNever = () => () => {};

// A plain GET form first, so filtering works before (or without) JavaScript; once hydrated, changing a select
// navigates straight away and the submit button steps aside. Native selects keep it usable by keyboard, screen
// readers and phones' own pickers.
export function FilterBar({ filters, values }: { filters: Filters; values: FilterValues }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useSyncExternalStore(subscribeNever, () => true, () => false);

  const dates = filters.dates.includes(values.date) || !values.date ? filters.dates : [values.date, ...filters.dates];
  const hasFilters = Boolean(values.cinema || values.genre || values.format || (values.date && values.date !== filters.today));

  function navigate(form: HTMLFormElement) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (typeof value === "string" && value) params.set(key, value);
    }
    // Today is the default: keep shared links short and evergreen.
    if (params.get("date") === filters.today) params.delete("date");
    const query = params.toString();
    startTransition(() => router.push(query ? `/showtimes?${query}` : "/showtimes", { scroll: false }));
  }

  return (
    <form
      action="/showtimes"
      method="get"
      aria-label="Filter showtimes"
      aria-describedby="filter-help"
      className="bg-card flex flex-col gap-4 rounded-xl border p-4 sm:p-5"
      onChange={(event) => navigate(event.currentTarget)}
      onSubmit={(event) => {
        event.preventDefault();
        navigate(event.currentTarget);
      }}
    >
      <div className="grid grid-cols-1 gap-4 min-[480px]:grid-cols-2 lg:grid-cols-4">
        <FilterSelect id="filter-date" name="date" label="Date" value={values.date || filters.today}>
          {dates.map((date) => (
            <option key={date} value={date}>
              {relativeDayLabel(date, filters.today)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-cinema" name="cinema" label="Cinema" value={values.cinema}>
          <option value="">All cinemas</option>
          {filters.cinemas.map((cinema) => (
            <option key={cinema.slug} value={cinema.slug}>
              {cinema.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-genre" name="genre" label="Genre" value={values.genre}>
          <option value="">All genres</option>
          {filters.genres.map((genre) => (
            <option key={genre} value={genre}>
              {genre}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect id="filter-format" name="format" label="Format" value={values.format}>
          <option value="">All formats</option>
          {filters.formats.map((format) => (
            <option key={format.value} value={formatToParam(format.value)}>
              {format.label}
            </option>
          ))}
        </FilterSelect>
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <Button type="submit" className={cn(hydrated && "hidden")}>
          Show times
        </Button>
        <p id="filter-help" className="text-muted-foreground">
          {hydrated ? "Results update as you change a filter." : "Choose filters, then show times."} Times are local to
          each cinema.
        </p>
        <span role="status" className="text-muted-foreground inline-flex items-center gap-1.5">
          {pending ? (
            <>
              <LoaderCircle className="size-4 animate-spin motion-reduce:animate-none" aria-hidden />
              Updating…
            </>
          ) : null}
        </span>
        {hasFilters ? (
          <Link href="/showtimes" className="text-primary ml-auto font-medium underline-offset-4 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </div>
    </form>
  );
}

function FilterSelect({
  id,
  name,
  label,
  value,
  children,
}: {
  id: string;
  name: string;
  label: string;
  value: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      {/* Keyed on the value so that navigating back and forward resets the uncontrolled select to the URL's state. */}
      <select
        key={value}
        id={id}
        name={name}
        defaultValue={value}
        className="border-input bg-background focus-visible:border-ring focus-visible:ring-ring/50 h-10 w-full rounded-md border px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px]"
      >
        {children}
      </select>
    </div>
  );
}
