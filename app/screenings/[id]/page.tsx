import { Accessibility, ArrowLeft, CalendarClock, MapPin, Ticket } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { LiveSeatMap } from "@/components/seat-map/live-seat-map";
import { notFound } from "next/navigation";
import { cache } from "react";
import { FilmMeta } from "@/components/programme/film-meta";
import { SiteAnnouncements } from "@/components/programme/site-announcements";
import { PosterImage } from "@/components/programme/poster-image";
import { isBadRequestError, isNotFoundError } from "@/lib/trpc/errors";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { formatDay, formatLongDate, formatMoney, formatRuntime, formatTime } from "@/server/format";
import { serverApi } from "@/lib/trpc/server";

type Props = { params: Promise<{ id: string }> };

const loadScreening = cache(async (id: string) => {
  const api = await serverApi();
  try {
    return await api.screenings.byId({ id });
  } catch (error) {
    if (isNotFoundError(error) || isBadRequestError(error)) return null;
    throw error;
  }
});

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const screening = await loadScreening((await params).id);
  if (!screening) return { title: "Screening not found" };
  const zone = screening.cinema.timeZone;
  return {
    title: `${screening.film.title}, ${formatDay(screening.startsAt, zone)} ${formatTime(screening.startsAt, zone)} at ${screening.cinema.name}`,
    description: `${screening.film.title} in ${screening.hall.name} at ${screening.cinema.name}: times, prices and seats available.`,
  };
}

