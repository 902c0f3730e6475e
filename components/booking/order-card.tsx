import { Ticket } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardFooter, CardHeader } from "@/components/ui/card";
import { formatDay, formatTime } from "@/server/format";
import type { RouterOutputs } from "@/lib/trpc/types";

type Order = RouterOutputs["orders"]["mine"]["upcoming"][number];

const statusBadges: Partial<Record<Order["phase"], { label: string; variant: "default" | "secondary" | "outline" | "destructive" }>> = {
  confirmed: { label: "Confirmed", variant: "default" },
  confirming: { label: "Confirming", variant: "secondary" },
  refund_requested: { label: "Refund requested", variant: "secondary" },
  unfulfilled_refund: { label: "Being refunded", variant: "secondary" },
  refunded: { label: "Refunded", variant: "outline" },
};

/** One booking in "My tickets": when and where, its seats, and links to each ticket and to the booking. */
export function OrderCard({ order }: { order: Order }) {
  const { screening } = order;
  const zone = screening.cinema.timeZone;
  const badge = statusBadges[order.phase] ?? { label: order.status.toLowerCase(), variant: "outline" as const };
  const live = order.phase === "confirmed" || order.phase === "refund_requested";
  return (
    <Card>
      <CardHeader className="flex flex-row flex-wrap items-start justify-between gap-2">
        <div className="flex flex-col gap-1">
          <h3 className="text-lg font-semibold">{screening.film.title}</h3>
          <p className="text-sm">
            <time dateTime={screening.startsAt.toISOString()}>
              {formatDay(screening.startsAt, zone)}, {formatTime(screening.startsAt, zone)}
            </time>{" "}
            · {screening.cinema.name}, {screening.hallName}
          </p>
        </div>
        <Badge variant={badge.variant}>{badge.label}</Badge>
      </CardHeader>
      <CardContent>
        {live ? (
          <ul className="flex flex-wrap gap-2" aria-label={`Tickets for ${screening.film.title}`}>
            {order.tickets.map((ticket) =>
              ticket.path ? (
                <li key={ticket.id}>
                  <Button asChild variant="outline" size="sm">
                    <Link href={ticket.path}>
                      <Ticket aria-hidden /> Seat {ticket.seatLabel} · {ticket.ticketTypeLabel}
                    </Link>
                  </Button>
                </li>
              ) : null,
            )}
          </ul>
        ) : (
          <p className="text-muted-foreground text-sm">
            {order.tickets.length ? `Seats ${order.tickets.map((t) => t.seatLabel).join(", ")}` : "No valid tickets in this booking."}
          </p>
        )}
      </CardContent>
      <CardFooter className="text-muted-foreground flex flex-wrap justify-between gap-2 text-sm">
        <span>Booking {order.reference}</span>
        <Link href={`/orders/${order.reference}`} className="text-primary font-medium underline-offset-4 hover:underline">
          View booking
        </Link>
      </CardFooter>
    </Card>
  );
}
