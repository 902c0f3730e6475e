import { preload } from "react-dom";
import { mediaSources } from "@/server/media/sources";

// Uploaded images are the media module's renditions (server/media): already resized, as WebP and JPEG, at immutable
// /media URLs. So instead of next/image's optimiser they are offered as they are, through a <picture>: WebP first,
// with every rendition's width in `srcset` and the size the layout shows them at in `sizes`, so a phone fetches the
// small rendition and a browser without WebP the JPEG. A URL the module didn't make (an old or external image) is
// shown as it is.
export function MediaImage({
  src,
  alt,
  sizes,
  width,
  height,
  priority = false,
  className,
}: {
  src: string;
  alt: string;
  /** The CSS width the layout gives the image at each breakpoint (the `sizes` attribute). */
  sizes: string;
  /** The intrinsic shape, so the browser reserves the space before the file arrives (no layout shift). */
  width: number;
  height: number;
  /**
   * The page's largest image above the fold (its LCP element): preloaded from the document's head at high priority
   * and never lazy. Everything else loads lazily.
   */
  priority?: boolean;
  className?: string;
}) {
  const sources = mediaSources(src);
  if (priority) {
    preload(src, {
      as: "image",
      fetchPriority: "high",
      ...(sources ? { imageSrcSet: sources.webp, imageSizes: sizes, type: "image/webp" } : {}),
    });
  }
  return (
    // `contents`: the <picture> adds no box, so the <img> sits in the layout exactly as it would on its own.
    <picture className="contents">
      {sources ? <source type="image/webp" srcSet={sources.webp} sizes={sizes} /> : null}
      <img
        src={src}
        srcSet={sources?.jpeg}
        sizes={sources ? sizes : undefined}
        alt={alt}
        width={width}
        height={height}
        loading={priority ? "eager" : "lazy"}
        fetchPriority={priority ? "high" : undefined}
        decoding="async"
        className={className}
      />
    </picture>
  );
}
