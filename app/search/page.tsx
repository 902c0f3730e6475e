import { Search, SearchX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/programme/empty-state";
import { FilmMeta } from "@/components/programme/film-meta";
import { releaseDateLabel, releaseYear } from "@/components/programme/labels";
import { PosterImage } from "@/components/programme/poster-image";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { serverApi } from "@/lib/trpc/server";
import { SEARCH_QUERY_MAX, type SearchResult } from "@/server/catalogue/schemas";

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

async function readQuery(searchParams: SearchParams): Promise<string> {
  const raw = (await searchParams).q;
  // Over-long queries are cut rather than refused: the header box already stops at the same length.
  return (Array.isArray(raw) ? raw[0] : raw)?.trim().slice(0, SEARCH_QUERY_MAX).trim() ?? "";
}

export async function generateMetadata({ searchParams }: { searchParams: SearchParams }): Promise<Metadata> {
  const query = await readQuery(searchParams);
  return { title: query ? `Search results for “${query}”` : "Search films", robots: { index: false } };
}

const statusLabels: Record<SearchResult["films"][number]["status"], string> = {
  NOW_SHOWING: "Now showing",
  COMING_SOON: "Coming soon",
  NOT_SHOWING: "No upcoming showtimes",
};

export default async function SearchPage({ searchParams }: { searchParams: SearchParams }) {
  const query = await readQuery(searchParams);
  const result = query ? await (await serverApi()).films.search({ query }) : null;

  return (
    <div className="mx-auto flex max-w-4xl flex-col gap-6 px-4 py-6 sm:px-6 sm:py-8">
      <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">
        {query ? (
          <>
            Search results for <span className="break-words">“{query}”</span>
          </>
        ) : (
          "Search films"
        )}
      </h1>

      <form action="/search" method="get" role="search" className="flex gap-2">
        <label htmlFor="search-page-q" className="sr-only">
          Film title, director or cast member
        </label>
        <Input
          id="search-page-q"
          name="q"
          type="search"
          defaultValue={query}
          placeholder="Film title, director or cast member"
          maxLength={SEARCH_QUERY_MAX}
          className="h-10"
        />
        <Button type="submit" className="h-10">
          <Search aria-hidden />
          Search
        </Button>
      </form>

      {!result ? (
        <EmptyState icon={Search} title="What would you like to watch?">
          Search by film title, director or cast member.
        </EmptyState>
      ) : result.films.length === 0 ? (
        <EmptyState
          icon={SearchX}
          title="No films found"
          action={
            <Link href="/" className="text-primary font-medium underline-offset-4 hover:underline">
              Browse what&apos;s on
            </Link>
          }
        >
          Nothing matches “{result.query}”. Check the spelling, or try part of the title.
        </EmptyState>
      ) : (
        <section aria-labelledby="results-count" className="flex flex-col gap-3">
          <h2 id="results-count" className="text-muted-foreground text-sm font-normal" aria-live="polite">
            {result.films.length === 1 ? "1 film" : `${result.films.length} films`}
          </h2>
          <ul className="divide-y">
            {result.films.map((film) => (
              <li key={film.id} className="grid grid-cols-[4rem_1fr] gap-4 py-4 sm:grid-cols-[5rem_1fr]">
                <PosterImage src={film.posterUrl} title={film.title} sizes="(min-width: 640px) 80px, 64px" decorative />
                <div className="flex min-w-0 flex-col gap-1.5">
                  <h3 className="text-lg leading-snug font-semibold">
                    <Link
                      href={`/films/${film.slug}`}
                      className="focus-visible:ring-ring/50 rounded-sm outline-none hover:underline focus-visible:ring-[3px]"
                    >
                      {film.title}
                    </Link>{" "}
                    <span className="text-muted-foreground font-normal">
                      (<time dateTime={film.releaseDate}>{releaseYear(film.releaseDate)}</time>)
                    </span>
                  </h3>
                  <FilmMeta certificate={film.certificate} runtimeMinutes={film.runtimeMinutes} genres={film.genres} />
                  <p className="text-muted-foreground text-sm">Directed by {film.director}</p>
                  <p>
                    <Badge variant={film.status === "NOW_SHOWING" ? "default" : "secondary"}>
                      {film.status === "COMING_SOON"
                        ? `Opens ${releaseDateLabel(film.releaseDate)}`
                        : statusLabels[film.status]}
                    </Badge>
                  </p>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
