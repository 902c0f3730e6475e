import { formatRuntime } from "@/server/format";
import { cn } from "@/lib/utils";
import { CertificateBadge } from "./certificate-badge";

/** Certificate, running time and genres on one line, e.g. (12A) 1 h 58 min · Drama, Thriller. */
export function FilmMeta({
  certificate,
  runtimeMinutes,
  genres,
  className,
  stacked = false,
}: {
  certificate: string;
  runtimeMinutes: number;
  genres: string[];
  className?: string;
  /** Genres on their own line, for narrow cards where a wrapped separator would dangle. */
  stacked?: boolean;
}) {
  if (stacked) {
    return (
      <div className={cn("text-muted-foreground flex flex-col gap-1 text-sm", className)}>
        <p className="flex items-center gap-2">
          <CertificateBadge certificate={certificate} />
          <span>{formatRuntime(runtimeMinutes)}</span>
        </p>
        {genres.length ? <p>{genres.join(", ")}</p> : null}
      </div>
    );
  }
  return (
    <p className={cn("text-muted-foreground flex flex-wrap items-center gap-x-2 gap-y-1 text-sm", className)}>
      <CertificateBadge certificate={certificate} />
      <span>{formatRuntime(runtimeMinutes)}</span>
      {genres.length ? (
        <>
          <span aria-hidden>·</span>
          <span>{genres.join(", ")}</span>
        </>
      ) : null}
    </p>
  );
}
