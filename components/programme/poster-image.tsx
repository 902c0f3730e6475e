import Image from "next/image";
import { cn } from "@/lib/utils";

// Posters are the media module's renditions (server/media): already resized to the sizes the site shows, as
// immutable /media URLs, so they are served as they are (`unoptimized`) while keeping next/image's sizing and lazy
// loading.
export function PosterImage({
  src,
  title,
  decorative = false,
  eager = false,
  className,
}: {
  src: string;
  title: string;
  /** In a link or card that already shows the title, the image adds nothing for screen readers. */
  decorative?: boolean;
  /** Above the fold: load straight away instead of lazily. */
  eager?: boolean;
  className?: string;
}) {
  return (
    <Image
      src={src}
      alt={decorative ? "" : `Poster for ${title}`}
      width={400}
      height={600}
      unoptimized
      loading={eager ? "eager" : "lazy"}
      className={cn("bg-muted aspect-[2/3] h-auto w-full rounded-md object-cover", className)}
    />
  );
}
