"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowLeft, CircleAlert, Loader2, LockKeyhole, Tag, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { FormError } from "@/components/auth/form-alert";
import { applyServerError } from "@/components/auth/server-errors";
import { Alert, AlertDescription, AlertTitle } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { EmailField, TextField } from "@/components/forms/fields";
import { Form } from "@/components/ui/form";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Skeleton } from "@/components/ui/skeleton";
import { formatMoney } from "@/server/format";
import { LoadError } from "@/components/layout/load-error";
import { useTRPC } from "@/lib/trpc/client";
import { CinemaAnnouncements } from "@/components/programme/cinema-announcements";
import type { RouterOutputs } from "@/lib/trpc/types";
import { checkoutFormSchema, type CheckoutFormValues } from "@/server/booking/schemas";
import { DeadlineNotice } from "./deadline";
import { ConcessionsPicker } from "./concessions-picker";
import { PriceBreakdown } from "./price-breakdown";
import { ScreeningSummary } from "./screening-summary";
import { validationModes } from "@/components/forms/validation-modes";

type Basket = NonNullable<RouterOutputs["orders"]["current"]>;

const selectClass =
  "border-input focus-visible:border-ring focus-visible:ring-ring/50 h-10 w-full rounded-md border bg-transparent px-3 text-sm shadow-xs outline-none focus-visible:ring-[3px] aria-invalid:border-destructive";

/**
 * The checkout page: the held seats with a ticket type each, a promo code, the live price, the customer's details,
 * and the deadline. The basket is found through the holder cookie, so leaving and coming back picks it up again.
 */
