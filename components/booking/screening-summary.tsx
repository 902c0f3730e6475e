import { CalendarClock, MapPin } from "lucide-react";
import { certificateLabels } from "@/server/catalogue/labels";
import { formatLongDate, formatTime } from "@/server/format";

export interface ScreeningSummaryProps {
  startsAt: Date;
  formatLabel: string;
  film: { title: string; certificate: string; runtimeMinutes: number };
  hallName: string;
  cinema: { name: string; address: string; city: string; postcode: string; timeZone: string };
}

/** Film, date and time in the cinema's zone, and where: the same block on checkout, order and ticket pages. */
export function ScreeningSummary({ screening, headingLevel = 2 }: { screening: ScreeningSummaryProps; headingLevel?: 2 | 3 }) {
  const zone = screening.cinema.timeZone;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <div className="flex flex-col gap-2">
      <Heading className="text-lg font-semibold">
        {screening.film.title}{" "}
        <span className="text-muted-foreground text-sm font-normal">
          ({certificateLabels[screening.film.certificate as keyof typeof certificateLabels] ?? screening.film.certificate}, {screening.formatLabel})
        </span>
      </Heading>
      <p className="flex items-start gap-2 text-sm">
        <CalendarClock className="text-primary mt-0.5 size-4 shrink-0" aria-hidden />
        <time dateTime={screening.startsAt.toISOString()}>
          {formatLongDate(screening.startsAt, zone)}, {formatTime(screening.startsAt, zone)}
        </time>
      </p>
      <p className="flex items-start gap-2 text-sm">
        <MapPin className="text-primary mt-0.5 size-4 shrink-0" aria-hidden />
        <span>
          {screening.cinema.name}, {screening.hallName}
          <span className="text-muted-foreground block">
            {screening.cinema.address}, {screening.cinema.city} {screening.cinema.postcode}
          </span>
        </span>
      </p>
    </div>
  );
}
