import Image from "next/image";
import { Clapperboard } from "lucide-react";

/** "1:05" for 65 seconds. */
export function formatReelLength(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** A pre-show advert or trailer as it appears on the cinema screen: its image full-bleed, its title over it. */
export function PreShowSlide({
  advert,
}: {
  advert: { title: string; body: string | null; imageUrl: string | null; durationSeconds: number | null; filmTitle: string | null };
}) {
  return (
    <figure className="relative isolate aspect-video w-full overflow-hidden rounded-md bg-black text-white">
      {advert.imageUrl ? (
        <Image src={advert.imageUrl} alt="" fill sizes="(min-width: 768px) 40rem, 100vw" className="-z-10 object-cover opacity-80" unoptimized />
      ) : (
        <Clapperboard className="absolute inset-0 m-auto size-16 text-white/20" aria-hidden />
      )}
      <figcaption className="absolute inset-x-0 bottom-0 bg-gradient-to-t from-black/90 to-transparent p-4">
        <p className="text-xs tracking-wide text-white/70 uppercase">
          {advert.filmTitle ? `Trailer · ${advert.filmTitle}` : "Advert"}
          {advert.durationSeconds ? ` · ${formatReelLength(advert.durationSeconds)}` : null}
        </p>
        <p className="text-lg font-semibold">{advert.title}</p>
        {advert.body ? <p className="text-sm text-white/80">{advert.body}</p> : null}
      </figcaption>
    </figure>
  );
}
