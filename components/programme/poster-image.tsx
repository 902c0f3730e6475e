import { cn } from "@/lib/utils";
import { MediaImage } from "./media-image";

/** The CSS widths of a poster in the poster grids (components/programme/poster-card.tsx's PosterGrid). */
export const POSTER_GRID_SIZES = "(min-width: 1024px) 200px, (min-width: 768px) 25vw, (min-width: 640px) 33vw, 50vw";

export function PosterImage({
  src,
  title,
  sizes,
  decorative = false,
  priority = false,
  className,
}: {
  src: string;
  title: string;
  /** The width the layout shows the poster at (the `sizes` attribute): the browser picks the rendition from it. */
  sizes: string;
  /** In a link or card that already shows the title, the image adds nothing for screen readers. */
  decorative?: boolean;
  /** The page's largest image above the fold: preloaded and never lazy (MediaImage). */
  priority?: boolean;
  className?: string;
}) {
  return (
    <MediaImage
      src={src}
      alt={decorative ? "" : `Poster for ${title}`}
      sizes={sizes}
      width={400}
      height={600}
      priority={priority}
      className={cn("bg-muted aspect-[2/3] h-auto w-full rounded-md object-cover", className)}
    />
  );
}