export function CheckoutView({ orderId, defaultEmail, defaultName }: { orderId: string; defaultEmail: string; defaultName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const basketQuery = useQuery({ ...trpc.orders.current.queryOptions({ orderId }), staleTime: 0, refetchOnWindowFocus: true });
  const basket = basketQuery.data;

  useEffect(() => {
    if (basket?.state === "paid") router.replace(basket.orderPath);
  }, [basket, router]);

  if (basketQuery.isPending) return <CheckoutSkeleton />;
  if (basketQuery.isError && basketQuery.error.data?.code !== "NOT_FOUND") {
    return <LoadError title="We couldn't load your booking" message={basketQuery.error.message} onRetry={() => basketQuery.refetch()} />;
  }
  if (!basket) {
    return (
      <EmptyState title="We couldn't find this booking">
        It may have been made in another browser, or it has already ended. Choose a film and your seats to start a new one.
      </EmptyState>
    );
  }
  if (basket.state === "paid") {
    return (
      <p role="status" className="text-muted-foreground flex items-center gap-2 py-12">
        <Loader2 className="size-4 animate-spin" aria-hidden /> This booking is paid. Taking you to it…
      </p>
    );
  }
  if (basket.state !== "open") {
    return (
      <EmptyState
        title={basket.state === "cancelled" ? "This booking was cancelled" : "Your booking has expired"}
        action={{ href: `/screenings/${basket.screening.id}`, label: "Choose seats again" }}
      >
        {basket.state === "cancelled"
          ? "Its seats have been released."
          : "We could only hold your seats for a limited time, and they have been released. You haven't been charged."}
      </EmptyState>
    );
  }
  return <CheckoutForm key={basket.orderId} basket={basket} defaultEmail={defaultEmail} defaultName={defaultName} onExpired={() => basketQuery.refetch()} />;
}

function CheckoutForm({
  basket,
  defaultEmail,
  defaultName,
  onExpired,
}: {
  basket: Basket;
  defaultEmail: string;
  defaultName: string;
  onExpired: () => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [promoInput, setPromoInput] = useState(basket.promoCode ?? "");
  const [appliedPromo, setAppliedPromo] = useState<string | null>(basket.promoCode);
  // Snacks to collect at the counter: what the last checkout reserved, until the customer changes it.
  const [snacks, setSnacks] = useState<Record<string, number>>(() =>
    Object.fromEntries(basket.concessions.map((line) => [line.productId, line.quantity])),
  );
  const concessions = Object.entries(snacks).map(([productId, quantity]) => ({ productId, quantity }));
  const form = useForm<CheckoutFormValues>({
    resolver: zodResolver(checkoutFormSchema),
    defaultValues: {
      email: basket.email ?? defaultEmail,
      name: basket.customerName ?? defaultName,
      // A seat's recorded type may no longer be on sale (the cinema retired it): start from the first one that is.
      ticketTypes: Object.fromEntries(
        basket.seats.map((seat) => [
          seat.seatId,
          basket.ticketOptions.some((option) => option.ticketType === seat.ticketType) ? seat.ticketType : (basket.ticketOptions[0]?.ticketType ?? seat.ticketType),
        ]),
      ),
    },
    ...validationModes,
  });
  const ticketTypes = useWatch({ control: form.control, name: "ticketTypes" });
  const quoteQuery = useQuery({
    ...trpc.orders.quote.queryOptions({ orderId: basket.orderId, ticketTypes, promoCode: appliedPromo ?? undefined, concessions }),
    placeholderData: keepPreviousData,
    staleTime: 0,
  });
  const quote = quoteQuery.data;
  const promoError = appliedPromo ? (quote?.promoError ?? null) : null;
  const money = (amount: number) => formatMoney(amount, basket.currency);

  const checkout = useMutation(
    trpc.orders.checkout.mutationOptions({
      onSuccess: (result) => window.location.assign(result.redirectUrl),
      onError: (error) => {
        setFormError(applyServerError(form, error, ["email", "name"]));
        // Out of stock: show the snacks as they now are.
        void queryClient.invalidateQueries({ queryKey: trpc.concessions.catalogue.queryKey() });
        if (error.data?.code === "CONFLICT") onExpired();
      },
    }),
  );
  const cancel = useMutation(
    trpc.orders.cancel.mutationOptions({
      onSuccess: ({ screeningId }) => {
        toast.success("Booking cancelled. Your seats have been released.");
        router.push(`/screenings/${screeningId}`);
      },
      onError: (error) => toast.error(error.message),
    }),
  );

  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    checkout.mutate({
      orderId: basket.orderId,
      ticketTypes: values.ticketTypes,
      email: values.email,
      name: values.name || undefined,
      promoCode: appliedPromo && !promoError ? appliedPromo : undefined,
      concessions,
    });
  });
  const applyPromo = () => {
    const code = promoInput.trim().toUpperCase();
    setAppliedPromo(code || null);
  };
  const removePromo = () => {
    setAppliedPromo(null);
    setPromoInput("");
  };
  const paying = checkout.isPending || checkout.isSuccess;
  const declined = basket.lastPayment?.status === "FAILED" && basket.lastPayment.failureReason !== "SUPERSEDED";

  return (
    <Form {...form}>
      <form onSubmit={onSubmit} noValidate className="grid gap-6 md:grid-cols-[1fr_20rem] md:items-start">
        <div className="flex flex-col gap-6">
          <div className="flex flex-col gap-2">
            <Link
              href={`/screenings/${basket.screening.id}`}
              className="text-muted-foreground hover:text-foreground inline-flex items-center gap-1.5 text-sm font-medium underline-offset-4 hover:underline"
            >
              <ArrowLeft className="size-4" aria-hidden /> Back to the seat map
            </Link>
            <h1 className="text-2xl font-semibold tracking-tight sm:text-3xl">Checkout</h1>
            <p className="text-muted-foreground text-sm">Booking reference {basket.reference}</p>
          </div>
          <CinemaAnnouncements cinemaSlug={basket.screening.cinema.slug} />
          {basket.deadline ? (
            <DeadlineNotice deadline={basket.deadline} onExpired={onExpired} label="Your seats are held for" />
          ) : null}
          {declined ? (
            <Alert variant="destructive">
              <CircleAlert aria-hidden />
              <AlertTitle>Your payment didn&apos;t go through</AlertTitle>
              <AlertDescription>Nothing was taken. Check your details and try again before your seats are released.</AlertDescription>
            </Alert>
          ) : null}
          {formError ? <FormError>{formError}</FormError> : null}

          <Card>
            <CardHeader>
              <CardTitle>Tickets</CardTitle>
            </CardHeader>
            <CardContent>
              <ul className="flex flex-col gap-4">
                {basket.seats.map((seat) => {
                  const fieldId = `ticket-type-${seat.seatId}`;
                  return (
                    <li key={seat.seatId} className="grid gap-1.5 sm:grid-cols-[8rem_1fr] sm:items-center">
                      <Label htmlFor={fieldId} className="flex flex-col items-start gap-0.5">
                        <span>Seat {seat.label}</span>
                        {seat.kind !== "STANDARD" ? <span className="text-muted-foreground text-xs font-normal">{seat.kindLabel}</span> : null}
                      </Label>
                      <select
                        id={fieldId}
                        aria-label={`Ticket type for seat ${seat.label}`}
                        className={selectClass}
                        disabled={paying}
                        {...form.register(`ticketTypes.${seat.seatId}`)}
                      >
                        {basket.ticketOptions.map((option) => (
                          <option key={option.ticketType} value={option.ticketType}>
                            {option.label} · {money(option.amount)}
                          </option>
                        ))}
                      </select>
                    </li>
                  );
                })}
              </ul>
              <TicketTypeNotes options={basket.ticketOptions} />
            </CardContent>
          </Card>

          <ConcessionsPicker cinemaId={basket.cinemaId} currency={basket.currency} value={snacks} onChange={setSnacks} disabled={paying} />

          <Card>
            <CardHeader>
              <CardTitle>Your details</CardTitle>
            </CardHeader>
            <CardContent className="grid gap-5">
              <EmailField control={form.control} name="email" disabled={paying} description="We'll send your tickets here." />
              <TextField control={form.control} name="name" label="Name (optional)" autoComplete="name" maxLength={100} disabled={paying} />
            </CardContent>
          </Card>
        </div>

        <Card className="md:sticky md:top-20">
          <CardHeader>
            <CardTitle>Summary</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-5">
            <ScreeningSummary screening={basket.screening} headingLevel={3} />
            <div className="flex flex-col gap-2">
              {appliedPromo && !promoError && quote?.promo ? <p className="text-sm font-medium">Promo code</p> : <Label htmlFor="promo-code">Promo code</Label>}
              {appliedPromo && !promoError && quote?.promo ? (
                <div className="bg-accent/50 flex items-center justify-between gap-2 rounded-md border px-3 py-2 text-sm">
                  <span className="flex items-center gap-2">
                    <Tag className="size-4" aria-hidden />
                    <span>
                      <span className="font-medium">{quote.promo.code}</span>
                      <span className="text-muted-foreground block text-xs">{quote.promo.description}</span>
                    </span>
                  </span>
                  <Button type="button" variant="ghost" size="sm" onClick={removePromo} disabled={paying}>
                    <X aria-hidden /> Remove
                  </Button>
                </div>
              ) : (
                <div className="flex gap-2">
                  <Input
                    id="promo-code"
                    value={promoInput}
                    onChange={(event) => setPromoInput(event.target.value)}
                    onKeyDown={(event) => {
                      if (event.key === "Enter") {
                        event.preventDefault();
                        applyPromo();
                      }
                    }}
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={40}
                    aria-invalid={!!promoError}
                    aria-describedby={promoError ? "promo-code-error" : undefined}
                    disabled={paying}
                  />
                  <Button type="button" variant="secondary" onClick={applyPromo} disabled={paying || !promoInput.trim()}>
                    Apply
                  </Button>
                </div>
              )}
              {promoError ? (
                <p id="promo-code-error" role="alert" className="text-destructive text-sm">
                  {promoError}
                </p>
              ) : null}
            </div>

            <section aria-label="Price" aria-busy={quoteQuery.isFetching} className="min-h-24">
              {quote ? (
                <PriceBreakdown
                  currency={quote.currency}
                  lines={quote.lines.map((line) => ({
                    key: line.seatId,
                    label: `Seat ${line.seatLabel}, ${line.ticketTypeLabel}`,
                    detail: [
                      line.seatKindSurcharge ? `${line.seatKindLabel} +${money(line.seatKindSurcharge)}` : null,
                      line.formatSurcharge ? `${basket.screening.formatLabel} +${money(line.formatSurcharge)}` : null,
                    ]
                      .filter(Boolean)
                      .join(", "),
                    amount: line.amount,
                  })).concat(
                    quote.items.map((item) => ({
                      key: item.productId,
                      label: `${item.quantity} × ${item.name}`,
                      detail: "Collect at the counter",
                      amount: item.amount,
                    })),
                  )}
                  subtotal={quote.subtotal}
                  discount={quote.discount}
                  discountLabel={quote.promo ? `Promo code ${quote.promo.code}` : undefined}
                  bookingFee={quote.bookingFee}
                  total={quote.total}
                />
              ) : quoteQuery.isError ? (
                <p role="alert" className="text-destructive text-sm">
                  {quoteQuery.error.message}
                </p>
              ) : (
                <Skeleton className="h-24 w-full" />
              )}
            </section>

            <Button type="submit" size="lg" className="w-full" disabled={paying || !quote || quoteQuery.isFetching} aria-busy={paying}>
              {paying ? <Loader2 className="animate-spin" aria-hidden /> : <LockKeyhole aria-hidden />}
              {quote ? (quote.total === 0 ? "Confirm booking" : `Pay ${money(quote.total)}`) : "Pay"}
            </Button>
            <Button type="button" variant="ghost" className="w-full" onClick={() => cancel.mutate({ orderId: basket.orderId })} disabled={paying || cancel.isPending}>
              {cancel.isPending ? <Loader2 className="animate-spin" aria-hidden /> : null}
              Cancel booking
            </Button>
          </CardContent>
        </Card>
      </form>
    </Form>
  );
}

