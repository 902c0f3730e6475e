import Link from "next/link";
import type { FilmCard } from "@/server/catalogue/schemas";
import { FilmMeta } from "./film-meta";
import { POSTER_GRID_SIZES, PosterImage } from "./poster-image";

/** A film in a poster grid: the whole poster and title are one link to the film page. */
export function PosterCard({
  film,
  footer,
  headingLevel = "h3",
}: {
  film: FilmCard;
  footer?: React.ReactNode;
  headingLevel?: "h2" | "h3";
}) {
  const Heading = headingLevel;
  return (
    <article className="flex flex-col gap-2">
      <Link
        href={`/films/${film.slug}`}
        className="group focus-visible:ring-ring/50 flex flex-col gap-2 rounded-md outline-none focus-visible:ring-[3px]"
      >
        <PosterImage
          src={film.posterUrl}
          title={film.title}
          sizes={POSTER_GRID_SIZES}
          decorative
          className="shadow-sm transition-transform duration-200 group-hover:-translate-y-0.5 group-hover:shadow-md motion-reduce:transition-none motion-reduce:group-hover:translate-y-0"
        />
        <Heading className="leading-snug font-semibold group-hover:underline">{film.title}</Heading>
      </Link>
      <FilmMeta certificate={film.certificate} runtimeMinutes={film.runtimeMinutes} genres={film.genres.slice(0, 2)} stacked />
      {footer}
    </article>
  );
}

export function PosterGrid({ children, label }: { children: React.ReactNode; label?: string }) {
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-x-4 gap-y-6 sm:grid-cols-3 md:grid-cols-4 lg:grid-cols-6">
      {children}
    </ul>
  );
}
