import Link from "next/link";
import { formatTime } from "@/server/format";
import { cn } from "@/lib/utils";
import type { Showtime } from "@/server/catalogue/schemas";

/**
 * Each showtime is a link to its screening page. Times are shown on the cinema's wall clock. 2D is the default
 * and gets no badge, so the badges that do appear (3D, IMAX, subtitles) stand out.
 */
export function ShowtimeButtons({ showtimes, className }: { showtimes: Showtime[]; className?: string }) {
  return (
    <ul className={cn("flex flex-wrap gap-2", className)}>
      {showtimes.map((showtime) => (
        <li key={showtime.id}>
          <ShowtimeButton showtime={showtime} />
        </li>
      ))}
    </ul>
  );
}

export function ShowtimeButton({ showtime }: { showtime: Showtime }) {
  const time = formatTime(showtime.startsAt, showtime.cinema.timeZone);
  const special = showtime.format !== "TWO_D";
  return (
    <Link
      href={`/screenings/${showtime.id}`}
      data-testid="showtime"
      className={cn(
        "border-input bg-background hover:bg-accent hover:text-accent-foreground inline-flex min-h-11 min-w-[4.5rem] flex-col items-center justify-center gap-0.5 rounded-md border px-3 py-1.5 text-sm shadow-xs transition-colors outline-none",
        "focus-visible:border-ring focus-visible:ring-ring/50 focus-visible:ring-[3px]",
      )}
    >
      <time dateTime={showtime.startsAt.toISOString()} className="font-semibold tabular-nums">
        {time}
      </time>
      {special || showtime.subtitleLabel ? (
        <span className="flex gap-1">
          {special ? (
            <span className="bg-primary text-primary-foreground rounded px-1 text-[0.65rem] leading-4 font-semibold">
              {showtime.formatLabel}
            </span>
          ) : null}
          {showtime.subtitleLabel ? (
            <span className="border-foreground/30 rounded border px-1 text-[0.65rem] leading-4 font-semibold">
              <span aria-hidden>SUB</span>
              <span className="sr-only">, {showtime.subtitleLabel}</span>
            </span>
          ) : null}
        </span>
      ) : null}
      <span className="sr-only">
        {special ? "" : `, ${showtime.formatLabel}`}, {showtime.hallName}
      </span>
    </Link>
  );
}

/** Showtimes split by cinema, for lists that span several cinemas. With one cinema the heading is left out. */
export function ShowtimesByCinema({
  showtimes,
  headingLevel = "h4",
  alwaysNameCinema = false,
}: {
  showtimes: Showtime[];
  headingLevel?: "h3" | "h4" | "h5";
  alwaysNameCinema?: boolean;
}) {
  const groups = new Map<string, { name: string; showtimes: Showtime[] }>();
  for (const showtime of showtimes) {
    const group = groups.get(showtime.cinema.slug) ?? { name: showtime.cinema.name, showtimes: [] };
    group.showtimes.push(showtime);
    groups.set(showtime.cinema.slug, group);
  }
  const Heading = headingLevel;
  if (groups.size === 1 && !alwaysNameCinema) return <ShowtimeButtons showtimes={showtimes} />;
  return (
    <div className="flex flex-col gap-3 sm:flex-row sm:flex-wrap sm:gap-x-10">
      {[...groups.entries()]
        .sort(([, a], [, b]) => a.name.localeCompare(b.name, "en-GB"))
        .map(([slug, group]) => (
          <div key={slug} className="flex flex-col gap-1.5">
            <Heading className="text-muted-foreground text-sm font-medium">{group.name}</Heading>
            <ShowtimeButtons showtimes={group.showtimes} />
          </div>
        ))}
    </div>
  );
}
