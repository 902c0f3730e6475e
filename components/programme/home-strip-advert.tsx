import Link from "next/link";
import type { Advert } from "@/server/catalogue/schemas";
import { PosterImage } from "./poster-image";

/** One HOME_STRIP advert as the home page's offers strip shows it (the admin's preview uses it too). */
export function HomeStripAdvert({ advert }: { advert: Pick<Advert, "title" | "body" | "imageUrl" | "linkUrl"> }) {
  const body = (
    <>
      {advert.imageUrl ? (
        <div className="w-16 shrink-0">
          <PosterImage src={advert.imageUrl} title={advert.title} sizes="64px" decorative />
        </div>
      ) : null}
      <div className="flex flex-col gap-1">
        <h2 className="font-semibold">{advert.title}</h2>
        {advert.body ? <p className="text-muted-foreground text-sm">{advert.body}</p> : null}
      </div>
    </>
  );
  const className = "bg-card flex items-center gap-4 rounded-xl border p-4";
  const linked = `${className} hover:bg-accent focus-visible:ring-ring/50 outline-none focus-visible:ring-[3px]`;
  if (advert.linkUrl?.startsWith("/")) {
    return (
      <Link href={advert.linkUrl} className={linked}>
        {body}
      </Link>
    );
  }
  if (advert.linkUrl?.startsWith("https://")) {
    return (
      <a href={advert.linkUrl} target="_blank" rel="noopener noreferrer" className={linked}>
        {body}
        <span className="sr-only"> (opens in a new tab)</span>
      </a>
    );
  }
  return <div className={className}>{body}</div>;
}
