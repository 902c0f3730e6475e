import { mediaSources } from "@/server/media/sources";
import { cn } from "@/lib/utils";

/**
 * A small poster for admin lists: the smallest rendition in WebP with the JPEG fallback (a <picture>, which
 * next/image can't draw), falling back to the row's URL for images the media module didn't make.
 */
export function FilmPosterThumb({ src, className }: { src: string; className?: string }) {
  const sources = mediaSources(src);
  return (
    <picture>
      {sources ? <source type="image/webp" srcSet={sources.webp} sizes="40px" /> : null}
      <img
        src={src}
        srcSet={sources?.jpeg}
        sizes="40px"
        alt=""
        width={40}
        height={60}
        loading="lazy"
        className={cn("bg-muted aspect-[2/3] w-10 rounded-sm object-cover", className)}
      />
    </picture>
  );
}
