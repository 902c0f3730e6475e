import { ArrowRight } from "lucide-react";
import Link from "next/link";
import type { Advert, FilmCard } from "@/server/catalogue/schemas";
import { CertificateBadge } from "./certificate-badge";
import { MediaImage } from "./media-image";

type HeroContent = {
  title: string;
  body: string | null;
  imageUrl: string | null;
  href: string | null;
  cta: string;
  certificate?: string;
};

function fromAdvert(advert: Advert): HeroContent {
  return { title: advert.title, body: advert.body, imageUrl: advert.imageUrl, href: advert.linkUrl, cta: "Find out more" };
}

function fromFilm(film: FilmCard): HeroContent {
  return {
    title: film.title,
    body: film.tagline,
    imageUrl: film.backdropUrl ?? film.posterUrl,
    href: `/films/${film.slug}`,
    cta: "Showtimes and tickets",
    certificate: film.certificate,
  };
}

/** The home page's lead: the live HOME_HERO advert, or else a featured film. */
export function HomeHero({ advert, film }: { advert?: Advert; film?: FilmCard }) {
  const content = advert ? fromAdvert(advert) : film ? fromFilm(film) : null;
  if (!content) return null;
  const external = content.href ? /^https?:\/\//.test(content.href) : false;
  return (
    <section aria-labelledby="hero-title" className="bg-foreground relative isolate overflow-hidden rounded-2xl text-white">
      {content.imageUrl ? (
        // Decorative: the title and text beside it say what the picture shows. It is the page's LCP element. Under the
        // dark wash a phone's screen gets by with the 640 px rendition (360 CSS px at up to 1.8 device pixels each).
        <MediaImage
          src={content.imageUrl}
          alt=""
          sizes="(min-width: 640px) min(100vw, 1280px), 360px"
          width={1280}
          height={720}
          priority
          className="absolute inset-0 -z-10 size-full object-cover"
        />
      ) : null}
      {/* A dark wash keeps white text above 4.5:1 whatever colours the artwork has. */}
      <div className="absolute inset-0 -z-10 bg-gradient-to-t from-black/95 via-black/75 to-black/30 sm:bg-gradient-to-r sm:from-black/95 sm:via-black/75 sm:to-black/10" />
      <div className="flex min-h-[18rem] max-w-2xl flex-col justify-end gap-3 p-6 sm:min-h-[22rem] sm:p-10">
        {advert ? <p className="text-xs font-semibold tracking-widest text-white/85 uppercase">Featured</p> : null}
        <h2 id="hero-title" className="flex items-center gap-3 text-2xl font-bold tracking-tight text-balance sm:text-4xl">
          {content.title}
          {content.certificate ? <CertificateBadge certificate={content.certificate} /> : null}
        </h2>
        {content.body ? <p className="text-base text-pretty text-white/90 sm:text-lg">{content.body}</p> : null}
        {content.href ? (
          <p className="mt-2">
            {external ? (
              <a
                href={content.href}
                target="_blank"
                rel="noopener noreferrer"
                className="inline-flex h-10 items-center gap-2 rounded-md bg-white px-5 text-sm font-semibold text-black outline-none hover:bg-white/90 focus-visible:ring-[3px] focus-visible:ring-white/70"
              >
                {content.cta}
                <span className="sr-only"> (opens in a new tab)</span>
                <ArrowRight className="size-4" aria-hidden />
              </a>
            ) : (
              <Link
                href={content.href}
                className="inline-flex h-10 items-center gap-2 rounded-md bg-white px-5 text-sm font-semibold text-black outline-none hover:bg-white/90 focus-visible:ring-[3px] focus-visible:ring-white/70"
              >
                {content.cta}
                <span className="sr-only">: {content.title}</span>
                <ArrowRight className="size-4" aria-hidden />
              </Link>
            )}
          </p>
        ) : null}
      </div>
    </section>
  );
}
