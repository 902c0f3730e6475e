import { CalendarX } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatLabels } from "@/server/catalogue/labels";
import { dayKey, formatLongDate, formatTime } from "@/server/format";
import type { RouterOutputs } from "@/lib/trpc/types";

type Overview = RouterOutputs["boxOffice"]["dayOverview"];
type Cinema = RouterOutputs["boxOffice"]["cinemas"][number];

export function DayOverview({ cinemas, overview }: { cinemas: Cinema[]; overview: Overview }) {
  const { cinema, date, screenings } = overview;
  if (!cinema || !date) {
    return <p className="text-muted-foreground">No cinemas are set up yet.</p>;
  }
  return (
    <section aria-labelledby="day-heading" className="space-y-4">
      <form method="get" className="flex flex-wrap items-end gap-3">
        <div className="grid gap-1.5">
          <label htmlFor="cinema" className="text-sm font-medium">
            Cinema
          </label>
          <select
            id="cinema"
            name="cinema"
            defaultValue={cinema.slug}
            className="border-input focus-visible:ring-ring/50 h-9 rounded-md border bg-transparent px-3 text-sm outline-none focus-visible:ring-[3px]"
          >
            {cinemas.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="grid gap-1.5">
          <label htmlFor="date" className="text-sm font-medium">
            Date
          </label>
          <Input id="date" name="date" type="date" defaultValue={dayKey(date, cinema.timeZone)} className="w-auto" />
        </div>
        <Button type="submit" variant="outline">
          Show
        </Button>
      </form>
      <h2 id="day-heading" className="text-lg font-medium">
        {cinema.name} · {formatLongDate(date, cinema.timeZone)}
      </h2>
      {screenings.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed py-12">
          <CalendarX className="size-8" aria-hidden />
          <p>No screenings on this day.</p>
        </div>
      ) : (
        <Table>
          <TableCaption>Seats sold and on hold right now, out of the seats on sale.</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>Time</TableHead>
              <TableHead>Film</TableHead>
              <TableHead>Screen</TableHead>
              <TableHead>Format</TableHead>
              <TableHead>Sold</TableHead>
              <TableHead>On hold</TableHead>
              <TableHead>Occupancy</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {screenings.map((s) => {
              const occupancy = s.capacity ? Math.round(((s.sold + s.held) / s.capacity) * 100) : 0;
              return (
                <TableRow key={s.id}>
                  <TableCell className="font-medium tabular-nums">
                    {formatTime(s.startsAt, cinema.timeZone)}–{formatTime(s.endsAt, cinema.timeZone)}
                  </TableCell>
                  <TableCell>
                    {s.film.title}
                    {s.status === "CANCELLED" ? (
                      <Badge variant="destructive" className="ml-2">
                        Cancelled
                      </Badge>
                    ) : null}
                  </TableCell>
                  <TableCell>{s.hall.name}</TableCell>
                  <TableCell>{formatLabels[s.format]}</TableCell>
                  <TableCell className="tabular-nums">{s.sold}</TableCell>
                  <TableCell className="tabular-nums">{s.held}</TableCell>
                  <TableCell>
                    <div className="flex items-center gap-2">
                      <div
                        className="bg-muted h-2 w-24 overflow-hidden rounded-full"
                        role="meter"
                        aria-valuemin={0}
                        aria-valuemax={s.capacity}
                        aria-valuenow={s.sold + s.held}
                        aria-label={`${s.sold + s.held} of ${s.capacity} seats taken`}
                      >
                        <div className="bg-primary h-full" style={{ width: `${occupancy}%` }} />
                      </div>
                      <span className="text-muted-foreground text-xs tabular-nums">
                        {s.sold + s.held}/{s.capacity}
                      </span>
                    </div>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
