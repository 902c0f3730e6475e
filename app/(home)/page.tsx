import { CalendarClock, Clapperboard, Popcorn } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AnnouncementsBanner } from "@/components/programme/announcements-banner";
import { EmptyState } from "@/components/programme/empty-state";
import { FilmShowtimesList } from "@/components/programme/film-showtimes-list";
import { HomeHero } from "@/components/programme/home-hero";
import { HomeStripAdvert } from "@/components/programme/home-strip-advert";
import { longDayLabel, releaseDateLabel } from "@/components/programme/labels";
import { PosterCard, PosterGrid } from "@/components/programme/poster-card";
import { serverApi } from "@/lib/trpc/server";

export const metadata: Metadata = {
  title: "What's on",
  description: "Films now showing and coming soon at Marquee Cinemas, with today's showtimes.",
};

export default async function HomePage() {
  const api = await serverApi();
  const [nowShowing, comingSoon, today, heroAdverts, stripAdverts, announcements] = await Promise.all([
    api.films.nowShowing(),
    api.films.comingSoon(),
    api.screenings.today(),
    api.films.adverts({ placement: "HOME_HERO" }),
    api.films.adverts({ placement: "HOME_STRIP" }),
    api.films.announcements(),
  ]);
  // Without a live advert, lead with the newest release that has artwork wide enough for the banner.
  const featured = nowShowing.find((film) => film.backdropUrl) ?? nowShowing[0];

  return (
    <div className="mx-auto flex max-w-7xl flex-col gap-12 px-4 py-6 sm:px-6 sm:py-8">
      <h1 className="sr-only">What&apos;s on at Marquee Cinemas</h1>
      <AnnouncementsBanner announcements={announcements} />
      <HomeHero advert={heroAdverts[0]} film={featured} />

      <section aria-labelledby="now-showing" className="flex flex-col gap-5">
        <SectionHeading id="now-showing" title="Now showing" href="/showtimes" linkLabel="All showtimes" />
        {nowShowing.length ? (
          <PosterGrid>
            {nowShowing.map((film) => (
              <li key={film.id}>
                <PosterCard film={film} />
              </li>
            ))}
          </PosterGrid>
        ) : (
          <EmptyState icon={Clapperboard} title="Nothing on sale right now" headingLevel="h3">
            The next programme is being put together. Check the films coming soon below.
          </EmptyState>
        )}
      </section>

      {stripAdverts.length ? (
        <section aria-label="Offers" className="grid gap-4 md:grid-cols-2">
          {stripAdverts.slice(0, 2).map((advert) => (
            <HomeStripAdvert key={advert.id} advert={advert} />
          ))}
        </section>
      ) : null}

      <section aria-labelledby="today" className="flex flex-col gap-5">
        <div className="flex flex-col gap-1">
          <SectionHeading id="today" title="Today's showtimes" href="/showtimes" linkLabel="Other days" />
          <p className="text-muted-foreground text-sm">{longDayLabel(today.date)}</p>
        </div>
        {today.films.length ? (
          <FilmShowtimesList groups={today.films} alwaysNameCinema />
        ) : (
          <EmptyState
            icon={CalendarClock}
            title="No more showtimes today"
            headingLevel="h3"
            action={
              <Link href="/showtimes" className="text-primary font-medium underline-offset-4 hover:underline">
                See the coming days
              </Link>
            }
          >
            Today&apos;s screenings have all started.
          </EmptyState>
        )}
      </section>

      <section aria-labelledby="coming-soon" className="flex flex-col gap-5">
        <SectionHeading id="coming-soon" title="Coming soon" />
        {comingSoon.length ? (
          <PosterGrid>
            {comingSoon.map((film) => (
              <li key={film.id}>
                <PosterCard
                  film={film}
                  footer={
                    <p className="text-sm font-medium">
                      Opens <time dateTime={film.releaseDate}>{releaseDateLabel(film.releaseDate)}</time>
                    </p>
                  }
                />
              </li>
            ))}
          </PosterGrid>
        ) : (
          <EmptyState icon={Popcorn} title="No new releases announced yet" headingLevel="h3" />
        )}
      </section>
    </div>
  );
}

function SectionHeading({ id, title, href, linkLabel }: { id: string; title: string; href?: string; linkLabel?: string }) {
  return (
    <div className="flex items-baseline justify-between gap-4">
      <h2 id={id} className="text-xl font-semibold tracking-tight sm:text-2xl">
        {title}
      </h2>
      {href && linkLabel ? (
        <Link href={href} className="text-primary text-sm font-medium underline-offset-4 hover:underline">
          {linkLabel}
        </Link>
      ) : null}
    </div>
  );
}
