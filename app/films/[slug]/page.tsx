import { CalendarX2, ExternalLink, MessageSquareText, PlayCircle } from "lucide-react";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { CertificateBadge } from "@/components/programme/certificate-badge";
import { EmptyState } from "@/components/programme/empty-state";
import { longDayLabel, relativeDayLabel, releaseDateLabel } from "@/components/programme/labels";
import { MediaImage } from "@/components/programme/media-image";
import { PosterImage } from "@/components/programme/poster-image";
import { RatingStars } from "@/components/programme/rating-stars";
import { ShowtimeButtons } from "@/components/programme/showtime-buttons";
import { isBadRequestError, isNotFoundError } from "@/lib/trpc/errors";
import { Badge } from "@/components/ui/badge";
import { formatRuntime } from "@/server/format";
import { SiteAnnouncements } from "@/components/programme/site-announcements";
import { serverApi } from "@/lib/trpc/server";

type Props = { params: Promise<{ slug: string }> };

// Shared by generateMetadata and the page within one request.
const loadFilm = cache(async (slug: string) => {
  const api = await serverApi();
  try {
    return await api.films.bySlug({ slug });
  } catch (error) {
    // A malformed slug can't name a film either.
    if (isNotFoundError(error) || isBadRequestError(error)) return null;
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const page = await loadFilm((await params).slug);
  if (!page) return { title: "Film not found" };
  return {
    title: page.film.title,
    description: page.film.tagline ?? page.film.synopsis.slice(0, 160),
    openGraph: { images: [page.film.backdropUrl ?? page.film.posterUrl] },
  };
}

export default async function FilmPage({ params }: Props) {
  const page = await loadFilm((await params).slug);
  if (!page) notFound();
  const { film, rating, reviews, days, today } = page;

  return (
    <article>
      <header className="bg-foreground relative isolate overflow-hidden text-white">
        {film.backdropUrl ? (
          // The page's LCP element; under the wash a phone gets by with the 640 px rendition (as the home hero).
          <MediaImage
            src={film.backdropUrl}
            alt=""
            sizes="(min-width: 640px) 100vw, 360px"
            width={1280}
            height={720}
            priority
            className="absolute inset-0 -z-10 size-full object-cover opacity-60"
          />
        ) : null}
        <div className="absolute inset-0 -z-10 bg-gradient-to-t from-black via-black/75 to-black/30" />
        <div className="mx-auto grid max-w-7xl grid-cols-[6.5rem_1fr] items-end gap-4 px-4 pt-16 pb-8 sm:grid-cols-[11rem_1fr] sm:gap-8 sm:px-6 sm:pt-28">
          <PosterImage
            src={film.posterUrl}
            title={film.title}
            sizes="(min-width: 640px) 176px, 104px"
            priority={!film.backdropUrl}
            className="shadow-xl ring-1 ring-white/20" />
          <div className="flex min-w-0 flex-col gap-3">
            {film.status === "COMING_SOON" ? (
              <p className="text-xs font-semibold tracking-widest text-white/85 uppercase">Coming soon</p>
            ) : null}
            <h1 className="text-3xl font-bold tracking-tight text-balance sm:text-5xl">{film.title}</h1>
            {film.tagline ? <p className="text-base text-white/90 italic sm:text-lg">{film.tagline}</p> : null}
            <p className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-white/90">
              <CertificateBadge certificate={film.certificate} />
              <span>{formatRuntime(film.runtimeMinutes)}</span>
              <span>{film.genres.join(", ")}</span>
              <span>
                Released <time dateTime={film.releaseDate}>{releaseDateLabel(film.releaseDate)}</time>
              </span>
            </p>
            <div className="flex flex-wrap items-center gap-x-5 gap-y-3 pt-1">
              {rating.average !== null ? (
                <p className="flex items-center gap-2 text-sm">
                  <RatingStars rating={rating.average} />
                  <span>
                    {rating.average.toFixed(1)} <span className="text-white/80">({pluralReviews(rating.count)})</span>
                  </span>
                </p>
              ) : null}
              {film.trailerUrl ? (
                <a
                  href={film.trailerUrl}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="inline-flex h-10 items-center gap-2 rounded-md bg-white px-4 text-sm font-semibold text-black outline-none hover:bg-white/90 focus-visible:ring-[3px] focus-visible:ring-white/70"
                >
                  <PlayCircle className="size-4" aria-hidden />
                  Watch the trailer
                  <span className="sr-only"> (opens in a new tab)</span>
                  <ExternalLink className="size-3.5" aria-hidden />
                </a>
              ) : null}
            </div>
          </div>
        </div>
      </header>

      <SiteAnnouncements className="mx-auto max-w-7xl px-4 pt-6 sm:px-6" />

      <div className="mx-auto grid max-w-7xl gap-10 px-4 py-8 sm:px-6 lg:grid-cols-[1fr_20rem] lg:gap-12">
        <div className="flex min-w-0 flex-col gap-10">
          <section aria-labelledby="synopsis">
            <h2 id="synopsis" className="sr-only">
              Synopsis
            </h2>
            <p className="max-w-prose text-base leading-relaxed sm:text-lg">{film.synopsis}</p>
          </section>

          <section aria-labelledby="showtimes" className="flex flex-col gap-5">
            <h2 id="showtimes" className="text-xl font-semibold tracking-tight sm:text-2xl">
              Showtimes
            </h2>
            {days.length ? (
              <>
                <nav aria-label="Jump to a day">
                  <ul className="flex gap-2 overflow-x-auto pb-2">
                    {days.map((day) => (
                      <li key={day.date} className="shrink-0">
                        <a
                          href={`#day-${day.date}`}
                          className="bg-secondary text-secondary-foreground hover:bg-secondary/80 focus-visible:ring-ring/50 inline-flex h-9 items-center rounded-full px-3 text-sm font-medium whitespace-nowrap outline-none focus-visible:ring-[3px]"
                        >
                          {relativeDayLabel(day.date, today)}
                        </a>
                      </li>
                    ))}
                  </ul>
                </nav>
                <div className="flex flex-col gap-8">
                  {days.map((day) => (
                    <section key={day.date} id={`day-${day.date}`} aria-labelledby={`day-${day.date}-title`} className="scroll-mt-20">
                      <h3 id={`day-${day.date}-title`} className="mb-3 border-b pb-2 text-lg font-semibold">
                        {day.date === today ? "Today, " : ""}
                        {longDayLabel(day.date)}
                      </h3>
                      <div className="flex flex-col gap-4">
                        {day.cinemas.map((group) => (
                          <div key={group.cinema.slug} className="flex flex-col gap-2">
                            <h4 className="text-muted-foreground text-sm font-medium">{group.cinema.name}</h4>
                            <ShowtimeButtons showtimes={group.showtimes} />
                          </div>
                        ))}
                      </div>
                    </section>
                  ))}
                </div>
              </>
            ) : (
              <EmptyState icon={CalendarX2} title="No showtimes scheduled" headingLevel="h3">
                {film.status === "COMING_SOON"
                  ? `Screenings are added as the release on ${releaseDateLabel(film.releaseDate)} gets closer.`
                  : "This film has no screenings in the next two weeks."}
              </EmptyState>
            )}
          </section>

          <section aria-labelledby="reviews" className="flex flex-col gap-4">
            <h2 id="reviews" className="text-xl font-semibold tracking-tight sm:text-2xl">
              Reviews
            </h2>
            {reviews.length ? (
              <ul className="grid gap-4 sm:grid-cols-2">
                {reviews.map((review) => (
                  <li key={review.id} className="bg-card flex flex-col gap-2 rounded-xl border p-4">
                    <RatingStars rating={review.rating} size="sm" />
                    <p className="text-sm leading-relaxed">{review.body}</p>
                    <p className="text-muted-foreground mt-auto text-xs">
                      {review.authorName},{" "}
                      <time dateTime={review.createdAt.toISOString()}>{releaseDateLabel(review.createdAt.toISOString().slice(0, 10))}</time>
                    </p>
                  </li>
                ))}
              </ul>
            ) : (
              <EmptyState icon={MessageSquareText} title="No reviews yet" headingLevel="h3" className="py-8" />
            )}
          </section>
        </div>

        <aside aria-labelledby="details" className="lg:order-last">
          <div className="bg-card flex flex-col gap-4 rounded-xl border p-5 lg:sticky lg:top-20">
            <h2 id="details" className="font-semibold">
              Film details
            </h2>
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-3 text-sm">
              <Detail term="Director">{film.director}</Detail>
              {film.cast.length ? (
                <Detail term="Cast">
                  <ul>
                    {film.cast.map((member) => (
                      <li key={member}>{member}</li>
                    ))}
                  </ul>
                </Detail>
              ) : null}
              <Detail term="Certificate">
                <CertificateBadge certificate={film.certificate} />
              </Detail>
              <Detail term="Running time">{formatRuntime(film.runtimeMinutes)}</Detail>
              <Detail term="Genres">
                <span className="flex flex-wrap gap-1">
                  {film.genres.map((genre) => (
                    <Badge key={genre} variant="secondary">
                      {genre}
                    </Badge>
                  ))}
                </span>
              </Detail>
              <Detail term={film.languages.length === 1 ? "Language" : "Languages"}>{film.languages.join(", ")}</Detail>
              <Detail term="Release date">
                <time dateTime={film.releaseDate}>{releaseDateLabel(film.releaseDate)}</time>
              </Detail>
            </dl>
          </div>
        </aside>
      </div>
    </article>
  );
}

function Detail({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

function pluralReviews(count: number) {
  return count === 1 ? "1 review" : `${count} reviews`;
}
