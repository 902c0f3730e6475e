import Link from "next/link";
import type { FilmShowtimes } from "@/server/catalogue/schemas";
import { FilmMeta } from "./film-meta";
import { PosterImage } from "./poster-image";
import { ShowtimesByCinema } from "./showtime-buttons";

/** One row per film, with its times (grouped by cinema when there are several). */
export function FilmShowtimesList({
  groups,
  headingLevel = "h3",
  alwaysNameCinema = false,
}: {
  groups: FilmShowtimes[];
  headingLevel?: "h2" | "h3";
  alwaysNameCinema?: boolean;
}) {
  const Heading = headingLevel;
  return (
    <ul className="divide-y">
      {groups.map(({ film, showtimes }) => (
        <li key={film.id} className="grid grid-cols-[4rem_1fr] gap-4 py-5 first:pt-0 sm:grid-cols-[5.5rem_1fr]">
          <Link href={`/films/${film.slug}`} tabIndex={-1} aria-hidden className="self-start">
            <PosterImage src={film.posterUrl} title={film.title} sizes="(min-width: 640px) 88px, 64px" decorative />
          </Link>
          <div className="flex min-w-0 flex-col gap-3">
            <div className="flex flex-col gap-1">
              <Heading className="text-lg leading-snug font-semibold">
                <Link
                  href={`/films/${film.slug}`}
                  className="focus-visible:ring-ring/50 rounded-sm outline-none hover:underline focus-visible:ring-[3px]"
                >
                  {film.title}
                </Link>
              </Heading>
              <FilmMeta certificate={film.certificate} runtimeMinutes={film.runtimeMinutes} genres={film.genres} />
            </div>
            <ShowtimesByCinema
              showtimes={showtimes}
              headingLevel={headingLevel === "h2" ? "h3" : "h4"}
              alwaysNameCinema={alwaysNameCinema}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