function EmptyState({ title, children, action }: { title: string; children: React.ReactNode; action?: { href: string; label: string } }) {
  return (
    <div className="mx-auto flex max-w-md flex-col items-center gap-4 py-16 text-center">
      <h1 className="text-2xl font-semibold">{title}</h1>
      <p className="text-muted-foreground">{children}</p>
      <Button asChild>
        <Link href={action?.href ?? "/showtimes"}>{action?.label ?? "See showtimes"}</Link>
      </Button>
    </div>
  );
}

export function CheckoutSkeleton() {
  return (
    <div className="grid gap-6 md:grid-cols-[1fr_20rem]" aria-busy="true">
      <p className="sr-only" role="status">
        Loading your booking…
      </p>
      <div className="flex flex-col gap-4">
        <Skeleton className="h-8 w-48" />
        <Skeleton className="h-12 w-full" />
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-48 w-full" />
      </div>
      <Skeleton className="h-96 w-full" />
    </div>
  );
}

/** The cinema's age and ID notes for the ticket types on sale ("Child: Under 15"), checked at the door. */
function TicketTypeNotes({ options }: { options: Array<{ ticketType: string; label: string; note: string | null }> }) {
  const noted = options.filter((option) => option.note);
  if (noted.length === 0) return null;
  return (
    <dl className="text-muted-foreground mt-4 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs" aria-label="Ticket type conditions">
      {noted.map((option) => (
        <div key={option.ticketType} className="contents">
          <dt className="font-medium">{option.label}</dt>
          <dd>{option.note}</dd>
        </div>
      ))}
    </dl>
  );
}
