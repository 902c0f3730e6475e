"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { Clapperboard } from "lucide-react";
import Link from "next/link";
import { useSyncExternalStore } from "react";
import { CertificateBadge } from "@/components/programme/certificate-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { FilmList, FilmListInput } from "@/server/programme/film-schemas";
import { FilmPosterThumb } from "./film-poster-thumb";
import { FilmStatusBadge } from "./film-status";
import { LoadMore, startingWith } from "./load-more";

export type FilmsFilter = Omit<FilmListInput, "cursor">;

const subscribeNever = () => () => {};

/** "4 May 2001" from a "2001-05-04" date (a calendar date: no time zone to read it in). */
function releaseLabel(day: string): string {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date)).toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** The films matching the page's filter, a page at a time; each title links to its form (admins) or page (staff). */
export function FilmsList({ filter, firstPage, canEdit }: { filter: FilmsFilter; firstPage: FilmList; canEdit: boolean }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(trpc.admin.films.list.infiniteQueryOptions(filter, startingWith(firstPage)));
  const films = list.data?.pages.flatMap((page) => page.films) ?? [];
  // Tests wait for data-interactive (hydrated) rather than for time.
  const interactive = useSyncExternalStore(subscribeNever, () => true, () => false) || undefined;

  if (films.length === 0) {
    return (
      <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-12" role="status" data-interactive={interactive}>
        <Clapperboard className="size-8" aria-hidden />
        <p>No film matches these filters.</p>
      </div>
    );
  }
  return (
    <div className="space-y-4" data-interactive={interactive}>
      <Table aria-label="Films">
        <TableHeader>
          <TableRow>
            <TableHead className="w-14">
              <span className="sr-only">Poster</span>
            </TableHead>
            <TableHead>Title</TableHead>
            <TableHead className="w-28">Status</TableHead>
            <TableHead className="w-32">Release</TableHead>
            <TableHead className="w-24">Certificate</TableHead>
            <TableHead className="w-40 text-right">Screenings</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {films.map((film) => (
            <TableRow key={film.id} data-testid="film-row">
              <TableCell>
                <FilmPosterThumb src={film.posterUrl} />
              </TableCell>
              <TableCell className="font-medium">
                {canEdit ? (
                  <Link href={`/admin/films/${film.id}`} className="hover:underline focus-visible:underline">
                    {film.title}
                  </Link>
                ) : (
                  film.title
                )}
                <span className="text-muted-foreground block text-xs">
                  /films/{film.slug} · {film.runtimeMinutes} min
                </span>
              </TableCell>
              <TableCell>
                <FilmStatusBadge status={film.status} />
              </TableCell>
              <TableCell className="tabular-nums">{releaseLabel(film.releaseDate)}</TableCell>
              <TableCell>
                <CertificateBadge certificate={film.certificate} />
              </TableCell>
              <TableCell className="text-right tabular-nums">
                <span title="Future screenings still on the programme">{film.screenings.future} upcoming</span>
                <span className="text-muted-foreground"> · {film.screenings.total} in all</span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMore list={list} label="Load more films" />
    </div>
  );
}
