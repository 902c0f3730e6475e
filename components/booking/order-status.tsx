"use client";

import { useQuery } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, Clock, Loader2, Ticket, Undo2 } from "lucide-react";
import Link from "next/link";
import { useEffect, useState } from "react";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Skeleton } from "@/components/ui/skeleton";
import { formatLongDate, formatMoney, formatTime } from "@/server/format";
import { LoadError } from "@/components/layout/load-error";
import { useTRPC } from "@/lib/trpc/client";
import type { RouterOutputs } from "@/lib/trpc/types";
import { DeadlineNotice } from "./deadline";
import { PriceBreakdown } from "./price-breakdown";
import { ExchangeButton } from "./exchange-button";
import { RefundButton } from "./refund-button";
import { ScreeningSummary } from "./screening-summary";

type Order = RouterOutputs["orders"]["byReference"];
type Phase = Order["phase"];

/** Phases that change by themselves (a webhook, a workflow): the page keeps asking until they settle. */
const MOVING: readonly Phase[] = ["awaiting_payment", "confirming", "refund_requested", "unfulfilled_refund"];
const FAST_POLL_MS = 2_000;
const SLOW_POLL_MS = 10_000;
/** After this long, polling slows down: the webhook may be retrying, and the email will come anyway. */
const PATIENCE_MS = 60_000;

/** What a customer whose paid booking couldn't be delivered is told, by Order.statusReason. */
const whyUndelivered: Record<string, string> = {
  PAYMENT_AFTER_EXPIRY_SEATS_TAKEN:
    "Your payment reached us after your seats had been released, and they had been booked by someone else. We're sorry: the full amount goes back to your card.",
  SETTLEMENT_FAILED:
    "Something went wrong on our side while we were completing your booking, so we've cancelled it. We're sorry: the full amount goes back to your card.",
};

/**
 * The order page the payment provider sends the customer back to. Coming back proves nothing (the provider's
 * `outcome` in the URL is only a hint): the page shows what the server knows and keeps asking while the payment or a
 * refund is still on its way.
 */
