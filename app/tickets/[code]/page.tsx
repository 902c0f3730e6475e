import { ArrowLeft, CircleAlert } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PrintButton } from "@/components/booking/print-button";
import { isBadRequestError, isNotFoundError } from "@/lib/trpc/errors";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import { serverApi } from "@/lib/trpc/server";
import { ticketQrSvg } from "@/server/booking/qr";

// The link may carry the guest's token: keep it out of Referer headers and search engines.
export const metadata: Metadata = { title: "Your ticket", robots: { index: false, follow: false }, referrer: "no-referrer" };

type Props = {
  params: Promise<{ code: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// Printed, only the ticket: no site header, footer or buttons, and no page margins wasted.
const printStyles = `
@media print {
  body > a, body > header, body > footer, [data-sonner-toaster] { display: none !important; }
  @page { margin: 12mm; }
}`;

async function loadTicket(code: string, token: string | undefined) {
  try {
    return await (await serverApi()).orders.ticket({ code, token });
  } catch (error) {
    if (isNotFoundError(error) || isBadRequestError(error)) return null;
    throw error;
  }
}

export default async function TicketPage({ params, searchParams }: Props) {
  const { code } = await params;
  const token = (await searchParams).token;
  const ticket = await loadTicket(code, typeof token === "string" ? token : undefined);
  if (!ticket) notFound();
  // Drawn on the server: an SVG stays sharp at any size and on paper.
  const qr = await ticketQrSvg(ticket.code);
  const { screening } = ticket;
  const zone = screening.cinema.timeZone;

  return (
    <div className="mx-auto flex max-w-md flex-col gap-4 px-4 py-6 sm:py-10 print:max-w-none print:p-0">
      <style>{printStyles}</style>
      <div className="flex flex-wrap items-center justify-between gap-2 print:hidden">
        <Link
          href={ticket.orderPath}
          className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1.5 text-sm font-medium underline-offset-4 hover:underline"
        >
          <ArrowLeft className="size-4" aria-hidden /> Booking {ticket.orderReference}
        </Link>
        <PrintButton />
      </div>

      {!ticket.valid ? (
        <Alert variant="destructive">
          <CircleAlert aria-hidden />
          <AlertTitle>This ticket is not valid</AlertTitle>
          <AlertDescription>It was refunded and won&apos;t be accepted at the door.</AlertDescription>
        </Alert>
      ) : null}

      <article
        aria-labelledby="ticket-film"
        className="bg-card flex flex-col gap-5 rounded-2xl border p-6 shadow-sm print:rounded-none print:border-2 print:border-black print:shadow-none"
      >
        <div className="flex items-baseline justify-between gap-4">
          <p className="text-muted-foreground text-xs font-bold tracking-[0.2em]">MARQUEE · TICKET</p>
          <p className="text-muted-foreground text-xs">{screening.formatLabel}</p>
        </div>
        <h1 id="ticket-film" className="text-2xl font-bold tracking-tight">
          {screening.film.title}
        </h1>
        <div
          role="img"
          aria-label={`QR code for ticket ${ticket.code}`}
          className={`mx-auto w-full max-w-64 bg-white p-2 [&>svg]:block [&>svg]:h-auto [&>svg]:w-full ${ticket.valid ? "" : "opacity-30"}`}
          dangerouslySetInnerHTML={{ __html: qr }}
        />
        <p className="text-center font-mono text-sm tracking-[0.15em]" data-testid="ticket-code">
          {ticket.code}
        </p>
        <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm">
          <Detail term="Date">{formatLongDate(screening.startsAt, zone)}</Detail>
          <Detail term="Time">
            <time dateTime={screening.startsAt.toISOString()}>{formatTime(screening.startsAt, zone)}</time>
            {screening.featureStartsAt > screening.startsAt ? (
              <span className="text-muted-foreground block text-xs font-normal">
                Film starts <time dateTime={screening.featureStartsAt.toISOString()}>{formatTime(screening.featureStartsAt, zone)}</time>
              </span>
            ) : null}
          </Detail>
          <Detail term="Cinema">{screening.cinema.name}</Detail>
          <Detail term="Screen">{screening.hallName}</Detail>
          <Detail term="Seat" strong>
            {ticket.seatLabel}
            {ticket.seatKind !== "STANDARD" ? <span className="text-muted-foreground block text-xs font-normal">{ticket.seatKindLabel}</span> : null}
          </Detail>
          <Detail term="Ticket">
            {ticket.ticketTypeLabel} · {formatMoney(ticket.priceAmount, ticket.currency)}
          </Detail>
          <Detail term="Booking">{ticket.orderReference}</Detail>
          {ticket.customerName ? <Detail term="Name">{ticket.customerName}</Detail> : null}
        </dl>
        {ticket.collect.length ? (
          <p className="border-t pt-4 text-sm" data-testid="ticket-collect">
            <span className="font-medium">Collect at the counter:</span> {ticket.collect.map((item) => `${item.quantity} × ${item.name}`).join(", ")}
          </p>
        ) : null}
        <p className="text-muted-foreground border-t pt-4 text-xs">
          {screening.cinema.address}, {screening.cinema.city} {screening.cinema.postcode}. Adverts and trailers run before the
          film. One person per ticket; the code is checked once at the door.
        </p>
      </article>

      <Button asChild variant="outline" className="print:hidden">
        <Link href={ticket.orderPath}>View the whole booking</Link>
      </Button>
    </div>
  );
}

function Detail({ term, strong, children }: { term: string; strong?: boolean; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-muted-foreground text-xs">{term}</dt>
      <dd className={strong ? "text-lg font-bold" : "font-medium"}>{children}</dd>
    </div>
  );
}
