import { SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/programme/empty-state";
import { FilmShowtimesList } from "@/components/programme/film-showtimes-list";
import { FilterBar } from "@/components/programme/filter-bar";
import { SiteAnnouncements } from "@/components/programme/site-announcements";
import { formatFromParam, formatToParam, longDayLabel } from "@/components/programme/labels";
import { isNotFoundError } from "@/lib/trpc/errors";
import { Alert, AlertDescription } from "@/components/ui/alert";
import { serverApi } from "@/lib/trpc/server";
import { dayKeySchema, genreSchema, slugSchema, type ShowtimesInput } from "@/server/catalogue/schemas";

export const metadata: Metadata = {
  title: "Showtimes",
  description: "Every showtime at Marquee Cinemas for the next two weeks, by date, cinema, genre and format.",
};

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function first(value: string | string[] | undefined): string | undefined {
  return (Array.isArray(value) ? value[0] : value) || undefined;
}

export default async function ShowtimesPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const ignored: string[] = [];

  // Links get shared, bookmarked and hand-edited: a value we can't use is dropped with a note, never a crash.
  const input: ShowtimesInput = {};
  const read = <T,>(name: string, parse: (raw: string) => T | undefined, label: string): T | undefined => {
    const raw = first(params[name]);
    if (raw === undefined) return undefined;
    const value = parse(raw);
    if (value === undefined) ignored.push(label);
    return value;
  };
  input.date = read("date", (raw) => dayKeySchema.safeParse(raw).data, "date");
  input.cinemaSlug = read("cinema", (raw) => slugSchema.safeParse(raw).data, "cinema");
  input.genre = read("genre", (raw) => genreSchema.safeParse(raw).data, "genre");
  input.format = read("format", formatFromParam, "format");

  const api = await serverApi();
  const listing = async () => {
    try {
      return await api.screenings.list(input);
    } catch (error) {
      if (!isNotFoundError(error) || !input.cinemaSlug) throw error;
      ignored.push("cinema");
      input.cinemaSlug = undefined;
      return api.screenings.list(input);
    }
  };
  const [filters, result] = await Promise.all([api.screenings.filters(), listing()]);

  const values = {
    date: result.date,
    cinema: result.filters.cinemaSlug ?? "",
    genre: result.filters.genre ?? "",
    format: result.filters.format ? formatToParam(result.filters.format) : "",
  };
  const cinemaName = filters.cinemas.find((cinema) => cinema.slug === values.cinema)?.name;
  const count = result.films.reduce((sum, group) => sum + group.showtimes.length, 0);

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8">
      <div className="flex flex-col gap-1">
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Showtimes</h1>
        <p className="text-muted-foreground">Pick a day, a cinema, a genre or a format.</p>
      </div>

      <FilterBar filters={filters} values={values} />

      <SiteAnnouncements cinemaSlug={cinemaName ? values.cinema : undefined} />

      {ignored.length ? (
        <Alert>
          <AlertDescription>
            We couldn&apos;t use the {[...new Set(ignored)].join(" and ")} in that link, so{" "}
            {ignored.length > 1 ? "those filters were" : "that filter was"} left out.
          </AlertDescription>
        </Alert>
      ) : null}

      <section aria-labelledby="results" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2 border-b pb-3">
          <h2 id="results" className="text-xl font-semibold">
            {result.date === filters.today ? "Today, " : ""}
            {longDayLabel(result.date)}
            {cinemaName ? <span className="text-muted-foreground font-normal"> at {cinemaName}</span> : null}
          </h2>
          <p className="text-muted-foreground text-sm" aria-live="polite">
            {count === 1 ? "1 showtime" : `${count} showtimes`}
            {result.films.length ? `, ${result.films.length === 1 ? "1 film" : `${result.films.length} films`}` : ""}
          </p>
        </div>
        {result.films.length ? (
          <FilmShowtimesList groups={result.films} alwaysNameCinema={!values.cinema} />
        ) : (
          <EmptyState
            icon={SearchX}
            title="No showtimes match"
            action={
              <Link href="/showtimes" className="text-primary font-medium underline-offset-4 hover:underline">
                Clear filters
              </Link>
            }
          >
            {result.date === filters.today
              ? "Nothing left today with those filters. Try another day, or clear the filters."
              : "Nothing is scheduled for that choice. Try another day, or clear the filters."}
          </EmptyState>
        )}
      </section>
    </div>
  );
}