export function OrderStatus({ reference, token, outcome }: { reference: string; token?: string; outcome?: string }) {
  const trpc = useTRPC();
  const [slow, setSlow] = useState(false);
  const query = useQuery({
    ...trpc.orders.byReference.queryOptions({ reference, token }),
    staleTime: 0,
    refetchInterval: (q) => (q.state.data && MOVING.includes(q.state.data.phase) ? (slow ? SLOW_POLL_MS : FAST_POLL_MS) : false),
  });
  const moving = !!query.data && MOVING.includes(query.data.phase);
  useEffect(() => {
    if (!moving) return;
    const timer = window.setTimeout(() => setSlow(true), PATIENCE_MS);
    return () => window.clearTimeout(timer);
  }, [moving]);

  if (query.isPending) return <OrderSkeleton />;
  if (query.isError) {
    if (query.error.data?.code === "NOT_FOUND") {
      return (
        <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
          <h1 className="text-2xl font-semibold">We couldn&apos;t find that booking</h1>
          <p className="text-muted-foreground">
            Use the link in your confirmation email, or sign in with the account you booked with.
          </p>
          <div className="flex flex-wrap justify-center gap-2">
            <Button asChild>
              <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/orders/${reference}`)}`}>Sign in</Link>
            </Button>
            <Button asChild variant="outline">
              <Link href="/showtimes">See showtimes</Link>
            </Button>
          </div>
        </div>
      );
    }
    return <LoadError title="We couldn't load your booking" message={query.error.message} onRetry={() => query.refetch()} />;
  }

  const order = query.data;
  const money = (amount: number) => formatMoney(amount, order.currency);

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <p className="text-muted-foreground text-sm">Booking {order.reference}</p>
        <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">{headline(order.phase)}</h1>
      </div>

      <PhaseNotice order={order} outcome={outcome} slow={slow} />

      {order.phase === "confirmed" || order.phase === "refund_requested" ? (
        <Card>
          <CardHeader>
            <CardTitle>Your tickets</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="divide-y" aria-label="Tickets">
              {order.tickets.map((ticket) => (
                <li key={ticket.id} className="flex flex-wrap items-center justify-between gap-3 py-3" data-testid="ticket">
                  <div>
                    <p className="font-medium">
                      Seat {ticket.seatLabel} <span className="text-muted-foreground font-normal">· {ticket.ticketTypeLabel}</span>
                    </p>
                    {ticket.seatKind !== "STANDARD" ? <p className="text-muted-foreground text-xs">{ticket.seatKindLabel}</p> : null}
                    {ticket.code ? <p className="text-muted-foreground font-mono text-xs tracking-wider">{ticket.code}</p> : null}
                  </div>
                  {ticket.path ? (
                    <Button asChild variant="outline" size="sm">
                      <Link href={ticket.path}>
                        <Ticket aria-hidden /> Show ticket
                      </Link>
                    </Button>
                  ) : null}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      ) : null}

      {order.items.length ? (
        <Card aria-labelledby="collect-heading">
          <CardHeader>
            <CardTitle id="collect-heading">Snacks and drinks</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-2">
            <ul className="divide-y">
              {order.items.map((item) => (
                <li key={item.productId} className="flex items-center justify-between gap-3 py-2 text-sm" data-testid="order-item">
                  <span>
                    {item.quantity} × {item.name}
                  </span>
                  <span className="text-muted-foreground text-xs">
                    {item.status === "REFUNDED" ? "Refunded" : item.collected ? "Collected" : item.status === "SOLD" ? "Collect at the counter" : "Reserved"}
                  </span>
                </li>
              ))}
            </ul>
            {order.items.some((item) => item.status === "SOLD" && !item.collected) ? (
              <p className="text-muted-foreground text-sm">Collect at the counter: give your booking reference {order.reference}.</p>
            ) : null}
          </CardContent>
        </Card>
      ) : null}

      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Screening</CardTitle>
          </CardHeader>
          <CardContent>
            <ScreeningSummary screening={order.screening} headingLevel={3} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Payment</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-4">
            <PriceBreakdown
              currency={order.currency}
              lines={order.tickets
                .map((t) => ({ key: t.id, label: `Seat ${t.seatLabel}, ${t.ticketTypeLabel}`, amount: t.priceAmount }))
                .concat(order.items.map((item) => ({ key: item.productId, label: `${item.quantity} × ${item.name}`, amount: item.amount })))}
              subtotal={order.subtotalAmount}
              discount={order.discountAmount}
              discountLabel={order.promoCode ? `Promo code ${order.promoCode.code}` : undefined}
              bookingFee={order.bookingFeeAmount}
              total={order.totalAmount}
              totalLabel={order.status === "PAID" || order.status === "REFUNDED" ? "Paid" : "Total"}
            />
            {order.email ? (
              <p className="text-muted-foreground text-sm">
                {order.phase === "confirmed" || order.phase === "refund_requested" ? "Tickets sent to" : "Emails about this booking go to"}{" "}
                {order.email}
              </p>
            ) : null}
            {order.refundable ? (
              <div className="flex flex-wrap gap-2">
                <RefundButton
                  orderId={order.id}
                  token={token}
                  amount={money(order.totalAmount)}
                  cutoff={`${formatLongDate(order.refundCutoffAt, order.screening.cinema.timeZone)}, ${formatTime(order.refundCutoffAt, order.screening.cinema.timeZone)}`}
                />
                <ExchangeButton
                  orderId={order.id}
                  token={token}
                  currency={order.currency}
                  timeZone={order.screening.cinema.timeZone}
                  cutoff={`${formatLongDate(order.refundCutoffAt, order.screening.cinema.timeZone)}, ${formatTime(order.refundCutoffAt, order.screening.cinema.timeZone)}`}
                />
              </div>
            ) : order.phase === "confirmed" ? (
              <p className="text-muted-foreground text-sm">
                Refunds closed at {formatTime(order.refundCutoffAt, order.screening.cinema.timeZone)} on{" "}
                {formatLongDate(order.refundCutoffAt, order.screening.cinema.timeZone)}.
              </p>
            ) : null}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function headline(phase: Phase): string {
  switch (phase) {
    case "confirmed":
      return "You're booked";
    case "awaiting_payment":
    case "confirming":
      return "Almost there";
    case "declined":
      return "Your payment was declined";
    case "checkout":
      return "Your booking isn't paid yet";
    case "refund_requested":
      return "Refund on its way";
    case "unfulfilled_refund":
    case "refunded":
      return "Refunded";
    case "expired":
      return "This booking expired";
    case "cancelled":
      return "This booking was cancelled";
  }
}

function PhaseNotice({ order, outcome, slow }: { order: Order; outcome?: string; slow: boolean }) {
  const money = (amount: number) => formatMoney(amount, order.currency);
  const screeningLink = (
    <Button asChild variant="outline" size="sm">
      <Link href={`/screenings/${order.screening.id}`}>Choose seats again</Link>
    </Button>
  );
  switch (order.phase) {
    case "awaiting_payment":
    case "confirming":
      return (
        <div role="status" aria-live="polite" className="bg-accent/50 flex flex-col gap-3 rounded-lg border p-4">
          <p className="flex items-center gap-2 font-medium">
            <Loader2 className="size-4 animate-spin" aria-hidden />
            {outcome === "declined" && order.phase === "awaiting_payment"
              ? "Checking the outcome of your payment…"
              : "Confirming your payment…"}
          </p>
          <div className="bg-muted h-1.5 overflow-hidden rounded-full" aria-hidden>
            <div className="bg-primary h-full w-1/3 animate-pulse rounded-full" />
          </div>
          <p className="text-muted-foreground text-sm">
            {slow
              ? "This is taking longer than usual. You can leave this page: we'll email your tickets as soon as the payment is confirmed."
              : "This usually takes a few seconds. Please keep this page open."}
          </p>
        </div>
      );
    case "declined":
      return (
        <Alert variant="destructive">
          <CircleAlert aria-hidden />
          <AlertTitle>The payment didn&apos;t go through</AlertTitle>
          <AlertDescription>
            <p>Nothing was taken from your account. Your seats are still held for a little longer.</p>
            <DeadlineNotice deadline={order.expiresAt} label="Seats held for" />
            {order.checkoutPath ? (
              <Button asChild size="sm" className="mt-2">
                <Link href={order.checkoutPath}>Try again</Link>
              </Button>
            ) : null}
          </AlertDescription>
        </Alert>
      );
    case "checkout":
      return (
        <Alert>
          <Clock aria-hidden />
          <AlertTitle>Waiting for payment</AlertTitle>
          <AlertDescription>
            <p>Your seats are held until the timer runs out.</p>
            {order.checkoutPath ? (
              <Button asChild size="sm" className="mt-2">
                <Link href={order.checkoutPath}>Continue to payment</Link>
              </Button>
            ) : null}
          </AlertDescription>
        </Alert>
      );
    case "confirmed":
      return (
        <Alert role="status" className="border-emerald-600/30 bg-emerald-50 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-100">
          <CircleCheck aria-hidden />
          <AlertTitle>Payment received, tickets issued</AlertTitle>
          <AlertDescription className="text-current">
            Show each ticket&apos;s QR code at the door, on your phone or printed. We&apos;ve emailed them to you too.
          </AlertDescription>
        </Alert>
      );
    case "refund_requested":
      return (
        <Alert role="status">
          <Undo2 aria-hidden />
          <AlertTitle>We&apos;re refunding {money(order.refund?.amount ?? order.totalAmount)}</AlertTitle>
          <AlertDescription>
            {order.refund?.needsAttention
              ? "The refund needs a hand from our team; we'll be in touch by email. Your tickets stay valid until it's done."
              : "It usually completes within a minute. Your tickets stay valid until it's done."}
          </AlertDescription>
        </Alert>
      );
    case "unfulfilled_refund":
    case "refunded":
      return (
        <Alert role="status">
          <Undo2 aria-hidden />
          <AlertTitle>
            {order.phase === "refunded" ? `${money(order.totalAmount)} refunded` : `Refunding ${money(order.totalAmount)}`}
          </AlertTitle>
          <AlertDescription>
            <p>
              {(order.statusReason && whyUndelivered[order.statusReason]) ??
                "Your tickets have been cancelled and the money is on its way back to your card."}{" "}
              It can take 5 to 10 working days to appear.
            </p>
            {order.statusReason && whyUndelivered[order.statusReason] ? screeningLink : null}
          </AlertDescription>
        </Alert>
      );
    case "expired":
    case "cancelled":
      return (
        <Alert>
          <Clock aria-hidden />
          <AlertTitle>{order.phase === "expired" ? "The time to pay ran out" : "You cancelled this booking"}</AlertTitle>
          <AlertDescription>
            <p>Its seats have been released and you haven&apos;t been charged.</p>
            {screeningLink}
          </AlertDescription>
        </Alert>
      );
  }
}

/** The order page while it loads: the route's loading state and the first fetch show the same shape. */
export function OrderSkeleton() {
  return (
    <div className="flex flex-col gap-6" aria-busy="true">
      <p className="sr-only" role="status">
        Loading your booking…
      </p>
      <Skeleton className="h-9 w-64" />
      <Skeleton className="h-24 w-full" />
      <div className="grid gap-6 md:grid-cols-2">
        <Skeleton className="h-48 w-full" />
        <Skeleton className="h-48 w-full" />
      </div>
    </div>
  );
}

