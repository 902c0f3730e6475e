"use client";

import { useQuery } from "@tanstack/react-query";
import { Clapperboard, Film, Loader2 } from "lucide-react";
import { useState } from "react";
import { LoadError } from "@/components/layout/load-error";
import { formatReelLength } from "@/components/programme/pre-show-slide";
import { Badge } from "@/components/ui/badge";
import { Input } from "@/components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useTRPC } from "@/lib/trpc/client";
import type { AdvertList } from "@/server/programme/schemas";
import { instantToWallClock } from "@/server/programme/wall-clock";

/**
 * The pre-show reel before a screening at a cinema and time, as the scheduler will time it: the pre-show adverts and
 * trailers live then for that cinema, highest priority first, with their lengths and the total.
 */
export function PreShowReelPanel({ cinemas }: { cinemas: AdvertList["cinemas"] }) {
  const trpc = useTRPC();
  const [cinemaId, setCinemaId] = useState(cinemas[0]?.id ?? "");
  const zone = cinemas.find((cinema) => cinema.id === cinemaId)?.timeZone ?? "Europe/London";
  const [at, setAt] = useState(() => instantToWallClock(new Date(Math.ceil(Date.now() / 3600_000) * 3600_000), zone));
  const valid = cinemaId !== "" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(at);
  const query = useQuery({ ...trpc.admin.adverts.preShowReel.queryOptions({ cinemaId, at }), enabled: valid, staleTime: 0 });

  if (cinemas.length === 0) return <p className="text-muted-foreground text-sm">Add a cinema first: the reel is worked out per cinema.</p>;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm font-medium">
          <span id="reel-cinema">Cinema</span>
          <Select value={cinemaId} onValueChange={setCinemaId}>
            <SelectTrigger className="w-56" aria-labelledby="reel-cinema">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {cinemas.map((cinema) => (
                <SelectItem key={cinema.id} value={cinema.id}>
                  {cinema.name}
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        </label>
        <label className="grid gap-1 text-sm font-medium">
          <span>Screening starts</span>
          <Input type="datetime-local" step={60} value={at} onChange={(event) => setAt(event.target.value)} className="w-56" />
        </label>
        <p className="text-muted-foreground pb-2 text-xs">{zone} time</p>
        {query.isFetching ? <Loader2 className="text-muted-foreground mb-2 size-4 animate-spin" aria-label="Loading" /> : null}
      </div>

      {!valid ? (
        <p className="text-muted-foreground text-sm">Choose a cinema, a date and a time.</p>
      ) : query.isError ? (
        <LoadError title="We couldn't work out the reel" message={query.error.message} onRetry={() => query.refetch()} />
      ) : !query.data ? (
        <p className="text-muted-foreground text-sm" role="status">
          Loading…
        </p>
      ) : query.data.items.length === 0 ? (
        <div className="text-muted-foreground flex flex-col items-center gap-2 rounded-lg border border-dashed px-6 py-10 text-center">
          <Clapperboard className="size-8" aria-hidden />
          <p className="text-foreground font-medium">No pre-show adverts then</p>
          <p className="text-sm">The film starts at its advertised time.</p>
        </div>
      ) : (
        <Table aria-label="Pre-show reel">
          <TableHeader>
            <TableRow>
              <TableHead className="w-10">#</TableHead>
              <TableHead>Advert</TableHead>
              <TableHead className="w-24 text-right">Priority</TableHead>
              <TableHead className="w-24 text-right">Length</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {query.data.items.map((item, index) => (
              <TableRow key={item.id} data-reel-item={item.title}>
                <TableCell className="tabular-nums">{index + 1}</TableCell>
                <TableCell>
                  <div className="flex items-center gap-2">
                    <span className="font-medium">{item.title}</span>
                    {item.film ? (
                      <Badge variant="secondary">
                        <Film aria-hidden /> Trailer: {item.film.title}
                      </Badge>
                    ) : null}
                  </div>
                </TableCell>
                <TableCell className="text-right tabular-nums">{item.priority}</TableCell>
                <TableCell className="text-right tabular-nums">{formatReelLength(item.durationSeconds)}</TableCell>
              </TableRow>
            ))}
            <TableRow className="bg-muted/50">
              <TableCell colSpan={3} className="font-medium">
                Total: the film starts {query.data.totalMinutes} {query.data.totalMinutes === 1 ? "minute" : "minutes"} after the advertised time
              </TableCell>
              <TableCell className="text-right font-medium tabular-nums" data-cell="reel-total">
                {formatReelLength(query.data.totalSeconds)}
              </TableCell>
            </TableRow>
          </TableBody>
        </Table>
      )}
    </div>
  );
}