export default async function ScreeningPage({ params }: Props) {
  const screening = await loadScreening((await params).id);
  if (!screening) notFound();
  const { film, cinema, hall, prices, seats } = screening;
  const zone = cinema.timeZone;
  const money = (amount: number) => formatMoney(amount, prices.currency);
  const soldOut = seats.total > 0 && seats.available === 0;
  const accessible = seats.byKind.find((row) => row.seatKind === "WHEELCHAIR");

  return (
    <div className="mx-auto flex max-w-5xl flex-col gap-8 px-4 py-6 sm:px-6 sm:py-8">
      <nav aria-label="Breadcrumb">
        <Link
          href={`/films/${film.slug}#showtimes`}
          className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1.5 text-sm font-medium underline-offset-4 hover:underline"
        >
          <ArrowLeft className="size-4" aria-hidden />
          All showtimes for {film.title}
        </Link>
      </nav>

      <SiteAnnouncements cinemaSlug={cinema.slug} />

      <header className="grid grid-cols-[5.5rem_1fr] gap-4 sm:grid-cols-[8rem_1fr] sm:gap-6">
        <PosterImage src={film.posterUrl} title={film.title} sizes="(min-width: 640px) 128px, 88px" priority />
        <div className="flex min-w-0 flex-col gap-3">
          <h1 className="text-2xl font-bold tracking-tight text-balance sm:text-4xl">{film.title}</h1>
          <FilmMeta certificate={film.certificate} runtimeMinutes={film.runtimeMinutes} genres={film.genres} />
          <p className="flex items-start gap-2 text-base font-medium sm:text-lg">
            <CalendarClock className="text-primary mt-1 size-5 shrink-0" aria-hidden />
            <span>
              <time dateTime={screening.startsAt.toISOString()}>
                {formatLongDate(screening.startsAt, zone)}, {formatTime(screening.startsAt, zone)}
              </time>
            </span>
          </p>
          <p className="flex flex-wrap gap-1.5">
            <Badge>{screening.formatLabel}</Badge>
            <Badge variant="secondary">{screening.audioLabel} audio</Badge>
            {screening.subtitleLabel ? <Badge variant="outline">{screening.subtitleLabel}</Badge> : null}
          </p>
        </div>
      </header>

      {!screening.onSale && screening.salesOpenAt && screening.salesOpenAt > new Date() ? (
        <Alert>
          <AlertTitle>Tickets aren&apos;t on sale yet</AlertTitle>
          <AlertDescription>
            Tickets go on sale on {formatLongDate(screening.salesOpenAt, zone)} at{" "}
            <time dateTime={screening.salesOpenAt.toISOString()}>{formatTime(screening.salesOpenAt, zone)}</time>.
          </AlertDescription>
        </Alert>
      ) : !screening.onSale ? (
        <Alert>
          <AlertTitle>Tickets are no longer on sale</AlertTitle>
          <AlertDescription>
            This screening started at {formatTime(screening.startsAt, zone)}.{" "}
            <Link href={`/films/${film.slug}#showtimes`} className="text-primary font-medium underline underline-offset-4">
              See later showtimes
            </Link>
          </AlertDescription>
        </Alert>
      ) : null}

      {screening.onSale && !soldOut ? (
        <section aria-labelledby="choose-seats" className="flex flex-col gap-4">
          <h2 id="choose-seats" className="text-xl font-semibold">
            Choose your seats
          </h2>
          <LiveSeatMap screeningId={screening.id} screeningTitle={film.title} />
        </section>
      ) : null}

      <div className="grid gap-8 md:grid-cols-2">
        <section aria-labelledby="screening-details" className="flex flex-col gap-4">
          <h2 id="screening-details" className="text-xl font-semibold">
            Screening details
          </h2>
          <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-3 text-sm">
            <Detail term="Cinema">
              <span className="font-medium">{cinema.name}</span>
              <span className="text-muted-foreground flex items-start gap-1">
                <MapPin className="mt-0.5 size-3.5 shrink-0" aria-hidden />
                {cinema.address}, {cinema.city} {cinema.postcode}
              </span>
            </Detail>
            <Detail term="Screen">{hall.name}</Detail>
            <Detail term="Date">{formatLongDate(screening.startsAt, zone)}</Detail>
            <Detail term="Time">
              <span>
                Starts <time dateTime={screening.startsAt.toISOString()}>{formatTime(screening.startsAt, zone)}</time>,
                finishes by <time dateTime={screening.featureEndsAt.toISOString()}>{formatTime(screening.featureEndsAt, zone)}</time>
              </span>
              {screening.featureStartsAt > screening.startsAt ? (
                <span className="font-medium">
                  Film starts at <time dateTime={screening.featureStartsAt.toISOString()}>{formatTime(screening.featureStartsAt, zone)}</time>
                </span>
              ) : null}
              <span className="text-muted-foreground">Adverts and trailers run before the film.</span>
            </Detail>
            <Detail term="Running time">{formatRuntime(film.runtimeMinutes)}</Detail>
            <Detail term="Format">{screening.formatLabel}</Detail>
            <Detail term="Audio">{screening.audioLabel}</Detail>
            <Detail term="Subtitles">{screening.subtitleLabel ?? "None"}</Detail>
          </dl>
        </section>

        <div className="flex flex-col gap-8">
          <section aria-labelledby="prices" className="flex flex-col gap-3">
            <h2 id="prices" className="text-xl font-semibold">
              Prices
            </h2>
            {prices.tickets.length ? (
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead scope="col">Ticket</TableHead>
                    <TableHead scope="col" className="text-right">
                      Price
                    </TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {prices.tickets.map((ticket) => (
                    <TableRow key={ticket.ticketType}>
                      <TableCell className="font-medium">
                        {ticket.label}
                        {ticket.note ? <span className="text-muted-foreground block text-xs font-normal">{ticket.note}</span> : null}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{money(ticket.amount)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : (
              <p className="text-muted-foreground text-sm">Prices for this screening haven&apos;t been published yet.</p>
            )}
            {prices.formatSurcharge > 0 ? (
              <p className="text-muted-foreground text-sm">
                Prices include the {screening.formatLabel} supplement of {money(prices.formatSurcharge)} per ticket.
              </p>
            ) : null}
            {prices.bookingFee ? (
              <p className="text-muted-foreground text-sm">
                A booking fee of {money(prices.bookingFee.amount)} {prices.bookingFee.mode === "PER_TICKET" ? "per ticket" : "per booking"} is added at checkout.
              </p>
            ) : null}
            {prices.seatKindSurcharges.length ? (
              <ul className="text-muted-foreground flex flex-col gap-1 text-sm">
                {prices.seatKindSurcharges.map((surcharge) => (
                  <li key={surcharge.seatKind}>
                    {surcharge.label}s: {money(surcharge.amount)} extra per ticket
                  </li>
                ))}
              </ul>
            ) : null}
          </section>

          <section aria-labelledby="availability" className="flex flex-col gap-3">
            <h2 id="availability" className="text-xl font-semibold">
              Seats
            </h2>
            <p className="flex items-center gap-2 text-base">
              <Ticket className="text-primary size-5" aria-hidden />
              {soldOut ? (
                <strong>Sold out</strong>
              ) : (
                <span>
                  <strong className="tabular-nums">{seats.available}</strong> of{" "}
                  <span className="tabular-nums">{seats.total}</span> seats available
                </span>
              )}
            </p>
            {seats.byKind.length > 1 ? (
              <ul className="text-muted-foreground flex flex-col gap-1 text-sm">
                {seats.byKind.map((row) => (
                  <li key={row.seatKind} className="flex items-center gap-2">
                    {row.seatKind === "WHEELCHAIR" ? <Accessibility className="size-4" aria-hidden /> : null}
                    <span>
                      {row.label}s: <span className="tabular-nums">{row.available}</span> of{" "}
                      <span className="tabular-nums">{row.total}</span> free
                    </span>
                  </li>
                ))}
              </ul>
            ) : null}
            {accessible && accessible.available === 0 && !soldOut ? (
              <p className="text-sm">All wheelchair spaces are taken for this screening.</p>
            ) : null}
          </section>
        </div>
      </div>
    </div>
  );
}

function Detail({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-muted-foreground">{term}</dt>
      <dd className="flex min-w-0 flex-col gap-0.5">{children}</dd>
    </>
  );
}
