import { Star } from "lucide-react";
import { cn } from "@/lib/utils";

/** Five stars filled to the rating; read out as one phrase rather than five icons. */
export function RatingStars({ rating, className, size = "md" }: { rating: number; className?: string; size?: "sm" | "md" }) {
  const iconSize = size === "sm" ? "size-3.5" : "size-5";
  return (
    <span role="img" aria-label={`Rated ${rating} out of 5`} className={cn("inline-flex items-center gap-0.5", className)}>
      {[0, 1, 2, 3, 4].map((index) => {
        const fill = Math.max(0, Math.min(1, rating - index));
        return (
          <span key={index} className={cn("relative inline-block", iconSize)}>
            <Star className={cn("text-muted-foreground/50 absolute inset-0", iconSize)} aria-hidden />
            <span className="absolute inset-0 overflow-hidden" style={{ width: `${fill * 100}%` }}>
              <Star className={cn("fill-amber-500 text-amber-500", iconSize)} aria-hidden />
            </span>
          </span>
        );
      })}
    </span>
  );
}
